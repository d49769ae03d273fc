//! The index by deadline as it is laid out in sled: its entries (deadline in force, then id → state and assignee) packed in sorted buckets of up to `BUCKET_MAX`, one sled value each, so a national store keeps thousands of index values instead of an entry per occurrence.
//!
//! sled 0.34 splits a leaf node above 16 entries and pays a few hundred bytes on disk and tens
//! of bytes in memory per entry whatever its size (BENCHMARKS.md), so an index of small entries
//! costs far more than its bytes. A bucket is stored under a key no greater than its first
//! entry and greater than every entry of the bucket before it; an entry belongs to the last
//! bucket whose key is not greater than its own. Writers hold the store's occurrence write
//! lock, so the buckets a change is planned against are the ones its transaction replaces.

use std::collections::BTreeMap;
use std::ops::Bound;

use super::StoreError;

/// The most entries a bucket holds; a fuller one is split.
pub(super) const BUCKET_MAX: usize = 48;

/// The entries a bucket is split into (about three quarters full, so appends in order do not
/// split again at once).
const SPLIT_AT: usize = BUCKET_MAX * 3 / 4;

/// The bucket format's version byte.
const VERSION: u8 = 1;

/// One change of the index: an entry written (Some value) or removed (None), in order.
pub(super) type Op = (Vec<u8>, Option<Vec<u8>>);

/// A bucket's entries, borrowed from its stored bytes, in key order.
pub(super) fn entries<'a>(
    key: &[u8],
    bytes: &'a [u8],
) -> Result<Vec<(&'a [u8], &'a [u8])>, StoreError> {
    let bad = |why: &str| StoreError::Unreadable {
        tree: "by_due",
        key: String::from_utf8_lossy(key).into_owned(),
        detail: format!("index bucket: {why}"),
    };
    let Some((&version, mut rest)) = bytes.split_first() else {
        return Err(bad("empty"));
    };
    if version != VERSION {
        return Err(bad(&format!("unknown version {version}")));
    }
    let mut out = Vec::new();
    fn take<'a>(rest: &mut &'a [u8]) -> Option<&'a [u8]> {
        let (len, tail) = rest.split_first_chunk::<4>()?;
        let len = usize::try_from(u32::from_be_bytes(*len)).ok()?;
        let (part, tail) = (tail.get(..len)?, tail.get(len..)?);
        *rest = tail;
        Some(part)
    }
    while !rest.is_empty() {
        let k = take(&mut rest).ok_or_else(|| bad("cut short"))?;
        let v = take(&mut rest).ok_or_else(|| bad("cut short"))?;
        out.push((k, v));
    }
    Ok(out)
}

/// The stored bytes of a bucket holding `entries` (in key order).
fn encode<'a>(entries: impl Iterator<Item = (&'a Vec<u8>, &'a Vec<u8>)>) -> Vec<u8> {
    let mut out = vec![VERSION];
    for (k, v) in entries {
        for part in [k, v] {
            let len = u32::try_from(part.len()).expect("index entries are short");
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(part);
        }
    }
    out
}

/// The key of the bucket `entry` belongs to in `tree` (None: the tree is empty).
fn bucket_of(tree: &sled::Tree, entry: &[u8]) -> Result<Option<sled::IVec>, StoreError> {
    if let Some(found) = tree.range(..=entry).next_back() {
        return Ok(Some(found?.0));
    }
    // Before every bucket: it goes into the first one, which is then stored under it.
    Ok(tree.first()?.map(|(k, _)| k))
}

/// What applying `ops` (in order) to the index in `tree` writes: bucket keys with their new
/// bytes (Some) or removed (None). Reads the buckets concerned from `tree`, which must not
/// change before the writes are applied (the caller holds the occurrence write lock).
pub(super) fn plan(tree: &sled::Tree, ops: &[Op]) -> Result<Vec<Op>, StoreError> {
    // The buckets touched, each with its entries as they become.
    let mut buckets: BTreeMap<Vec<u8>, BTreeMap<Vec<u8>, Vec<u8>>> = BTreeMap::new();
    for (entry, value) in ops {
        let home = match bucket_of(tree, entry)? {
            Some(k) => k.to_vec(),
            // An empty index: the first bucket is keyed by its first entry.
            None => buckets
                .keys()
                .next()
                .cloned()
                .unwrap_or_else(|| entry.clone()),
        };
        if !buckets.contains_key(&home) {
            let stored = match tree.get(&home)? {
                Some(bytes) => entries(&home, &bytes)?
                    .into_iter()
                    .map(|(k, v)| (k.to_vec(), v.to_vec()))
                    .collect(),
                None => BTreeMap::new(),
            };
            buckets.insert(home.clone(), stored);
        }
        let bucket = buckets.get_mut(&home).expect("just inserted");
        match value {
            Some(v) => {
                bucket.insert(entry.clone(), v.clone());
            }
            None => {
                bucket.remove(entry);
            }
        }
    }
    let mut writes = Vec::new();
    for (home, bucket) in buckets {
        let Some(first) = bucket.keys().next().cloned() else {
            writes.push((home, None));
            continue;
        };
        // An entry before the bucket's key (one before every bucket): stored under it instead.
        let key = if first < home {
            writes.push((home, None));
            first
        } else {
            home
        };
        let all: Vec<(&Vec<u8>, &Vec<u8>)> = bucket.iter().collect();
        if all.len() <= BUCKET_MAX {
            writes.push((key, Some(encode(all.into_iter()))));
            continue;
        }
        for (i, chunk) in all.chunks(SPLIT_AT).enumerate() {
            let chunk_key = if i == 0 {
                key.clone()
            } else {
                chunk[0].0.clone()
            };
            writes.push((chunk_key, Some(encode(chunk.iter().copied()))));
        }
    }
    Ok(writes)
}

/// Applies `ops` to the index in `tree` at once (outside a transaction: building it).
pub(super) fn apply(tree: &sled::Tree, ops: &[Op]) -> Result<(), StoreError> {
    let mut batch = sled::Batch::default();
    for (k, v) in plan(tree, ops)? {
        match v {
            Some(v) => batch.insert(k, v),
            None => batch.remove(k),
        }
    }
    tree.apply_batch(batch)?;
    Ok(())
}

/// Calls `each` with every entry from `lower` (inclusive) to `upper` (exclusive; None: to the
/// end) in key order, until it returns false.
pub(super) fn scan(
    tree: &sled::Tree,
    lower: &[u8],
    upper: Option<&[u8]>,
    mut each: impl FnMut(&[u8], &[u8]) -> bool,
) -> Result<(), StoreError> {
    let start = match tree.range(..=lower).next_back() {
        Some(found) => Bound::Included(found?.0),
        None => Bound::Unbounded,
    };
    for item in tree.range::<sled::IVec, _>((start, Bound::Unbounded)) {
        let (key, bytes) = item?;
        if upper.is_some_and(|u| &key[..] >= u) {
            break;
        }
        for (k, v) in entries(&key, &bytes)? {
            if k < lower {
                continue;
            }
            if upper.is_some_and(|u| k >= u) {
                return Ok(());
            }
            if !each(k, v) {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// Every entry of the index in order, and what is wrong with its layout (buckets out of order,
/// over-full or empty, entries outside their bucket's range), for the deep check.
pub(super) fn check(
    tree: &sled::Tree,
    mut each: impl FnMut(&[u8], &[u8]),
) -> Result<Vec<String>, StoreError> {
    let mut problems = Vec::new();
    let mut last: Option<Vec<u8>> = None;
    for item in tree.iter() {
        let (key, bytes) = item?;
        let found = entries(&key, &bytes)?;
        let name = String::from_utf8_lossy(key.get(12..).unwrap_or_default()).into_owned();
        if found.is_empty() || found.len() > BUCKET_MAX {
            problems.push(format!(
                "index by deadline: bucket at `{name}` holds {} entries",
                found.len()
            ));
        }
        if found.first().is_some_and(|(k, _)| *k < &key[..]) {
            problems.push(format!(
                "index by deadline: bucket at `{name}` holds an entry before its key"
            ));
        }
        for (k, v) in found {
            if last.as_deref().is_some_and(|l| l >= k) {
                problems.push(format!(
                    "index by deadline: entries out of order at bucket `{name}`"
                ));
            }
            last = Some(k.to_vec());
            each(k, v);
        }
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(i: u32) -> Vec<u8> {
        format!("k{i:06}").into_bytes()
    }

    fn all(tree: &sled::Tree) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut out = Vec::new();
        let problems = check(tree, |k, v| out.push((k.to_vec(), v.to_vec()))).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        out
    }

    #[test]
    fn buckets_split_merge_and_rekey_and_keep_every_entry_in_order() {
        let db = sled::Config::new().temporary(true).open().unwrap();
        let tree = db.open_tree("by_due").unwrap();
        let mut model: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
        // Appends in order, then before everything, then in the middle, in batches of
        // several sizes; removals of every third; values rewritten.
        let mut rounds: Vec<Vec<Op>> = Vec::new();
        rounds.push(
            (1000..1300)
                .map(|i| (key(i), Some(b"open/a".to_vec())))
                .collect(),
        );
        rounds.push(
            (0..5)
                .rev()
                .map(|i| (key(i), Some(b"open/b".to_vec())))
                .collect(),
        );
        rounds.push(
            (1..200)
                .map(|i| (key(i * 5 + 1), Some(b"done/c".to_vec())))
                .collect(),
        );
        rounds.push((1000..1300).step_by(3).map(|i| (key(i), None)).collect());
        rounds.push((0..2).map(|i| (key(i), Some(b"late/x".to_vec()))).collect());
        rounds.push(vec![
            (key(7), Some(b"a".to_vec())),
            (key(7), None),
            (key(8), Some(b"b".to_vec())),
        ]);
        for ops in &rounds {
            for chunk in ops.chunks(37) {
                apply(&tree, chunk).unwrap();
                for (k, v) in chunk {
                    match v {
                        Some(v) => model.insert(k.clone(), v.clone()),
                        None => model.remove(k),
                    };
                }
                let stored = all(&tree);
                assert_eq!(stored, model.clone().into_iter().collect::<Vec<_>>());
            }
        }
        assert!(tree.len() > 5, "split into buckets: {}", tree.len());
        assert!(tree.len() < model.len() / 10, "{} buckets", tree.len());
        // Ranges: from inside a bucket to before another one's entry.
        let mut seen = Vec::new();
        scan(&tree, &key(500), Some(&key(1100)), |k, _| {
            seen.push(k.to_vec());
            true
        })
        .unwrap();
        let want: Vec<Vec<u8>> = model
            .range(key(500)..key(1100))
            .map(|(k, _)| k.clone())
            .collect();
        assert_eq!(seen, want);
        // Stops when told.
        let mut n = 0;
        scan(&tree, b"", None, |_, _| {
            n += 1;
            n < 10
        })
        .unwrap();
        assert_eq!(n, 10);
        // Everything removed: no bucket left.
        let ops: Vec<Op> = model.keys().map(|k| (k.clone(), None)).collect();
        apply(&tree, &ops).unwrap();
        assert!(tree.is_empty());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]
        /// Any batches of writes and removals leave the index holding what a plain sorted map
        /// would, with a valid layout, and a scan of any range gives that range.
        #[test]
        fn the_index_holds_what_a_sorted_map_would(
            batches in proptest::collection::vec(
                proptest::collection::vec((0u32..400, proptest::option::of(0u8..4)), 1..120),
                1..12,
            ),
            lo in 0u32..400,
            len in 0u32..400,
        ) {
            let db = sled::Config::new().temporary(true).open().unwrap();
            let tree = db.open_tree("by_due").unwrap();
            let mut model: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
            for batch in &batches {
                let ops: Vec<Op> = batch
                    .iter()
                    .map(|(k, v)| (key(*k), v.map(|v| vec![b'v', v])))
                    .collect();
                apply(&tree, &ops).unwrap();
                for (k, v) in ops {
                    match v {
                        Some(v) => model.insert(k, v),
                        None => model.remove(&k),
                    };
                }
                proptest::prop_assert_eq!(all(&tree), model.clone().into_iter().collect::<Vec<_>>());
            }
            let (from, to) = (key(lo), key(lo + len));
            let mut seen = Vec::new();
            scan(&tree, &from, Some(&to), |k, v| {
                seen.push((k.to_vec(), v.to_vec()));
                true
            })
            .unwrap();
            let want: Vec<_> = model.range(from..to).map(|(k, v)| (k.clone(), v.clone())).collect();
            proptest::prop_assert_eq!(seen, want);
        }
    }

    #[test]
    fn a_damaged_bucket_is_named() {
        for bytes in [&b""[..], &[9u8, 0][..], &[1u8, 0, 0, 0, 9, b'a'][..]] {
            let err = entries(b"some-key", bytes).unwrap_err();
            assert!(err.to_string().contains("by_due"), "{err}");
        }
    }
}
