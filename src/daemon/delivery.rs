//! Delivery from the outbox: the entries due to one unit at one send time as one message,
//! pending → sending → sent / retry-at / failed, with fallback across routes and backoff;
//! notices to the administrator queued like every message.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use std::collections::BTreeMap;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::compose::Composer;
use crate::config::DeliverySettings;
use crate::domain::ids::UnitId;
use crate::domain::model::Contacts;
use crate::domain::occurrence::parties_on;
use crate::domain::time::{parse_instant, Instant};
use crate::notify::zalo::{TokenStore, ZaloTokens};
use crate::notify::{BoxFuture, Channels, Delivered, SendError};
use crate::schedule::World;
use crate::store::{
    DeliveryLogEntry, DeliveryState, EntryKind, OccurrenceRecord, OccurrenceState, OutboxEntry,
    Store,
};

/// The delay before retry number `attempts` (1-based): base × 2^(attempts-1), capped.
pub fn backoff(settings: &DeliverySettings, attempts: u32) -> Duration {
    let factor = 2u32.saturating_pow(attempts.saturating_sub(1).min(30));
    settings
        .retry_base
        .saturating_mul(factor)
        .min(settings.retry_max)
}

fn parse(s: &str) -> Option<Instant> {
    parse_instant(s).ok()
}

/// What one delivery round did (counted in messages).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundReport {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
    /// The earliest retry or send time still waiting.
    pub next_retry: Option<Instant>,
}

/// Delivers outbox entries through the channels.
pub struct Delivery {
    pub store: Arc<Store>,
    pub channels: Arc<Channels>,
    pub composer: Arc<Composer>,
    pub settings: DeliverySettings,
    pub metrics: Arc<crate::metrics::Metrics>,
    /// `[inbound] reply_to`: each message's reply address (`local+code@domain`).
    pub reply_to: Option<String>,
}

enum Outcome {
    Sent,
    Retry(Instant),
    Failed,
    Skipped,
}

/// The pseudo-unit of the `[admin]` email addresses.
pub const ADMIN: &str = "admin";

/// How `unit` is reached: its directory contacts, or for [`ADMIN`] the `[admin]` addresses.
fn contacts_of(world: &World, unit: &str) -> Contacts {
    if unit == ADMIN {
        return Contacts {
            email: world.config.admin.email.clone(),
            ..Contacts::default()
        };
    }
    UnitId::parse(unit)
        .ok()
        .and_then(|u| world.directory.unit(&u))
        .map(|u| u.contacts.clone())
        .unwrap_or_default()
}

/// The Zalo OA tokens live in the store's channel state, written through before use.
impl TokenStore for Store {
    fn load(&self) -> Result<Option<ZaloTokens>, String> {
        self.channel_state(crate::notify::zalo::STATE_NAME)
            .map_err(|e| e.to_string())
    }

    fn save<'a>(&'a self, tokens: &'a ZaloTokens) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            self.put_channel_state(crate::notify::zalo::STATE_NAME, tokens)
                .map_err(|e| e.to_string())?;
            self.flush_async().await.map_err(|e| e.to_string())?;
            Ok(())
        })
    }
}

impl Delivery {
    /// Sends every message due at `now`: the entries due to one unit at one send time go out
    /// as one message (pending ones whose send time has come, ones interrupted mid-send, ones
    /// whose retry time has come), at most `max_concurrent` messages at once. Messages not yet
    /// started when `stop` is set stay pending; sends in flight finish.
    pub async fn round(
        self: &Arc<Self>,
        world: &Arc<World>,
        now: Instant,
        stop: &Arc<AtomicBool>,
    ) -> anyhow::Result<RoundReport> {
        let mut report = RoundReport::default();
        let later = |t: Instant, report: &mut RoundReport| {
            report.next_retry = Some(report.next_retry.map_or(t, |n| n.min(t)));
        };
        let mut groups: BTreeMap<(String, String, bool), Vec<OutboxEntry>> = BTreeMap::new();
        for e in self.store.undelivered()? {
            let due_at = match &e.delivery {
                DeliveryState::RetryAt { at } => parse(at),
                DeliveryState::Pending => parse(&e.at),
                _ => None,
            };
            if let Some(t) = due_at.filter(|t| *t > now) {
                later(t, &mut report);
                continue;
            }
            // Notices to the administrator go alone; the rest by unit and send time.
            let admin = e.kind == EntryKind::Admin;
            let key = (
                e.unit.clone(),
                if admin { e.key.clone() } else { e.at.clone() },
                admin,
            );
            groups.entry(key).or_default().push(e);
        }
        let limit = Arc::new(Semaphore::new(self.settings.max_concurrent));
        let mut tasks = JoinSet::new();
        for (_, entries) in groups {
            let permit = limit.clone().acquire_owned().await?;
            if stop.load(Ordering::SeqCst) {
                break;
            }
            let this = self.clone();
            let world = world.clone();
            tasks.spawn(async move {
                let _permit = permit;
                this.deliver(&world, entries, now).await
            });
        }
        while let Some(done) = tasks.join_next().await {
            // A long round that makes progress is not a hung daemon.
            super::ops::systemd::watchdog();
            match done? {
                Ok(Outcome::Sent) => report.sent += 1,
                Ok(Outcome::Retry(t)) => {
                    report.retrying += 1;
                    later(t, &mut report);
                }
                Ok(Outcome::Failed) => report.failed += 1,
                Ok(Outcome::Skipped) => {}
                Err(e) => tracing::error!(error = %e, "delivery: store error"),
            }
        }
        Ok(report)
    }

    /// Writes entries' states and flushes once.
    async fn set(&self, entries: &[OutboxEntry]) -> anyhow::Result<()> {
        for e in entries {
            self.store.update_entry(e)?;
        }
        self.store.flush_async().await?;
        Ok(())
    }

    /// Why a notification no longer applies (submitted, cancelled, deadline extended), if so.
    fn no_longer(entry: &OutboxEntry, rec: Option<&OccurrenceRecord>) -> Option<String> {
        if entry.kind != EntryKind::Notification {
            return None;
        }
        let rec = rec?;
        if rec.state != OccurrenceState::Open {
            Some(format!("occurrence is {}", rec.state.name()))
        } else if rec.outbox_key(&entry.stage, &entry.unit) != entry.key {
            Some("the deadline was extended".to_owned())
        } else {
            None
        }
    }

    /// Delivers the entries due to one unit at one send time as one message: drops those that
    /// no longer apply, marks the rest sending (flushed), tries each route of the unit in turn,
    /// and records the outcome on every entry (flushed).
    async fn deliver(
        &self,
        world: &World,
        entries: Vec<OutboxEntry>,
        now: Instant,
    ) -> anyhow::Result<Outcome> {
        let mut records = BTreeMap::new();
        let mut live = Vec::new();
        // Entries that need no send: no longer applying, or already sent before a stop.
        let mut settled = Vec::new();
        for mut e in entries {
            // Interrupted mid-send after the message went out (its "sent" record is in the
            // delivery log, the entry's new state was lost): it was delivered; sending it again
            // in this send time's message, which may hold other items by now, would deliver it
            // twice under two Message-IDs.
            if e.delivery == DeliveryState::Sending {
                if let Some(sent) = self
                    .store
                    .deliveries_of(&e.key)?
                    .into_iter()
                    .rfind(|d| d.outcome == "sent")
                {
                    tracing::info!(key = %e.key, message_id = %sent.detail, "interrupted after it was sent; recorded as sent, not sent again");
                    e.delivery = DeliveryState::Sent {
                        at: sent.at,
                        channel: sent.channel,
                    };
                    settled.push(e);
                    continue;
                }
            }
            let rec = match e.occurrence.is_empty() {
                true => None,
                false => self.store.occurrence(&e.occurrence)?,
            };
            if let Some(reason) = Self::no_longer(&e, rec.as_ref()) {
                tracing::info!(key = %e.key, %reason, "notification no longer applies; not sent");
                e.delivery = DeliveryState::Skipped { reason };
                settled.push(e);
                continue;
            }
            if let Some(r) = rec {
                records.insert(r.id.clone(), r);
            }
            live.push(e);
        }
        if !settled.is_empty() {
            self.set(&settled).await?;
        }
        if live.is_empty() {
            return Ok(Outcome::Skipped);
        }
        for e in &mut live {
            e.delivery = DeliveryState::Sending;
        }
        self.set(&live).await?;

        let (mut msg, refused) = match self.composer.compose_group(&live, world, &records, now) {
            Ok(m) => m,
            Err(e) => {
                tracing::error!(unit = %live[0].unit, error = %e, "cannot compose the message");
                for x in &mut live {
                    x.delivery = DeliveryState::Failed {
                        reason: e.to_string(),
                    };
                }
                self.set(&live).await?;
                return Ok(Outcome::Failed);
            }
        };
        if !refused.is_empty() {
            let mut failed = Vec::new();
            for (mut x, err) in refused {
                tracing::error!(key = %x.key, error = %err, "cannot compose this item; the message goes without it");
                x.delivery = DeliveryState::Failed {
                    reason: err.to_string(),
                };
                live.retain(|l| l.key != x.key);
                failed.push(x);
            }
            self.set(&failed).await?;
        }
        // What this message covers (every item's occurrence), so that a reply to it can be
        // matched (inbound mail).
        let occurrences: Vec<String> = live
            .iter()
            .filter(|e| e.kind == EntryKind::Notification && !e.occurrence.is_empty())
            .map(|e| e.occurrence.clone())
            .fold(Vec::new(), |mut v, o| {
                if !v.contains(&o) {
                    v.push(o);
                }
                v
            });
        if !occurrences.is_empty() {
            let code = crate::inbound::record_sent(
                &self.store,
                &msg.message_id,
                &live[0].unit,
                &occurrences,
            )?;
            if let Some(base) = &self.reply_to {
                msg.meta["reply_to"] = crate::inbound::reply_address(base, &code).into();
            }
        }
        let unit = live[0].unit.clone();
        let attempts = live.iter().map(|e| e.attempts).max().unwrap_or(0);
        let contacts = contacts_of(world, &unit);
        let mut log = Vec::new();
        let result = self
            .channels
            .deliver(&contacts, &msg, |route, result| {
                let channel = route.channel();
                let (outcome, detail) = match result {
                    Ok(()) => ("sent", msg.message_id.clone()),
                    Err(SendError::Transient(d)) => ("transient", d.clone()),
                    Err(SendError::Permanent(d)) => ("permanent", d.clone()),
                };
                self.metrics.delivery(channel, outcome);
                if let Err(e) = result {
                    tracing::warn!(key = %msg.key, message_id = %msg.message_id, channel, unit = %unit, error = %e, attempt = attempts + 1, at = %now.to_rfc3339(), "delivery attempt failed");
                }
                log.push((channel, outcome, detail));
            })
            .await;
        // Each item's delivery log says which message and route carried it, or why not.
        for (channel, outcome, detail) in log {
            for e in &live {
                self.store.log_delivery(&DeliveryLogEntry {
                    key: e.key.clone(),
                    at: now.to_rfc3339(),
                    channel: channel.to_owned(),
                    outcome: outcome.to_owned(),
                    detail: detail.clone(),
                })?;
            }
        }
        let (transient, reasons) = match result {
            Delivered::Sent(channel) => {
                for e in &mut live {
                    e.delivery = DeliveryState::Sent {
                        at: now.to_rfc3339(),
                        channel: channel.to_owned(),
                    };
                }
                self.set(&live).await?;
                tracing::info!(key = %msg.key, message_id = %msg.message_id, channel, unit = %unit, items = live.len(), subject = %msg.subject, "notification sent");
                return Ok(Outcome::Sent);
            }
            Delivered::Failed { transient, reasons } => (transient, reasons),
        };
        for e in &mut live {
            e.attempts += 1;
        }
        if transient && attempts + 1 < self.settings.max_attempts {
            let at = now
                + chrono::Duration::from_std(backoff(&self.settings, attempts + 1))
                    .unwrap_or(chrono::Duration::hours(1));
            for e in &mut live {
                e.delivery = DeliveryState::RetryAt {
                    at: at.to_rfc3339(),
                };
            }
            self.set(&live).await?;
            tracing::info!(key = %msg.key, unit = %unit, attempts = attempts + 1, retry_at = %at.to_rfc3339(), "delivery will be retried");
            return Ok(Outcome::Retry(at));
        }
        let reason = reasons.join("; ");
        tracing::error!(key = %msg.key, unit = %unit, %reason, "notification failed on every route; giving up");
        for e in &mut live {
            e.delivery = DeliveryState::Failed {
                reason: reason.clone(),
            };
            self.store.update_entry(e)?;
        }
        for e in &live {
            self.tell_coordinator(world, e, &msg.subject, &reason, now)?;
        }
        self.store.flush_async().await?;
        Ok(Outcome::Failed)
    }

    /// Enqueues a notice to the occurrence's coordinator that `entry.unit` cannot be reached,
    /// for the coordinator's message at the next send time.
    fn tell_coordinator(
        &self,
        world: &World,
        entry: &OutboxEntry,
        about: &str,
        reason: &str,
        now: Instant,
    ) -> anyhow::Result<()> {
        if entry.kind != EntryKind::Notification {
            return Ok(());
        }
        let Some(rec) = self.store.occurrence(&entry.occurrence)? else {
            return Ok(());
        };
        let ob = world.obligation(&rec.plan, &rec.obligation).map(|(_, o)| o);
        let (Some(ob), Ok(assignee)) = (ob, UnitId::parse(&rec.assignee)) else {
            return Ok(());
        };
        // Who coordinates today: a coordinator that has ended is replaced by its successor.
        let coordinator = parties_on(ob, &assignee, &world.directory, now.date_naive()).coordinator;
        let unit_name = UnitId::parse(&entry.unit)
            .map(|u| world.directory.name(&u).to_owned())
            .unwrap_or_else(|_| entry.unit.clone());
        let at = crate::query::send_times(world).after(now);
        // A coordinating group: each member is told.
        for to in world.directory.expand(&coordinator) {
            if to.as_str() == entry.unit {
                tracing::error!(unit = %entry.unit, "the coordinator itself cannot be reached");
                continue;
            }
            let notice = OutboxEntry {
                key: format!("{}!unreachable@{}", entry.key, to),
                kind: EntryKind::Unreachable,
                occurrence: entry.occurrence.clone(),
                stage: "unreachable".to_owned(),
                unit: to.to_string(),
                at: at.to_rfc3339(),
                delivery: DeliveryState::Pending,
                attempts: 0,
                payload: Some(serde_json::json!({
                    "unit": entry.unit,
                    "unit_name": unit_name,
                    "about": about,
                    "reason": reason,
                })),
            };
            self.store.enqueue(&notice)?;
        }
        Ok(())
    }
}

/// Queues a notice to the administrator's contact (the `[admin]` unit's members, and the
/// `[admin]` email addresses): it goes out at once through the outbox like every message
/// (retries, fallback across routes, a deterministic Message-ID). `key` names the event; a
/// second call with the same key queues nothing. Returns how many notices were queued.
pub fn tell_admin(
    store: &Store,
    world: &World,
    key: &str,
    subject: &str,
    text: &str,
    now: Instant,
) -> anyhow::Result<usize> {
    let admin = &world.config.admin;
    let mut targets: Vec<String> = Vec::new();
    if let Some(unit) = admin.unit.as_deref().and_then(|u| UnitId::parse(u).ok()) {
        for u in world.directory.expand(&unit) {
            targets.push(u.to_string());
        }
    }
    if !admin.email.is_empty() {
        targets.push(ADMIN.to_owned());
    }
    if targets.is_empty() {
        tracing::warn!(
            key,
            "no administrator contact configured ([admin] email or unit): only logged"
        );
        return Ok(0);
    }
    let mut queued = 0;
    for unit in targets {
        let entry = OutboxEntry {
            key: format!("{key}@{unit}"),
            kind: EntryKind::Admin,
            occurrence: String::new(),
            stage: "admin".to_owned(),
            unit,
            at: now.to_rfc3339(),
            delivery: DeliveryState::Pending,
            attempts: 0,
            payload: Some(serde_json::json!({ "subject": subject, "text": text })),
        };
        if store.enqueue(&entry)? {
            queued += 1;
        }
    }
    store.flush()?;
    Ok(queued)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let s = DeliverySettings {
            max_concurrent: 1,
            retry_base: Duration::from_secs(120),
            retry_max: Duration::from_secs(7200),
            max_attempts: 30,
        };
        let secs: Vec<u64> = (1..=8).map(|n| backoff(&s, n).as_secs()).collect();
        assert_eq!(secs, [120, 240, 480, 960, 1920, 3840, 7200, 7200]);
        assert_eq!(backoff(&s, 1000).as_secs(), 7200);
    }
}
