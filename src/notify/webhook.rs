//! The webhook channel: a JSON POST signed with HMAC-SHA256.

use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use sha2::Sha256;

use super::{Message, SendError, WebhookSettings};

/// Header carrying `sha256=<hex HMAC-SHA256(secret, body)>`.
pub const SIGNATURE_HEADER: &str = "X-Dondoc-Signature";
/// Header carrying the outbox key, so receivers can drop duplicates.
pub const KEY_HEADER: &str = "X-Dondoc-Key";

pub struct Webhook {
    http: reqwest::Client,
    secret: Option<String>,
}

/// `sha256=<lowercase hex HMAC-SHA256(secret, body)>`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// The JSON body for `msg`.
fn body(msg: &Message) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "key": msg.key,
        "message_id": msg.message_id,
        "unit": msg.unit,
        "unit_name": msg.unit_name,
        "subject": msg.subject,
        "text": msg.text,
        "meta": msg.meta,
    }))
    .expect("a JSON value serializes")
}

/// The start of a response body, for error messages.
fn excerpt(text: &str) -> String {
    let t = text.trim();
    let mut out: String = t.chars().take(200).collect();
    if out.len() < t.len() {
        out.push('…');
    }
    out
}

/// How a non-2xx status fails: 408, 429 and 5xx are worth retrying, anything else is not.
pub(crate) fn status_error(status: StatusCode, what: &str, detail: &str) -> SendError {
    let reason = if detail.is_empty() {
        format!("{what} answered HTTP {status}")
    } else {
        format!("{what} answered HTTP {status}: {detail}")
    };
    if status.is_server_error()
        || status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS
    {
        SendError::Transient(reason)
    } else {
        SendError::Permanent(reason)
    }
}

/// A request that got no HTTP response (connection refused, timeout, TLS...). The URL is left
/// out of the message: it may carry a token.
pub(crate) fn request_error(e: reqwest::Error, what: &str) -> SendError {
    let e = e.without_url();
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "connection failed"
    } else {
        "request failed"
    };
    let mut reason = format!("{what}: {kind}: {e}");
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        reason.push_str(&format!(": {s}"));
        source = s.source();
    }
    if e.is_builder() {
        SendError::Permanent(reason)
    } else {
        SendError::Transient(reason)
    }
}

impl Webhook {
    pub fn new(s: &WebhookSettings) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(s.timeout)
            // A redirect would turn the POST into a GET or go to an unsigned-for target.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("dondoc/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| anyhow::anyhow!("cannot build the webhook HTTP client: {e}"))?;
        Ok(Self {
            http,
            secret: s.secret.clone().filter(|s| !s.is_empty()),
        })
    }

    pub async fn send(&self, url: &str, msg: &Message) -> Result<(), SendError> {
        let parsed = url::Url::parse(url)
            .map_err(|e| SendError::Permanent(format!("invalid webhook URL: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(SendError::Permanent(format!(
                "webhook URL scheme `{}` is not http or https",
                parsed.scheme()
            )));
        }
        let host = parsed.host_str().unwrap_or("").to_owned();
        let body = body(msg);
        let mut req = self
            .http
            .post(parsed)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(KEY_HEADER, &msg.key);
        if let Some(secret) = &self.secret {
            req = req.header(SIGNATURE_HEADER, signature(secret, &body));
        }
        let what = format!("webhook {host}");
        let resp = req
            .body(body)
            .send()
            .await
            .map_err(|e| request_error(e, &what))?;
        let status = resp.status();
        if status.is_success() {
            tracing::debug!(key = %msg.key, host = %host, status = status.as_u16(), "webhook delivered");
            return Ok(());
        }
        let text = resp.text().await.unwrap_or_default();
        Err(status_error(status, &what, &excerpt(&text)))
    }
}

impl super::Channel for Webhook {
    fn name(&self) -> &'static str {
        "webhook"
    }

    fn addresses(&self, contacts: &crate::domain::model::Contacts) -> Vec<String> {
        contacts.webhook.clone()
    }

    fn send<'a>(
        &'a self,
        address: &'a str,
        msg: &'a Message,
    ) -> super::BoxFuture<'a, Result<(), SendError>> {
        Box::pin(Webhook::send(self, address, msg))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_hex_hmac() {
        // RFC 4231 test case 2.
        assert_eq!(
            signature("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn statuses() {
        let t = |code: u16| {
            matches!(
                status_error(StatusCode::from_u16(code).unwrap(), "w", ""),
                SendError::Transient(_)
            )
        };
        assert!(t(500) && t(503) && t(408) && t(429));
        assert!(!t(400) && !t(404) && !t(410) && !t(301));
    }
}
