//! The stored encoding of occurrence records: compact binary (schema version 2, what the key says left out), version 1 JSON still read, the one-time rewrite of a store's records, and their JSON for backups.
//!
//! A version 2 value is the byte `2` then the postcard encoding of [`Compact`]. The record's
//! id is its key; plan, obligation, assignee and period are the key's four `/`-separated parts,
//! stored only when they differ (a record moved to another unit keeps the id it was created
//! under). Instants are seconds since the Unix epoch and nanoseconds, read back in the plans'
//! zone. A version 1 value is JSON (`{"v":1,…}`), so its first byte is `{`.

use serde::{Deserialize, Serialize};

use super::{
    decode, encode, Decision, Extension, OccurrenceRecord, OccurrenceState, Rejected, StoreError,
    Submission,
};
use crate::domain::time::{Instant, ZONE};

/// The schema version of the occurrence records this dondoc writes (other trees: JSON,
/// [`super::SCHEMA_VERSION`]).
pub const OCCURRENCE_VERSION: u8 = 2;

/// The `meta` key saying every occurrence record that could be was rewritten in version 2.
pub(super) const COMPACT_READY: &str = "occurrences_compact";

/// Records rewritten per sled batch by the migration.
const BATCH: usize = 1000;

const TREE: &str = "occurrences";

/// An instant: seconds since the Unix epoch, and nanoseconds within the second.
#[derive(Serialize, Deserialize)]
struct Time(i64, u32);

impl Time {
    fn of(t: &Instant) -> Self {
        Time(t.timestamp(), t.timestamp_subsec_nanos())
    }

    fn instant(&self) -> Option<Instant> {
        chrono::DateTime::from_timestamp(self.0, self.1).map(|t| t.with_timezone(&ZONE))
    }
}

#[derive(Serialize, Deserialize)]
struct CompactDecision<'a> {
    at: Time,
    by: &'a str,
    #[serde(borrow)]
    reason: Option<&'a str>,
}

#[derive(Serialize, Deserialize)]
struct CompactSubmission<'a> {
    at: Time,
    by: &'a str,
    #[serde(borrow)]
    document: Option<&'a str>,
    #[serde(borrow)]
    note: Option<&'a str>,
}

#[derive(Serialize, Deserialize)]
struct CompactExtension<'a> {
    due: Time,
    number: u32,
    #[serde(borrow)]
    decision: CompactDecision<'a>,
}

/// A version 2 record after its version byte. Postcard writes the fields in this order,
/// without names: a change of fields is a new schema version.
#[derive(Serialize, Deserialize)]
struct Compact<'a> {
    /// See [`state_code`].
    state: u8,
    /// None: the key's third part (so do the three below: first, second, fourth).
    #[serde(borrow)]
    assignee: Option<&'a str>,
    #[serde(borrow)]
    plan: Option<&'a str>,
    #[serde(borrow)]
    obligation: Option<&'a str>,
    #[serde(borrow)]
    period: Option<&'a str>,
    due: Time,
    wording: &'a str,
    inferred: bool,
    #[serde(borrow)]
    handled: Vec<&'a str>,
    #[serde(borrow)]
    submission: Option<CompactSubmission<'a>>,
    #[serde(borrow)]
    review: Option<CompactDecision<'a>>,
    #[serde(borrow)]
    rejected: Option<(CompactSubmission<'a>, CompactDecision<'a>)>,
    #[serde(borrow)]
    extension: Option<CompactExtension<'a>>,
    #[serde(borrow)]
    closure: Option<CompactDecision<'a>>,
}

/// The stored code of a state (fixed: the enum's order may change, these may not).
fn state_code(s: OccurrenceState) -> u8 {
    match s {
        OccurrenceState::Open => 0,
        OccurrenceState::Submitted => 1,
        OccurrenceState::Confirmed => 2,
        OccurrenceState::Waived => 3,
        OccurrenceState::Cancelled => 4,
        OccurrenceState::History => 5,
    }
}

fn state_of_code(c: u8) -> Option<OccurrenceState> {
    Some(match c {
        0 => OccurrenceState::Open,
        1 => OccurrenceState::Submitted,
        2 => OccurrenceState::Confirmed,
        3 => OccurrenceState::Waived,
        4 => OccurrenceState::Cancelled,
        5 => OccurrenceState::History,
        _ => return None,
    })
}

/// The plan, obligation, assignee and period an id names (`plan/obligation/assignee/period`),
/// when it has exactly four parts.
fn parts(id: &str) -> Option<[&str; 4]> {
    let mut it = id.split('/');
    let p = [it.next()?, it.next()?, it.next()?, it.next()?];
    it.next().is_none().then_some(p)
}

fn decision(d: &Decision) -> CompactDecision<'_> {
    CompactDecision {
        at: Time::of(&d.at),
        by: &d.by,
        reason: d.reason.as_deref(),
    }
}

fn submission(s: &Submission) -> CompactSubmission<'_> {
    CompactSubmission {
        at: Time::of(&s.at),
        by: &s.by,
        document: s.document.as_deref(),
        note: s.note.as_deref(),
    }
}

/// A record in version 2, to be stored under its id.
pub(super) fn encode_occurrence(rec: &OccurrenceRecord) -> Vec<u8> {
    let derived = parts(&rec.id);
    // What the id says is left out.
    fn keep<'a>(derived: Option<[&str; 4]>, i: usize, value: &'a str) -> Option<&'a str> {
        derived.is_none_or(|p| p[i] != value).then_some(value)
    }
    let keep = |i, value| keep(derived, i, value);
    let compact = Compact {
        state: state_code(rec.state),
        assignee: keep(2, &rec.assignee),
        plan: keep(0, &rec.plan),
        obligation: keep(1, &rec.obligation),
        period: keep(3, &rec.period),
        due: Time::of(&rec.due),
        wording: &rec.wording,
        inferred: rec.inferred,
        handled: rec.handled.iter().map(String::as_str).collect(),
        submission: rec.submission.as_ref().map(submission),
        review: rec.review.as_ref().map(decision),
        rejected: rec
            .rejected
            .as_ref()
            .map(|r| (submission(&r.submission), decision(&r.decision))),
        extension: rec.extension.as_ref().map(|e| CompactExtension {
            due: Time::of(&e.due),
            number: e.number,
            decision: decision(&e.decision),
        }),
        closure: rec.closure.as_ref().map(decision),
    };
    let out = vec![OCCURRENCE_VERSION];
    postcard::to_extend(&compact, out).expect("occurrence records serialize")
}

/// The version of a stored occurrence value: Ok(None) for version 1 JSON, Ok(Some(bytes after
/// the version byte)) for version 2; a newer version is refused.
fn compact_body<'a>(key: &[u8], bytes: &'a [u8]) -> Result<Option<&'a [u8]>, StoreError> {
    match bytes.first() {
        Some(b'{') => Ok(None),
        Some(&OCCURRENCE_VERSION) => Ok(Some(&bytes[1..])),
        Some(&v) if v > OCCURRENCE_VERSION => Err(StoreError::TooNew {
            tree: TREE,
            key: String::from_utf8_lossy(key).into_owned(),
            found: u32::from(v),
            reads: u32::from(OCCURRENCE_VERSION),
        }),
        Some(v) => Err(unreadable(key, format!("unknown leading byte {v}"))),
        None => Err(unreadable(key, "empty value".to_owned())),
    }
}

fn unreadable(key: &[u8], detail: String) -> StoreError {
    StoreError::Unreadable {
        tree: TREE,
        key: String::from_utf8_lossy(key).into_owned(),
        detail,
    }
}

/// `T` from the whole of `body`: trailing bytes are an error.
fn from_body<'a, T: Deserialize<'a>>(key: &[u8], body: &'a [u8]) -> Result<T, StoreError> {
    match postcard::take_from_bytes::<T>(body) {
        Ok((v, [])) => Ok(v),
        Ok((_, rest)) => Err(unreadable(
            key,
            format!("{} bytes after the record", rest.len()),
        )),
        Err(e) => Err(unreadable(key, e.to_string())),
    }
}

/// The occurrence record stored under `key` (version 2, or version 1 JSON).
pub(super) fn decode_occurrence(key: &[u8], bytes: &[u8]) -> Result<OccurrenceRecord, StoreError> {
    let Some(body) = compact_body(key, bytes)? else {
        return decode(TREE, key, bytes);
    };
    let c: Compact = from_body(key, body)?;
    let id = std::str::from_utf8(key).map_err(|_| unreadable(key, "key is not UTF-8".into()))?;
    let derived = parts(id);
    let field = |i: usize, stored: Option<&str>, name: &str| -> Result<String, StoreError> {
        match (stored, derived) {
            (Some(v), _) => Ok(v.to_owned()),
            (None, Some(p)) => Ok(p[i].to_owned()),
            (None, None) => Err(unreadable(
                key,
                format!("no {name}, and the key does not name one"),
            )),
        }
    };
    let instant = |t: &Time| {
        t.instant()
            .ok_or_else(|| unreadable(key, format!("instant {}.{} out of range", t.0, t.1)))
    };
    let decision = |d: &CompactDecision| -> Result<Decision, StoreError> {
        Ok(Decision {
            at: instant(&d.at)?,
            by: d.by.to_owned(),
            reason: d.reason.map(str::to_owned),
        })
    };
    let submission = |s: &CompactSubmission| -> Result<Submission, StoreError> {
        Ok(Submission {
            at: instant(&s.at)?,
            by: s.by.to_owned(),
            document: s.document.map(str::to_owned),
            note: s.note.map(str::to_owned),
        })
    };
    Ok(OccurrenceRecord {
        id: id.to_owned(),
        plan: field(0, c.plan, "plan")?,
        obligation: field(1, c.obligation, "obligation")?,
        assignee: field(2, c.assignee, "assignee")?,
        period: field(3, c.period, "period")?,
        due: instant(&c.due)?,
        wording: c.wording.to_owned(),
        inferred: c.inferred,
        state: state_of_code(c.state)
            .ok_or_else(|| unreadable(key, format!("unknown state {}", c.state)))?,
        handled: c.handled.iter().map(|h| (*h).to_owned()).collect(),
        submission: c.submission.as_ref().map(submission).transpose()?,
        review: c.review.as_ref().map(decision).transpose()?,
        rejected: c
            .rejected
            .as_ref()
            .map(|(s, d)| {
                Ok::<_, StoreError>(Rejected {
                    submission: submission(s)?,
                    decision: decision(d)?,
                })
            })
            .transpose()?,
        extension: c
            .extension
            .as_ref()
            .map(|e| {
                Ok::<_, StoreError>(Extension {
                    due: instant(&e.due)?,
                    number: e.number,
                    decision: decision(&e.decision)?,
                })
            })
            .transpose()?,
        closure: c.closure.as_ref().map(decision).transpose()?,
    })
}

/// The version 1 JSON of a stored occurrence value, as a backup holds it: the value itself when
/// it is JSON, else the JSON of its record (the bytes version 1 would have stored). None when
/// it cannot be read (it then goes into a backup as it is).
pub(super) fn json_of<'a>(key: &[u8], bytes: &'a [u8]) -> Option<std::borrow::Cow<'a, [u8]>> {
    match compact_body(key, bytes) {
        Ok(None) => Some(bytes.into()),
        Ok(Some(_)) => decode_occurrence(key, bytes)
            .ok()
            .map(|rec| encode(&rec).into()),
        Err(_) => None,
    }
}

/// The version 2 value of a version 1 JSON value stored under `key` (a migration or a restore):
/// None when it is not a record this dondoc reads, is not stored under its own id, or does not
/// read back the same (it is then kept as it is).
pub(super) fn compact_of_json(key: &[u8], json: &[u8]) -> Option<Vec<u8>> {
    if json.first() != Some(&b'{') {
        return None;
    }
    let rec: OccurrenceRecord = decode(TREE, key, json).ok()?;
    if rec.id.as_bytes() != key {
        return None;
    }
    let compact = encode_occurrence(&rec);
    (decode_occurrence(key, &compact).ok()? == rec).then_some(compact)
}

/// Rewrites a store's version 1 occurrence records in version 2, once: in batches (a crash
/// leaves each record in one version or the other, both read), then `COMPACT_READY` in `meta`.
/// A store without occurrences is left as it is (an empty store stays empty, ready for a
/// restore). Runs while the store is opened, before it is shared.
pub(super) fn migrate(
    db: &sled::Db,
    occurrences: &sled::Tree,
    meta: &sled::Tree,
) -> Result<(), StoreError> {
    if occurrences.is_empty() || meta.get(COMPACT_READY)?.is_some() {
        return Ok(());
    }
    let (mut rewritten, mut kept) = (0usize, 0usize);
    let mut batch = sled::Batch::default();
    let mut in_batch = 0;
    for item in occurrences.iter() {
        let (k, v) = item?;
        if v.first() != Some(&b'{') {
            continue;
        }
        match compact_of_json(&k, &v) {
            Some(c) => {
                batch.insert(k, c);
                in_batch += 1;
                rewritten += 1;
            }
            None => kept += 1,
        }
        if in_batch == BATCH {
            occurrences.apply_batch(std::mem::take(&mut batch))?;
            in_batch = 0;
        }
    }
    if in_batch > 0 {
        occurrences.apply_batch(batch)?;
    }
    meta.insert(COMPACT_READY, &b"1"[..])?;
    db.flush()?;
    if rewritten > 0 || kept > 0 {
        tracing::info!(
            rewritten,
            kept_as_json = kept,
            "occurrence records rewritten in the compact encoding (schema version 2)"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_instant;

    fn t(s: &str) -> Instant {
        parse_instant(s).unwrap()
    }

    fn decided(at: &str, reason: Option<&str>) -> Decision {
        Decision {
            at: t(at),
            by: "admin".into(),
            reason: reason.map(str::to_owned),
        }
    }

    fn base() -> OccurrenceRecord {
        OccurrenceRecord {
            id: "kh/bao-cao/xa-a/2024-Q1".into(),
            plan: "kh".into(),
            obligation: "bao-cao".into(),
            assignee: "xa-a".into(),
            period: "2024-Q1".into(),
            due: t("2024-04-13T00:00:00+07:00"),
            wording: "trước ngày 13 tháng đầu quý sau".into(),
            inferred: false,
            state: OccurrenceState::Open,
            handled: vec!["reminder-7".into(), "reminder-3+e1".into()],
            ..Default::default()
        }
    }

    fn sub(at: &str, document: Option<&str>, note: Option<&str>) -> Submission {
        Submission {
            at: t(at),
            by: "email xa@example.vn".into(),
            document: document.map(str::to_owned),
            note: note.map(str::to_owned),
        }
    }

    /// Every field, each absent and present, in every state.
    fn table() -> Vec<(&'static str, OccurrenceRecord)> {
        let mut rows = vec![("plain", base())];
        for s in OccurrenceState::ALL {
            rows.push((
                "each state",
                OccurrenceRecord {
                    state: s,
                    inferred: true,
                    wording: String::new(),
                    handled: vec![],
                    ..base()
                },
            ));
        }
        rows.extend([
            (
                "submitted, document and note",
                OccurrenceRecord {
                    state: OccurrenceState::Submitted,
                    submission: Some(sub(
                        "2024-04-10T09:15:00+07:00",
                        Some("Số 12/BC-UBND"),
                        Some("Báo cáo nhận qua thư điện tử"),
                    )),
                    ..base()
                },
            ),
            (
                "confirmed, no document",
                OccurrenceRecord {
                    state: OccurrenceState::Confirmed,
                    submission: Some(sub("2024-04-10T09:15:00+07:00", None, None)),
                    review: Some(decided("2024-04-11T08:00:00+07:00", None)),
                    ..base()
                },
            ),
            (
                "rejected and extended, with milliseconds",
                OccurrenceRecord {
                    rejected: Some(Rejected {
                        submission: sub("2024-04-10T09:15:00.001+07:00", Some("12"), None),
                        decision: decided("2024-04-11T08:00:00+07:00", Some("Thiếu số liệu")),
                    }),
                    extension: Some(Extension {
                        due: t("2024-04-21T17:30:15.250+07:00"),
                        number: 3,
                        decision: decided("2024-04-11T08:05:00.999999999+07:00", Some("Chờ")),
                    }),
                    ..base()
                },
            ),
            (
                "waived",
                OccurrenceRecord {
                    state: OccurrenceState::Waived,
                    closure: Some(decided("2023-01-02T07:30:00+07:00", Some("unit ended"))),
                    ..base()
                },
            ),
            (
                "moved to another unit",
                OccurrenceRecord {
                    assignee: "xa-moi".into(),
                    ..base()
                },
            ),
            (
                "fields unlike the id's",
                OccurrenceRecord {
                    plan: "other".into(),
                    obligation: String::new(),
                    period: "2024/Q1".into(),
                    ..base()
                },
            ),
            (
                "an id of other than four parts",
                OccurrenceRecord {
                    id: "kh/bao-cao/xa-a/2024/Q1".into(),
                    period: "2024/Q1".into(),
                    ..base()
                },
            ),
            (
                "before 1970, past 9999, offset of the time",
                OccurrenceRecord {
                    due: t("1960-01-01T00:00:00+08:00"),
                    extension: Some(Extension {
                        due: t("+10000-01-01T00:00:00+07:00"),
                        number: 1,
                        decision: decided("2024-01-01T00:00:00Z", None),
                    }),
                    ..base()
                },
            ),
        ]);
        rows
    }

    #[test]
    fn every_field_round_trips_in_the_compact_encoding() {
        for (name, rec) in table() {
            let bytes = encode_occurrence(&rec);
            assert_eq!(bytes[0], OCCURRENCE_VERSION, "{name}");
            let back = decode_occurrence(rec.id.as_bytes(), &bytes).unwrap();
            assert_eq!(back, rec, "{name}");
            // The same JSON as version 1 wrote, and the same instants and zone.
            assert_eq!(back.due.timezone(), ZONE, "{name}");
            assert_eq!(
                back.effective_due().to_rfc3339(),
                rec.effective_due().to_rfc3339(),
                "{name}"
            );
            assert_eq!(
                json_of(rec.id.as_bytes(), &bytes).unwrap().as_ref(),
                encode(&rec).as_slice(),
                "{name}"
            );
            // Version 1 bytes of the record read the same, and convert.
            let json = encode(&rec);
            assert_eq!(
                decode_occurrence(rec.id.as_bytes(), &json).unwrap(),
                rec,
                "{name}"
            );
            assert_eq!(
                compact_of_json(rec.id.as_bytes(), &json),
                Some(bytes),
                "{name}"
            );
        }
    }

    #[test]
    fn the_compact_encoding_is_small_and_leaves_out_what_the_key_says() {
        let rec = base();
        let bytes = encode_occurrence(&rec);
        let json = encode(&rec);
        assert!(
            bytes.len() * 3 < json.len(),
            "{} vs {}",
            bytes.len(),
            json.len()
        );
        let text = String::from_utf8_lossy(&bytes);
        for part in ["kh", "bao-cao", "xa-a", "2024-Q1"] {
            assert!(!text.contains(part), "{part} in {text:?}");
        }
    }

    #[test]
    fn newer_versions_and_damaged_values_are_refused_clearly() {
        let key = b"kh/bao-cao/xa-a/2024-Q1";
        let mut newer = encode_occurrence(&base());
        newer[0] = 3;
        let err = decode_occurrence(key, &newer).unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::TooNew {
                    found: 3,
                    reads: 2,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains("upgrade dondoc"), "{err}");
        assert!(json_of(key, &newer).is_none());
        // A newer JSON version is refused as before.
        let err = decode_occurrence(key, br#"{"v":99,"id":"x"}"#).unwrap_err();
        assert!(
            matches!(err, StoreError::TooNew { found: 99, .. }),
            "{err:?}"
        );

        let good = encode_occurrence(&base());
        let damaged: Vec<(&str, Vec<u8>)> = vec![
            ("empty", vec![]),
            ("version 1 without JSON", vec![1, 0]),
            ("cut short", good[..good.len() / 2].to_vec()),
            ("trailing bytes", [good.as_slice(), &[0]].concat()),
            ("unknown state", [&[2u8, 9][..], &good[2..]].concat()),
        ];
        for (name, bytes) in damaged {
            let err = decode_occurrence(key, &bytes).unwrap_err();
            assert!(
                matches!(err, StoreError::Unreadable { .. }),
                "{name}: {err:?}"
            );
            assert!(
                err.to_string().contains("kh/bao-cao/xa-a/2024-Q1"),
                "{name}: {err}"
            );
        }
        // A key that does not name the parts left out.
        let err = decode_occurrence(b"other-key", &good).unwrap_err();
        assert!(err.to_string().contains("does not name"), "{err}");
        // Under another id than its own, a JSON record is not converted.
        assert!(compact_of_json(b"x/y/z/w", &encode(&base())).is_none());
    }

    #[test]
    fn opening_rewrites_json_records_once_and_a_half_done_rewrite_is_finished() {
        use crate::store::Store;
        let dir = tempfile::tempdir().unwrap();
        let recs: Vec<OccurrenceRecord> = table()
            .into_iter()
            .enumerate()
            .map(|(i, (_, r))| OccurrenceRecord {
                id: format!("kh/bao-cao/xa-{i}/2024-Q1"),
                ..r
            })
            .collect();
        // Wherever the store keeps it (live records apart from the others).
        let stored = |s: &Store, id: &str| {
            super::super::occurrences::stored_bytes(&s.h().unwrap(), id)
                .unwrap()
                .unwrap()
                .0
        };
        {
            let s = Store::open(dir.path()).unwrap();
            // An empty store is left empty (ready for a restore).
            assert!(s.h().unwrap().meta.get(COMPACT_READY).unwrap().is_none());
            // As a previous release wrote them, but one record already rewritten (a rewrite
            // cut short), and one record that cannot be read.
            // All in one tree, one entry each, as that release kept them.
            let one_tree = s
                .h()
                .unwrap()
                .db
                .open_tree(super::super::closed::ONE_TREE)
                .unwrap();
            for (i, r) in recs.iter().enumerate() {
                let value = match i {
                    1 => encode_occurrence(r),
                    _ => encode(r),
                };
                one_tree.insert(&r.id, value).unwrap();
            }
            one_tree
                .insert(
                    "kh/bao-cao/xa-z/2024-Q1",
                    &br#"{"v":1,"assignee":"xa-z","state":"history"}"#[..],
                )
                .unwrap();
            s.flush().unwrap();
        }
        let s = Store::open(dir.path()).unwrap();
        assert!(s.h().unwrap().meta.get(COMPACT_READY).unwrap().is_some());
        for r in &recs {
            assert_eq!(stored(&s, &r.id)[0], OCCURRENCE_VERSION, "{}", r.id);
            assert_eq!(s.occurrence(&r.id).unwrap().as_ref(), Some(r));
        }
        // The unreadable record is kept as it was, and still refused when read.
        assert_eq!(
            &stored(&s, "kh/bao-cao/xa-z/2024-Q1")[..],
            br#"{"v":1,"assignee":"xa-z","state":"history"}"#
        );
        assert!(s.occurrence("kh/bao-cao/xa-z/2024-Q1").is_err());
        // Once marked, opening rewrites nothing: a JSON record written now stays JSON.
        let json = encode(&recs[0]);
        let h = s.h().unwrap();
        if h.hot.contains_key(&recs[0].id).unwrap() {
            h.hot.insert(&recs[0].id, json.clone()).unwrap();
        } else {
            let op = (recs[0].id.as_bytes().to_vec(), Some(json.clone()));
            super::super::packed::CLOSED
                .apply(&h.closed, &[op])
                .unwrap();
        }
        drop(h);
        s.flush().unwrap();
        drop(s);
        let s = Store::open(dir.path()).unwrap();
        assert_eq!(&stored(&s, &recs[0].id)[..], json.as_slice());
        assert_eq!(s.occurrence(&recs[0].id).unwrap().as_ref(), Some(&recs[0]));
        // Writes are compact.
        s.update_occurrence(&recs[0].id, |r| {
            r.handled.push("due".into());
            true
        })
        .unwrap();
        assert_eq!(stored(&s, &recs[0].id)[0], OCCURRENCE_VERSION);
    }
}
