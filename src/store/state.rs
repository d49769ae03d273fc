//! Small named values: the generated link key, channel state (Zalo tokens), used one-click links and the health probe's write.

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{decode, encode, Store, StoreError};

impl Store {
    /// The secret `name`, created with `generate` the first time (and flushed).
    pub fn secret(
        &self,
        name: &str,
        generate: impl FnOnce() -> Vec<u8>,
    ) -> Result<Vec<u8>, StoreError> {
        let _w = self.writing()?;
        let key = format!("secret/{name}");
        if let Some(v) = self.h()?.meta.get(&key)? {
            return Ok(v.to_vec());
        }
        let fresh = generate();
        // Two first callers: the one that wrote first wins for both.
        let stored =
            match self
                .h()?
                .meta
                .compare_and_swap(&key, None::<&[u8]>, Some(fresh.as_slice()))?
            {
                Ok(()) => fresh,
                Err(e) => e.current.map(|v| v.to_vec()).unwrap_or(fresh),
            };
        self.h()?.db.flush().map_err(|e| self.fail(&e))?;
        Ok(stored)
    }

    /// Writes, reads back and flushes a probe value: the store is writable. The flush queues
    /// with every other (see `flushing`).
    pub async fn probe_write(&self, now: &str) -> Result<(), StoreError> {
        {
            let _w = self.writing()?;
            self.h()?.meta.insert("health/probe", now.as_bytes())?;
            let back = self.h()?.meta.get("health/probe")?;
            if back.as_deref() != Some(now.as_bytes()) {
                return Err(StoreError::Sled(sled::Error::ReportableBug(
                    "probe value not read back".into(),
                )));
            }
        }
        self.flush_async().await
    }

    /// Records that the link with `nonce` was used at `at`; false if it was used before.
    pub fn use_link(&self, nonce: &str, at: &str) -> Result<bool, StoreError> {
        let _w = self.writing()?;
        Ok(self
            .h()?
            .used_links
            .compare_and_swap(nonce, None::<&[u8]>, Some(at.as_bytes()))?
            .is_ok())
    }

    /// When the link with `nonce` was used, if it was.
    pub fn link_used_at(&self, nonce: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .h()?
            .used_links
            .get(nonce)?
            .map(|v| String::from_utf8_lossy(&v).into_owned()))
    }

    /// A channel's persisted state (e.g. the Zalo OA tokens), by channel name.
    pub fn channel_state<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>, StoreError> {
        self.h()?
            .channels
            .get(name)?
            .map(|b| decode("channels", name.as_bytes(), &b))
            .transpose()
    }

    /// Replaces a channel's state. Call [`Store::flush_async`] before relying on it.
    pub fn put_channel_state<T: Serialize>(&self, name: &str, state: &T) -> Result<(), StoreError> {
        let _w = self.writing()?;
        self.h()?.channels.insert(name.as_bytes(), encode(state))?;
        Ok(())
    }
}
