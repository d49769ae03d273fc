//! The inbound SMTP listener (mailin-embedded, STARTTLS with rustls): accepts mail only for the configured recipients, records what is too large without counting it, and answers 421 while the store fails so the sending server retries.

use std::net::TcpListener;
use std::sync::Arc;

use anyhow::Context;
use mailin_embedded::response::{NO_MAILBOX, OK};
use mailin_embedded::{Handler, Response, Server, SslConfig};

use super::{Envelope, Intake};

/// One SMTP session's state (mailin clones the handler for every connection).
#[derive(Clone)]
struct Session {
    intake: Arc<Intake>,
    runtime: tokio::runtime::Handle,
    from: String,
    to: Vec<String>,
    buf: Vec<u8>,
    /// Bytes of the message so far.
    size: u64,
    too_large: bool,
}

/// What is kept of a message over the size limit: enough for its header.
const HEAD_BYTES: usize = 64 * 1024;

impl Handler for Session {
    fn mail(&mut self, _ip: std::net::IpAddr, _domain: &str, from: &str) -> Response {
        self.from = from.to_owned();
        self.to.clear();
        OK
    }

    fn rcpt(&mut self, to: &str) -> Response {
        if self.intake.settings.accepts_recipient(to) {
            self.to.push(to.to_owned());
            OK
        } else {
            tracing::info!(rcpt = %to, "inbound SMTP: recipient refused (not a configured address)");
            NO_MAILBOX
        }
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.from = from.to_owned();
        self.to = to.to_vec();
        self.buf.clear();
        self.size = 0;
        self.too_large = false;
        OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.size += buf.len() as u64;
        if self.size > self.intake.settings.max_message_bytes {
            // Too large: read to the end keeping only the head (for its sender and subject).
            self.too_large = true;
            self.buf.truncate(HEAD_BYTES);
        } else {
            self.buf.extend_from_slice(buf);
        }
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let raw = std::mem::take(&mut self.buf);
        let size = std::mem::take(&mut self.size);
        if std::mem::take(&mut self.too_large) {
            tracing::warn!(from = %self.from, size, limit = self.intake.settings.max_message_bytes, "inbound SMTP: message too large; recorded as such, not counted");
        }
        let env = Envelope {
            source: "smtp",
            mail_from: Some(self.from.clone()),
            rcpt: std::mem::take(&mut self.to),
            received_at: Some(self.intake.clock.now()),
            size: Some(size),
        };
        let intake = self.intake.clone();
        match self
            .runtime
            .block_on(async move { intake.take(&raw, env).await })
        {
            Ok(_) => OK,
            Err(e) => {
                tracing::error!(error = %e, "inbound SMTP: cannot store a message; answered 421 so the sender retries");
                // 421 (temporary, closing): mailin keeps a session in its DATA state after any
                // other error reply to the final dot, which would read the client's next
                // commands as message text.
                Response::custom(
                    421,
                    "4.3.0 Temporary local problem, please try again later".to_owned(),
                )
            }
        }
    }
}

/// Starts the listener on its own threads; returns the bound address. It runs until the
/// process ends (a message is answered 250 only once it is flushed to the store).
pub fn start(
    intake: Arc<Intake>,
    runtime: tokio::runtime::Handle,
) -> anyhow::Result<std::net::SocketAddr> {
    let settings = &intake.settings;
    let addr = settings
        .smtp_listen
        .context("inbound SMTP listener without an address")?;
    let listener = TcpListener::bind(addr).with_context(|| {
        format!("cannot listen for inbound mail on {addr} (set DONDOC_INBOUND_SMTP_LISTEN or [inbound] smtp_listen)")
    })?;
    let bound = listener.local_addr()?;
    let ssl = match &settings.tls {
        Some((cert, key)) => {
            let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
            SslConfig::SelfSigned {
                cert_path: cert.to_string_lossy().into_owned(),
                key_path: key.to_string_lossy().into_owned(),
            }
        }
        None => SslConfig::None,
    };
    let name = settings
        .recipients
        .first()
        .and_then(|r| r.split_once('@'))
        .map_or("dondoc".to_owned(), |(_, d)| d.to_owned());
    let tls = settings.tls.is_some();
    let mut server = Server::new(Session {
        intake: intake.clone(),
        runtime,
        from: String::new(),
        to: Vec::new(),
        buf: Vec::new(),
        size: 0,
        too_large: false,
    });
    server
        .with_name(name)
        .with_num_threads(8)
        .with_tcp_listener(listener);
    server.with_ssl(ssl).map_err(|e| {
        anyhow::anyhow!(
            "inbound SMTP: cannot use the STARTTLS certificate/key ([inbound] tls_cert, tls_key): {e}"
        )
    })?;
    std::thread::Builder::new()
        .name("inbound-smtp".into())
        .spawn(move || {
            if let Err(e) = server.serve() {
                tracing::error!(error = %e, "inbound SMTP listener stopped");
            }
        })?;
    tracing::info!(listen = %bound, starttls = tls, recipients = ?intake.settings.recipients, "inbound SMTP listener started");
    Ok(bound)
}
