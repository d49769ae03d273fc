//! The outbox-directory channel: each message as a file in a folder, and a log line.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

use super::{Message, SendError};

/// File names longer than this (before `.txt`) are shortened and made unique with a hash.
const MAX_STEM: usize = 200;

pub struct Outdir {
    dir: PathBuf,
    /// Makes temporary file names unique within the process.
    seq: AtomicU64,
}

/// `key` as a file name stem: only `[A-Za-z0-9._-]`, others replaced by `_`.
fn file_stem(key: &str) -> String {
    let mut stem: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if stem.is_empty() || stem.chars().all(|c| c == '.') {
        stem = format!("_{stem}");
    }
    if stem.len() > MAX_STEM {
        let hash = hex::encode(&Sha256::digest(key.as_bytes())[..8]);
        stem.truncate(MAX_STEM - hash.len() - 1);
        stem = format!("{stem}-{hash}");
    }
    stem
}

/// The file's text: a few header lines, a blank line, then the plain text body.
fn render(msg: &Message) -> String {
    let mut out = String::with_capacity(msg.text.len() + 256);
    out.push_str(&format!("Subject: {}\n", msg.subject));
    out.push_str(&format!("Message-ID: {}\n", msg.message_id));
    if let Some(date) = msg.date {
        out.push_str(&format!("Date: {}\n", date.to_rfc2822()));
    }
    out.push_str(&format!("Unit: {} ({})\n", msg.unit, msg.unit_name));
    out.push_str(&format!("Key: {}\n", msg.key));
    // The outbox entries the message carries, one line each.
    let items = msg.meta.get("items").and_then(|v| v.as_array());
    for key in items
        .into_iter()
        .flatten()
        .filter_map(|i| i.get("key")?.as_str())
    {
        out.push_str(&format!("Item: {key}\n"));
    }
    out.push('\n');
    out.push_str(&msg.text);
    if !msg.text.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Writes `contents` to `path` atomically: a temporary file in the same folder, synced, then
/// renamed over `path`.
/// `modified`: the file's modification time (the message's send time).
fn write_atomic(
    dir: &Path,
    path: &Path,
    tmp: &Path,
    contents: &[u8],
    modified: Option<std::time::SystemTime>,
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let result = (|| {
        let mut f = std::fs::File::create(tmp)?;
        f.write_all(contents)?;
        if let Some(t) = modified {
            f.set_modified(t)?;
        }
        f.sync_all()?;
        drop(f);
        std::fs::rename(tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(tmp);
    }
    result
}

impl Outdir {
    /// Never fails: the folder is created on the first send.
    pub fn new(dir: &Path) -> Self {
        Self {
            dir: dir.to_path_buf(),
            seq: AtomicU64::new(0),
        }
    }

    pub async fn send(&self, msg: &Message) -> Result<(), SendError> {
        let stem = file_stem(&msg.key);
        let path = self.dir.join(format!("{stem}.txt"));
        let tmp = self.dir.join(format!(
            ".{stem}.{}.{}.tmp",
            std::process::id(),
            self.seq.fetch_add(1, Ordering::Relaxed)
        ));
        let contents = render(msg).into_bytes();
        let dir = self.dir.clone();
        let target = path.clone();
        let modified = msg
            .date
            .map(|d| std::time::SystemTime::from(d.with_timezone(&chrono::Utc)));
        tokio::task::spawn_blocking(move || write_atomic(&dir, &target, &tmp, &contents, modified))
            .await
            .map_err(|e| SendError::Transient(format!("outbox write task failed: {e}")))?
            .map_err(|e| {
                SendError::Transient(format!("cannot write outbox file {}: {e}", path.display()))
            })?;
        tracing::info!(
            key = %msg.key,
            unit = %msg.unit,
            subject = %msg.subject,
            path = %path.display(),
            "notification written to the outbox folder"
        );
        Ok(())
    }
}

impl super::Channel for Outdir {
    fn name(&self) -> &'static str {
        "outbox_dir"
    }

    /// Never a route of its own: the fallback when a unit has none.
    fn addresses(&self, _contacts: &crate::domain::model::Contacts) -> Vec<String> {
        Vec::new()
    }

    fn send<'a>(
        &'a self,
        _address: &'a str,
        msg: &'a Message,
    ) -> super::BoxFuture<'a, Result<(), SendError>> {
        Box::pin(Outdir::send(self, msg))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_safe() {
        assert_eq!(
            file_stem("kh/ob/xa/2024-Q1#reminder-7@xa"),
            "kh_ob_xa_2024-Q1_reminder-7_xa"
        );
        assert_eq!(file_stem("Báo cáo"), "B_o_c_o");
        assert_eq!(file_stem(""), "_");
        assert_eq!(file_stem(".."), "_..");
        let long = "x".repeat(300);
        let a = file_stem(&long);
        assert_eq!(a.len(), MAX_STEM);
        assert_ne!(a, file_stem(&"x".repeat(301)));
    }
}
