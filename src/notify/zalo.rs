//! The Zalo channels: Official Account messages (consultation or transaction) with serialized
//! token refresh, ZNS template messages to a phone number with the same token, and Bot group
//! messages. The tokens are kept through a small [`TokenStore`].

use std::fmt;
use std::sync::{Arc, Mutex as StdMutex};

use reqwest::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::webhook::{request_error, status_error};
use super::{BoxFuture, Message, SendError, ZaloBotSettings, ZaloOaSettings, ZnsSettings};

/// Where the OA's tokens are kept durably (the daemon's store).
pub trait TokenStore: Send + Sync {
    /// The stored tokens, if any.
    fn load(&self) -> Result<Option<ZaloTokens>, String>;
    /// Stores the tokens durably (written through) before returning.
    fn save<'a>(&'a self, tokens: &'a ZaloTokens) -> BoxFuture<'a, Result<(), String>>;
}

/// Zalo caps a text message at this many characters.
pub const MAX_TEXT_CHARS: usize = 2000;

/// The store's channel-state name for the OA tokens.
pub const STATE_NAME: &str = "zalo_oa";

/// Refresh a little before the recorded expiry rather than wait for a rejection.
const EXPIRY_MARGIN_SECS: i64 = 120;

/// The OA's tokens as kept in the store. A refresh token is single-use: every refresh replaces it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZaloTokens {
    pub access_token: String,
    pub refresh_token: String,
    /// When the access token expires (RFC 3339), when Zalo said.
    pub expires_at: Option<String>,
}

impl fmt::Debug for ZaloTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ZaloTokens")
            .field("access_token", &"<redacted>")
            .field("refresh_token", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl ZaloTokens {
    fn expired(&self) -> bool {
        self.expires_at
            .as_deref()
            .and_then(|s| crate::domain::time::parse_instant(s).ok())
            .is_some_and(|at| {
                chrono::Utc::now() + chrono::Duration::seconds(EXPIRY_MARGIN_SECS) >= at
            })
    }
}

/// `text` cut to Zalo's limit on a character boundary.
fn truncate_chars(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// `base` without a trailing slash.
fn trim_base(base: &str) -> String {
    base.trim_end_matches('/').to_owned()
}

/// The tokens in memory, and whether the store has them durably.
struct Current {
    tokens: ZaloTokens,
    persisted: bool,
}

/// What one message request came to.
pub(crate) enum Sent {
    Ok,
    /// The access token was rejected (-216 invalid, -220 expired).
    TokenRejected(i64),
}

pub struct ZaloOa {
    http: reqwest::Client,
    api_base: String,
    oauth_base: String,
    app_id: String,
    secret_key: String,
    initial_refresh_token: Option<String>,
    transaction: bool,
    store: Arc<dyn TokenStore>,
    /// The current tokens; `None` until loaded from the store. Never held across an await.
    current: StdMutex<Option<Current>>,
    /// Serializes loading and refreshing: a refresh token works once, so two concurrent
    /// refreshes would lose one of them.
    refresh: tokio::sync::Mutex<()>,
}

fn http_client(timeout: std::time::Duration) -> anyhow::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(timeout)
        .user_agent(concat!("dondoc/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| anyhow::anyhow!("cannot build the Zalo HTTP client: {e}"))
}

/// A JSON field that may be a number or a numeric string (Zalo sends `expires_in` either way).
fn as_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A short description of a Zalo error body, without echoing anything token-like.
fn zalo_error_text(v: &Value) -> String {
    let field = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").trim();
    let parts: Vec<&str> = ["message", "error_name", "error_reason", "error_description"]
        .into_iter()
        .map(field)
        .filter(|s| !s.is_empty())
        .collect();
    let text = parts.join("; ");
    truncate_chars(&text, 300).to_owned()
}

impl ZaloOa {
    pub fn new(s: &ZaloOaSettings, store: Arc<dyn TokenStore>) -> anyhow::Result<Self> {
        for (name, base) in [("api_base", &s.api_base), ("oauth_base", &s.oauth_base)] {
            let u = url::Url::parse(base)
                .map_err(|e| anyhow::anyhow!("invalid Zalo OA {name} `{base}`: {e}"))?;
            if !matches!(u.scheme(), "http" | "https") {
                anyhow::bail!("invalid Zalo OA {name} `{base}`: not http or https");
            }
        }
        Ok(Self {
            http: http_client(s.timeout)?,
            api_base: trim_base(&s.api_base),
            oauth_base: trim_base(&s.oauth_base),
            app_id: s.app_id.clone(),
            secret_key: s.secret_key.clone(),
            initial_refresh_token: s.initial_refresh_token.clone().filter(|t| !t.is_empty()),
            transaction: s.transaction,
            store,
            current: StdMutex::new(None),
            refresh: tokio::sync::Mutex::new(()),
        })
    }

    fn current(&self) -> Option<ZaloTokens> {
        let cur = self.current.lock().expect("zalo token lock");
        cur.as_ref()
            .filter(|c| c.persisted)
            .map(|c| c.tokens.clone())
    }

    fn set_current(&self, tokens: ZaloTokens, persisted: bool) {
        *self.current.lock().expect("zalo token lock") = Some(Current { tokens, persisted });
    }

    /// Stores the tokens durably. Until this succeeds they are not used.
    async fn persist(&self, tokens: &ZaloTokens) -> Result<(), SendError> {
        self.store
            .save(tokens)
            .await
            .map_err(|e| SendError::Transient(format!("cannot persist the Zalo OA tokens: {e}")))
    }

    /// The access token to use, loading it from the store (or refreshing with the configured
    /// refresh token on first start) when none is in memory.
    pub(crate) async fn access_token(&self) -> Result<String, SendError> {
        let token = match self.current() {
            Some(t) => t,
            None => {
                let _guard = self.refresh.lock().await;
                self.load_locked().await?
            }
        };
        if token.expired() {
            return self.refresh_after(&token.access_token).await;
        }
        Ok(token.access_token)
    }

    /// With the refresh lock held: the tokens in memory, from the store, or from a first refresh.
    async fn load_locked(&self) -> Result<ZaloTokens, SendError> {
        let pending = {
            let cur = self.current.lock().expect("zalo token lock");
            match cur.as_ref() {
                Some(c) if c.persisted => return Ok(c.tokens.clone()),
                Some(c) => Some(c.tokens.clone()),
                None => None,
            }
        };
        if let Some(tokens) = pending {
            // A refresh whose result could not be stored: store it before any use.
            self.persist(&tokens).await?;
            self.set_current(tokens.clone(), true);
            return Ok(tokens);
        }
        let stored: Option<ZaloTokens> = self.store.load().map_err(|e| {
            SendError::Transient(format!(
                "cannot read the Zalo OA tokens from the store: {e}"
            ))
        })?;
        if let Some(tokens) = stored {
            self.set_current(tokens.clone(), true);
            return Ok(tokens);
        }
        let Some(initial) = self.initial_refresh_token.clone() else {
            return Err(SendError::Permanent(
                "Zalo OA has no refresh token: set DONDOC_ZALO_REFRESH_TOKEN".into(),
            ));
        };
        tracing::info!(
            "no Zalo OA tokens stored yet: refreshing with the configured refresh token"
        );
        self.refresh_with(&initial).await
    }

    /// Refreshes because `failed` was rejected or expired, unless another task already did:
    /// then its new access token is returned without a second refresh.
    pub(crate) async fn refresh_after(&self, failed: &str) -> Result<String, SendError> {
        let _guard = self.refresh.lock().await;
        let tokens = self.load_locked().await?;
        if tokens.access_token != failed {
            return Ok(tokens.access_token);
        }
        match self.refresh_with(&tokens.refresh_token).await {
            Ok(t) => Ok(t.access_token),
            Err(SendError::Permanent(reason)) => {
                // The stored refresh token is dead; an operator may have configured a new one.
                match self.initial_refresh_token.clone() {
                    Some(initial) if initial != tokens.refresh_token => {
                        tracing::warn!(
                            "the stored Zalo OA refresh token was rejected; trying the configured one"
                        );
                        self.refresh_with(&initial).await.map(|t| t.access_token)
                    }
                    _ => Err(SendError::Permanent(reason)),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// One refresh with `refresh_token` (lock held). The new tokens are persisted and flushed
    /// before they are returned.
    async fn refresh_with(&self, refresh_token: &str) -> Result<ZaloTokens, SendError> {
        let resp = self
            .http
            .post(format!("{}/v4/oa/access_token", self.oauth_base))
            .header("secret_key", &self.secret_key)
            .form(&[
                ("app_id", self.app_id.as_str()),
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh_token),
            ])
            .send()
            .await
            .map_err(|e| request_error(e, "Zalo OA token refresh"))?;
        let status = resp.status();
        let body = resp.text().await.map_err(|e| {
            SendError::Transient(format!(
                "Zalo OA token refresh: cannot read the response: {}",
                e.without_url()
            ))
        })?;
        let json: Option<Value> = serde_json::from_str(&body).ok();
        let access = json
            .as_ref()
            .and_then(|v| v.get("access_token"))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty());
        let refresh = json
            .as_ref()
            .and_then(|v| v.get("refresh_token"))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty());
        let (Some(access), Some(refresh)) = (access, refresh) else {
            let detail = json.as_ref().map(zalo_error_text).unwrap_or_default();
            if !status.is_success() {
                return Err(status_error(status, "Zalo OA token refresh", &detail));
            }
            let has_error = json
                .as_ref()
                .is_some_and(|v| v.get("error").is_some() || v.get("error_name").is_some());
            return Err(if has_error {
                SendError::Permanent(format!(
                    "Zalo OA rejected the refresh token (set a new DONDOC_ZALO_REFRESH_TOKEN): {detail}"
                ))
            } else {
                SendError::Transient("Zalo OA token refresh: unexpected response".into())
            });
        };
        let expires_at = json
            .as_ref()
            .and_then(|v| v.get("expires_in"))
            .and_then(as_i64)
            .map(|secs| (chrono::Utc::now() + chrono::Duration::seconds(secs)).to_rfc3339());
        let tokens = ZaloTokens {
            access_token: access.to_owned(),
            refresh_token: refresh.to_owned(),
            expires_at,
        };
        // The old refresh token is spent now: keep the new one in memory whatever happens, but
        // use the new access token only once the store has it.
        self.set_current(tokens.clone(), false);
        self.persist(&tokens).await?;
        self.set_current(tokens.clone(), true);
        tracing::info!(expires_at = ?tokens.expires_at, "Zalo OA access token refreshed");
        Ok(tokens)
    }

    /// One message request with `token` to `path` (`/v3.0/oa/message/cs`...).
    async fn post(&self, token: &str, path: &str, body: &Value) -> Result<Sent, SendError> {
        post_json(
            &self.http,
            &format!("{}{path}", self.api_base),
            token,
            body,
            "Zalo OA",
        )
        .await
    }

    /// The request body for `msg` to `user`: a consultation text, or a transaction message
    /// (header, text, a button to the page) when configured.
    fn body(&self, user: &str, msg: &Message) -> (&'static str, Value) {
        let text = truncate_chars(&msg.short, MAX_TEXT_CHARS);
        if !self.transaction {
            return (
                "/v3.0/oa/message/cs",
                serde_json::json!({
                    "recipient": { "user_id": user },
                    "message": { "text": text },
                }),
            );
        }
        let link = msg
            .meta
            .get("link")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let mut payload = serde_json::json!({
            "template_type": "transaction_event",
            "language": "VI",
            "elements": [
                { "type": "header", "content": truncate_chars(&msg.subject, 100), "align": "left" },
                { "type": "text", "content": truncate_chars(&msg.short, 1000), "align": "left" },
            ],
        });
        if !link.is_empty() {
            payload["buttons"] = serde_json::json!([{
                "title": "Xem chi tiết",
                "type": "oa.open.url",
                "payload": { "url": link },
            }]);
        }
        (
            "/v3.0/oa/message/transaction",
            serde_json::json!({
                "recipient": { "user_id": user },
                "message": { "attachment": { "type": "template", "payload": payload } },
            }),
        )
    }

    /// Sends with the current access token; a rejected token is refreshed once and the
    /// request made again. `request` makes the request with a token.
    pub(crate) async fn with_token<F, Fut>(&self, key: &str, request: F) -> Result<(), SendError>
    where
        F: Fn(String) -> Fut,
        Fut: std::future::Future<Output = Result<Sent, SendError>>,
    {
        let token = self.access_token().await?;
        let code = match request(token.clone()).await? {
            Sent::Ok => return Ok(()),
            Sent::TokenRejected(code) => code,
        };
        tracing::info!(code, key, "Zalo OA access token rejected: refreshing");
        let token = self.refresh_after(&token).await?;
        match request(token).await? {
            Sent::Ok => Ok(()),
            Sent::TokenRejected(code) => Err(SendError::Transient(format!(
                "Zalo OA rejected the refreshed access token too ({code})"
            ))),
        }
    }

    pub async fn send(&self, user: &str, msg: &Message) -> Result<(), SendError> {
        let (path, body) = self.body(user, msg);
        self.with_token(&msg.key, |token| {
            let body = &body;
            async move { self.post(&token, path, body).await }
        })
        .await
    }
}

/// One JSON request to a Zalo API with an access token, and what its answer means: `error` 0
/// is sent; -216/-220 (and ZNS's -124) a rejected token; a server error, timeout, rate limit
/// (-32) transient; any other refusal (outside the interaction window -230, not a follower
/// -213, template not approved, phone not on Zalo...) permanent for this route.
async fn post_json(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    body: &Value,
    what: &str,
) -> Result<Sent, SendError> {
    let resp = http
        .post(url)
        .header("access_token", token)
        .json(body)
        .send()
        .await
        .map_err(|e| request_error(e, what))?;
    let status = resp.status();
    let text = resp.text().await.map_err(|e| {
        SendError::Transient(format!(
            "{what}: cannot read the response: {}",
            e.without_url()
        ))
    })?;
    let json: Option<Value> = serde_json::from_str(&text).ok();
    let code = json.as_ref().and_then(|v| v.get("error")).and_then(as_i64);
    let detail = json.as_ref().map(zalo_error_text).unwrap_or_default();
    match code {
        Some(0) if status.is_success() => Ok(Sent::Ok),
        Some(c @ (-216 | -220 | -124)) => Ok(Sent::TokenRejected(c)),
        // A server-side failure is worth retrying whatever code came with it.
        _ if status.is_server_error()
            || status == StatusCode::REQUEST_TIMEOUT
            || status == StatusCode::TOO_MANY_REQUESTS =>
        {
            Err(status_error(status, what, &detail))
        }
        Some(-32) => Err(SendError::Transient(format!(
            "{what} rate limit (-32): {detail}"
        ))),
        Some(c) if c < 0 => Err(SendError::Permanent(format!("{what} error {c}: {detail}"))),
        _ if !status.is_success() => Err(status_error(status, what, &detail)),
        _ => Err(SendError::Transient(format!(
            "{what}: unexpected response (HTTP {status})"
        ))),
    }
}

impl super::Channel for ZaloOa {
    fn name(&self) -> &'static str {
        "zalo_oa"
    }

    fn addresses(&self, contacts: &crate::domain::model::Contacts) -> Vec<String> {
        contacts.zalo_user.clone()
    }

    fn send<'a>(
        &'a self,
        address: &'a str,
        msg: &'a Message,
    ) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(ZaloOa::send(self, address, msg))
    }
}

/// A phone number as ZNS takes it: digits with the country code (`84912345678`), from
/// `0912 345 678`, `+84 912 345 678` or `84912345678`.
pub fn zns_phone(phone: &str) -> Option<String> {
    let digits: String = phone
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
        .collect();
    let digits = digits.strip_prefix('+').unwrap_or(&digits);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let full = match digits.strip_prefix('0') {
        Some(rest) => format!("84{rest}"),
        None => digits.to_owned(),
    };
    (full.starts_with("84") && (11..=12).contains(&full.len())).then_some(full)
}

/// ZNS: a template message to a unit's phone number, its parameters filled from the message's
/// items, sent with the OA's access token (refreshed as for OA messages).
pub struct Zns {
    http: reqwest::Client,
    api_base: String,
    template_id: String,
    params: std::collections::BTreeMap<String, String>,
    max_param_chars: usize,
    oa: Arc<ZaloOa>,
}

impl Zns {
    pub fn new(s: &ZnsSettings, oa: Arc<ZaloOa>) -> anyhow::Result<Self> {
        let u = url::Url::parse(&s.api_base)
            .map_err(|e| anyhow::anyhow!("invalid [zns] api_base `{}`: {e}", s.api_base))?;
        if !matches!(u.scheme(), "http" | "https") {
            anyhow::bail!("invalid [zns] api_base `{}`: not http or https", s.api_base);
        }
        if s.template_id.trim().is_empty() {
            anyhow::bail!("[zns] template_id is empty");
        }
        for (name, field) in &s.params {
            if !ZNS_FIELDS.contains(&field.as_str()) {
                anyhow::bail!(
                    "[zns.params] {name} = \"{field}\": not a field (use one of {})",
                    ZNS_FIELDS.join(", ")
                );
            }
        }
        Ok(Self {
            http: oa.http.clone(),
            api_base: trim_base(&s.api_base),
            template_id: s.template_id.clone(),
            params: s.params.clone(),
            max_param_chars: s.max_param_chars.max(1),
            oa,
        })
    }

    /// The template's parameters for `msg`.
    pub fn template_data(&self, msg: &Message) -> serde_json::Map<String, Value> {
        let summary = msg.meta.get("summary").and_then(Value::as_array);
        let top = summary.and_then(|s| s.first());
        let text = |v: Option<&Value>| match v {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        self.params
            .iter()
            .map(|(name, field)| {
                let value = match field.as_str() {
                    "unit_name" => msg.unit_name.clone(),
                    "count" => text(msg.meta.get("count")),
                    "link" => text(msg.meta.get("link")),
                    "sent_at" => msg
                        .date
                        .map(|d| d.format("%d/%m/%Y").to_string())
                        .unwrap_or_default(),
                    "titles" => summary
                        .map(|s| {
                            s.iter()
                                .map(|i| text(i.get("title")))
                                .collect::<Vec<_>>()
                                .join("; ")
                        })
                        .unwrap_or_default(),
                    f => text(f.strip_prefix("top.").and_then(|k| top?.get(k))),
                };
                let value = truncate_chars(&value, self.max_param_chars).to_owned();
                (name.clone(), Value::String(value))
            })
            .collect()
    }

    pub async fn send(&self, phone: &str, msg: &Message) -> Result<(), SendError> {
        let Some(phone) = zns_phone(phone) else {
            return Err(SendError::Permanent(format!(
                "ZNS: `{phone}` is not a Vietnamese phone number"
            )));
        };
        let body = serde_json::json!({
            "phone": phone,
            "template_id": self.template_id,
            "template_data": self.template_data(msg),
            // Zalo keeps it with the message: the Message-ID without its brackets.
            "tracking_id": msg.message_id.trim_matches(['<', '>']),
        });
        let url = format!("{}/message/template", self.api_base);
        self.oa
            .with_token(&msg.key, |token| {
                let (url, body) = (&url, &body);
                async move { post_json(&self.http, url, &token, body, "Zalo ZNS").await }
            })
            .await
    }
}

/// Whether the ZNS template exists and is approved (`ENABLE`), for `dondoc doctor`: its
/// status and name, or what went wrong. Uses `access_token` as it is (never refreshes: a
/// refresh token works once).
pub async fn zns_template_status(
    s: &ZnsSettings,
    access_token: &str,
    timeout: std::time::Duration,
) -> Result<(String, String), SendError> {
    let http = http_client(timeout).map_err(|e| SendError::Permanent(e.to_string()))?;
    let base = trim_base(&s.api_base);
    let mut url = url::Url::parse(&format!("{base}/template/info/v2"))
        .map_err(|e| SendError::Permanent(format!("[zns] api_base: {e}")))?;
    url.query_pairs_mut()
        .append_pair("template_id", &s.template_id);
    let resp = http
        .get(url)
        .header("access_token", access_token)
        .send()
        .await
        .map_err(|e| request_error(e, "Zalo ZNS template info"))?;
    let status = resp.status();
    let json: Option<Value> = resp.json().await.ok();
    let code = json.as_ref().and_then(|v| v.get("error")).and_then(as_i64);
    let detail = json.as_ref().map(zalo_error_text).unwrap_or_default();
    match code {
        Some(0) if status.is_success() => {
            let data = json.as_ref().and_then(|v| v.get("data"));
            let field = |k: &str| {
                data.and_then(|d| d.get(k))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            Ok((field("status"), field("templateName")))
        }
        _ if !status.is_success() => Err(status_error(status, "Zalo ZNS template info", &detail)),
        Some(c) => Err(SendError::Permanent(format!(
            "Zalo ZNS template info error {c}: {detail}"
        ))),
        None => Err(SendError::Transient(
            "Zalo ZNS template info: unexpected response".into(),
        )),
    }
}

/// What a `[zns.params]` entry can name.
pub const ZNS_FIELDS: [&str; 12] = [
    "unit_name",
    "count",
    "link",
    "sent_at",
    "titles",
    "top.title",
    "top.period_label",
    "top.deadline",
    "top.due_date",
    "top.status",
    "top.stage_label",
    "top.unit_count",
];

impl super::Channel for Zns {
    fn name(&self) -> &'static str {
        "zalo_zns"
    }

    fn addresses(&self, contacts: &crate::domain::model::Contacts) -> Vec<String> {
        contacts.phone.clone()
    }

    fn send<'a>(
        &'a self,
        address: &'a str,
        msg: &'a Message,
    ) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(Zns::send(self, address, msg))
    }
}

pub struct ZaloBot {
    http: reqwest::Client,
    /// `{api_base}/bot{token}/sendMessage`. Holds the token: never log it.
    send_url: String,
}

impl ZaloBot {
    pub fn new(s: &ZaloBotSettings) -> anyhow::Result<Self> {
        let base = trim_base(&s.api_base);
        let u = url::Url::parse(&base)
            .map_err(|e| anyhow::anyhow!("invalid Zalo Bot api_base `{base}`: {e}"))?;
        if !matches!(u.scheme(), "http" | "https") {
            anyhow::bail!("invalid Zalo Bot api_base `{base}`: not http or https");
        }
        if s.token.is_empty()
            || s.token.contains(['/', '?', '#'])
            || s.token.contains(char::is_whitespace)
        {
            anyhow::bail!("the Zalo Bot token is empty or not URL-safe");
        }
        Ok(Self {
            http: http_client(s.timeout)?,
            send_url: format!("{base}/bot{}/sendMessage", s.token),
        })
    }

    pub async fn send(&self, chat: &str, msg: &Message) -> Result<(), SendError> {
        let text = truncate_chars(&msg.short, MAX_TEXT_CHARS);
        let resp = self
            .http
            .post(&self.send_url)
            .json(&serde_json::json!({ "chat_id": chat, "text": text }))
            .send()
            .await
            .map_err(|e| request_error(e, "Zalo Bot"))?;
        let status = resp.status();
        let body = resp.text().await.map_err(|e| {
            SendError::Transient(format!(
                "Zalo Bot: cannot read the response: {}",
                e.without_url()
            ))
        })?;
        let json: Option<Value> = serde_json::from_str(&body).ok();
        let ok = json
            .as_ref()
            .and_then(|v| v.get("ok"))
            .and_then(Value::as_bool);
        let code = json
            .as_ref()
            .and_then(|v| v.get("error_code"))
            .and_then(as_i64);
        let detail = json
            .as_ref()
            .and_then(|v| v.get("description"))
            .and_then(Value::as_str)
            .map(|d| truncate_chars(d, 300).to_owned())
            .unwrap_or_default();
        match ok {
            Some(true) if status.is_success() => {
                tracing::debug!(key = %msg.key, "Zalo Bot message sent");
                Ok(())
            }
            Some(false) => {
                let reason = format!("Zalo Bot error {}: {detail}", code.unwrap_or(0));
                if code == Some(429)
                    || status == StatusCode::TOO_MANY_REQUESTS
                    || status.is_server_error()
                {
                    Err(SendError::Transient(reason))
                } else {
                    Err(SendError::Permanent(reason))
                }
            }
            _ if !status.is_success() => Err(status_error(status, "Zalo Bot", &detail)),
            _ => Err(SendError::Transient(format!(
                "Zalo Bot: unexpected response (HTTP {status})"
            ))),
        }
    }
}

impl super::Channel for ZaloBot {
    fn name(&self) -> &'static str {
        "zalo_bot"
    }

    fn addresses(&self, contacts: &crate::domain::model::Contacts) -> Vec<String> {
        contacts.zalo_group.clone()
    }

    fn send<'a>(
        &'a self,
        address: &'a str,
        msg: &'a Message,
    ) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(ZaloBot::send(self, address, msg))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_on_char_boundaries() {
        assert_eq!(truncate_chars("Hạn nộp", 3), "Hạn");
        assert_eq!(truncate_chars("ab", 5), "ab");
        let long = "ệ".repeat(2500);
        assert_eq!(truncate_chars(&long, MAX_TEXT_CHARS).chars().count(), 2000);
    }

    #[test]
    fn tokens_debug_hides_secrets() {
        let t = ZaloTokens {
            access_token: "AAA-secret".into(),
            refresh_token: "RRR-secret".into(),
            expires_at: None,
        };
        let s = format!("{t:?}");
        assert!(!s.contains("secret"), "{s}");
    }

    #[test]
    fn expiry() {
        let mut t = ZaloTokens {
            access_token: "a".into(),
            refresh_token: "r".into(),
            expires_at: None,
        };
        assert!(!t.expired());
        t.expires_at = Some((chrono::Utc::now() + chrono::Duration::hours(20)).to_rfc3339());
        assert!(!t.expired());
        t.expires_at = Some((chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339());
        assert!(t.expired());
    }

    #[test]
    fn expires_in_as_string_or_number() {
        assert_eq!(as_i64(&serde_json::json!("90000")), Some(90000));
        assert_eq!(as_i64(&serde_json::json!(90000)), Some(90000));
        assert_eq!(as_i64(&serde_json::json!(null)), None);
    }
}
