//! Composing messages: the outbox entries due to one unit at one send time, with their
//! occurrences and the world, rendered through the templates as ONE message.

use std::collections::BTreeMap;

use serde::Serialize;

use super::render::Templates;
use crate::domain::ids::UnitId;
use crate::domain::model::ObligationKind;
use crate::domain::occurrence::{last_day_of, parties_on, period_label};
use crate::domain::time::{parse_instant, vn_date, Instant};
use crate::notify::Message;
use crate::schedule::World;
use crate::store::{EntryKind, OccurrenceRecord, OutboxEntry};

/// Why an entry cannot be turned into (part of) a message (a permanent failure for that entry).
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
    #[error("no entry to compose")]
    Empty,
}

pub use crate::domain::office::message_id;

fn instant(s: &str) -> Result<Instant, ComposeError> {
    parse_instant(s).map_err(|_| ComposeError::Bad(format!("time `{s}`")))
}

/// Splits a stage key into its stage and step: `reminder-7` → (`reminder`, 7).
pub fn split_stage(key: &str) -> (&str, u32) {
    let key = key.split("+e").next().unwrap_or(key);
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

/// Most urgent first: escalations and repeats, overdue notices, due today, reminders.
fn urgency(stage: &str) -> u8 {
    match stage {
        "escalation" | "repeat" => 0,
        "overdue" => 1,
        "due" => 2,
        _ => 3,
    }
}

/// One item of a message: one duty of one unit, or one duty that several units missed.
#[derive(Debug, Clone, Serialize)]
struct ItemCtx {
    stage: String,
    stage_label: String,
    repeat: u32,
    kind: &'static str,
    plan: String,
    obligation: String,
    period: String,
    title: String,
    period_label: String,
    deadline: String,
    deadline_short: String,
    due_date: String,
    days_left: i64,
    days_overdue: i64,
    /// "còn 3 ngày", "hôm nay là ngày cuối", "quá hạn 5 ngày".
    status: String,
    plan_ref: String,
    plan_title: String,
    clause: String,
    /// The addressee owes it itself.
    own: bool,
    assignee_name: String,
    /// What a unit that has not done it has not done: "chưa gửi báo cáo" (report),
    /// "chưa hoàn thành" (task), "chưa thực hiện" (event).
    not_done: &'static str,
    /// Several units missed it (an escalation or overdue notice to a supervisor/coordinator):
    /// their names; `unit_count` written with two digits ("05").
    units: Vec<String>,
    unit_count: String,
    recipient_name: String,
    via_name: Option<String>,
    /// The units the plan names to cooperate ("Cơ quan phối hợp"): told, not reminded.
    cooperating_names: Vec<String>,
    coordinator_name: String,
    link: String,
    /// The one-click "đã gửi báo cáo" link, for the assignee itself.
    confirm_link: Option<String>,
    #[serde(skip)]
    sort: (u8, i64, i64),
    #[serde(skip)]
    metas: Vec<serde_json::Value>,
}

#[derive(Serialize)]
struct MessageCtx {
    addressee_name: String,
    /// How many things the message asks about (items, notices, and the digest if any).
    count: usize,
    items: Vec<ItemCtx>,
    top: Option<ItemCtx>,
    /// Units that could not be reached (to their coordinator).
    notices: Vec<serde_json::Value>,
    digest: Option<serde_json::Value>,
    link: String,
    /// The send time: "07:30 ngày 05/12/2022".
    sent_at: String,
    /// The code a reply names the message by (`DD-7F3K2Q`, see `inbound::matching`): it
    /// stands for all the message's items. Empty when the message has no item to submit.
    subject_code: String,
    /// Whether replies reach dondoc (an inbound listener or mailbox reader is configured).
    replies_accepted: bool,
}

/// An entry that could not be composed, and why.
pub type Refused = (OutboxEntry, ComposeError);

/// Turns outbox entries into messages.
pub struct Composer {
    pub templates: Templates,
    /// Base URL of the coordinator page.
    pub public_url: String,
    /// Signs the one-click links; they stay valid this many days after the planned send.
    pub links: Option<(crate::signed_link::LinkSigner, u32)>,
    /// Whether replies by email are read (`[inbound]`): messages then say a reply will do.
    pub replies_accepted: bool,
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

    /// One item for a notification entry, as sent at `at`.
    fn item(
        &self,
        entry: &OutboxEntry,
        world: &World,
        rec: &OccurrenceRecord,
        at: Instant,
    ) -> Result<ItemCtx, ComposeError> {
        let dir = &world.directory;
        let (plan, ob) = world
            .obligation(&rec.plan, &rec.obligation)
            .ok_or_else(|| ComposeError::UnknownOccurrence(rec.id.clone()))?;
        let assignee = UnitId::parse(&rec.assignee)
            .map_err(|_| ComposeError::UnknownUnit(rec.assignee.clone()))?;
        let due = rec.effective_due();
        let p = parties_on(ob, &assignee, dir, due.date_naive());
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
        let not_done = match ob.kind {
            ObligationKind::Report => "chưa gửi báo cáo",
            ObligationKind::Task => "chưa hoàn thành",
            ObligationKind::Event => "chưa thực hiện",
        };
        let status = match stage {
            "reminder" => format!("còn {days_left} ngày"),
            "due" => "hôm nay là ngày cuối".to_owned(),
            _ if days_overdue > 0 => format!("quá hạn {days_overdue} ngày"),
            _ => "đã hết hạn".to_owned(),
        };
        let link = self.link(&rec.id);
        let own = entry.unit == rec.assignee;
        let assignee_name = dir.name(&assignee).to_owned();
        let meta = serde_json::json!({
            "key": entry.key,
            "occurrence": rec.id,
            "stage": entry.stage,
            "plan": rec.plan,
            "obligation": rec.obligation,
            "assignee": rec.assignee,
            "period": rec.period,
            "due": rec.effective_due().to_rfc3339(),
            "deadline": rec.wording,
            "link": link,
        });
        Ok(ItemCtx {
            stage: stage.to_owned(),
            stage_label: stage_label(stage, step),
            repeat: if stage == "repeat" { step } else { 0 },
            kind,
            plan: rec.plan.clone(),
            obligation: rec.obligation.clone(),
            period: rec.period.clone(),
            title: ob.title.clone(),
            period_label: period_label(&rec.period),
            deadline: rec.wording.clone(),
            deadline_short: rec
                .wording
                .split(" (")
                .next()
                .unwrap_or(&rec.wording)
                .to_owned(),
            due_date: vn_date(last_day),
            days_left,
            days_overdue,
            status,
            plan_ref,
            plan_title: plan.title.clone(),
            clause: ob.clause.clone(),
            own,
            not_done,
            units: vec![assignee_name.clone()],
            unit_count: "01".to_owned(),
            assignee_name,
            recipient_name: dir.name(&ob.recipient).to_owned(),
            via_name: ob.via.as_ref().map(|v| dir.name(v).to_owned()),
            cooperating_names: ob
                .cooperating
                .iter()
                .map(|u| dir.name(u).to_owned())
                .collect(),
            coordinator_name: dir.name(&p.coordinator).to_owned(),
            link,
            confirm_link: self.confirm_link(entry, rec),
            sort: (urgency(stage), -days_overdue, days_left),
            metas: vec![meta],
        })
    }

    /// Renders the entries due to one unit at one send time as one message, sent at `now`
    /// ("còn 3 ngày" counts from the send, later than planned after downtime). `records` holds
    /// the occurrences the notifications are about. Entries that cannot be composed are
    /// returned apart; the message holds the others.
    pub fn compose_group(
        &self,
        entries: &[OutboxEntry],
        world: &World,
        records: &BTreeMap<String, OccurrenceRecord>,
        now: Instant,
    ) -> Result<(Message, Vec<Refused>), ComposeError> {
        let first = entries.first().ok_or(ComposeError::Empty)?;
        if first.kind == EntryKind::Admin {
            let name = UnitId::parse(&first.unit)
                .ok()
                .and_then(|u| world.directory.unit(&u))
                .map_or_else(|| "Quản trị hệ thống".to_owned(), |u| u.name.clone());
            return self
                .admin(first, name, instant(&first.at)?)
                .map(|m| (m, Vec::new()));
        }
        let dir = &world.directory;
        let unit_id = UnitId::parse(&first.unit)
            .map_err(|_| ComposeError::UnknownUnit(first.unit.clone()))?;
        let unit = dir
            .unit(&unit_id)
            .ok_or_else(|| ComposeError::UnknownUnit(first.unit.clone()))?;
        let send_at = instant(&first.at)?;
        let at = send_at.max(now);
        let mut refused = Vec::new();
        let mut own = Vec::new();
        let mut others: BTreeMap<(String, String, String), ItemCtx> = BTreeMap::new();
        let mut notices = Vec::new();
        let mut digest = None;
        let mut keys = Vec::new();
        for e in entries {
            match e.kind {
                EntryKind::Notification => {
                    let item = records
                        .get(&e.occurrence)
                        .ok_or_else(|| ComposeError::UnknownOccurrence(e.occurrence.clone()))
                        .and_then(|rec| self.item(e, world, rec, at));
                    let item = match item {
                        Ok(i) => i,
                        Err(err) => {
                            refused.push((e.clone(), err));
                            continue;
                        }
                    };
                    keys.push(e.key.clone());
                    if item.own {
                        own.push(item);
                        continue;
                    }
                    // One duty that several units missed: one item listing them.
                    let k = (
                        item.plan.clone(),
                        item.obligation.clone(),
                        item.period.clone(),
                    );
                    match others.get_mut(&k) {
                        None => {
                            others.insert(k, item);
                        }
                        Some(g) => {
                            let units = std::mem::take(&mut g.units);
                            let metas = std::mem::take(&mut g.metas);
                            if item.sort < g.sort {
                                *g = item.clone();
                            }
                            g.units = units;
                            g.metas = metas;
                            g.units.push(item.assignee_name);
                            g.metas.extend(item.metas);
                        }
                    }
                }
                EntryKind::Digest => {
                    keys.push(e.key.clone());
                    digest = e.payload.clone();
                }
                EntryKind::Unreachable => {
                    keys.push(e.key.clone());
                    notices.push(e.payload.clone().unwrap_or_default());
                }
                // Never grouped with a unit's items (see `Delivery::round`).
                EntryKind::Admin => refused.push((
                    e.clone(),
                    ComposeError::Bad("admin notice in a unit's message".into()),
                )),
            }
        }
        if keys.is_empty() {
            return Err(refused.pop().map(|(_, e)| e).unwrap_or(ComposeError::Empty));
        }
        let mut items: Vec<ItemCtx> = own.into_iter().chain(others.into_values()).collect();
        for i in &mut items {
            // In the order of the alphabet, not of the bytes ("Đ" after "D", not after "Y").
            i.units.sort_by_cached_key(|u| (fold(u), u.clone()));
            i.units.dedup();
            i.unit_count = format!("{:02}", i.units.len());
        }
        items.sort_by(|a, b| a.sort.cmp(&b.sort).then_with(|| a.title.cmp(&b.title)));
        let item_meta: Vec<serde_json::Value> =
            items.iter().flat_map(|i| i.metas.iter().cloned()).collect();
        let zns_items: Vec<serde_json::Value> = items
            .iter()
            .map(|i| {
                serde_json::json!({
                    "title": i.title, "period_label": i.period_label, "deadline": i.deadline_short,
                    "due_date": i.due_date, "status": i.status, "stage_label": i.stage_label,
                    "unit_count": i.unit_count,
                })
            })
            .collect();
        let count = items.len() + notices.len() + usize::from(digest.is_some());
        let link = self.link("");
        let message_id = message_id(&first.unit, send_at, &keys);
        let subject_code = if items.is_empty() {
            String::new()
        } else {
            crate::inbound::matching::subject_code(&message_id)
        };
        let ctx = MessageCtx {
            addressee_name: unit.name.clone(),
            count,
            top: items.first().cloned(),
            items,
            notices,
            digest,
            link: link.clone(),
            sent_at: send_at.format("%H:%M ngày %d/%m/%Y").to_string(),
            subject_code,
            replies_accepted: self.replies_accepted,
        };
        let rendered = self
            .templates
            .render("message", &ctx)
            .map_err(|e| ComposeError::Template(format!("{e:#}")))?;
        let meta = serde_json::json!({
            "kind": "message",
            "message": message_id,
            "unit": first.unit,
            "at": first.at,
            "count": count,
            "items": item_meta,
            "summary": zns_items,
            "link": link,
        });
        let short: String = rendered.text.chars().take(2000).collect();
        Ok((
            Message {
                key: message_key(&first.unit, send_at, &message_id),
                message_id,
                unit: first.unit.clone(),
                unit_name: unit.name.clone(),
                subject: rendered.subject,
                text: rendered.text,
                html: rendered.html,
                short,
                meta,
                date: Some(if first.attempts == 0 { send_at } else { now }),
            },
            refused,
        ))
    }

    /// A notice to the administrator: its text was fixed when it was queued.
    fn admin(
        &self,
        e: &OutboxEntry,
        unit_name: String,
        at: Instant,
    ) -> Result<Message, ComposeError> {
        let payload = e.payload.clone().unwrap_or_default();
        let rendered = self
            .templates
            .render("admin", &payload)
            .map_err(|err| ComposeError::Template(format!("{err:#}")))?;
        let id = message_id(&e.unit, at, &[e.key.as_str()]);
        Ok(Message {
            key: e.key.clone(),
            message_id: id,
            unit: e.unit.clone(),
            unit_name,
            short: rendered.text.chars().take(2000).collect(),
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
            meta: serde_json::json!({ "kind": "admin", "key": e.key }),
            date: Some(at),
        })
    }
}

/// `s` without diacritics, lower case, for sorting names as a reader expects.
fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'Đ' | 'đ' => 'd',
            c => c.to_ascii_lowercase(),
        })
        .collect::<String>()
        .to_lowercase()
}

/// A message's key (its outbox file's name): recipient, send time and a part of its id.
pub fn message_key(unit: &str, at: Instant, message_id: &str) -> String {
    let id = message_id.trim_start_matches('<');
    format!(
        "{}@{unit}#{}",
        at.format("%Y-%m-%dT%H%M"),
        &id[..id.len().min(12)]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_keys_split() {
        assert_eq!(split_stage("reminder-7"), ("reminder", 7));
        assert_eq!(split_stage("repeat-2"), ("repeat", 2));
        assert_eq!(split_stage("overdue"), ("overdue", 0));
        assert_eq!(split_stage("reminder-3+e1"), ("reminder", 3));
    }
}
