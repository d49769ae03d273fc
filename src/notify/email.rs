//! The email channel: lettre over SMTP (plain, STARTTLS or implicit TLS), pooled.

use std::path::Path;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use anyhow::{anyhow, bail, Context};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{AsyncSmtpConnection, Certificate, Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::{AsyncSmtpTransportBuilder, PoolConfig};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use tokio::sync::Semaphore;
use url::Url;

use super::{EmailSettings, Message, SendError};
use crate::domain::ids::EmailAddress;

/// The TLS mode an SMTP URL asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TlsMode {
    /// `smtp://host` — plaintext.
    None,
    /// `smtp://host?tls=opportunistic` — STARTTLS when offered.
    Opportunistic,
    /// `smtp://host?tls=required` — STARTTLS or fail.
    Required,
    /// `smtps://host` — TLS from the first byte.
    Wrapper,
}

pub struct Email {
    /// Plain and STARTTLS servers: connections dondoc opens itself (see [`Direct`]).
    direct: Option<Direct>,
    /// Implicit TLS (`smtps://`): lettre's pooled transport. Everything it needs; built into
    /// `transport` on first send, because lettre's pool spawns a task and so must be created
    /// inside the Tokio runtime.
    builder: AsyncSmtpTransportBuilder,
    transport: OnceLock<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
    /// Caps concurrent sends (the pool's `max_size` only caps idle connections).
    permits: Semaphore,
    /// The SMTP URL without its password, for logs.
    server: String,
}

/// How long an idle connection is kept for reuse (lettre's pool keeps them 60 s).
const IDLE_REUSE: Duration = Duration::from_secs(60);

/// Connections to a plain or STARTTLS server that dondoc opens itself, with TCP_NODELAY, and
/// keeps for reuse like lettre's pool. lettre writes a message's body and the final `.` in two
/// writes; on the connections lettre opens (Nagle's algorithm on) the second write waits for
/// the server's delayed ACK, about 40 ms, so each connection carried about 22 messages a
/// second whatever the server's speed (BENCHMARKS.md).
struct Direct {
    host: String,
    port: u16,
    /// STARTTLS parameters, and whether the upgrade is required (else opportunistic).
    starttls: Option<(TlsParameters, bool)>,
    credentials: Option<Credentials>,
    hello: ClientId,
    timeout: Duration,
    /// Idle connections, most recently used last.
    idle: Mutex<Vec<(AsyncSmtpConnection, std::time::Instant)>>,
}

fn smtp_error(server: &str, e: lettre::transport::smtp::Error) -> SendError {
    let reason = format!("SMTP {server}: {e}");
    if e.is_permanent() {
        SendError::Permanent(reason)
    } else {
        SendError::Transient(reason)
    }
}

impl Direct {
    async fn connect(&self, server: &str) -> Result<AsyncSmtpConnection, SendError> {
        let open = async {
            let tcp = tokio::net::TcpStream::connect((self.host.as_str(), self.port))
                .await
                .map_err(|e| SendError::Transient(format!("SMTP {server}: {e}")))?;
            tcp.set_nodelay(true)
                .map_err(|e| SendError::Transient(format!("SMTP {server}: {e}")))?;
            let mut conn = AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &self.hello)
                .await
                .map_err(|e| smtp_error(server, e))?;
            if let Some((params, required)) = &self.starttls {
                if *required || conn.can_starttls() {
                    conn.starttls(params.clone(), &self.hello)
                        .await
                        .map_err(|e| smtp_error(server, e))?;
                }
            }
            if let Some(c) = &self.credentials {
                conn.auth(DEFAULT_MECHANISMS, c)
                    .await
                    .map_err(|e| smtp_error(server, e))?;
            }
            Ok(conn)
        };
        tokio::time::timeout(self.timeout, open)
            .await
            .map_err(|_| SendError::Transient(format!("SMTP {server}: connection timed out")))?
    }

    /// An idle connection still fresh enough to reuse.
    fn take_idle(&self) -> Option<AsyncSmtpConnection> {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        while let Some((conn, since)) = idle.pop() {
            if since.elapsed() < IDLE_REUSE && !conn.has_broken() {
                return Some(conn);
            }
        }
        None
    }

    async fn send(&self, server: &str, email: &lettre::Message) -> Result<(), SendError> {
        let body = email.formatted();
        // A reused connection the server has closed meanwhile fails before the server says
        // anything: then once more on a new connection.
        let mut reused = self.take_idle();
        loop {
            let was_reused = reused.is_some();
            let mut conn = match reused.take() {
                Some(c) => c,
                None => self.connect(server).await?,
            };
            let sent = tokio::time::timeout(self.timeout, conn.send(email.envelope(), &body)).await;
            match sent {
                Ok(Ok(_)) => {
                    let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
                    idle.push((conn, std::time::Instant::now()));
                    return Ok(());
                }
                Ok(Err(e)) if was_reused && !e.is_response() => continue,
                Ok(Err(e)) => return Err(smtp_error(server, e)),
                Err(_) => return Err(SendError::Transient(format!("SMTP {server}: timed out"))),
            }
        }
    }

    async fn shutdown(&self) {
        let idle: Vec<_> =
            std::mem::take(&mut *self.idle.lock().unwrap_or_else(|e| e.into_inner()));
        for (mut conn, _) in idle {
            let _ = tokio::time::timeout(Duration::from_secs(1), conn.quit()).await;
        }
    }
}

use super::redact;

/// The TLS mode `url` asks for, as lettre's `from_url` reads it.
fn tls_mode(url: &Url) -> anyhow::Result<TlsMode> {
    let tls = url
        .query_pairs()
        .find(|(k, _)| k == "tls")
        .map(|(_, v)| v.into_owned());
    Ok(match (url.scheme(), tls.as_deref()) {
        ("smtp", None) => TlsMode::None,
        ("smtp", Some("required")) => TlsMode::Required,
        ("smtp", Some("opportunistic")) => TlsMode::Opportunistic,
        ("smtps", _) => TlsMode::Wrapper,
        ("smtp", Some(other)) => {
            bail!("unknown tls mode `{other}` (expected `required` or `opportunistic`)")
        }
        (scheme, _) => bail!("unknown scheme `{scheme}` (expected smtp or smtps)"),
    })
}

/// TLS parameters for `domain` that also trust the certificates in the PEM file `ca_file`.
fn tls_with_ca(domain: &str, ca_file: &Path) -> anyhow::Result<TlsParameters> {
    let pem = std::fs::read(ca_file)
        .with_context(|| format!("cannot read the SMTP CA file {}", ca_file.display()))?;
    let count = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| {
            anyhow!(
                "the SMTP CA file {} is not valid PEM: {e}",
                ca_file.display()
            )
        })?
        .len();
    if count == 0 {
        bail!(
            "the SMTP CA file {} holds no PEM certificate",
            ca_file.display()
        );
    }
    let cert = Certificate::from_pem(&pem)
        .map_err(|e| anyhow!("the SMTP CA file {}: {e}", ca_file.display()))?;
    TlsParameters::builder(domain.to_owned())
        .add_root_certificate(cert)
        .build()
        .map_err(|e| {
            anyhow!(
                "cannot set up TLS with the SMTP CA file {}: {e}",
                ca_file.display()
            )
        })
}

impl Email {
    pub fn new(s: &EmailSettings) -> anyhow::Result<Self> {
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
        let server = redact(&s.smtp_url);
        let url =
            Url::parse(&s.smtp_url).map_err(|e| anyhow!("invalid SMTP URL `{server}`: {e}"))?;
        let mode = tls_mode(&url).with_context(|| format!("invalid SMTP URL `{server}`"))?;
        let domain = match url.host() {
            Some(url::Host::Domain(d)) => d.to_owned(),
            Some(url::Host::Ipv4(ip)) => ip.to_string(),
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            None => bail!("invalid SMTP URL `{server}`: no host"),
        };
        let from: Mailbox = s
            .from
            .parse()
            .map_err(|e| anyhow!("invalid email From mailbox `{}`: {e}", s.from))?;
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(&s.smtp_url)
            .map_err(|e| anyhow!("invalid SMTP URL `{server}`: {e}"))?;
        if let Some(ca_file) = &s.ca_file {
            let params = || tls_with_ca(&domain, ca_file);
            builder = match mode {
                TlsMode::Wrapper => builder.tls(Tls::Wrapper(params()?)),
                TlsMode::Required => builder.tls(Tls::Required(params()?)),
                TlsMode::Opportunistic => builder.tls(Tls::Opportunistic(params()?)),
                TlsMode::None => {
                    tracing::warn!(
                        server = %server,
                        "an SMTP CA file is set but the SMTP URL asks for no TLS; it is unused"
                    );
                    builder
                }
            };
        }
        let direct = match mode {
            TlsMode::Wrapper => None,
            _ => {
                let tls = || match &s.ca_file {
                    Some(ca_file) => tls_with_ca(&domain, ca_file),
                    None => TlsParameters::new(domain.clone())
                        .map_err(|e| anyhow!("cannot set up TLS for `{server}`: {e}")),
                };
                let starttls = match mode {
                    TlsMode::Required => Some((tls()?, true)),
                    TlsMode::Opportunistic => Some((tls()?, false)),
                    _ => None,
                };
                let decode = |v: &str| {
                    percent_encoding::percent_decode_str(v)
                        .decode_utf8()
                        .map(|c| c.into_owned())
                        .map_err(|e| anyhow!("invalid SMTP URL `{server}`: {e}"))
                };
                let credentials = match url.password() {
                    Some(p) => Some(Credentials::new(decode(url.username())?, decode(p)?)),
                    None => None,
                };
                let hello = match url.path().trim_matches('/') {
                    "" => ClientId::default(),
                    name => ClientId::Domain(name.to_owned()),
                };
                let port = url.port().unwrap_or(match mode {
                    TlsMode::None => 25,
                    _ => 587,
                });
                Some(Direct {
                    host: url
                        .host_str()
                        .unwrap_or_default()
                        .trim_matches(['[', ']'])
                        .to_owned(),
                    port,
                    starttls,
                    credentials,
                    hello,
                    timeout: s.timeout,
                    idle: Mutex::new(Vec::new()),
                })
            }
        };
        let max = s.max_concurrent.max(1);
        let builder = builder
            .timeout(Some(s.timeout))
            .pool_config(PoolConfig::new().max_size(max as u32));
        Ok(Self {
            direct,
            builder,
            transport: OnceLock::new(),
            from,
            permits: Semaphore::new(max),
            server,
        })
    }

    fn transport(&self) -> &AsyncSmtpTransport<Tokio1Executor> {
        self.transport.get_or_init(|| self.builder.clone().build())
    }

    /// The email for `msg` to all of `to` at once.
    fn build(&self, to: &[EmailAddress], msg: &Message) -> Result<lettre::Message, SendError> {
        if to.is_empty() {
            return Err(SendError::Permanent("no email recipients".into()));
        }
        let mut b = lettre::Message::builder()
            .from(self.from.clone())
            .subject(msg.subject.clone())
            .message_id(Some(msg.message_id.clone()));
        // The send time (the simulated one under a simulated clock).
        if let Some(date) = msg.date {
            b = b.date(std::time::SystemTime::from(
                date.with_timezone(&chrono::Utc),
            ));
        }
        // Replies to reminders go to dondoc's inbound address with this message's token.
        if let Some(reply_to) = msg.meta.get("reply_to").and_then(|v| v.as_str()) {
            if let Ok(mbox) = reply_to.parse::<Mailbox>() {
                b = b.reply_to(mbox);
            }
        }
        for addr in to {
            let mbox: Mailbox = addr.as_str().parse().map_err(|e| {
                SendError::Permanent(format!("invalid email address `{addr}`: {e}"))
            })?;
            b = b.to(mbox);
        }
        b.multipart(MultiPart::alternative_plain_html(
            msg.text.clone(),
            msg.html.clone(),
        ))
        .map_err(|e| SendError::Permanent(format!("cannot build the email: {e}")))
    }

    pub async fn send(&self, to: &[EmailAddress], msg: &Message) -> Result<(), SendError> {
        let email = self.build(to, msg)?;
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| SendError::Transient("the email channel is shut down".into()))?;
        if let Some(direct) = &self.direct {
            direct.send(&self.server, &email).await?;
            tracing::debug!(key = %msg.key, server = %self.server, recipients = to.len(), "email sent");
            return Ok(());
        }
        match self.transport().send(email).await {
            Ok(_) => {
                tracing::debug!(key = %msg.key, server = %self.server, recipients = to.len(), "email sent");
                Ok(())
            }
            Err(e) => {
                let reason = format!("SMTP {}: {e}", self.server);
                if e.is_permanent() {
                    Err(SendError::Permanent(reason))
                } else {
                    Err(SendError::Transient(reason))
                }
            }
        }
    }

    /// Connects, greets (EHLO), starts TLS and logs in as the SMTP URL says, sends NOOP and
    /// nothing else, then closes: for `dondoc doctor`. On failure: what went wrong and how to
    /// fix it, in plain words, without the password.
    pub async fn test_connection(&self) -> Result<(), (String, String)> {
        let transport = self.builder.clone().build();
        let result = transport.test_connection().await;
        transport.shutdown().await;
        let server = &self.server;
        let e = match result {
            Ok(true) => return Ok(()),
            Ok(false) => {
                return Err((
                    format!("{server} accepted the connection but did not answer NOOP"),
                    "check that this is an SMTP server (port 25, 587 or 465)".to_owned(),
                ))
            }
            Err(e) => e,
        };
        let text = redact(&e.to_string());
        let lower = text.to_lowercase();
        Err(if e.is_timeout() || lower.contains("timed out") {
            (
                format!("{server} did not answer in time ({text})"),
                "check the host name and port in DONDOC_SMTP_URL and that no firewall drops the connection".to_owned(),
            )
        } else if lower.contains("refused")
            || lower.contains("unreachable")
            || lower.contains("resolve")
            || lower.contains("lookup")
        {
            (
                format!("cannot connect to {server}: {text}"),
                "start the mail server, or correct the host and port in DONDOC_SMTP_URL (or [email] smtp_url)".to_owned(),
            )
        } else if e.is_tls() || lower.contains("certificate") || lower.contains("tls") {
            (
                format!("TLS with {server} failed: {text}"),
                "for a server with a private or self-signed certificate set [email] ca_file to its CA (PEM); check ?tls=required / smtps:// in the URL".to_owned(),
            )
        } else if e.status().is_some_and(|c| c.to_string().starts_with("53"))
            || lower.contains("authentication")
        {
            (
                format!("{server} refused the login: {text}"),
                "correct the user name and password in DONDOC_SMTP_URL (smtp://USER:PASSWORD@host:587?tls=required); percent-encode special characters".to_owned(),
            )
        } else {
            (
                format!("{server}: {text}"),
                "check DONDOC_SMTP_URL and the mail server's log".to_owned(),
            )
        })
    }

    /// Closes pooled connections; later sends fail.
    pub async fn shutdown(&self) {
        self.permits.close();
        if let Some(d) = &self.direct {
            d.shutdown().await;
        }
        if let Some(t) = self.transport.get() {
            t.shutdown().await;
        }
    }
}

impl super::Channel for Email {
    fn name(&self) -> &'static str {
        "email"
    }

    /// All of a unit's addresses in one email.
    fn addresses(&self, contacts: &crate::domain::model::Contacts) -> Vec<String> {
        if contacts.email.is_empty() {
            return Vec::new();
        }
        let all: Vec<&str> = contacts.email.iter().map(|e| e.as_str()).collect();
        vec![all.join(",")]
    }

    fn send<'a>(
        &'a self,
        address: &'a str,
        msg: &'a Message,
    ) -> super::BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move {
            let to = address
                .split(',')
                .map(|a| {
                    EmailAddress::parse(a.trim())
                        .map_err(|e| SendError::Permanent(format!("invalid email address: {e}")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            Email::send(self, &to, msg).await
        })
    }

    fn shutdown(&self) -> super::BoxFuture<'_, ()> {
        Box::pin(Email::shutdown(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact("smtps://user:s3cr%40t@mail.example.org:465"),
            "smtps://user:***@mail.example.org:465"
        );
        assert_eq!(
            redact("smtp://u:p@h/x?tls=required"),
            "smtp://u:***@h/x?tls=required"
        );
        assert_eq!(redact("smtp://h:25"), "smtp://h:25");
        assert_eq!(redact("smtp://user@h:25"), "smtp://user@h:25");
        assert_eq!(redact("not a url"), "not a url");
    }

    fn settings(url: &str) -> EmailSettings {
        EmailSettings {
            smtp_url: url.into(),
            from: "Đôn đốc <dondoc@localhost>".into(),
            ca_file: None,
            max_concurrent: 2,
            timeout: std::time::Duration::from_secs(5),
        }
    }

    #[test]
    fn bad_urls_are_named_without_the_password() {
        for url in [
            "ftp://user:hunter2@h:21",
            "smtp://user:hunter2@h:25?tls=maybe",
            "smtp://user:hunter2@:25",
        ] {
            let err = format!("{:#}", Email::new(&settings(url)).err().expect(url));
            assert!(err.contains("SMTP URL"), "{err}");
            assert!(!err.contains("hunter2"), "{err}");
        }
    }

    #[test]
    fn unreadable_ca_file_is_named() {
        let mut s = settings("smtp://localhost:25?tls=required");
        s.ca_file = Some("/nonexistent/ca.pem".into());
        let err = format!("{:#}", Email::new(&s).err().unwrap());
        assert!(err.contains("/nonexistent/ca.pem"), "{err}");
    }
}
