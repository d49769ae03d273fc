//! Delivery from the outbox: pending → sending → sent / retry-at / failed, with fallback and backoff.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::DateTime;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::compose::Composer;
use crate::config::DeliverySettings;
use crate::domain::ids::UnitId;
use crate::domain::occurrence::parties;
use crate::domain::time::{Instant, ZONE};
use crate::notify::{Channels, SendError};
use crate::schedule::World;
use crate::store::{
    DeliveryLogEntry, DeliveryState, EntryKind, OccurrenceState, OutboxEntry, Store,
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
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&ZONE))
}

/// What one delivery round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundReport {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
    /// The earliest retry still waiting.
    pub next_retry: Option<Instant>,
}

/// Delivers outbox entries through the channels.
pub struct Delivery {
    pub store: Arc<Store>,
    pub channels: Arc<Channels>,
    pub composer: Arc<Composer>,
    pub settings: DeliverySettings,
    pub metrics: Arc<crate::metrics::Metrics>,
}

enum Outcome {
    Sent,
    Retry(Instant),
    Failed,
    Skipped,
}

impl Delivery {
    /// Sends every entry that is due at `now` (pending, interrupted mid-send, or whose retry time
    /// has come), at most `max_concurrent` at once. Entries not yet started when `stop` is set
    /// stay pending; sends in flight finish.
    pub async fn round(
        self: &Arc<Self>,
        world: &Arc<World>,
        now: Instant,
        stop: &Arc<AtomicBool>,
    ) -> anyhow::Result<RoundReport> {
        let mut report = RoundReport::default();
        let mut due = Vec::new();
        for e in self.store.undelivered()? {
            match &e.delivery {
                DeliveryState::RetryAt { at } => match parse(at) {
                    Some(t) if t > now => {
                        report.next_retry = Some(report.next_retry.map_or(t, |n| n.min(t)));
                    }
                    _ => due.push(e),
                },
                _ => due.push(e),
            }
        }
        let limit = Arc::new(Semaphore::new(self.settings.max_concurrent));
        let mut tasks = JoinSet::new();
        for entry in due {
            let permit = limit.clone().acquire_owned().await?;
            if stop.load(Ordering::SeqCst) {
                break;
            }
            let this = self.clone();
            let world = world.clone();
            tasks.spawn(async move {
                let _permit = permit;
                this.deliver(&world, entry, now).await
            });
        }
        while let Some(done) = tasks.join_next().await {
            // A long round that makes progress is not a hung daemon.
            super::ops::systemd::watchdog();
            match done? {
                Ok(Outcome::Sent) => report.sent += 1,
                Ok(Outcome::Retry(t)) => {
                    report.retrying += 1;
                    report.next_retry = Some(report.next_retry.map_or(t, |n| n.min(t)));
                }
                Ok(Outcome::Failed) => report.failed += 1,
                Ok(Outcome::Skipped) => {}
                Err(e) => tracing::error!(error = %e, "delivery: store error"),
            }
        }
        Ok(report)
    }

    async fn set(&self, entry: &OutboxEntry) -> anyhow::Result<()> {
        self.store.update_entry(entry)?;
        self.store.flush_async().await?;
        Ok(())
    }

    /// Delivers one entry: marks it sending (flushed), tries each route of the unit in turn, and
    /// records the outcome (flushed).
    async fn deliver(
        &self,
        world: &World,
        mut entry: OutboxEntry,
        now: Instant,
    ) -> anyhow::Result<Outcome> {
        let rec = match entry.occurrence.is_empty() {
            true => None,
            false => self.store.occurrence(&entry.occurrence)?,
        };
        if entry.kind == EntryKind::Notification {
            let no_longer = rec.as_ref().and_then(|r| {
                if r.state != OccurrenceState::Open {
                    Some(format!(
                        "occurrence is {}",
                        crate::actions::state_name(r.state)
                    ))
                } else if r.outbox_key(&entry.stage, &entry.unit) != entry.key {
                    Some("the deadline was extended".to_owned())
                } else {
                    None
                }
            });
            if let Some(reason) = no_longer {
                tracing::info!(key = %entry.key, %reason, "notification no longer applies; not sent");
                entry.delivery = DeliveryState::Skipped { reason };
                self.set(&entry).await?;
                return Ok(Outcome::Skipped);
            }
        }
        entry.delivery = DeliveryState::Sending;
        self.set(&entry).await?;

        let mut msg = match self.composer.compose(&entry, world, rec.as_ref(), now) {
            Ok(m) => m,
            Err(e) => {
                tracing::error!(key = %entry.key, error = %e, "cannot compose notification");
                entry.delivery = DeliveryState::Failed {
                    reason: e.to_string(),
                };
                self.set(&entry).await?;
                return Ok(Outcome::Failed);
            }
        };
        if entry.kind == EntryKind::Notification {
            // What this message covers, so that a reply to it can be matched (inbound mail).
            let code = crate::inbound::record_sent(
                &self.store,
                &msg.message_id,
                &entry.unit,
                std::slice::from_ref(&entry.occurrence),
            )?;
            if let Some(base) = &world.config.daemon.inbound.reply_to {
                msg.meta["reply_to"] = crate::inbound::reply_address(base, &code).into();
            }
        }
        let contacts = UnitId::parse(&entry.unit)
            .ok()
            .and_then(|u| world.directory.unit(&u))
            .map(|u| u.contacts.clone())
            .unwrap_or_default();
        let routes = self.channels.routes(&contacts);
        let mut transient = false;
        let mut reasons = Vec::new();
        for route in &routes {
            let channel = route.channel();
            let result = self.channels.send(route, &msg).await;
            let (outcome, detail) = match &result {
                Ok(()) => ("sent", String::new()),
                Err(SendError::Transient(d)) => ("transient", d.clone()),
                Err(SendError::Permanent(d)) => ("permanent", d.clone()),
            };
            self.store.log_delivery(&DeliveryLogEntry {
                key: entry.key.clone(),
                at: now.to_rfc3339(),
                channel: channel.to_owned(),
                outcome: outcome.to_owned(),
                detail: detail.clone(),
            })?;
            self.metrics.delivery(channel, outcome);
            match result {
                Ok(()) => {
                    entry.delivery = DeliveryState::Sent {
                        at: now.to_rfc3339(),
                        channel: channel.to_owned(),
                    };
                    self.set(&entry).await?;
                    tracing::info!(key = %entry.key, message_id = %msg.message_id, channel, unit = %entry.unit, subject = %msg.subject, "notification sent");
                    return Ok(Outcome::Sent);
                }
                Err(e) => {
                    tracing::warn!(key = %entry.key, channel, unit = %entry.unit, error = %e, attempt = entry.attempts + 1, at = %now.to_rfc3339(), "delivery attempt failed");
                    transient |= matches!(e, SendError::Transient(_));
                    reasons.push(format!("{channel}: {detail}"));
                }
            }
        }
        entry.attempts += 1;
        if transient && entry.attempts < self.settings.max_attempts {
            let at = now
                + chrono::Duration::from_std(backoff(&self.settings, entry.attempts))
                    .unwrap_or(chrono::Duration::hours(1));
            entry.delivery = DeliveryState::RetryAt {
                at: at.to_rfc3339(),
            };
            self.set(&entry).await?;
            tracing::info!(key = %entry.key, unit = %entry.unit, attempts = entry.attempts, retry_at = %at.to_rfc3339(), "delivery will be retried");
            return Ok(Outcome::Retry(at));
        }
        let reason = reasons.join("; ");
        tracing::error!(key = %entry.key, unit = %entry.unit, %reason, "notification failed on every route; giving up");
        entry.delivery = DeliveryState::Failed {
            reason: reason.clone(),
        };
        self.store.update_entry(&entry)?;
        self.tell_coordinator(world, &entry, &msg.subject, &reason, now)?;
        self.store.flush_async().await?;
        Ok(Outcome::Failed)
    }

    /// Enqueues a notice to the occurrence's coordinator that `entry.unit` cannot be reached.
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
        let coordinator = parties(ob, &assignee, &world.directory).coordinator;
        let unit_name = UnitId::parse(&entry.unit)
            .map(|u| world.directory.name(&u).to_owned())
            .unwrap_or_else(|_| entry.unit.clone());
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
                at: now.to_rfc3339(),
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
