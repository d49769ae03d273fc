//! The mailbox reader (async-imap over rustls): watches a mailbox (IDLE where the server has it, else a poll), takes each message not yet handled, remembers its UID in the store before flagging ($DondocHandled) or moving it on the server.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use async_imap::Client;
use futures_util::TryStreamExt;
use tokio::io::{AsyncRead, AsyncWrite};

use super::{Envelope, ImapSettings, Intake};
use crate::domain::time::ZONE;

/// The keyword set on every handled message.
pub const HANDLED: &str = "$DondocHandled";

/// What one poll did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PollReport {
    /// Messages taken (new to the store).
    pub taken: usize,
    /// Messages the store had handled already (flagged again on the server).
    pub already: usize,
}

/// Runs the reader until the process ends. Where the server has IDLE it stays connected and
/// reads a message as soon as the server announces it (and at least every `poll` seconds);
/// otherwise it connects every `poll` seconds. An error is logged and the reader connects again
/// after `poll`.
pub async fn run(intake: Arc<Intake>, settings: ImapSettings) {
    tracing::info!(host = %settings.host, port = settings.port, user = %settings.user, mailbox = %settings.mailbox, tls = settings.tls, "inbound mailbox reader started");
    loop {
        match connect(&intake, &settings, usize::MAX, true).await {
            Ok(r) => log_round(&r),
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "mailbox reader: poll failed; trying again later")
            }
        }
        tokio::time::sleep(settings.poll).await;
    }
}

fn log_round(r: &PollReport) {
    if r.taken + r.already > 0 {
        tracing::info!(taken = r.taken, already = r.already, "mailbox read");
    }
}

fn tls_connector(settings: &ImapSettings) -> anyhow::Result<tokio_rustls::TlsConnector> {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(ca) = &settings.ca_file {
        let pem = std::fs::read(ca)
            .with_context(|| format!("cannot read the IMAP CA file {}", ca.display()))?;
        for cert in rustls_pemfile::certs(&mut pem.as_slice()) {
            roots
                .add(cert.context("IMAP CA file: unreadable certificate")?)
                .context("IMAP CA file: certificate refused")?;
        }
    }
    let config = rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_rustls::TlsConnector::from(Arc::new(config)))
}

/// One poll: connect, log in, take up to `limit` unhandled messages, log out.
pub async fn poll_once(
    intake: &Intake,
    settings: &ImapSettings,
    limit: usize,
) -> anyhow::Result<PollReport> {
    connect(intake, settings, limit, false).await
}

/// Connects and reads the mailbox; with `watch` and a server that has IDLE, goes on waiting
/// for new mail on the same connection (returning only on an error).
async fn connect(
    intake: &Intake,
    settings: &ImapSettings,
    limit: usize,
    watch: bool,
) -> anyhow::Result<PollReport> {
    let tcp = tokio::time::timeout(
        Duration::from_secs(30),
        tokio::net::TcpStream::connect((settings.host.as_str(), settings.port)),
    )
    .await
    .context("IMAP connect timed out")?
    .with_context(|| format!("cannot connect to {}:{}", settings.host, settings.port))?;
    if settings.tls {
        let name = rustls::pki_types::ServerName::try_from(settings.host.clone())
            .context("IMAP host is not a valid server name")?;
        let tls = tls_connector(settings)?
            .connect(name, tcp)
            .await
            .context("IMAP TLS handshake")?;
        session(intake, settings, Client::new(tls), limit, watch).await
    } else {
        session(intake, settings, Client::new(tcp), limit, watch).await
    }
}

async fn session<T>(
    intake: &Intake,
    settings: &ImapSettings,
    mut client: Client<T>,
    limit: usize,
    watch: bool,
) -> anyhow::Result<PollReport>
where
    T: AsyncRead + AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    client
        .read_response()
        .await
        .context("IMAP greeting")?
        .context("the IMAP server closed the connection")?;
    let mut s = client
        .login(&settings.user, &settings.password)
        .await
        .map_err(|(e, _)| anyhow::anyhow!("IMAP login as {} refused: {e}", settings.user))?;
    let mailbox = s
        .select(&settings.mailbox)
        .await
        .with_context(|| format!("cannot select mailbox {}", settings.mailbox))?;
    let validity = mailbox.uid_validity.unwrap_or(0);
    if let Some(folder) = &settings.move_to {
        // Created once; "already exists" is fine.
        let _ = s.create(folder).await;
    }
    let idle = watch
        && s.capabilities()
            .await
            .context("IMAP capabilities")?
            .has_str("IDLE");
    loop {
        let report = take_unhandled(intake, settings, &mut s, validity, limit).await?;
        if !idle {
            let _ = s.logout().await;
            return Ok(report);
        }
        log_round(&report);
        // Wait for the server to announce new mail, or `poll` at most: then search again.
        let mut handle = s.idle();
        handle.init().await.context("IMAP IDLE")?;
        let waited = {
            let (wait, _stop) = handle.wait_with_timeout(settings.poll);
            wait.await
        };
        s = handle.done().await.context("IMAP IDLE end")?;
        waited.context("IMAP IDLE")?;
    }
}

/// Takes up to `limit` messages of the selected mailbox not yet handled.
async fn take_unhandled<T>(
    intake: &Intake,
    settings: &ImapSettings,
    s: &mut async_imap::Session<T>,
    validity: u32,
    limit: usize,
) -> anyhow::Result<PollReport>
where
    T: AsyncRead + AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    let mut uids: Vec<u32> = s
        .uid_search(format!("UNKEYWORD {HANDLED}"))
        .await
        .context("IMAP search")?
        .into_iter()
        .collect();
    uids.sort_unstable();
    let mut report = PollReport::default();
    let max = intake.settings.max_message_bytes;
    for uid in uids.into_iter().take(limit) {
        if intake
            .store
            .imap_handled(&settings.mailbox, validity, uid)?
            .is_some()
        {
            report.already += 1;
        } else {
            let meta: Vec<_> = s
                .uid_fetch(uid.to_string(), "(UID RFC822.SIZE INTERNALDATE)")
                .await?
                .try_collect()
                .await?;
            let Some(m) = meta.into_iter().find(|f| f.uid == Some(uid)) else {
                continue; // expunged meanwhile
            };
            let size = u64::from(m.size.unwrap_or(0));
            let received_at = m.internal_date().map(|d| d.with_timezone(&ZONE));
            let part = if size > max {
                "(UID BODY.PEEK[HEADER])"
            } else {
                "(UID BODY.PEEK[])"
            };
            let fetched: Vec<_> = s
                .uid_fetch(uid.to_string(), part)
                .await?
                .try_collect()
                .await?;
            let raw = fetched
                .iter()
                .find(|f| f.uid == Some(uid))
                .and_then(|f| f.body().or_else(|| f.header()))
                .map(<[u8]>::to_vec)
                .unwrap_or_default();
            let taken = intake
                .take(
                    &raw,
                    Envelope {
                        source: "imap",
                        received_at,
                        size: Some(size),
                        ..Default::default()
                    },
                )
                .await?;
            intake
                .store
                .mark_imap_handled(&settings.mailbox, validity, uid, &taken.key)?;
            intake.store.flush_async().await?;
            report.taken += 1;
        }
        // The store remembers it: now the server may be told.
        let _: Vec<_> = s
            .uid_store(uid.to_string(), format!("+FLAGS ({HANDLED} \\Seen)"))
            .await?
            .try_collect()
            .await?;
        if let Some(folder) = &settings.move_to {
            s.uid_mv(uid.to_string(), folder)
                .await
                .with_context(|| format!("cannot move a handled message to {folder}"))?;
        }
    }
    Ok(report)
}
