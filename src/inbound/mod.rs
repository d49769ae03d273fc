//! Reports that arrive by email: the settings, the intake every received message goes through (parse, dedupe, match, submit with evidence, keep attachments), and the hook delivery calls for each message it sends.

pub mod imap;
pub mod mail;
pub mod matching;
pub mod smtp;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use chrono::TimeZone;
use tokio::sync::Notify;

use crate::domain::ids::UnitId;
use crate::domain::occurrence::period_label;
use crate::domain::time::{Instant, ZONE};
use crate::schedule::World;
use crate::store::{
    AttachmentInfo, InboundRecord, InboundState, OccurrenceState, SentMessage, Store, StoreError,
};
use matching::{bare_id, Candidate, Verdict};

// The `[inbound]` settings are part of the configuration (`config`), which imports no adapter;
// re-exported here for the listener and the reader.
pub use crate::config::{parse_imap_url, ImapSettings, InboundSettings};

/// The daemon's clock as the intake sees it: the loop sets where simulated time stands and how
/// fast it runs while it waits; `now()` follows it between steps.
#[derive(Clone)]
pub struct SharedClock {
    inner: Arc<Mutex<ClockState>>,
}

#[derive(Clone, Copy)]
struct ClockState {
    /// None: the system clock.
    base: Option<(Instant, std::time::Instant, f64, Instant)>,
}

impl SharedClock {
    pub fn system() -> Self {
        Self {
            inner: Arc::new(Mutex::new(ClockState { base: None })),
        }
    }

    /// Simulated time stands at `now`, runs `speed` times real time, and stops at `until`
    /// (the end of the loop's wait).
    pub fn set_simulated(&self, now: Instant, speed: f64, until: Instant) {
        let mut s = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        s.base = Some((now, std::time::Instant::now(), speed, until.max(now)));
    }

    pub fn now(&self) -> Instant {
        let s = *self.inner.lock().unwrap_or_else(|e| e.into_inner());
        match s.base {
            None => chrono::Utc::now().with_timezone(&ZONE),
            Some((at, real, speed, until)) => {
                let ahead = real.elapsed().mul_f64(speed.max(0.0));
                let ahead = chrono::Duration::from_std(ahead).unwrap_or(chrono::Duration::MAX);
                at.checked_add_signed(ahead).unwrap_or(until).min(until)
            }
        }
    }
}

/// The reply address of a message with subject code `code`: `local+code@domain` (lowercase).
pub fn reply_address(base: &str, code: &str) -> String {
    match base.rsplit_once('@') {
        Some((local, domain)) => format!("{local}+{}@{domain}", code.to_ascii_lowercase()),
        None => base.to_owned(),
    }
}

/// Records what a notification being sent covers, so that a reply to it can be matched
/// (delivery calls it for every notification before sending). Returns the subject code.
pub fn record_sent(
    store: &Store,
    message_id: &str,
    unit: &str,
    occurrences: &[String],
) -> Result<String, StoreError> {
    let id = bare_id(message_id).to_owned();
    let code = matching::subject_code(&id);
    store.record_sent_message(&SentMessage {
        message_id: id,
        code: code.clone(),
        unit: unit.to_owned(),
        occurrences: occurrences.to_vec(),
    })?;
    Ok(code)
}

/// Why the intake could not take a message now (the sender should try again later).
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("attachments folder: {0}")]
    Files(#[from] std::io::Error),
    #[error("{0}")]
    Action(String),
}

/// How a message came in.
#[derive(Debug, Clone, Default)]
pub struct Envelope {
    /// `smtp` or `imap`.
    pub source: &'static str,
    /// MAIL FROM (SMTP only).
    pub mail_from: Option<String>,
    /// RCPT TO (SMTP only).
    pub rcpt: Vec<String>,
    /// When the mail server received it (SMTP: our arrival time; IMAP: INTERNALDATE).
    pub received_at: Option<Instant>,
    /// The message's full size when only part of it was read (IMAP, too large to fetch).
    pub size: Option<u64>,
}

/// What the intake did with a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken {
    pub key: String,
    pub state: InboundState,
    /// It had been taken before (same Message-ID, or same bytes without one).
    pub duplicate: bool,
}

/// Takes received messages: the one path for the listener, the reader and the page.
pub struct Intake {
    pub store: Arc<Store>,
    pub world: Arc<RwLock<Arc<World>>>,
    pub settings: InboundSettings,
    pub clock: SharedClock,
    /// Wakes the scheduler after a submission (its reminders stop).
    pub wake: Arc<Notify>,
    /// One message at a time: two copies of one message arriving together are taken once.
    one: tokio::sync::Mutex<()>,
}

fn to_instant(unix: i64) -> Option<Instant> {
    ZONE.timestamp_opt(unix, 0).single()
}

impl Intake {
    pub fn new(
        store: Arc<Store>,
        world: Arc<RwLock<Arc<World>>>,
        settings: InboundSettings,
        clock: SharedClock,
        wake: Arc<Notify>,
    ) -> Self {
        Self {
            store,
            world,
            settings,
            clock,
            wake,
            one: Default::default(),
        }
    }

    fn world(&self) -> Arc<World> {
        self.world.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Whether `from` is an address of `unit` (its directory e-mails or configured alternates).
    fn speaks_for(&self, world: &World, from: Option<&str>, unit: &str) -> bool {
        let Some(from) = from else { return false };
        let listed = UnitId::parse(unit)
            .ok()
            .and_then(|u| world.directory.unit(&u).cloned())
            .is_some_and(|u| {
                u.contacts
                    .email
                    .iter()
                    .any(|e| e.as_str().eq_ignore_ascii_case(from))
            });
        listed
            || self
                .settings
                .alternates
                .get(unit)
                .is_some_and(|a| a.iter().any(|x| x.eq_ignore_ascii_case(from)))
    }

    /// The occurrences a message refers to: through the Message-IDs it answers and the codes
    /// and tokens it carries.
    fn candidates(
        &self,
        world: &World,
        key: &str,
        mail: &matching::Mail,
    ) -> Result<Vec<Candidate>, StoreError> {
        // The message it answers, else those its thread names, else its codes and tokens.
        let mut sent = Vec::new();
        for ids in [&mail.in_reply_to, &mail.references] {
            for id in ids {
                if let Some(m) = self.store.sent_message(id)? {
                    sent.push(m);
                }
            }
            if !sent.is_empty() {
                break;
            }
        }
        if sent.is_empty() {
            for code in matching::codes(mail) {
                sent.extend(self.store.sent_with_code(&code)?);
            }
        }
        let mut ids: Vec<String> = Vec::new();
        for m in sent {
            for o in m.occurrences {
                if !ids.contains(&o) {
                    ids.push(o);
                }
            }
        }
        let mut out = Vec::new();
        for id in ids {
            let Some(rec) = self.store.occurrence(&id)? else {
                continue;
            };
            let mut names = vec![period_label(&rec.period)];
            if let Some((_, ob)) = world.obligation(&rec.plan, &rec.obligation) {
                names.push(ob.title.clone());
            }
            let by_this_message = rec.state == OccurrenceState::Submitted
                && self
                    .store
                    .inbound_message(key)?
                    .is_some_and(|r| r.matched.contains(&rec.id));
            out.push(Candidate {
                id: rec.id,
                assignee: rec.assignee,
                open: rec.state == OccurrenceState::Open,
                by_this_message,
                names,
            });
        }
        Ok(out)
    }

    /// Keeps attachments up to the configured size in the attachments folder (0600, named by
    /// their hash); returns what the record notes of each.
    fn keep_attachments(
        &self,
        attachments: &[mail::Attachment],
    ) -> Result<Vec<AttachmentInfo>, std::io::Error> {
        let mut out = Vec::new();
        for a in attachments {
            let size = a.content.len() as u64;
            let kept = size <= self.settings.keep_attachment_bytes;
            if kept {
                write_private(&self.settings.attachments_dir, &a.sha256, &a.content)?;
            }
            out.push(AttachmentInfo {
                name: a.name.clone(),
                size,
                sha256: a.sha256.clone(),
                kept,
            });
        }
        Ok(out)
    }

    /// Takes one raw message: a duplicate changes nothing; otherwise it is recorded as matched
    /// (its occurrences submitted with the evidence), waiting, or ignored, and flushed before
    /// this returns (the SMTP listener answers 250, the reader flags the message, only after).
    pub async fn take(&self, raw: &[u8], env: Envelope) -> Result<Taken, IntakeError> {
        let _one = self.one.lock().await;
        let now = self.clock.now();
        let world = self.world();
        let size = env.size.unwrap_or(0).max(raw.len() as u64);
        let too_large = size > self.settings.max_message_bytes;
        // A message over the limit arrives as its head alone (parsed for sender and subject).
        let parsed = mail::parse(raw, env.mail_from.as_deref(), &env.rcpt);
        let key = parsed
            .as_ref()
            .and_then(|p| p.mail.message_id.clone())
            .filter(|k| !k.is_empty())
            .unwrap_or_else(|| format!("sha256:{}", mail::sha256_hex(raw)));
        let existing = self.store.inbound_message(&key)?;
        if let Some(r) = &existing {
            if r.state != InboundState::Matching {
                tracing::info!(key = %key, state = r.state.name(), "message received again; already handled");
                return Ok(Taken {
                    key,
                    state: r.state,
                    duplicate: true,
                });
            }
        }
        let received_at = env
            .received_at
            .or_else(|| {
                parsed
                    .as_ref()
                    .and_then(|p| p.received)
                    .and_then(to_instant)
            })
            .unwrap_or(now);
        let mut rec = InboundRecord {
            key: key.clone(),
            received_at: received_at.to_rfc3339(),
            source: env.source.to_owned(),
            size,
            ..Default::default()
        };
        if too_large {
            rec.from = parsed
                .as_ref()
                .and_then(|p| p.mail.from.clone())
                .unwrap_or_default();
            rec.subject = parsed
                .as_ref()
                .map(|p| p.mail.subject.clone())
                .unwrap_or_default();
        }
        let parsed = parsed.filter(|_| !too_large);
        let Some(parsed) = parsed else {
            rec.state = InboundState::Ignored;
            if rec.from.is_empty() {
                rec.from = env
                    .mail_from
                    .as_deref()
                    .map(|f| bare_id(f).to_ascii_lowercase())
                    .unwrap_or_default();
            }
            rec.reason = if too_large {
                format!(
                    "thư quá lớn ({} byte, giới hạn {}) (message too large)",
                    size, self.settings.max_message_bytes
                )
            } else {
                "thư không đúng định dạng (malformed message)".to_owned()
            };
            self.store.insert_inbound_message(&rec)?;
            self.store.flush_async().await?;
            tracing::warn!(key = %key, reason = %rec.reason, "received message ignored");
            return Ok(Taken {
                key,
                state: rec.state,
                duplicate: false,
            });
        };
        rec.from = parsed.mail.from.clone().unwrap_or_default();
        rec.subject = parsed.mail.subject.clone();
        let verdict = if let Some(reason) = matching::automatic(&parsed.mail) {
            Verdict::Ignored(reason)
        } else {
            let candidates = self.candidates(&world, &key, &parsed.mail)?;
            let from = parsed.mail.from.clone();
            matching::decide(&parsed.mail, &candidates, &|unit| {
                self.speaks_for(&world, from.as_deref(), unit)
            })
        };
        // Evidence is kept for anything that may count: matched or waiting.
        if !matches!(verdict, Verdict::Ignored(_)) {
            rec.attachments = self.keep_attachments(&parsed.attachments)?;
        } else {
            rec.attachments = parsed
                .attachments
                .iter()
                .map(|a| AttachmentInfo {
                    name: a.name.clone(),
                    size: a.content.len() as u64,
                    sha256: a.sha256.clone(),
                    kept: false,
                })
                .collect();
        }
        match verdict {
            Verdict::Matched(ids) => {
                rec.state = InboundState::Matching;
                rec.matched = ids.clone();
                rec.reason = "khớp với thư nhắc (matched a reminder)".to_owned();
                self.store.put_inbound_message(&rec)?;
                self.store.flush_async().await?;
                self.apply(&mut rec, &ids, now).await?;
            }
            Verdict::Waiting { reason, candidates } => {
                rec.state = InboundState::Waiting;
                rec.reason = reason;
                rec.candidates = candidates;
                self.store.put_inbound_message(&rec)?;
            }
            Verdict::Ignored(reason) => {
                rec.state = InboundState::Ignored;
                rec.reason = reason;
                self.store.put_inbound_message(&rec)?;
            }
        }
        self.store.flush_async().await?;
        tracing::info!(key = %key, from = %rec.from, state = rec.state.name(), matched = ?rec.matched, reason = %rec.reason, "message received");
        Ok(Taken {
            key,
            state: rec.state,
            duplicate: false,
        })
    }

    /// The evidence the audit log keeps of a message.
    fn evidence(rec: &InboundRecord) -> serde_json::Value {
        serde_json::json!({
            "message_id": rec.key,
            "from": rec.from,
            "subject": rec.subject,
            "received_at": rec.received_at,
            "attachments": rec.attachments.iter().map(|a| serde_json::json!({
                "name": a.name, "size": a.size, "sha256": a.sha256,
            })).collect::<Vec<_>>(),
        })
    }

    /// Submits `ids` with `rec`'s evidence (those already submitted by it are skipped) and
    /// records the message as matched.
    async fn apply(
        &self,
        rec: &mut InboundRecord,
        ids: &[String],
        now: Instant,
    ) -> Result<(), IntakeError> {
        let received_at = crate::domain::time::parse_instant(&rec.received_at).unwrap_or(now);
        let evidence = Self::evidence(rec);
        let mut done = Vec::new();
        for id in ids {
            match crate::actions::submit_from_mail(
                &self.store,
                id,
                &rec.from,
                evidence.clone(),
                received_at,
                now,
            )
            .await
            {
                Ok(_) => done.push(id.clone()),
                Err(crate::actions::ActionError::Conflict { .. }) => {
                    // Submitted by this message before a crash, or closed meanwhile.
                    let still = self
                        .store
                        .occurrence(id)?
                        .is_some_and(|r| r.state == OccurrenceState::Submitted);
                    if still {
                        done.push(id.clone());
                    }
                }
                Err(crate::actions::ActionError::Store(e)) => return Err(e.into()),
                Err(e) => {
                    tracing::warn!(occurrence = %id, error = %e, "received message not applied to an occurrence")
                }
            }
        }
        rec.state = InboundState::Matched;
        rec.matched = done;
        self.store.put_inbound_message(rec)?;
        self.store.flush_async().await?;
        self.wake.notify_one();
        Ok(())
    }

    /// A coordinator assigns a waiting (or dismissed, or ignored) message to occurrences.
    pub async fn assign(
        &self,
        key: &str,
        occurrences: &[String],
        by: &str,
    ) -> Result<InboundRecord, AssignError> {
        let _one = self.one.lock().await;
        let mut rec = self
            .store
            .inbound_message(key)?
            .ok_or_else(|| AssignError::NotFound(key.to_owned()))?;
        if matches!(rec.state, InboundState::Matched | InboundState::Matching) {
            return Err(AssignError::Conflict(format!(
                "message `{key}` is already matched to {}",
                rec.matched.join(", ")
            )));
        }
        if occurrences.is_empty() {
            return Err(AssignError::Invalid(
                "choose at least one occurrence".to_owned(),
            ));
        }
        for id in occurrences {
            match self.store.occurrence(id)? {
                None => return Err(AssignError::NoOccurrence(id.clone())),
                Some(r) if r.state != OccurrenceState::Open => {
                    return Err(AssignError::Conflict(format!(
                        "occurrence `{id}` is {}; only open occurrences can be submitted",
                        r.state.name()
                    )))
                }
                Some(_) => {}
            }
        }
        let now = self.clock.now();
        rec.state = InboundState::Matching;
        rec.matched = occurrences.to_vec();
        rec.reason = format!("gán bởi {by} (assigned by a coordinator)");
        rec.decided_by = Some(by.to_owned());
        self.store.put_inbound_message(&rec)?;
        self.apply(&mut rec, occurrences, now)
            .await
            .map_err(|e| AssignError::Intake(e.to_string()))?;
        Ok(rec)
    }

    /// A coordinator dismisses a waiting message.
    pub async fn dismiss(&self, key: &str, by: &str) -> Result<InboundRecord, AssignError> {
        let _one = self.one.lock().await;
        let mut rec = self
            .store
            .inbound_message(key)?
            .ok_or_else(|| AssignError::NotFound(key.to_owned()))?;
        if matches!(rec.state, InboundState::Matched | InboundState::Matching) {
            return Err(AssignError::Conflict(format!(
                "message `{key}` is matched; reject the submission on its occurrence instead"
            )));
        }
        rec.state = InboundState::Dismissed;
        rec.reason = format!("bỏ qua bởi {by} (dismissed by a coordinator)");
        rec.decided_by = Some(by.to_owned());
        self.store.put_inbound_message(&rec)?;
        self.store.flush_async().await?;
        Ok(rec)
    }

    /// The kept file of an attachment with this hash, if it is kept.
    pub fn attachment_path(&self, sha256: &str) -> Option<PathBuf> {
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let p = self
            .settings
            .attachments_dir
            .join(sha256.to_ascii_lowercase());
        p.is_file().then_some(p)
    }
}

/// Why a coordinator's assignment or dismissal was refused.
#[derive(Debug, thiserror::Error)]
pub enum AssignError {
    #[error("no received message `{0}`")]
    NotFound(String),
    #[error("no occurrence `{0}`")]
    NoOccurrence(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Intake(String),
}

/// Writes `content` as `dir/name` readable by the owner only (written to a temporary file,
/// then renamed; an existing file of that name is the same content, named by its hash).
fn write_private(dir: &Path, name: &str, content: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    let path = dir.join(name);
    if path.is_file() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let tmp = dir.join(format!(".{name}.tmp"));
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)?;
    f.write_all(content)?;
    f.sync_all()?;
    std::fs::rename(&tmp, &path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_addresses_carry_the_code_and_match_back() {
        let a = reply_address("dondoc@tinh.gov.vn", "DD-7F3K2Q");
        assert_eq!(a, "dondoc+dd-7f3k2q@tinh.gov.vn");
        let m = matching::Mail {
            recipients: vec![a],
            ..Default::default()
        };
        assert_eq!(matching::codes(&m), ["DD-7F3K2Q"]);
    }

    #[test]
    fn recipients_and_plus_tokens() {
        let s = InboundSettings {
            recipients: vec!["dondoc@tinh.gov.vn".into()],
            ..Default::default()
        };
        for (rcpt, ok) in [
            ("<dondoc@tinh.gov.vn>", true),
            ("DonDoc@Tinh.Gov.VN", true),
            ("dondoc+dd-7f3k2q@tinh.gov.vn", true),
            ("other@tinh.gov.vn", false),
            ("dondoc@other.gov.vn", false),
            ("dondoc", false),
        ] {
            assert_eq!(s.accepts_recipient(rcpt), ok, "{rcpt}");
        }
    }

    #[test]
    fn imap_urls() {
        assert_eq!(
            parse_imap_url("imaps://bao%40tinh.gov.vn@mail.tinh.gov.vn/B%C3%A1o").unwrap(),
            (
                true,
                "mail.tinh.gov.vn".into(),
                993,
                "bao@tinh.gov.vn".into(),
                "Báo".into()
            )
        );
        assert_eq!(
            parse_imap_url("imap://u@127.0.0.1:1143").unwrap(),
            (false, "127.0.0.1".into(), 1143, "u".into(), "INBOX".into())
        );
        for bad in [
            "https://u@h/",
            "imaps://h/INBOX",
            "imaps://u:pw@h/INBOX",
            "nonsense",
        ] {
            assert!(parse_imap_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn attachments_are_written_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("files");
        write_private(&sub, "abc", b"x").unwrap();
        write_private(&sub, "abc", b"x").unwrap();
        let mode = std::fs::metadata(sub.join("abc"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
