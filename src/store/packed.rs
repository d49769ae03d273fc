//! Trees of many small entries as they are laid out in sled: entries packed in sorted buckets of up to `BUCKET_MAX`, one sled value each (the index by deadline, the closed and history occurrence records), so a national store keeps tens of thousands of sled values instead of one per entry.
//!
//! sled 0.34 splits a leaf node above 16 entries and pays a few hundred bytes on disk and tens
//! of bytes in memory per entry whatever its size (BENCHMARKS.md), so a tree of small entries
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

/// One change of a packed tree: an entry written (Some value) or removed (None), in order.
pub(super) type Op = (Vec<u8>, Option<Vec<u8>>);

/// One entry of a bucket, (key, value), borrowed from the bucket's stored bytes.
pub(super) type Entry<'a> = (&'a [u8], &'a [u8]);

/// A packed tree: its sled name and what it holds (in error messages and the deep check).
#[derive(Debug, Clone, Copy)]
pub(super) struct Packed {
    pub tree: &'static str,
    pub label: &'static str,
}

/// The index by deadline (deadline in force, then id → state, lateness and assignee).
pub(super) const BY_DUE: Packed = Packed {
    tree: "by_due",
    label: "index by deadline",
};

/// The closed and history occurrence records (id → compact record).
pub(super) const CLOSED: Packed = Packed {
    tree: "closed",
    label: "closed records",
};

impl Packed {
    /// A bucket's entries, borrowed from its stored bytes, in key order.
    pub(super) fn entries<'a>(
        &self,
        key: &[u8],
        bytes: &'a [u8],
    ) -> Result<Vec<Entry<'a>>, StoreError> {
        let bad = |why: &str| StoreError::Unreadable {
            tree: self.tree,
            key: String::from_utf8_lossy(key).into_owned(),
            detail: format!("{} bucket: {why}", self.label),
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

    /// The value of `entry` in `tree`, with the key of the bucket holding it (None: absent).
    pub(super) fn get(
        &self,
        tree: &sled::Tree,
        entry: &[u8],
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let Some(found) = tree.range(..=entry).next_back() else {
            return Ok(None);
        };
        let (key, bytes) = found?;
        let entries = self.entries(&key, &bytes)?;
        Ok(entries
            .binary_search_by(|(k, _)| (*k).cmp(entry))
            .ok()
            .map(|i| entries[i].1.to_vec()))
    }

    /// What applying `ops` (in order) to the packed tree `tree` writes: bucket keys with their
    /// new bytes (Some) or removed (None). Reads the buckets concerned from `tree`, which must
    /// not change before the writes are applied (the caller holds the occurrence write lock).
    pub(super) fn plan(&self, tree: &sled::Tree, ops: &[Op]) -> Result<Vec<Op>, StoreError> {
        // The buckets touched, each with its entries as they become.
        let mut buckets: BTreeMap<Vec<u8>, BTreeMap<Vec<u8>, Vec<u8>>> = BTreeMap::new();
        for (entry, value) in ops {
            let home = match bucket_of(tree, entry)? {
                Some(k) => k.to_vec(),
                // An empty tree: the first bucket is keyed by its first entry.
                None => buckets
                    .keys()
                    .next()
                    .cloned()
                    .unwrap_or_else(|| entry.clone()),
            };
            if !buckets.contains_key(&home) {
                let stored = match tree.get(&home)? {
                    Some(bytes) => self
                        .entries(&home, &bytes)?
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
            // An entry before the bucket's key (one before every bucket): stored under it.
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

    /// Applies `ops` to the packed tree `tree` at once (outside a transaction: building it, or
    /// under the occurrence write lock).
    pub(super) fn apply(&self, tree: &sled::Tree, ops: &[Op]) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        for (k, v) in self.plan(tree, ops)? {
            match v {
                Some(v) => batch.insert(k, v),
                None => batch.remove(k),
            }
        }
        tree.apply_batch(batch)?;
        Ok(())
    }

    /// Calls `each` with every entry from `lower` (inclusive) to `upper` (exclusive; None: to
    /// the end) in key order, until it returns false.
    pub(super) fn scan(
        &self,
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
            for (k, v) in self.entries(&key, &bytes)? {
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

    /// Calls `each` with every entry whose key begins with `prefix`, in key order, until it
    /// returns false.
    pub(super) fn scan_prefix(
        &self,
        tree: &sled::Tree,
        prefix: &[u8],
        each: impl FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), StoreError> {
        self.scan(tree, prefix, successor(prefix).as_deref(), each)
    }

    /// Every entry of the tree in order, and what is wrong with its layout (buckets out of
    /// order, over-full or empty, entries outside their bucket's range), for the deep check.
    pub(super) fn check(
        &self,
        tree: &sled::Tree,
        mut each: impl FnMut(&[u8], &[u8]),
    ) -> Result<Vec<String>, StoreError> {
        let label = self.label;
        let mut problems = Vec::new();
        let mut last: Option<Vec<u8>> = None;
        for item in tree.iter() {
            let (key, bytes) = item?;
            let found = self.entries(&key, &bytes)?;
            // Index keys begin with a 12-byte instant; record keys are ids.
            let shown = match self.tree {
                "by_due" => key.get(12..).unwrap_or_default(),
                _ => &key[..],
            };
            let name = String::from_utf8_lossy(shown).into_owned();
            if found.is_empty() || found.len() > BUCKET_MAX {
                problems.push(format!(
                    "{label}: bucket at `{name}` holds {} entries",
                    found.len()
                ));
            }
            if found.first().is_some_and(|(k, _)| *k < &key[..]) {
                problems.push(format!(
                    "{label}: bucket at `{name}` holds an entry before its key"
                ));
            }
            for (k, v) in found {
                if last.as_deref().is_some_and(|l| l >= k) {
                    problems.push(format!("{label}: entries out of order at bucket `{name}`"));
                }
                last = Some(k.to_vec());
                each(k, v);
            }
        }
        Ok(problems)
    }
}

/// The first key after every key that begins with `prefix` (None: there is none).
fn successor(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut up = prefix.to_vec();
    while let Some(last) = up.pop() {
        if last < u8::MAX {
            up.push(last + 1);
            return Some(up);
        }
    }
    None
}

/// The stored bytes of a bucket holding `entries` (in key order).
fn encode<'a>(entries: impl Iterator<Item = (&'a Vec<u8>, &'a Vec<u8>)>) -> Vec<u8> {
    let mut out = vec![VERSION];
    for (k, v) in entries {
        for part in [k, v] {
            let len = u32::try_from(part.len()).expect("entries are under 4 GB");
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

#[cfg(test)]
mod tests {
    use super::*;

    fn key(i: u32) -> Vec<u8> {
        format!("k{i:06}").into_bytes()
    }

    fn all(tree: &sled::Tree) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut out = Vec::new();
        let problems = BY_DUE
            .check(tree, |k, v| out.push((k.to_vec(), v.to_vec())))
            .unwrap();
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
        let rounds: Vec<Vec<Op>> = vec![
            (1000..1300)
                .map(|i| (key(i), Some(b"open/a".to_vec())))
                .collect(),
            (0..5)
                .rev()
                .map(|i| (key(i), Some(b"open/b".to_vec())))
                .collect(),
            (1..200)
                .map(|i| (key(i * 5 + 1), Some(b"done/c".to_vec())))
                .collect(),
            (1000..1300).step_by(3).map(|i| (key(i), None)).collect(),
            (0..2).map(|i| (key(i), Some(b"late/x".to_vec()))).collect(),
            vec![
                (key(7), Some(b"a".to_vec())),
                (key(7), None),
                (key(8), Some(b"b".to_vec())),
            ],
        ];
        for ops in &rounds {
            for chunk in ops.chunks(37) {
                BY_DUE.apply(&tree, chunk).unwrap();
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
        BY_DUE
            .scan(&tree, &key(500), Some(&key(1100)), |k, _| {
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
        BY_DUE
            .scan(&tree, b"", None, |_, _| {
                n += 1;
                n < 10
            })
            .unwrap();
        assert_eq!(n, 10);
        // Everything removed: no bucket left.
        let ops: Vec<Op> = model.keys().map(|k| (k.clone(), None)).collect();
        BY_DUE.apply(&tree, &ops).unwrap();
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
                BY_DUE.apply(&tree, &ops).unwrap();
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
            BY_DUE.scan(&tree, &from, Some(&to), |k, v| {
                seen.push((k.to_vec(), v.to_vec()));
                true
            })
            .unwrap();
            let want: Vec<_> = model.range(from..to).map(|(k, v)| (k.clone(), v.clone())).collect();
            proptest::prop_assert_eq!(seen, want);
            // Point reads and prefix reads.
            for k in [lo, lo + len, 0, 399] {
                proptest::prop_assert_eq!(BY_DUE.get(&tree, &key(k)).unwrap(), model.get(&key(k)).cloned());
            }
            let prefix = format!("k{:05}", lo / 10).into_bytes();
            let want: Vec<_> = model
                .iter()
                .filter(|(k, _)| k.starts_with(&prefix))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let mut got = Vec::new();
            BY_DUE
                .scan_prefix(&tree, &prefix, |k, v| {
                    got.push((k.to_vec(), v.to_vec()));
                    true
                })
                .unwrap();
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn the_successor_of_a_prefix_follows_every_key_with_it() {
        assert_eq!(successor(b"kh/"), Some(b"kh0".to_vec()));
        assert_eq!(successor(&[b'a', 0xff]), Some(b"b".to_vec()));
        assert_eq!(successor(&[0xff, 0xff]), None);
        assert_eq!(successor(b""), None);
    }

    #[test]
    fn a_damaged_bucket_is_named() {
        for bytes in [&b""[..], &[9u8, 0][..], &[1u8, 0, 0, 0, 9, b'a'][..]] {
            let err = BY_DUE.entries(b"some-key", bytes).unwrap_err();
            assert!(err.to_string().contains("by_due"), "{err}");
        }
    }
}
