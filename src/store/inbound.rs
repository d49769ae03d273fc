//! Inbound mail in the store: what each sent message covered (by Message-ID and subject code), the messages received and their fate, the occurrences they answer, and the IMAP UIDs already handled.

use serde::{Deserialize, Serialize};

use super::{decode, encode, Store, StoreError};

/// Sent messages by Message-ID (without angle brackets).
const SENT: &str = "mail_sent";
/// `<code>/<message id>` → nothing: the messages a subject code was printed in.
const CODES: &str = "mail_codes";
/// Received messages by key (their Message-ID without angle brackets, or `sha256:<hex>`).
const INBOUND: &str = "mail_inbound";
/// `<occurrence id> NUL <message key>` → nothing: the messages matched to an occurrence.
const BY_OCCURRENCE: &str = "mail_by_occurrence";
/// `<mailbox>/<uidvalidity>/<uid>` → message key: IMAP messages already handled.
const IMAP_SEEN: &str = "mail_imap_seen";

/// What one sent message covered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentMessage {
    /// Without angle brackets.
    pub message_id: String,
    /// The subject code printed in it (`DD-7F3K2Q`).
    pub code: String,
    /// The unit it went to.
    pub unit: String,
    /// The occurrences it was about.
    pub occurrences: Vec<String>,
}

/// What became of a received message.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InboundState {
    /// Matched and being applied (a crash here is resumed when the message comes again).
    Matching,
    /// Applied: its occurrences were marked submitted.
    Matched,
    /// Waits for a coordinator to assign or dismiss it.
    #[default]
    Waiting,
    /// A coordinator dismissed it.
    Dismissed,
    /// Not a submission (an auto-reply, a bounce, malformed or too large).
    Ignored,
}

impl InboundState {
    /// The API's word for it (`matching` shows as `matched`).
    pub fn name(self) -> &'static str {
        match self {
            InboundState::Matching | InboundState::Matched => "matched",
            InboundState::Waiting => "waiting",
            InboundState::Dismissed => "dismissed",
            InboundState::Ignored => "ignored",
        }
    }
}

/// One attachment of a received message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentInfo {
    pub name: String,
    pub size: u64,
    /// Lowercase hex SHA-256 of the decoded content.
    pub sha256: String,
    /// Whether the file is kept in the attachments folder (else noted by hash only).
    pub kept: bool,
}

/// A received message and its fate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboundRecord {
    /// The Message-ID without angle brackets, or `sha256:<hex>` of the raw message.
    pub key: String,
    /// The sender's address (From), lowercase.
    pub from: String,
    pub subject: String,
    /// When the mail server received it (RFC 3339): the submission time.
    pub received_at: String,
    pub attachments: Vec<AttachmentInfo>,
    pub state: InboundState,
    /// The occurrences it was matched or assigned to.
    pub matched: Vec<String>,
    /// For a waiting message: the occurrences it may answer (a grouped reminder).
    #[serde(default)]
    pub candidates: Vec<String>,
    /// Why it waits or was ignored, dismissed or matched.
    pub reason: String,
    /// `smtp` or `imap`.
    pub source: String,
    /// The size of the raw message in bytes.
    pub size: u64,
    /// Who decided (for assigned or dismissed messages).
    #[serde(default)]
    pub decided_by: Option<String>,
}

fn tree(store: &Store, name: &str) -> Result<sled::Tree, StoreError> {
    Ok(store.h()?.db.open_tree(name)?)
}

fn pair_key(a: &str, b: &str) -> Vec<u8> {
    let mut k = a.as_bytes().to_vec();
    k.push(0);
    k.extend_from_slice(b.as_bytes());
    k
}

impl Store {
    /// Records what a message being sent covers (called by delivery for every notification).
    pub fn record_sent_message(&self, m: &SentMessage) -> Result<(), StoreError> {
        let _w = self.writing()?;
        tree(self, SENT)?.insert(m.message_id.as_bytes(), encode(m))?;
        tree(self, CODES)?.insert(pair_key(&m.code, &m.message_id), &[])?;
        Ok(())
    }

    /// The sent message with this Message-ID (without angle brackets).
    pub fn sent_message(&self, message_id: &str) -> Result<Option<SentMessage>, StoreError> {
        tree(self, SENT)?
            .get(message_id.as_bytes())?
            .map(|b| decode(SENT_NAME, message_id.as_bytes(), &b))
            .transpose()
    }

    /// The sent messages that printed subject code `code`.
    pub fn sent_with_code(&self, code: &str) -> Result<Vec<SentMessage>, StoreError> {
        let mut prefix = code.as_bytes().to_vec();
        prefix.push(0);
        let mut out = Vec::new();
        for k in tree(self, CODES)?.scan_prefix(&prefix).keys() {
            let k = k?;
            let id = String::from_utf8_lossy(&k[prefix.len()..]).into_owned();
            if let Some(m) = self.sent_message(&id)? {
                out.push(m);
            }
        }
        Ok(out)
    }

    pub fn inbound_message(&self, key: &str) -> Result<Option<InboundRecord>, StoreError> {
        tree(self, INBOUND)?
            .get(key.as_bytes())?
            .map(|b| decode(INBOUND_NAME, key.as_bytes(), &b))
            .transpose()
    }

    /// Writes a received message's record and indexes it under its matched occurrences.
    pub fn put_inbound_message(&self, rec: &InboundRecord) -> Result<(), StoreError> {
        let _w = self.writing()?;
        let by = tree(self, BY_OCCURRENCE)?;
        for id in &rec.matched {
            by.insert(pair_key(id, &rec.key), &[])?;
        }
        tree(self, INBOUND)?.insert(rec.key.as_bytes(), encode(rec))?;
        Ok(())
    }

    /// Stores `rec` only if no message has its key yet; false when one has.
    pub fn insert_inbound_message(&self, rec: &InboundRecord) -> Result<bool, StoreError> {
        let _w = self.writing()?;
        let by = tree(self, BY_OCCURRENCE)?;
        for id in &rec.matched {
            by.insert(pair_key(id, &rec.key), &[])?;
        }
        Ok(tree(self, INBOUND)?
            .compare_and_swap(rec.key.as_bytes(), None::<&[u8]>, Some(encode(rec)))?
            .is_ok())
    }

    /// Every received message, in key order.
    pub fn inbound_messages(&self) -> Result<Vec<InboundRecord>, StoreError> {
        tree(self, INBOUND)?
            .iter()
            .map(|item| {
                let (k, v) = item?;
                decode(INBOUND_NAME, &k, &v)
            })
            .collect()
    }

    /// The messages matched or assigned to an occurrence.
    pub fn inbound_of_occurrence(&self, id: &str) -> Result<Vec<InboundRecord>, StoreError> {
        let mut prefix = id.as_bytes().to_vec();
        prefix.push(0);
        let mut out = Vec::new();
        for k in tree(self, BY_OCCURRENCE)?.scan_prefix(&prefix).keys() {
            let k = k?;
            let key = String::from_utf8_lossy(&k[prefix.len()..]).into_owned();
            if let Some(r) = self.inbound_message(&key)? {
                if r.matched.iter().any(|m| m == id) {
                    out.push(r);
                }
            }
        }
        Ok(out)
    }

    /// The message key an IMAP message was handled as, if it was.
    pub fn imap_handled(
        &self,
        mailbox: &str,
        uidvalidity: u32,
        uid: u32,
    ) -> Result<Option<String>, StoreError> {
        let k = format!("{mailbox}/{uidvalidity}/{uid:010}");
        Ok(tree(self, IMAP_SEEN)?
            .get(k.as_bytes())?
            .map(|v| String::from_utf8_lossy(&v).into_owned()))
    }

    /// Remembers that an IMAP message was handled (as message `key`).
    pub fn mark_imap_handled(
        &self,
        mailbox: &str,
        uidvalidity: u32,
        uid: u32,
        key: &str,
    ) -> Result<(), StoreError> {
        let _w = self.writing()?;
        let k = format!("{mailbox}/{uidvalidity}/{uid:010}");
        tree(self, IMAP_SEEN)?.insert(k.as_bytes(), key.as_bytes())?;
        Ok(())
    }
}

const SENT_NAME: &str = "mail_sent";
const INBOUND_NAME: &str = "mail_inbound";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sent_messages_codes_and_received_messages_survive_reopen() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = Store::open(dir.path()).unwrap();
            for (id, occ) in [
                ("a@dondoc", "kh/o/xa/2024-Q1"),
                ("b@dondoc", "kh/o/xb/2024-Q1"),
            ] {
                s.record_sent_message(&SentMessage {
                    message_id: id.into(),
                    code: "DD-AAAAAA".into(),
                    unit: "xa".into(),
                    occurrences: vec![occ.into()],
                })
                .unwrap();
            }
            let rec = InboundRecord {
                key: "r1@example".into(),
                state: InboundState::Matched,
                matched: vec!["kh/o/xa/2024-Q1".into()],
                ..Default::default()
            };
            assert!(s.insert_inbound_message(&rec).unwrap());
            assert!(!s.insert_inbound_message(&rec).unwrap());
            s.mark_imap_handled("INBOX", 7, 42, "r1@example").unwrap();
            s.flush().unwrap();
        }
        let s = Store::open(dir.path()).unwrap();
        assert_eq!(s.sent_with_code("DD-AAAAAA").unwrap().len(), 2);
        assert!(s.sent_with_code("DD-AAAAA").unwrap().is_empty());
        assert_eq!(
            s.sent_message("b@dondoc").unwrap().unwrap().occurrences,
            ["kh/o/xb/2024-Q1"]
        );
        assert_eq!(s.inbound_of_occurrence("kh/o/xa/2024-Q1").unwrap().len(), 1);
        assert!(s.inbound_of_occurrence("kh/o/xa/2024").unwrap().is_empty());
        assert_eq!(
            s.imap_handled("INBOX", 7, 42).unwrap().as_deref(),
            Some("r1@example")
        );
        assert_eq!(s.imap_handled("INBOX", 8, 42).unwrap(), None);
    }
}
