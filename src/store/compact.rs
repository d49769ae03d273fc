//! Compaction: the store copied into a fresh sled folder beside it and swapped in, giving back the space sled's log keeps after records change (it reclaims a segment only when half of it is dead), and the swap finished or discarded when a store opens after a crash.
//!
//! The copy is made in `<store>/.compact` while writes are paused (reads go on), checked tree
//! by tree (count and SHA-256 of every key and value) against the store, and marked complete.
//! The swap then moves the store's sled files into `<store>/.compact-old`, marks that done, and
//! moves the copy's files in; a crash at any point leaves either the old store (a copy not
//! marked complete is discarded) or a swap that the next open finishes. Files of the folder
//! that are not sled's (the daemon's status file, accepted schedules) are not touched.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{Store, StoreError, CACHE_CAPACITY_BYTES};

/// The folder the copy is made in.
const WORK: &str = ".compact";
/// The folder the store's own files are moved to during the swap.
const OLD: &str = ".compact-old";
/// In `WORK`: the copy is whole and checked.
const COMPLETE: &str = "COMPLETE";
/// In `OLD`: every old file is out of the store's folder.
const MOVED: &str = "MOVED";

/// Records copied per batch.
const BATCH: usize = 10_000;

/// What a compaction did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compacted {
    /// Bytes of sled's files before and after.
    pub before: u64,
    pub after: u64,
    /// Records copied (every tree).
    pub records: u64,
}

/// Whether a file of the store's folder is one of sled's.
fn is_sled_file(name: &str) -> bool {
    matches!(name, "conf" | "db" | "blobs") || name.starts_with("snap.")
}

/// The bytes on disk of sled's files in `dir`.
pub fn sled_bytes(dir: &Path) -> u64 {
    fn bytes(p: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        let Ok(m) = std::fs::symlink_metadata(p) else {
            return 0;
        };
        if !m.is_dir() {
            return m.blocks() * 512;
        }
        std::fs::read_dir(p)
            .map(|it| it.flatten().map(|e| bytes(&e.path())).sum())
            .unwrap_or(0)
    }
    std::fs::read_dir(dir)
        .map(|it| {
            it.flatten()
                .filter(|e| is_sled_file(&e.file_name().to_string_lossy()))
                .map(|e| bytes(&e.path()))
                .sum()
        })
        .unwrap_or(0)
}

fn io(what: &str, path: &Path, e: std::io::Error) -> StoreError {
    StoreError::Compaction(format!("{what} {}: {e}", path.display()))
}

fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    std::fs::File::open(dir)
        .and_then(|f| f.sync_all())
        .map_err(|e| io("syncing", dir, e))
}

/// Moves the sled files of `from` into `to` (which exists).
fn move_sled_files(from: &Path, to: &Path) -> Result<(), StoreError> {
    let entries = std::fs::read_dir(from).map_err(|e| io("reading", from, e))?;
    for e in entries.flatten() {
        let name = e.file_name();
        if is_sled_file(&name.to_string_lossy()) {
            let target = to.join(&name);
            if target.is_dir() {
                std::fs::remove_dir_all(&target).map_err(|e| io("removing", &target, e))?;
            }
            std::fs::rename(e.path(), &target).map_err(|e| io("moving", &target, e))?;
        }
    }
    sync_dir(from)?;
    sync_dir(to)
}

/// Finishes a swap a crash interrupted, or discards a copy that was not complete; does
/// nothing when there is neither. Runs before the store is opened.
pub(super) fn finish_or_discard(dir: &Path) -> Result<(), StoreError> {
    let (work, old) = (dir.join(WORK), dir.join(OLD));
    if work.join(COMPLETE).exists() {
        if !old.join(MOVED).exists() {
            std::fs::create_dir_all(&old).map_err(|e| io("creating", &old, e))?;
            move_sled_files(dir, &old)?;
            std::fs::write(old.join(MOVED), b"").map_err(|e| io("writing", &old, e))?;
            sync_dir(&old)?;
        }
        move_sled_files(&work, dir)?;
        std::fs::remove_dir_all(&old).map_err(|e| io("removing", &old, e))?;
        std::fs::remove_dir_all(&work).map_err(|e| io("removing", &work, e))?;
        sync_dir(dir)?;
        tracing::info!(store = %dir.display(), "finished a compaction a stop interrupted");
        return Ok(());
    }
    for leftover in [work, old] {
        if leftover.exists() {
            std::fs::remove_dir_all(&leftover).map_err(|e| io("removing", &leftover, e))?;
        }
    }
    Ok(())
}

/// A tree's name, entry count and digest.
type TreeDigest = (Vec<u8>, u64, [u8; 32]);

/// Every tree's name, entry count and digest.
fn digests(db: &sled::Db) -> Result<Vec<TreeDigest>, StoreError> {
    let mut names = db.tree_names();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        let mut hash = Sha256::new();
        let mut n = 0u64;
        for item in db.open_tree(&name)?.iter() {
            let (k, v) = item?;
            for part in [&k[..], &v[..]] {
                hash.update((part.len() as u64).to_be_bytes());
                hash.update(part);
            }
            n += 1;
        }
        out.push((name.to_vec(), n, hash.finalize().into()));
    }
    Ok(out)
}

/// Copies every tree of `from` into a new store in `work`, with the id generator past
/// `from`'s, and checks the copy.
fn copy_into(from: &sled::Db, work: &PathBuf) -> Result<u64, StoreError> {
    let to = sled::Config::new()
        .path(work)
        .cache_capacity(CACHE_CAPACITY_BYTES)
        .open()?;
    let mut records = 0u64;
    for name in from.tree_names() {
        let (src, dst) = (from.open_tree(&name)?, to.open_tree(&name)?);
        let mut batch = sled::Batch::default();
        let mut n = 0;
        for item in src.iter() {
            let (k, v) = item?;
            batch.insert(k, v);
            n += 1;
            if n % BATCH == 0 {
                dst.apply_batch(std::mem::take(&mut batch))?;
            }
        }
        dst.apply_batch(batch)?;
        records += n as u64;
    }
    // Log keys embed generated ids: the copy's generator continues past the store's.
    let next = from.generate_id()?;
    while to.generate_id()? < next {}
    to.flush()?;
    if digests(from)? != digests(&to)? {
        return Err(StoreError::Compaction(
            "the copy differs from the store; the store is left as it was".to_owned(),
        ));
    }
    Ok(records)
}

impl Store {
    /// Compacts the store (see the module's text): writes wait meanwhile (about 20 s for a
    /// national store), reads go on. A failure (a full disk) leaves the store as it was and
    /// removes the partial copy.
    pub fn compact(&self) -> Result<Compacted, StoreError> {
        let _paused = self.pause.write().unwrap_or_else(|e| e.into_inner());
        let before = sled_bytes(&self.dir);
        let work = self.dir.join(WORK);
        finish_or_discard(&self.dir)?;
        let copied = {
            let h = self.h()?;
            h.db.flush()?;
            copy_into(&h.db, &work)
        };
        let records = match copied {
            Ok(n) => n,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&work);
                return Err(e);
            }
        };
        std::fs::write(work.join(COMPLETE), b"").map_err(|e| io("writing", &work, e))?;
        sync_dir(&work)?;
        // The swap: nobody writes (the pause is held); readers holding the old handles read
        // the old files, whose content is the same, until they let go.
        let mut slot = self.handles.write().unwrap_or_else(|e| e.into_inner());
        let mut index = self.index_mut();
        *slot = None;
        match finish_or_discard(&self.dir).and_then(|()| Self::open_handles(&self.dir, 100)) {
            Ok((handles, opened)) => {
                *index = opened.index;
                *slot = Some(std::sync::Arc::new(handles));
            }
            Err(e) => {
                // Out of use until a reopen works (see `recover`).
                drop((slot, index));
                return Err(self.fail(&sled::Error::Unsupported(format!(
                    "reopening after compaction: {e}"
                ))));
            }
        }
        let after = sled_bytes(&self.dir);
        tracing::info!(
            records,
            before_mb = before / 1_000_000,
            after_mb = after / 1_000_000,
            "store compacted"
        );
        Ok(Compacted {
            before,
            after,
            records,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{DeliveryState, EntryKind, OccurrenceRecord, OccurrenceState, OutboxEntry};

    fn occ(i: usize, state: OccurrenceState) -> OccurrenceRecord {
        OccurrenceRecord {
            id: format!("kh/ob/x{i:04}/2024-Q1"),
            plan: "kh".into(),
            obligation: "ob".into(),
            assignee: format!("x{i:04}"),
            period: "2024-Q1".into(),
            due: crate::domain::time::parse_instant("2024-03-15T00:00:00+07:00").unwrap(),
            state,
            ..Default::default()
        }
    }

    /// A store whose records changed many times (so sled's log holds much dead space), and
    /// what it reads.
    fn churned(dir: &Path) -> (Store, Vec<OccurrenceRecord>, Vec<OutboxEntry>) {
        let s = Store::open(dir).unwrap();
        let recs: Vec<OccurrenceRecord> = (0..600)
            .map(|i| {
                let st = match i % 3 {
                    0 => OccurrenceState::Open,
                    1 => OccurrenceState::History,
                    _ => OccurrenceState::Confirmed,
                };
                occ(i, st)
            })
            .collect();
        s.put_occurrences(&recs).unwrap();
        for round in 0..6 {
            for r in recs.iter().step_by(2) {
                s.update_occurrence(&r.id, |r| {
                    r.handled.push(format!("reminder-{round}"));
                    true
                })
                .unwrap();
            }
            s.flush().unwrap();
        }
        for r in recs.iter().take(50) {
            s.enqueue(&OutboxEntry {
                key: format!("{}#reminder-7@{}", r.id, r.assignee),
                kind: EntryKind::Notification,
                occurrence: r.id.clone(),
                stage: "reminder-7".into(),
                unit: r.assignee.clone(),
                at: "2024-03-05T07:30:00+07:00".into(),
                delivery: DeliveryState::Pending,
                attempts: 0,
                payload: None,
            })
            .unwrap();
        }
        s.flush().unwrap();
        let (o, e) = (s.occurrences().unwrap(), s.outbox_entries().unwrap());
        (s, o, e)
    }

    fn reads_the_same(s: &Store, occurrences: &[OccurrenceRecord], outbox: &[OutboxEntry]) {
        assert_eq!(s.occurrences().unwrap(), occurrences);
        assert_eq!(s.outbox_entries().unwrap(), outbox);
        assert_eq!(s.open_count(), 200);
        assert_eq!(s.undelivered().unwrap().len(), 50);
        assert_eq!(s.check_aggregates().unwrap(), Vec::<String>::new());
    }

    #[test]
    fn compaction_gives_space_back_and_every_record_reads_the_same_after_reopen() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("store");
        std::fs::create_dir_all(&dir).unwrap();
        // A file of the folder that is not sled's stays.
        std::fs::write(dir.join("dondoc-daemon.json"), b"{}").unwrap();
        let (s, occurrences, outbox) = churned(&dir);
        let c = s.compact().unwrap();
        assert!(c.after < c.before, "{c:?}");
        assert_eq!(c.after, sled_bytes(&dir));
        assert!(c.records > 600, "{c:?}");
        reads_the_same(&s, &occurrences, &outbox);
        // Writes work on the compacted store, and log ids keep increasing.
        s.update_occurrence(&occurrences[0].id, |r| {
            r.state = OccurrenceState::Waived;
            true
        })
        .unwrap();
        s.flush().unwrap();
        drop(s);
        assert!(!dir.join(WORK).exists() && !dir.join(OLD).exists());
        assert_eq!(
            std::fs::read(dir.join("dondoc-daemon.json")).unwrap(),
            b"{}"
        );
        let s = Store::open(&dir).unwrap();
        assert_eq!(
            s.occurrence(&occurrences[0].id).unwrap().unwrap().state,
            OccurrenceState::Waived
        );
        assert_eq!(s.occurrences().unwrap().len(), occurrences.len());
    }

    /// A stop at each point of a compaction leaves a store that opens whole: a copy not
    /// complete is discarded, a swap begun is finished.
    #[test]
    fn a_compaction_cut_short_at_any_point_leaves_a_whole_store() {
        for cut in ["copying", "complete", "moving", "moved", "half-moved"] {
            let tmp = tempfile::tempdir().unwrap();
            let dir = tmp.path().join("store");
            std::fs::create_dir_all(&dir).unwrap();
            let (s, occurrences, outbox) = churned(&dir);
            let work = dir.join(WORK);
            let copied = {
                let h = s.h().unwrap();
                copy_into(&h.db, &work).unwrap()
            };
            assert!(copied > 600);
            drop(s);
            let old = dir.join(OLD);
            match cut {
                // The copy is there but not marked: discarded.
                "copying" => {}
                "complete" => std::fs::write(work.join(COMPLETE), b"").unwrap(),
                // Some old files moved out, not all.
                "moving" => {
                    std::fs::write(work.join(COMPLETE), b"").unwrap();
                    std::fs::create_dir_all(&old).unwrap();
                    std::fs::rename(dir.join("conf"), old.join("conf")).unwrap();
                }
                "moved" => {
                    std::fs::write(work.join(COMPLETE), b"").unwrap();
                    std::fs::create_dir_all(&old).unwrap();
                    move_sled_files(&dir, &old).unwrap();
                    std::fs::write(old.join(MOVED), b"").unwrap();
                }
                // And some new files moved in.
                _ => {
                    std::fs::write(work.join(COMPLETE), b"").unwrap();
                    std::fs::create_dir_all(&old).unwrap();
                    move_sled_files(&dir, &old).unwrap();
                    std::fs::write(old.join(MOVED), b"").unwrap();
                    std::fs::rename(work.join("conf"), dir.join("conf")).unwrap();
                }
            }
            let s = Store::open(&dir).unwrap();
            reads_the_same(&s, &occurrences, &outbox);
            assert!(!work.exists() && !old.exists(), "{cut}");
        }
    }
}
