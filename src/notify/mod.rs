//! Delivery channels behind one trait: what a rendered message is, the routes to a unit, the
//! one route-fallback loop, and how a send fails.

pub mod email;
pub mod outdir;
pub mod webhook;
pub mod zalo;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use serde::Serialize;

use crate::domain::model::Contacts;

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
    /// Structured facts for webhooks and ZNS: the items (occurrence, stage, plan, obligation,
    /// due, link...) and a summary of each.
    pub meta: serde_json::Value,
    /// The send time: the Date header and the outbox file's date (the simulated one under a
    /// simulated clock). `None`: the time of sending.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<crate::domain::time::Instant>,
}

/// A boxed future, for the object-safe [`Channel`] trait.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One delivery channel. Adding a channel is one implementation of this trait and one line in
/// [`Channels::new`].
pub trait Channel: Send + Sync {
    /// The channel's name in logs, metrics and the delivery log: `email`, `zalo_oa`...
    fn name(&self) -> &'static str;
    /// The addresses of a unit with these contacts this channel can reach, in the order they
    /// are tried (one route each).
    fn addresses(&self, contacts: &Contacts) -> Vec<String>;
    /// Sends `msg` to one address: a transient error is retried later, a permanent one means
    /// this route cannot carry this message (the next route is tried at once).
    fn send<'a>(
        &'a self,
        address: &'a str,
        msg: &'a Message,
    ) -> BoxFuture<'a, Result<(), SendError>>;
    /// Closes pooled connections.
    fn shutdown(&self) -> BoxFuture<'_, ()> {
        Box::pin(async {})
    }
}

/// One way to reach a unit: a channel and an address on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The channel's position in [`Channels`].
    index: usize,
    channel: &'static str,
    pub address: String,
}

impl Route {
    /// The channel's name in logs and the delivery log.
    pub fn channel(&self) -> &'static str {
        self.channel
    }
}

/// `url` with the password of its user-info part replaced by `***`, for errors and logs.
/// Works on strings that do not parse as URLs too. The one redaction function of dondoc.
pub fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_owned();
    };
    let auth_start = scheme_end + 3;
    let rest = &url[auth_start..];
    let auth_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..auth_len];
    let Some(at) = authority.rfind('@') else {
        return url.to_owned();
    };
    let userinfo = &authority[..at];
    let Some(colon) = userinfo.find(':') else {
        return url.to_owned();
    };
    format!(
        "{}{}:***{}",
        &url[..auth_start],
        &userinfo[..colon],
        &url[auth_start + at..]
    )
}

/// Why a send failed: transient failures are retried with backoff, permanent ones are not.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    #[error("transient: {0}")]
    Transient(String),
    #[error("permanent: {0}")]
    Permanent(String),
}

// The channels' settings are part of the configuration (`config`), which the pure side reads
// without importing any adapter; they are re-exported here for the channels.
pub use crate::config::{
    ChannelSettings, EmailSettings, WebhookSettings, ZaloBotSettings, ZaloOaSettings, ZnsSettings,
};

/// The configured channels, in the order their routes are tried: Zalo OA (users inside the
/// interaction window, or followers by transaction message), ZNS (phone), Zalo group, email,
/// webhook. With no route to a unit, the outbox-directory channel.
pub struct Channels {
    list: Vec<Arc<dyn Channel>>,
    outdir: Arc<dyn Channel>,
}

/// What trying every route of a unit came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivered {
    /// Sent by this channel.
    Sent(&'static str),
    /// Every route failed; `transient` when at least one failure is worth retrying.
    Failed {
        transient: bool,
        reasons: Vec<String>,
    },
}

impl Channels {
    /// Builds every configured channel. `tokens` keeps the Zalo OA tokens durably.
    pub fn new(
        settings: &ChannelSettings,
        tokens: Arc<dyn zalo::TokenStore>,
    ) -> anyhow::Result<Self> {
        let mut list: Vec<Arc<dyn Channel>> = Vec::new();
        let oa = settings
            .zalo_oa
            .as_ref()
            .map(|s| zalo::ZaloOa::new(s, tokens.clone()).map(Arc::new))
            .transpose()?;
        if let Some(oa) = &oa {
            list.push(oa.clone());
        }
        if let Some(z) = &settings.zns {
            let Some(oa) = &oa else {
                anyhow::bail!("[zns] needs [zalo_oa] (its access token sends ZNS messages)");
            };
            list.push(Arc::new(zalo::Zns::new(z, oa.clone())?));
        }
        if let Some(b) = &settings.zalo_bot {
            list.push(Arc::new(zalo::ZaloBot::new(b)?));
        }
        if let Some(e) = &settings.email {
            list.push(Arc::new(email::Email::new(e)?));
        }
        if let Some(w) = &settings.webhook {
            list.push(Arc::new(webhook::Webhook::new(w)?));
        }
        Ok(Self {
            list,
            outdir: Arc::new(outdir::Outdir::new(&settings.outdir)),
        })
    }

    /// The routes to a unit with these contacts, in the order they are tried; with none, the
    /// outbox-directory channel.
    pub fn routes(&self, contacts: &Contacts) -> Vec<Route> {
        let mut out: Vec<Route> = self
            .list
            .iter()
            .enumerate()
            .flat_map(|(index, c)| {
                c.addresses(contacts).into_iter().map(move |address| Route {
                    index,
                    channel: c.name(),
                    address,
                })
            })
            .collect();
        if out.is_empty() {
            out.push(Route {
                index: usize::MAX,
                channel: self.outdir.name(),
                address: String::new(),
            });
        }
        out
    }

    /// Sends `msg` by one route.
    pub async fn send(&self, route: &Route, msg: &Message) -> Result<(), SendError> {
        let channel = self.list.get(route.index).unwrap_or(&self.outdir);
        channel.send(&route.address, msg).await
    }

    /// The one route-fallback loop: tries each route of a unit with `contacts` in turn until
    /// one takes `msg`; a failure (transient or permanent) moves on to the next route at once.
    /// `attempt` is told each route's result (for logs, metrics, the delivery log).
    pub async fn deliver(
        &self,
        contacts: &Contacts,
        msg: &Message,
        mut attempt: impl FnMut(&Route, &Result<(), SendError>),
    ) -> Delivered {
        let mut transient = false;
        let mut reasons = Vec::new();
        for route in self.routes(contacts) {
            let result = self.send(&route, msg).await;
            attempt(&route, &result);
            match result {
                Ok(()) => return Delivered::Sent(route.channel()),
                Err(e) => {
                    transient |= matches!(e, SendError::Transient(_));
                    let detail = match e {
                        SendError::Transient(d) | SendError::Permanent(d) => d,
                    };
                    reasons.push(format!("{}: {detail}", route.channel()));
                }
            }
        }
        Delivered::Failed { transient, reasons }
    }

    /// Closes pooled connections.
    pub async fn shutdown(&self) {
        for c in &self.list {
            c.shutdown().await;
        }
    }
}
