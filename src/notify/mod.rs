//! Delivery channels: what a rendered notification is, the routes to a unit, and how a send fails.

pub mod email;
pub mod outdir;
pub mod webhook;
pub mod zalo;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::domain::ids::EmailAddress;
use crate::domain::model::Contacts;
use crate::store::Store;

/// One rendered notification for one unit. Never carries report content.
#[derive(Debug, Clone, Serialize)]
pub struct Message {
    /// The outbox key it was rendered for (`<occurrence>#<stage>@<unit>`).
    pub key: String,
    /// Deterministic RFC 5322 Message-ID, angle brackets included: `<…@dondoc>`.
    pub message_id: String,
    pub unit: String,
    pub unit_name: String,
    pub subject: String,
    /// Plain text body (email, outbox file).
    pub text: String,
    /// HTML body (email).
    pub html: String,
    /// Short text for Zalo (at most 2,000 characters).
    pub short: String,
    /// Structured facts for webhooks: occurrence, stage, plan, obligation, due, link...
    pub meta: serde_json::Value,
}

/// One way to reach a unit, in the order they are tried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    ZaloUser(String),
    ZaloGroup(String),
    Email(Vec<EmailAddress>),
    Webhook(String),
    /// The log / outbox-directory channel: always available.
    Outdir,
}

impl Route {
    /// The channel's name in logs and the delivery log.
    pub fn channel(&self) -> &'static str {
        match self {
            Route::ZaloUser(_) => "zalo_oa",
            Route::ZaloGroup(_) => "zalo_bot",
            Route::Email(_) => "email",
            Route::Webhook(_) => "webhook",
            Route::Outdir => "outbox_dir",
        }
    }
}

/// Why a send failed: transient failures are retried with backoff, permanent ones are not.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    #[error("transient: {0}")]
    Transient(String),
    #[error("permanent: {0}")]
    Permanent(String),
}

/// Email channel settings. `smtp_url` is lettre's URL form: `smtp://host:25`,
/// `smtp://host:587?tls=required`, `smtps://user:pass@host:465`.
#[derive(Debug, Clone)]
pub struct EmailSettings {
    pub smtp_url: String,
    /// The From mailbox, e.g. `"Đôn đốc <dondoc@localhost>"`.
    pub from: String,
    /// Extra trusted root certificate (PEM), for a server with a private CA or self-signed cert.
    pub ca_file: Option<PathBuf>,
    /// Most connections (and concurrent sends) at once.
    pub max_concurrent: usize,
    pub timeout: Duration,
}

/// Zalo Official Account settings (DOMAIN.md §7).
#[derive(Debug, Clone)]
pub struct ZaloOaSettings {
    /// Default `https://openapi.zalo.me`.
    pub api_base: String,
    /// Default `https://oauth.zaloapp.com`.
    pub oauth_base: String,
    pub app_id: String,
    pub secret_key: String,
    /// Used only when the store holds no tokens yet (first start).
    pub initial_refresh_token: Option<String>,
    pub timeout: Duration,
}

/// Zalo Bot Platform settings (group messages).
#[derive(Debug, Clone)]
pub struct ZaloBotSettings {
    /// Default `https://bot-api.zaloplatforms.com`.
    pub api_base: String,
    pub token: String,
    pub timeout: Duration,
}

/// Webhook settings; the URL is per unit.
#[derive(Debug, Clone)]
pub struct WebhookSettings {
    /// HMAC-SHA256 key; without it requests are sent unsigned.
    pub secret: Option<String>,
    pub timeout: Duration,
}

/// Every channel's settings. Channels without settings are off.
#[derive(Debug, Clone)]
pub struct ChannelSettings {
    pub email: Option<EmailSettings>,
    pub zalo_oa: Option<ZaloOaSettings>,
    pub zalo_bot: Option<ZaloBotSettings>,
    /// Off unless `[webhook] enabled = true`: the units' webhook URLs are not called.
    pub webhook: Option<WebhookSettings>,
    /// Folder the outbox-directory channel writes to.
    pub outdir: PathBuf,
}

/// The configured channels.
pub struct Channels {
    email: Option<email::Email>,
    zalo_oa: Option<zalo::ZaloOa>,
    zalo_bot: Option<zalo::ZaloBot>,
    webhook: Option<webhook::Webhook>,
    outdir: outdir::Outdir,
}

impl Channels {
    /// Builds every configured channel. `store` keeps channel state (Zalo tokens).
    pub fn new(settings: &ChannelSettings, store: Arc<Store>) -> anyhow::Result<Self> {
        Ok(Self {
            email: settings.email.as_ref().map(email::Email::new).transpose()?,
            zalo_oa: settings
                .zalo_oa
                .as_ref()
                .map(|s| zalo::ZaloOa::new(s, store.clone()))
                .transpose()?,
            zalo_bot: settings
                .zalo_bot
                .as_ref()
                .map(zalo::ZaloBot::new)
                .transpose()?,
            webhook: settings
                .webhook
                .as_ref()
                .map(webhook::Webhook::new)
                .transpose()?,
            outdir: outdir::Outdir::new(&settings.outdir),
        })
    }

    /// The routes to a unit with these contacts, in the order they are tried: Zalo OA user,
    /// Zalo group, email, webhook — only channels that are configured. With none, the
    /// outbox-directory channel.
    pub fn routes(&self, contacts: &Contacts) -> Vec<Route> {
        let mut out = Vec::new();
        if self.zalo_oa.is_some() {
            out.extend(contacts.zalo_user.iter().cloned().map(Route::ZaloUser));
        }
        if self.zalo_bot.is_some() {
            out.extend(contacts.zalo_group.iter().cloned().map(Route::ZaloGroup));
        }
        if self.email.is_some() && !contacts.email.is_empty() {
            out.push(Route::Email(contacts.email.clone()));
        }
        if self.webhook.is_some() {
            out.extend(contacts.webhook.iter().cloned().map(Route::Webhook));
        }
        if out.is_empty() {
            out.push(Route::Outdir);
        }
        out
    }

    /// Sends `msg` by one route.
    pub async fn send(&self, route: &Route, msg: &Message) -> Result<(), SendError> {
        let off = |c: &str| SendError::Permanent(format!("the {c} channel is not configured"));
        match route {
            Route::Email(to) => match &self.email {
                Some(e) => e.send(to, msg).await,
                None => Err(off("email")),
            },
            Route::ZaloUser(user) => match &self.zalo_oa {
                Some(z) => z.send(user, msg).await,
                None => Err(off("zalo_oa")),
            },
            Route::ZaloGroup(chat) => match &self.zalo_bot {
                Some(z) => z.send(chat, msg).await,
                None => Err(off("zalo_bot")),
            },
            Route::Webhook(url) => match &self.webhook {
                Some(w) => w.send(url, msg).await,
                None => Err(off("webhook")),
            },
            Route::Outdir => self.outdir.send(msg).await,
        }
    }

    /// Closes pooled connections.
    pub async fn shutdown(&self) {
        if let Some(e) = &self.email {
            e.shutdown().await;
        }
    }
}
