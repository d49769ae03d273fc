//! The in-memory index of open occurrence ids by assignee (no sled calls: the store keeps it).

use std::collections::{BTreeMap, BTreeSet};

/// Assignee → ids of its open occurrences.
#[derive(Default)]
pub(super) struct OpenIndex {
    pub(super) by_assignee: BTreeMap<String, BTreeSet<String>>,
    pub(super) len: usize,
}

impl OpenIndex {
    pub(super) fn set(&mut self, id: &str, assignee: &str, open: bool) {
        if open {
            let ids = self.by_assignee.entry(assignee.to_owned()).or_default();
            if !ids.contains(id) {
                ids.insert(id.to_owned());
                self.len += 1;
            }
        } else if let Some(ids) = self.by_assignee.get_mut(assignee) {
            if ids.remove(id) {
                self.len -= 1;
                if ids.is_empty() {
                    self.by_assignee.remove(assignee);
                }
            }
        }
    }
}
