//! Backup and restore of the whole store as JSON Lines. Every sled call of both lives here.
//!
//! The dump is one header line, one line per record, and an end line:
//!
//! ```text
//! {"format":"dondoc-backup","format_version":1,"dondoc_version":"0.1.0","schema_version":1,"created_at":"…","next_id":1234}
//! {"tree":"occurrences","key":"kh/ob/xa/2024-Q1","value":{"v":1,…}}
//! {"tree":"audit","key_hex":"6b682f…","value":{"v":1,…}}
//! {"tree":"pending","key":"kh/ob/xa/2024-Q1#reminder-7@xa","value_hex":""}
//! {"end":{"records":3,"sha256":"…","records_sha256":"…"}}
//! ```
//!
//! Keys are written as text when they are UTF-8 (`key`), else as hex (`key_hex`); values are
//! written as the stored JSON itself, byte for byte (`value`), else as hex (`value_hex`).
//! Occurrence records, stored in a compact binary encoding, are written as the JSON of schema
//! version 1 (what the store held before it, byte for byte) and stored compact again by a
//! restore (see `encoding`); the `meta` mark of that encoding is left out.
//! `sha256` covers every byte of the file before the end line; `records_sha256` covers the
//! records themselves (see [`RecordDigest`]), so a restore can check the store it wrote.
//!
//! **Consistency.** sled has no snapshot across trees and its iterators are not snapshots. Every
//! write method of [`Store`] holds the store's `pause` lock shared; a dump holds it exclusively
//! while it copies the records (an in-memory copy of reference-counted buffers, then released
//! before anything is serialized or sent). The dump is therefore the store exactly as it was
//! between two store writes: the state a crash at that instant would have left once flushed.
//! Multi-write actions (an occurrence update and its audit line) are not atomic in the store,
//! so a dump can fall between the two, exactly as a crash can; dondoc already tolerates that
//! (index keys are written before the records they point to and removed after, so a dump's
//! pending and open indexes hold every unsent entry and open occurrence; delivery is idempotent).
//! The live index, the tallies and the index by deadline are left out: a restore builds them
//! from the occurrence records. The live records the store keeps apart (`hot`) and the closed
//! ones it packs in buckets (`closed`) are written as one tree of one record each,
//! `occurrences`; a restore writes them so and puts them in their places again.

use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use super::encoding::{compact_of_json, json_of, COMPACT_READY};
use super::{Store, StoreError, SCHEMA_VERSION};

/// The `format` of the header line.
pub const FORMAT: &str = "dondoc-backup";
/// The version of the line format this dondoc writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// The first line of a dump.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub format_version: u32,
    pub dondoc_version: String,
    /// The store's value schema version ([`SCHEMA_VERSION`]) of the dondoc that wrote it.
    pub schema_version: u32,
    /// RFC 3339.
    pub created_at: String,
    /// sled's id generator at dump time: a restore moves the new store's generator past it, so
    /// log keys (which embed generated ids) stay unique and in order.
    #[serde(default)]
    pub next_id: u64,
    /// Whether the dump holds the store's secrets (the link-signing key, from which the
    /// calendar feed keys derive): only with `dondoc backup --with-secrets`.
    #[serde(default)]
    pub with_secrets: bool,
}

/// The `meta` keys that hold secrets (see `Store::secret`): left out of a dump unless asked.
pub const SECRET_PREFIX: &[u8] = b"secret/";

/// The trees a restore builds from the occurrence records (the tallies, the index by
/// deadline), left out of a dump, and the `meta` mark saying they are kept.
const DERIVED_TREES: [&[u8]; 2] = [b"by_due", b"tallies"];
const DERIVED_MARK: &[u8] = super::aggregates::AGGREGATES_READY.as_bytes();

/// Whether a record is one of the store's secrets.
fn is_secret(tree: &[u8], key: &[u8]) -> bool {
    tree == b"meta" && key.starts_with(SECRET_PREFIX)
}

/// Whether a record says how the store encodes its records, not what they hold.
fn is_encoding_mark(tree: &[u8], key: &[u8]) -> bool {
    tree == b"meta" && key == COMPACT_READY.as_bytes()
}

/// The tree of occurrence records (compact in the store, JSON in a backup).
const OCCURRENCES: &str = "occurrences";

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordLine<'a> {
    tree: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key_hex: Option<String>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    value: Option<&'a RawValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value_hex: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct End {
    records: u64,
    sha256: String,
    records_sha256: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EndLine {
    end: End,
}

/// What a dump or a restore came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub records: u64,
    /// Records per tree, by tree name.
    pub trees: Vec<(String, u64)>,
    pub header: Header,
}

/// Why a backup file cannot be restored (or a dump not written).
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("store: {0}")]
    Sled(#[from] sled::Error),
    #[error("{file}: {0}", file = .1)]
    Io(std::io::Error, String),
    #[error("{file}:{line}: {message}")]
    Bad {
        file: String,
        line: u64,
        message: String,
    },
    #[error("{file}: the backup is truncated after line {lines}: its end line (record count and checksum) is missing; the file was cut short, use another backup")]
    Truncated { file: String, lines: u64 },
    #[error("the store is not empty (tree `{tree}` holds {count} records): restore only into an empty store folder (stop dondoc, move the folder aside, then restore)")]
    NotEmpty { tree: String, count: usize },
    #[error("{file}: after restoring, the store's records do not match the backup's checksum (restored {records} records); the store folder is now inconsistent: delete it and try again")]
    Mismatch { file: String, records: u64 },
}

/// A digest of records in order: for each, the tree name, a NUL, the key's length (u64 big
/// endian), the key, the value's length, the value.
#[derive(Default)]
pub struct RecordDigest {
    hasher: Sha256,
    count: u64,
}

impl RecordDigest {
    pub fn add(&mut self, tree: &[u8], key: &[u8], value: &[u8]) {
        self.hasher.update(tree);
        self.hasher.update([0u8]);
        self.hasher.update((key.len() as u64).to_be_bytes());
        self.hasher.update(key);
        self.hasher.update((value.len() as u64).to_be_bytes());
        self.hasher.update(value);
        self.count += 1;
    }

    pub fn finish(self) -> (u64, String) {
        (self.count, hex::encode(self.hasher.finalize()))
    }
}

/// A key as printable text: UTF-8 with no control characters.
fn text_key(key: &[u8]) -> Option<&str> {
    std::str::from_utf8(key)
        .ok()
        .filter(|s| !s.chars().any(char::is_control))
}

/// The stored value as JSON, when it is JSON that reads back byte for byte.
fn json_value(value: &[u8]) -> Option<&RawValue> {
    let text = std::str::from_utf8(value).ok()?;
    let raw: &RawValue = serde_json::from_str(text).ok()?;
    (raw.get() == text).then_some(raw)
}

/// Writes `line` and a newline to `out`, hashing both.
fn emit(
    out: &mut impl Write,
    hasher: &mut Sha256,
    line: &[u8],
    file: &str,
) -> Result<(), BackupError> {
    hasher.update(line);
    hasher.update(b"\n");
    out.write_all(line)
        .and_then(|_| out.write_all(b"\n"))
        .map_err(|e| BackupError::Io(e, file.to_owned()))
}

type Records = Vec<(sled::IVec, Vec<(sled::IVec, sled::IVec)>)>;

impl Store {
    /// The shared side of the write pause: held by every write method.
    /// Refused (`Unavailable`) while the store is failing.
    pub(super) fn writing(&self) -> Result<std::sync::RwLockReadGuard<'_, ()>, StoreError> {
        let held = self.pause.read().unwrap_or_else(|e| e.into_inner());
        if self.failing().is_some() {
            drop(held);
            self.recover()?;
            return Ok(self.pause.read().unwrap_or_else(|e| e.into_inner()));
        }
        Ok(held)
    }

    /// Every tree's records but the derived ones, copied while no store write is in progress.
    fn snapshot(&self) -> Result<(Records, u64), StoreError> {
        let _paused = self.pause.write().unwrap_or_else(|e| e.into_inner());
        let h = self.h()?;
        let mut names = h.db.tree_names();
        // Occurrence records are kept in three trees (live ones in `hot`, the others packed in
        // `closed`, and any not yet put in place in the one-tree layout): a dump holds them as
        // one tree of one record each, as the first release kept them.
        names.retain(|n| !DERIVED_TREES.contains(&&n[..]) && !matches!(&n[..], b"hot" | b"closed"));
        // The trees that exist (the one-tree layout's, normally dropped, is named either way).
        let existing = names.clone();
        if !existing.iter().any(|n| &n[..] == OCCURRENCES.as_bytes()) {
            names.push(sled::IVec::from(OCCURRENCES));
        }
        names.sort();
        let mut out = Vec::new();
        for name in names {
            let mut records = match existing.contains(&name) {
                true => {
                    h.db.open_tree(&name)?
                        .iter()
                        .collect::<Result<Vec<_>, _>>()?
                }
                false => Vec::new(),
            };
            if &name[..] == OCCURRENCES.as_bytes() {
                let mut all = h.hot.iter().collect::<Result<Vec<_>, _>>()?;
                super::closed::for_each(&h.closed, b"", |k, v| {
                    all.push((k.into(), v.into()));
                    Ok(())
                })?;
                all.append(&mut records);
                records = all;
                // Stable: a record found twice keeps its live copy.
                records.sort_by(|a, b| a.0.cmp(&b.0));
                records.dedup_by(|a, b| a.0 == b.0);
            }
            out.push((name, records));
        }
        let next_id = self.h()?.db.generate_id()?;
        Ok((out, next_id))
    }

    /// Writes a dump of the whole store to `out` (`file` names it in errors). Writes are paused
    /// only while the records are copied in memory, not while they are written out.
    /// The store's secrets (the link-signing key) are left out unless `with_secrets`.
    pub fn dump(
        &self,
        out: &mut impl Write,
        created_at: &str,
        file: &str,
        with_secrets: bool,
    ) -> Result<Summary, BackupError> {
        let (mut trees, next_id) = self.snapshot()?;
        for (name, records) in &mut trees {
            records.retain(|(k, _)| {
                let internal = is_encoding_mark(name, k)
                    || (&name[..] == b"meta" && k.as_ref() == DERIVED_MARK);
                let withheld = !with_secrets && is_secret(name, k);
                !(internal || withheld)
            });
        }
        let header = Header {
            format: FORMAT.to_owned(),
            format_version: FORMAT_VERSION,
            dondoc_version: env!("CARGO_PKG_VERSION").to_owned(),
            schema_version: SCHEMA_VERSION,
            created_at: created_at.to_owned(),
            next_id,
            with_secrets,
        };
        let mut hasher = Sha256::new();
        let mut digest = RecordDigest::default();
        let line = serde_json::to_vec(&header).expect("header serializes");
        emit(out, &mut hasher, &line, file)?;
        let mut counts = Vec::new();
        for (name, records) in &trees {
            let tree = String::from_utf8_lossy(name).into_owned();
            if !records.is_empty() {
                counts.push((tree.clone(), records.len() as u64));
            }
            for (k, v) in records {
                let v = match &name[..] == OCCURRENCES.as_bytes() {
                    true => json_of(k, v).unwrap_or(std::borrow::Cow::Borrowed(v)),
                    false => std::borrow::Cow::Borrowed(&v[..]),
                };
                digest.add(name, k, &v);
                let (key, key_hex) = match text_key(k) {
                    Some(t) => (Some(t.to_owned()), None),
                    None => (None, Some(hex::encode(k))),
                };
                let (value, value_hex) = match json_value(&v) {
                    Some(raw) => (Some(raw), None),
                    None => (None, Some(hex::encode(&v))),
                };
                let rec = RecordLine {
                    tree: tree.clone(),
                    key,
                    key_hex,
                    value,
                    value_hex,
                };
                let line = serde_json::to_vec(&rec).expect("record serializes");
                emit(out, &mut hasher, &line, file)?;
            }
        }
        let (records, records_sha256) = digest.finish();
        let end = EndLine {
            end: End {
                records,
                sha256: hex::encode(hasher.finalize()),
                records_sha256,
            },
        };
        let line = serde_json::to_vec(&end).expect("end serializes");
        out.write_all(&line)
            .and_then(|_| out.write_all(b"\n"))
            .and_then(|_| out.flush())
            .map_err(|e| BackupError::Io(e, file.to_owned()))?;
        Ok(Summary {
            records,
            trees: counts,
            header,
        })
    }

    /// A dump in memory.
    pub fn dump_to_vec(
        &self,
        created_at: &str,
        with_secrets: bool,
    ) -> Result<(Vec<u8>, Summary), BackupError> {
        let mut buf = Vec::new();
        let summary = self.dump(&mut buf, created_at, "(memory)", with_secrets)?;
        Ok((buf, summary))
    }

    /// Loads a dump into this store, which must be empty. The whole file is read and checked
    /// (header, every line, record count, checksum) before anything is written; after writing,
    /// the store's records are checked against the file's digest and flushed.
    pub fn restore(&self, input: impl BufRead, file: &str) -> Result<Summary, BackupError> {
        for name in self.h()?.db.tree_names() {
            let tree = self.h()?.db.open_tree(&name)?;
            if !tree.is_empty() {
                return Err(BackupError::NotEmpty {
                    tree: String::from_utf8_lossy(&name).into_owned(),
                    count: tree.len(),
                });
            }
        }
        let parsed = parse(input, file)?;
        // Occurrence records are stored compact: key → (the compact value, the backup's JSON).
        let compact: std::collections::HashMap<&[u8], (Vec<u8>, &[u8])> = parsed
            .trees
            .iter()
            .filter(|(t, _)| t == OCCURRENCES)
            .flat_map(|(_, records)| records)
            .filter_map(|(k, v)| Some((k.as_slice(), (compact_of_json(k, v)?, v.as_slice()))))
            .collect();
        let _w = self.writing()?;
        let mut max_log_id = 0u64;
        for (tree_name, records) in &parsed.trees {
            let tree = self.h()?.db.open_tree(tree_name.as_bytes())?;
            let mut batch = sled::Batch::default();
            for (k, v) in records {
                match compact
                    .get(k.as_slice())
                    .filter(|_| tree_name == OCCURRENCES)
                {
                    Some((c, _)) => batch.insert(k.as_slice(), c.as_slice()),
                    None => batch.insert(k.as_slice(), v.as_slice()),
                }
                if matches!(tree_name.as_str(), "audit" | "deliveries") && k.len() >= 9 {
                    let id: [u8; 8] = k[k.len() - 8..].try_into().expect("8 bytes");
                    max_log_id = max_log_id.max(u64::from_be_bytes(id));
                }
            }
            tree.apply_batch(batch)?;
        }
        // Log keys embed ids from sled's generator: move it past every id in the backup.
        let target = parsed.header.next_id.max(max_log_id.saturating_add(1));
        while self.h()?.db.generate_id()? < target {}
        self.h()?.db.flush()?;

        let mut names = self.h()?.db.tree_names();
        names.sort();
        let mut digest = RecordDigest::default();
        for name in names {
            for item in self.h()?.db.open_tree(&name)?.iter() {
                let (k, v) = item?;
                // A compact record stored as intended counts as the backup's JSON it came from.
                let v = match compact.get(&k[..]) {
                    Some((c, json)) if &name[..] == OCCURRENCES.as_bytes() && c[..] == v[..] => {
                        json
                    }
                    _ => &v[..],
                };
                digest.add(&name, &k, v);
            }
        }
        let (records, sha) = digest.finish();
        if records != parsed.end.records || sha != parsed.end.records_sha256 {
            return Err(BackupError::Mismatch {
                file: file.to_owned(),
                records,
            });
        }
        // The live index and the tallies are built again from the restored records (a backup
        // of an earlier dondoc has none; rebuilding also repairs any a deep check found wrong).
        self.reload_indexes(&_w, true)?;
        self.h()?.db.flush()?;
        Ok(Summary {
            records,
            trees: parsed
                .trees
                .iter()
                .map(|(t, r)| (t.clone(), r.len() as u64))
                .collect(),
            header: parsed.header,
        })
    }
}

/// One tree's records as (key, value) bytes, in file order.
type TreeRecords = (String, Vec<(Vec<u8>, Vec<u8>)>);

/// A checked dump in memory.
struct Parsed {
    header: Header,
    /// Tree name → records, in file order.
    trees: Vec<TreeRecords>,
    end: End,
}

/// Checks a dump without a store: header, every line, count and checksum. `file` names it in
/// errors. Returns the header and the number of records.
pub fn verify(input: impl BufRead, file: &str) -> Result<Summary, BackupError> {
    let p = parse(input, file)?;
    Ok(Summary {
        records: p.end.records,
        trees: p
            .trees
            .iter()
            .map(|(t, r)| (t.clone(), r.len() as u64))
            .collect(),
        header: p.header,
    })
}

fn parse(mut input: impl BufRead, file: &str) -> Result<Parsed, BackupError> {
    let bad = |line: u64, message: String| BackupError::Bad {
        file: file.to_owned(),
        line,
        message,
    };
    let mut hasher = Sha256::new();
    let mut digest = RecordDigest::default();
    let mut header: Option<Header> = None;
    let mut trees: Vec<TreeRecords> = Vec::new();
    let mut end: Option<End> = None;
    let mut n = 0u64;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let read = input
            .read_until(b'\n', &mut buf)
            .map_err(|e| BackupError::Io(e, file.to_owned()))?;
        if read == 0 {
            break;
        }
        n += 1;
        if end.is_some() {
            return Err(bad(n, "text after the end line".to_owned()));
        }
        if buf.last() != Some(&b'\n') {
            // A last line without its newline: the file was cut short.
            return Err(BackupError::Truncated {
                file: file.to_owned(),
                lines: n - 1,
            });
        }
        let line = &buf[..buf.len() - 1];
        let text = std::str::from_utf8(line).map_err(|_| bad(n, "not UTF-8".to_owned()))?;
        if n == 1 {
            let h: Header = serde_json::from_str(text)
                .map_err(|e| bad(n, format!("not a dondoc backup header: {e}")))?;
            if h.format != FORMAT {
                return Err(bad(
                    n,
                    format!("not a dondoc backup (format `{}`)", h.format),
                ));
            }
            if h.format_version != FORMAT_VERSION {
                return Err(bad(
                    n,
                    format!(
                        "backup format version {} is unknown to this dondoc (reads version {FORMAT_VERSION}); use the dondoc version that wrote it ({})",
                        h.format_version, h.dondoc_version
                    ),
                ));
            }
            if h.schema_version > SCHEMA_VERSION {
                return Err(bad(
                    n,
                    format!(
                        "the backup's store schema version {} is newer than this dondoc's ({SCHEMA_VERSION}): upgrade dondoc to {} or later",
                        h.schema_version, h.dondoc_version
                    ),
                ));
            }
            header = Some(h);
            hasher.update(&buf);
            continue;
        }
        if text.starts_with("{\"end\"") {
            let e: EndLine =
                serde_json::from_str(text).map_err(|e| bad(n, format!("bad end line: {e}")))?;
            let sha = hex::encode(hasher.clone().finalize());
            if e.end.sha256 != sha {
                return Err(bad(
                    n,
                    "checksum mismatch: the file was altered or damaged after it was written"
                        .to_owned(),
                ));
            }
            if e.end.records != digest.count {
                return Err(bad(
                    n,
                    format!(
                        "the end line counts {} records, the file holds {}",
                        e.end.records, digest.count
                    ),
                ));
            }
            end = Some(e.end);
            continue;
        }
        hasher.update(&buf);
        let rec: RecordLine =
            serde_json::from_str(text).map_err(|e| bad(n, format!("bad record: {e}")))?;
        let key = match (rec.key, rec.key_hex) {
            (Some(k), None) => k.into_bytes(),
            (None, Some(h)) => hex::decode(&h).map_err(|e| bad(n, format!("bad key_hex: {e}")))?,
            _ => {
                return Err(bad(
                    n,
                    "a record has exactly one of key, key_hex".to_owned(),
                ))
            }
        };
        let value = match (rec.value, rec.value_hex) {
            (Some(raw), None) => raw.get().as_bytes().to_vec(),
            (None, Some(h)) => {
                hex::decode(&h).map_err(|e| bad(n, format!("bad value_hex: {e}")))?
            }
            _ => {
                return Err(bad(
                    n,
                    "a record has exactly one of value, value_hex".to_owned(),
                ))
            }
        };
        if rec.tree.is_empty() {
            return Err(bad(n, "empty tree name".to_owned()));
        }
        digest.add(rec.tree.as_bytes(), &key, &value);
        match trees.last_mut() {
            Some((t, records)) if *t == rec.tree => records.push((key, value)),
            _ => trees.push((rec.tree, vec![(key, value)])),
        }
    }
    let Some(header) = header else {
        return Err(bad(1, "empty file: not a dondoc backup".to_owned()));
    };
    let Some(end) = end else {
        return Err(BackupError::Truncated {
            file: file.to_owned(),
            lines: n,
        });
    };
    let (_, records_sha) = digest.finish();
    if records_sha != end.records_sha256 {
        return Err(bad(
            n,
            "the records do not match the end line's records checksum".to_owned(),
        ));
    }
    Ok(Parsed { header, trees, end })
}

#[cfg(test)]
mod secret_tests {
    use super::*;

    #[test]
    fn secrets_are_left_out_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let key = s.secret("link-key", || b"k3y-bytes".to_vec()).unwrap();
        let (plain, summary) = s.dump_to_vec("2024-03-07T00:00:00+07:00", false).unwrap();
        let text = String::from_utf8(plain.clone()).unwrap();
        assert!(!text.contains("secret/link-key"), "{text}");
        assert!(!summary.header.with_secrets);
        let (full, summary) = s.dump_to_vec("2024-03-07T00:00:00+07:00", true).unwrap();
        assert!(String::from_utf8(full.clone())
            .unwrap()
            .contains("secret/link-key"));
        assert!(summary.header.with_secrets);
        // Restored without secrets, the store makes a new key; with them, it keeps the old one.
        for (dump, same) in [(plain, false), (full, true)] {
            let d = tempfile::tempdir().unwrap();
            let r = Store::open(d.path()).unwrap();
            r.restore(&dump[..], "x.jsonl").unwrap();
            let again = r.secret("link-key", || b"new-key".to_vec()).unwrap();
            assert_eq!(again == key, same);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{AuditEntry, DeliveryLogEntry, DeliveryState, EntryKind, OutboxEntry};

    fn fill(s: &Store, n: usize) {
        for i in 0..n {
            let key = format!("kh/ob/xa/2024-Q{i}#reminder-7@xa");
            s.enqueue(&OutboxEntry {
                key: key.clone(),
                kind: EntryKind::Notification,
                occurrence: format!("kh/ob/xa/2024-Q{i}"),
                stage: "reminder-7".into(),
                unit: "xa".into(),
                at: "2024-03-05T07:30:00+07:00".into(),
                delivery: DeliveryState::Pending,
                attempts: 0,
                payload: None,
            })
            .unwrap();
            s.log_delivery(&DeliveryLogEntry {
                key,
                at: "2024-03-05T07:30:01+07:00".into(),
                channel: "email".into(),
                outcome: "transient".into(),
                detail: "Tiếng Việt \"quoted\"".into(),
            })
            .unwrap();
            s.append_audit(&AuditEntry {
                at: crate::domain::time::parse_instant("2024-03-06T09:00:00+07:00").unwrap(),
                who: "coordinator".into(),
                what: "submit".into(),
                occurrence: format!("kh/ob/xa/2024-Q{i}"),
                before: Some("open".into()),
                after: None,
            })
            .unwrap();
        }
        s.track_plan("kh", "2024-01-01T00:00:00+07:00").unwrap();
    }

    /// The record lines of a dump (no header: it carries the time and the id generator).
    fn record_lines(dump: &[u8]) -> Vec<String> {
        let text = String::from_utf8(dump.to_vec()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        lines[1..lines.len() - 1]
            .iter()
            .map(|l| l.to_string())
            .collect()
    }

    #[test]
    fn dump_restore_dump_gives_the_same_records_and_fresh_log_ids() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let s = Store::open(a.path()).unwrap();
        fill(&s, 20);
        let (dump, summary) = s.dump_to_vec("2024-03-07T00:00:00+07:00", true).unwrap();
        // 20 each of outbox, pending, deliveries and audit; the plan; the `meta` mark that
        // the pending index is kept.
        assert_eq!(summary.records, 20 * 4 + 2, "{:?}", summary.trees);
        let text = String::from_utf8(dump.clone()).unwrap();
        assert!(text
            .lines()
            .next()
            .unwrap()
            .starts_with(r#"{"format":"dondoc-backup","format_version":1,"dondoc_version":""#));
        assert!(text.contains(r#""key_hex":"#), "binary audit keys are hex");
        assert!(
            text.contains(r#""value_hex":"""#),
            "index values are empty bytes"
        );

        let r = Store::open(b.path()).unwrap();
        let restored = r.restore(&dump[..], "x.jsonl").unwrap();
        assert_eq!(restored.records, summary.records);
        let (again, _) = r.dump_to_vec("2024-03-08T00:00:00+07:00", true).unwrap();
        assert_eq!(record_lines(&dump), record_lines(&again));
        // New log entries after a restore sort after the restored ones.
        r.append_audit(&AuditEntry {
            at: crate::domain::time::parse_instant("2024-03-09T09:00:00+07:00").unwrap(),
            who: "later".into(),
            what: "note".into(),
            occurrence: "kh/ob/xa/2024-Q3".into(),
            before: None,
            after: None,
        })
        .unwrap();
        let audit = r.audit_of("kh/ob/xa/2024-Q3").unwrap();
        assert_eq!(audit.len(), 2);
        assert_eq!(audit[1].who, "later");
        assert_eq!(r.undelivered().unwrap().len(), 20);

        // A store that is not empty is refused.
        let err = r.restore(&dump[..], "x.jsonl").unwrap_err().to_string();
        assert!(err.contains("not empty"), "{err}");
    }

    #[test]
    fn occurrence_records_are_json_in_a_backup_and_compact_once_restored() {
        use crate::store::encoding::{encode_occurrence, OCCURRENCE_VERSION};
        use crate::store::{OccurrenceRecord, OccurrenceState};
        let a = tempfile::tempdir().unwrap();
        let s = Store::open(a.path()).unwrap();
        let rec = OccurrenceRecord {
            id: "kh/ob/xa/2024-Q1".into(),
            plan: "kh".into(),
            obligation: "ob".into(),
            assignee: "xa".into(),
            period: "2024-Q1".into(),
            due: crate::domain::time::parse_instant("2024-04-13T00:00:00.250+07:00").unwrap(),
            state: OccurrenceState::Open,
            ..Default::default()
        };
        s.put_occurrence(&rec).unwrap();
        let (dump, _) = s.dump_to_vec("2024-03-07T00:00:00+07:00", true).unwrap();
        let text = String::from_utf8(dump).unwrap();
        let json = String::from_utf8(super::super::encode(&rec)).unwrap();
        assert!(
            text.contains(&format!(
                r#"{{"tree":"occurrences","key":"kh/ob/xa/2024-Q1","value":{json}}}"#
            )),
            "{text}"
        );
        assert!(!text.contains(COMPACT_READY), "{text}");
        // JSON a previous release may have written otherwise (fields in another order, a
        // default left out) restores compact, and is checked against the backup's digest.
        let other = r#"{"v":1,"state":"open","id":"kh/ob/xb/2024-Q1","plan":"kh","obligation":"ob","assignee":"xb","period":"2024-Q1","due":"2024-04-13T00:00:00+07:00","handled":[]}"#;
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let at = lines
            .iter()
            .position(|l| l.starts_with(r#"{"tree":"occurrences","key":"kh/ob/xa/2024-Q1""#))
            .unwrap();
        lines.insert(
            at + 1,
            format!(r#"{{"tree":"occurrences","key":"kh/ob/xb/2024-Q1","value":{other}}}"#),
        );
        let mut digest = RecordDigest::default();
        let mut hasher = Sha256::new();
        for l in &lines[..lines.len() - 1] {
            hasher.update(l.as_bytes());
            hasher.update(b"\n");
            if let Ok(rec) = serde_json::from_str::<RecordLine>(l) {
                let key = match rec.key {
                    Some(k) => k.into_bytes(),
                    None => hex::decode(rec.key_hex.unwrap()).unwrap(),
                };
                let value = match rec.value {
                    Some(raw) => raw.get().as_bytes().to_vec(),
                    None => hex::decode(rec.value_hex.unwrap()).unwrap(),
                };
                digest.add(rec.tree.as_bytes(), &key, &value);
            }
        }
        let (records, records_sha256) = digest.finish();
        let end = EndLine {
            end: End {
                records,
                sha256: hex::encode(hasher.finalize()),
                records_sha256,
            },
        };
        *lines.last_mut().unwrap() = serde_json::to_string(&end).unwrap();
        let edited = lines.join("\n") + "\n";
        let b = tempfile::tempdir().unwrap();
        let r = Store::open(b.path()).unwrap();
        r.restore(edited.as_bytes(), "x.jsonl").unwrap();
        for (id, want) in [
            ("kh/ob/xa/2024-Q1", rec.clone()),
            (
                "kh/ob/xb/2024-Q1",
                OccurrenceRecord {
                    id: "kh/ob/xb/2024-Q1".into(),
                    assignee: "xb".into(),
                    due: crate::domain::time::parse_instant("2024-04-13T00:00:00+07:00").unwrap(),
                    ..rec.clone()
                },
            ),
        ] {
            let stored = super::super::occurrences::stored_bytes(&r.h().unwrap(), id)
                .unwrap()
                .unwrap()
                .0;
            assert_eq!(stored[0], OCCURRENCE_VERSION, "{id}");
            assert_eq!(&stored[..], encode_occurrence(&want).as_slice(), "{id}");
            assert_eq!(r.occurrence(id).unwrap(), Some(want));
        }
    }

    #[test]
    fn log_ids_stay_increasing_after_restoring_a_much_restarted_store() {
        let a = tempfile::tempdir().unwrap();
        // sled moves its id generator forward by millions on every reopen.
        for _ in 0..3 {
            let s = Store::open(a.path()).unwrap();
            fill(&s, 1);
            s.flush().unwrap();
            drop(s);
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let s = Store::open(a.path()).unwrap();
        let (dump, summary) = s.dump_to_vec("2024-03-07T00:00:00+07:00", true).unwrap();
        eprintln!("next_id {}", summary.header.next_id);
        let b = tempfile::tempdir().unwrap();
        let r = Store::open(b.path()).unwrap();
        let started = std::time::Instant::now();
        r.restore(&dump[..], "x.jsonl").unwrap();
        eprintln!("restored in {:?}", started.elapsed());
        r.append_audit(&AuditEntry {
            at: crate::domain::time::parse_instant("2024-03-09T09:00:00+07:00").unwrap(),
            who: "later".into(),
            what: "note".into(),
            occurrence: "kh/ob/xa/2024-Q0".into(),
            before: None,
            after: None,
        })
        .unwrap();
        let audit = r.audit_of("kh/ob/xa/2024-Q0").unwrap();
        assert_eq!(audit.len(), 4);
        assert_eq!(audit[3].who, "later");
    }

    #[test]
    fn damaged_files_are_refused_naming_file_and_line() {
        let a = tempfile::tempdir().unwrap();
        let s = Store::open(a.path()).unwrap();
        fill(&s, 3);
        let (dump, _) = s.dump_to_vec("2024-03-07T00:00:00+07:00", true).unwrap();
        let text = String::from_utf8(dump).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let empty = tempfile::tempdir().unwrap();
        let r = Store::open(empty.path()).unwrap();

        // Cut after a whole line: no end line.
        let cut = lines[..lines.len() - 1].join("\n") + "\n";
        let err = r
            .restore(cut.as_bytes(), "b.jsonl")
            .unwrap_err()
            .to_string();
        let want = format!(
            "b.jsonl: the backup is truncated after line {}",
            lines.len() - 1
        );
        assert!(err.starts_with(&want), "{err}");
        // Cut in the middle of a line.
        let err = r
            .restore(&text.as_bytes()[..text.len() / 2], "b.jsonl")
            .unwrap_err()
            .to_string();
        assert!(err.contains("truncated"), "{err}");
        // A changed value.
        let altered = text.replacen("reminder-7", "reminder-3", 1);
        let err = r
            .restore(altered.as_bytes(), "b.jsonl")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(&format!("b.jsonl:{}: checksum mismatch", lines.len())),
            "{err}"
        );
        // An unknown format version.
        let newer = text.replacen("\"format_version\":1", "\"format_version\":2", 1);
        let err = r
            .restore(newer.as_bytes(), "b.jsonl")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("b.jsonl:1: backup format version 2 is unknown"),
            "{err}"
        );
        // Not a backup at all.
        let err = r
            .restore(&b"hello\n"[..], "b.jsonl")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("b.jsonl:1: not a dondoc backup"), "{err}");
        // Nothing was written by the refused restores.
        assert!(r.restore(text.as_bytes(), "b.jsonl").is_ok());
    }

    #[test]
    fn dumps_during_writes_are_whole_stores() {
        let a = tempfile::tempdir().unwrap();
        let s = std::sync::Arc::new(Store::open(a.path()).unwrap());
        let writer = {
            let s = s.clone();
            std::thread::spawn(move || fill(&s, 400))
        };
        let mut dumps = Vec::new();
        while !writer.is_finished() {
            dumps.push(s.dump_to_vec("2024-03-07T00:00:00+07:00", true).unwrap());
        }
        writer.join().unwrap();
        assert!(!dumps.is_empty());
        for (dump, summary) in dumps.iter().step_by(dumps.len().div_ceil(5)) {
            let b = tempfile::tempdir().unwrap();
            let r = Store::open(b.path()).unwrap();
            assert_eq!(r.restore(&dump[..], "d").unwrap().records, summary.records);
            // Each enqueue writes the outbox and the pending index under one pause: a dump
            // never holds one without the other.
            let outbox = summary.trees.iter().find(|t| t.0 == "outbox").map(|t| t.1);
            let pending = summary.trees.iter().find(|t| t.0 == "pending").map(|t| t.1);
            assert_eq!(outbox, pending, "{:?}", summary.trees);
        }
    }
}

#[cfg(test)]
mod corruption {
    use crate::store::{Store, StoreError};

    #[test]
    fn a_corrupt_store_says_how_to_restore() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = Store::open(dir.path()).unwrap();
            s.track_plan("kh", "2024-01-01T00:00:00+07:00").unwrap();
            s.flush().unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
        // Damage the store's configuration file, which sled checks with a CRC on open. (Damage
        // at the end of the data log is read by sled as a torn write and cut off, not reported.)
        let conf = dir.path().join("conf");
        let mut bytes = std::fs::read(&conf).unwrap();
        assert!(bytes.starts_with(b"segment_size: "));
        bytes[14] = b'x';
        std::fs::write(&conf, bytes).unwrap();
        let err = Store::open(dir.path())
            .err()
            .expect("a corrupt store is refused");
        assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
        let text = err.to_string();
        assert!(
            text.contains("is corrupt") && text.contains("dondoc restore"),
            "{text}"
        );
    }
}
