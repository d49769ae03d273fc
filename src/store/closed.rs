//! Where occurrence records are kept: live ones in `hot`, closed and history ones packed in the `closed` buckets, and records found in the one-tree layout (`occurrences`: an earlier dondoc's store, or a restore) put in their place.

use super::encoding::decode_occurrence;
use super::live::Live;
use super::packed::{Op, CLOSED};
use super::StoreError;

/// The tree of occurrence records as earlier releases kept them (all in one, one sled entry
/// each) and as a restore writes them; emptied into `hot` and `closed` when a store opens and
/// after a restore, then dropped.
pub(super) const ONE_TREE: &str = "occurrences";

/// Records placed per batch.
const BATCH: usize = 10_000;

/// The stored bytes of the closed or history record `id` (None: not among them).
pub(super) fn get(closed: &sled::Tree, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
    CLOSED.get(closed, id.as_bytes())
}

/// Calls `each` with the id and stored bytes of every closed and history record whose id
/// begins with `prefix` (empty: all), in id order.
pub(super) fn for_each(
    closed: &sled::Tree,
    prefix: &[u8],
    mut each: impl FnMut(&[u8], &[u8]) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let mut failed = None;
    CLOSED.scan_prefix(closed, prefix, |k, v| match each(k, v) {
        Ok(()) => true,
        Err(e) => {
            failed = Some(e);
            false
        }
    })?;
    failed.map_or(Ok(()), Err)
}

/// Moves every record of the one-tree layout to its place: live ones to `hot`, the others into
/// the `closed` buckets, in batches (each batch is written to its place before it is removed
/// from the old tree, so a crash leaves a record in both, and the next open moves it again),
/// then drops the old tree. A record that cannot be read goes with the closed ones (the deep
/// check names it). Returns how many records were moved. Runs while the store is opened or
/// restored, before anything else reads the records.
pub(super) fn place_one_tree(
    db: &sled::Db,
    hot: &sled::Tree,
    closed: &sled::Tree,
) -> Result<usize, StoreError> {
    if !db
        .tree_names()
        .iter()
        .any(|n| &n[..] == ONE_TREE.as_bytes())
    {
        return Ok(0);
    }
    let old = db.open_tree(ONE_TREE)?;
    let mut moved = 0;
    loop {
        let batch: Vec<(sled::IVec, sled::IVec)> =
            old.iter().take(BATCH).collect::<Result<_, _>>()?;
        if batch.is_empty() {
            break;
        }
        let mut to_hot = sled::Batch::default();
        let mut ops: Vec<Op> = Vec::with_capacity(batch.len());
        let mut done = sled::Batch::default();
        for (k, v) in &batch {
            let live = decode_occurrence(k, v)
                .ok()
                .is_some_and(|rec| Live::of(&rec).is_some());
            if live {
                to_hot.insert(k.clone(), v.clone());
            } else {
                ops.push((k.to_vec(), Some(v.to_vec())));
            }
            done.remove(k.clone());
        }
        hot.apply_batch(to_hot)?;
        CLOSED.apply(closed, &ops)?;
        old.apply_batch(done)?;
        moved += batch.len();
    }
    db.drop_tree(ONE_TREE)?;
    if moved > 0 {
        tracing::info!(
            moved,
            "occurrence records put in their place: live ones apart, closed and history ones packed in buckets"
        );
    }
    Ok(moved)
}
