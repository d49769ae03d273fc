//! The `drafts` tree: uploaded plan drafts awaiting review — put, read, delete, and the sweep of expired ones.

use serde::{Deserialize, Serialize};

use super::{decode, encode, Store, StoreError};

/// One uploaded plan's draft as the reviewer last saved it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDraft {
    pub id: String,
    /// The uploaded file's name.
    pub file_name: String,
    /// Who uploaded it (the token's name).
    pub uploaded_by: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339: the draft is dropped after this.
    pub expires_at: String,
    /// The draft object (`dondoc draft --format json`), with the reviewer's edits applied.
    pub draft: serde_json::Value,
}

const TREE: &str = "drafts";

impl Store {
    fn drafts(&self) -> Result<sled::Tree, StoreError> {
        Ok(self.h()?.db.open_tree(TREE)?)
    }

    /// Stores (or replaces) a draft. Call [`Store::flush_async`] before relying on it.
    pub fn put_draft(&self, d: &StoredDraft) -> Result<(), StoreError> {
        let _w = self.writing()?;
        let tree = self.drafts()?;
        tree.insert(d.id.as_bytes(), encode(d))?;
        Ok(())
    }

    /// A draft by id; one whose expiry (RFC 3339) is not after `now` reads as absent.
    pub fn draft(&self, id: &str, now: &str) -> Result<Option<StoredDraft>, StoreError> {
        let tree = self.drafts()?;
        let Some(bytes) = tree.get(id.as_bytes())? else {
            return Ok(None);
        };
        let d: StoredDraft = decode(TREE, id.as_bytes(), &bytes)?;
        Ok((!expired(&d, now)).then_some(d))
    }

    /// Deletes a draft; whether there was one.
    pub fn delete_draft(&self, id: &str) -> Result<bool, StoreError> {
        let _w = self.writing()?;
        let tree = self.drafts()?;
        Ok(tree.remove(id.as_bytes())?.is_some())
    }

    /// Deletes every draft expired at `now`; how many.
    pub fn expire_drafts(&self, now: &str) -> Result<usize, StoreError> {
        let tree = self.drafts()?;
        let mut gone = Vec::new();
        for item in tree.iter() {
            let (k, v) = item?;
            // A record that no longer decodes is dropped with the expired ones.
            let keep = decode::<StoredDraft>(TREE, &k, &v).is_ok_and(|d| !expired(&d, now));
            if !keep {
                gone.push(k);
            }
        }
        let _w = self.writing()?;
        for k in &gone {
            tree.remove(k)?;
        }
        Ok(gone.len())
    }
}

fn expired(d: &StoredDraft, now: &str) -> bool {
    match (
        crate::domain::time::parse_instant(&d.expires_at),
        crate::domain::time::parse_instant(now),
    ) {
        (Ok(e), Ok(n)) => e <= n,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(id: &str, expires_at: &str) -> StoredDraft {
        StoredDraft {
            id: id.into(),
            file_name: "kh.docx".into(),
            uploaded_by: "điều phối".into(),
            created_at: "2026-01-01T08:00:00+07:00".into(),
            expires_at: expires_at.into(),
            draft: serde_json::json!({"plan_id": "kh-1", "obligations": []}),
        }
    }

    #[test]
    fn drafts_are_kept_read_deleted_and_expire() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let now = "2026-01-05T08:00:00+07:00";
        store
            .put_draft(&draft("a", "2026-01-08T08:00:00+07:00"))
            .unwrap();
        store
            .put_draft(&draft("b", "2026-01-04T08:00:00+07:00"))
            .unwrap();
        assert_eq!(
            store.draft("a", now).unwrap(),
            Some(draft("a", "2026-01-08T08:00:00+07:00"))
        );
        assert_eq!(
            store.draft("b", now).unwrap(),
            None,
            "expired reads as absent"
        );
        assert_eq!(store.draft("zz", now).unwrap(), None);
        assert_eq!(store.expire_drafts(now).unwrap(), 1);
        assert_eq!(store.expire_drafts(now).unwrap(), 0);
        assert!(store.delete_draft("a").unwrap());
        assert!(!store.delete_draft("a").unwrap());
        assert_eq!(store.draft("a", now).unwrap(), None);
    }
}
