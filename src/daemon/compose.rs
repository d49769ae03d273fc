//! Composing messages: an outbox entry, its occurrence and the world, rendered through the templates.

use chrono::DateTime;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::render::Templates;
use crate::domain::model::ObligationKind;
use crate::domain::occurrence::{last_day_of, parties, period_label};
use crate::domain::time::{vn_date, Instant, ZONE};
use crate::notify::Message;
use crate::schedule::World;
use crate::store::{EntryKind, OccurrenceRecord, OutboxEntry};

/// Why an entry cannot be turned into a message (a permanent failure for that entry).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComposeError {
    #[error("unit `{0}` is no longer in the directory")]
    UnknownUnit(String),
    #[error("occurrence `{0}` is not in the store or its plan/obligation is gone")]
    UnknownOccurrence(String),
    #[error("outbox entry has an unreadable field: {0}")]
    Bad(String),
    #[error("template: {0}")]
    Template(String),
}

/// The deterministic Message-ID of an outbox entry: the same key always gives the same id.
pub fn message_id(key: &str) -> String {
    let digest = hex::encode(Sha256::digest(key.as_bytes()));
    format!("<{}@dondoc>", &digest[..32])
}

fn instant(s: &str) -> Result<Instant, ComposeError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&ZONE))
        .map_err(|_| ComposeError::Bad(format!("time `{s}`")))
}

/// Splits a stage key into its stage and step: `reminder-7` → (`reminder`, 7).
pub fn split_stage(key: &str) -> (&str, u32) {
    match key.rsplit_once('-') {
        Some((stage, n)) if n.chars().all(|c| c.is_ascii_digit()) => {
            (stage, n.parse().unwrap_or(0))
        }
        _ => (key, 0),
    }
}

fn stage_label(stage: &str, step: u32) -> String {
    match stage {
        "reminder" => "Nhắc hạn".to_owned(),
        "due" => "Đến hạn".to_owned(),
        "overdue" => "Quá hạn".to_owned(),
        "escalation" => "Quá hạn – báo cáo cấp trên".to_owned(),
        "repeat" => format!("Quá hạn – nhắc lại lần {step}"),
        other => other.to_owned(),
    }
}

#[derive(Serialize)]
struct NotificationCtx<'a> {
    stage: &'a str,
    stage_label: String,
    repeat: u32,
    kind: &'a str,
    title: &'a str,
    period_label: String,
    deadline: &'a str,
    deadline_short: &'a str,
    due_date: String,
    days_left: i64,
    days_overdue: i64,
    plan_ref: String,
    plan_title: &'a str,
    clause: &'a str,
    addressee_name: &'a str,
    assignee_name: &'a str,
    recipient_name: &'a str,
    via_name: Option<&'a str>,
    coordinator_name: &'a str,
    link: String,
    /// The one-click "đã gửi báo cáo" link, for the assignee itself.
    confirm_link: Option<String>,
    /// The code a reply names the message by (`DD-7F3K2Q`, see `inbound::matching`).
    subject_code: String,
    /// Whether replies reach dondoc (an inbound listener or mailbox reader is configured).
    replies_accepted: bool,
}

/// Turns outbox entries into messages.
pub struct Composer {
    pub templates: Templates,
    /// Base URL of the coordinator page.
    pub public_url: String,
    /// Signs the one-click links; they stay valid this many days after the planned send.
    pub links: Option<(crate::signed_link::LinkSigner, u32)>,
}

impl Composer {
    fn link(&self, occurrence: &str) -> String {
        let base = self.public_url.trim_end_matches('/');
        if occurrence.is_empty() {
            format!("{base}/")
        } else {
            format!("{base}/?occurrence={occurrence}")
        }
    }

    /// The one-click link for a notification to the unit that owes the occurrence. It expires a
    /// set time after the planned send and is the same each time the message is composed.
    fn confirm_link(&self, entry: &OutboxEntry, rec: &OccurrenceRecord) -> Option<String> {
        let (signer, days) = self.links.as_ref()?;
        if entry.unit != rec.assignee {
            return None;
        }
        let expires = instant(&entry.at).ok()? + chrono::Duration::days(i64::from(*days));
        let token = signer.sign(&rec.id, &rec.assignee, expires, &entry.key);
        Some(format!(
            "{}{}",
            self.public_url.trim_end_matches('/'),
            crate::http::links::path(&token)
        ))
    }

    /// Renders `entry` for its unit as sent at `now` ("còn 3 ngày" counts from the send, which
    /// is later than planned after downtime). `rec` is the occurrence it is about.
    pub fn compose(
        &self,
        entry: &OutboxEntry,
        world: &World,
        rec: Option<&OccurrenceRecord>,
        now: Instant,
    ) -> Result<Message, ComposeError> {
        let dir = &world.directory;
        let unit_id = crate::domain::ids::UnitId::parse(&entry.unit)
            .map_err(|_| ComposeError::UnknownUnit(entry.unit.clone()))?;
        let unit = dir
            .unit(&unit_id)
            .ok_or_else(|| ComposeError::UnknownUnit(entry.unit.clone()))?;
        let link = self.link(&entry.occurrence);
        let template_err = |e: minijinja::Error| ComposeError::Template(format!("{e:#}"));
        let (rendered, meta) = match entry.kind {
            EntryKind::Notification => {
                let rec =
                    rec.ok_or_else(|| ComposeError::UnknownOccurrence(entry.occurrence.clone()))?;
                let (plan, ob) = world
                    .obligation(&rec.plan, &rec.obligation)
                    .ok_or_else(|| ComposeError::UnknownOccurrence(rec.id.clone()))?;
                let assignee = crate::domain::ids::UnitId::parse(&rec.assignee)
                    .map_err(|_| ComposeError::UnknownUnit(rec.assignee.clone()))?;
                let p = parties(ob, &assignee, dir);
                let at = instant(&entry.at)?.max(now);
                let due = instant(rec.effective_due())?;
                let last_day = last_day_of(&due);
                let (stage, step) = split_stage(&entry.stage);
                let seconds = (due - at).num_seconds();
                let days_left = (seconds + 86_399).div_euclid(86_400).max(0);
                let days_overdue = (at.date_naive() - last_day).num_days().max(0);
                let plan_ref = {
                    let mut s = "Kế hoạch".to_owned();
                    if let Some(n) = &plan.number {
                        s.push_str(&format!(" số {n}"));
                    }
                    if let Some(d) = plan.issued {
                        s.push_str(&format!(" ngày {}", vn_date(d)));
                    }
                    s.push_str(&format!(" của {}", plan.issuer));
                    s
                };
                let kind = match ob.kind {
                    ObligationKind::Report => "report",
                    ObligationKind::Task => "task",
                    ObligationKind::Event => "event",
                };
                let ctx = NotificationCtx {
                    stage,
                    stage_label: stage_label(stage, step),
                    repeat: if stage == "repeat" { step } else { 0 },
                    kind,
                    title: &ob.title,
                    period_label: period_label(&rec.period),
                    deadline: &rec.wording,
                    deadline_short: rec.wording.split(" (").next().unwrap_or(&rec.wording),
                    due_date: vn_date(last_day),
                    days_left,
                    days_overdue,
                    plan_ref,
                    plan_title: &plan.title,
                    clause: &ob.clause,
                    addressee_name: &unit.name,
                    assignee_name: dir.name(&assignee),
                    recipient_name: dir.name(&ob.recipient),
                    via_name: ob.via.as_ref().map(|v| dir.name(v)),
                    coordinator_name: dir.name(&p.coordinator),
                    link: link.clone(),
                    confirm_link: self.confirm_link(entry, rec),
                    subject_code: crate::inbound::matching::subject_code(&message_id(&entry.key)),
                    replies_accepted: world.config.daemon.inbound.smtp_listen.is_some()
                        || world.config.daemon.inbound.imap.is_some(),
                };
                let meta = serde_json::json!({
                    "kind": "notification",
                    "occurrence": rec.id,
                    "stage": entry.stage,
                    "plan": rec.plan,
                    "obligation": rec.obligation,
                    "assignee": rec.assignee,
                    "period": rec.period,
                    "due": rec.effective_due(),
                    "deadline": rec.wording,
                    "link": link,
                });
                (
                    self.templates
                        .render("notification", &ctx)
                        .map_err(template_err)?,
                    meta,
                )
            }
            EntryKind::Digest | EntryKind::Unreachable => {
                let mut ctx = entry
                    .payload
                    .clone()
                    .unwrap_or_else(|| serde_json::json!({}));
                if let Some(obj) = ctx.as_object_mut() {
                    obj.insert("addressee_name".into(), unit.name.clone().into());
                    obj.insert("link".into(), link.clone().into());
                }
                let kind = if entry.kind == EntryKind::Digest {
                    "digest"
                } else {
                    "unreachable"
                };
                let meta = serde_json::json!({
                    "kind": kind,
                    "occurrence": entry.occurrence,
                    "stage": entry.stage,
                    "payload": entry.payload,
                    "link": link,
                });
                (
                    self.templates.render(kind, &ctx).map_err(template_err)?,
                    meta,
                )
            }
        };
        let short: String = rendered.text.chars().take(2000).collect();
        Ok(Message {
            key: entry.key.clone(),
            message_id: message_id(&entry.key),
            unit: entry.unit.clone(),
            unit_name: unit.name.clone(),
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
            short,
            meta,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_are_deterministic_and_distinct() {
        let a = message_id("p/o/u/2023-Q3#reminder-3@u");
        assert_eq!(a, message_id("p/o/u/2023-Q3#reminder-3@u"));
        assert_ne!(a, message_id("p/o/u/2023-Q3#reminder-1@u"));
        assert!(
            a.starts_with('<') && a.ends_with("@dondoc>") && a.len() == 41,
            "{a}"
        );
    }

    #[test]
    fn stage_keys_split() {
        assert_eq!(split_stage("reminder-7"), ("reminder", 7));
        assert_eq!(split_stage("repeat-2"), ("repeat", 2));
        assert_eq!(split_stage("overdue"), ("overdue", 0));
    }
}
