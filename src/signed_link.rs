//! One-click links in reminders: a token naming an occurrence and a unit, with an expiry and a
//! nonce, signed with HMAC-SHA256; verification says exactly why a token is refused.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::domain::time::Instant;

type HmacSha256 = Hmac<Sha256>;

/// What a link lets its holder do: say that `unit` has submitted `occurrence`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkClaim {
    /// The occurrence id.
    pub o: String,
    /// The unit the link was sent to.
    pub u: String,
    /// Expiry, Unix seconds.
    pub e: i64,
    /// Nonce: a link can be used once.
    pub n: String,
}

/// Why a token was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("the link is damaged or was altered")]
    Tampered,
    #[error("the link expired")]
    Expired(LinkClaim),
}

/// Signs and verifies link tokens with one secret key.
#[derive(Clone)]
pub struct LinkSigner {
    key: Vec<u8>,
}

impl std::fmt::Debug for LinkSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkSigner(<secret>)")
    }
}

impl LinkSigner {
    pub fn new(key: impl Into<Vec<u8>>) -> Self {
        Self { key: key.into() }
    }

    fn mac(&self, payload: &[u8]) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(payload);
        mac
    }

    /// A token for `unit` to submit `occurrence` until `expires`. The nonce comes from `seed`
    /// (the outbox key), so a message sent again carries the same link.
    pub fn sign(&self, occurrence: &str, unit: &str, expires: Instant, seed: &str) -> String {
        let nonce = hex::encode(&Sha256::digest(seed.as_bytes())[..12]);
        let claim = LinkClaim {
            o: occurrence.to_owned(),
            u: unit.to_owned(),
            e: expires.timestamp(),
            n: nonce,
        };
        let payload = serde_json::to_vec(&claim).expect("a claim serializes");
        let sig = self.mac(&payload).finalize().into_bytes();
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(&payload),
            URL_SAFE_NO_PAD.encode(sig)
        )
    }

    /// The key of a unit's calendar feed URL (`?key=`): it never expires; changing the secret
    /// revokes every feed.
    pub fn feed_key(&self, unit: &str) -> String {
        let sig = self
            .mac(format!("calendar:{unit}").as_bytes())
            .finalize()
            .into_bytes();
        URL_SAFE_NO_PAD.encode(&sig[..18])
    }

    /// Whether `key` is the feed key of `unit` (compared in constant time).
    pub fn feed_key_ok(&self, unit: &str, key: &str) -> bool {
        let Ok(given) = URL_SAFE_NO_PAD.decode(key) else {
            return false;
        };
        given.len() == 18
            && self
                .mac(format!("calendar:{unit}").as_bytes())
                .verify_truncated_left(&given)
                .is_ok()
    }

    /// The claim of a genuine, unexpired token (the signature is checked in constant time).
    pub fn verify(&self, token: &str, now: Instant) -> Result<LinkClaim, LinkError> {
        let (payload, sig) = token.split_once('.').ok_or(LinkError::Tampered)?;
        let payload = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| LinkError::Tampered)?;
        let sig = URL_SAFE_NO_PAD
            .decode(sig)
            .map_err(|_| LinkError::Tampered)?;
        self.mac(&payload)
            .verify_slice(&sig)
            .map_err(|_| LinkError::Tampered)?;
        let claim: LinkClaim = serde_json::from_slice(&payload).map_err(|_| LinkError::Tampered)?;
        if now.timestamp() >= claim.e {
            return Err(LinkError::Expired(claim));
        }
        Ok(claim)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn t(day: u32) -> Instant {
        crate::domain::time::midnight(NaiveDate::from_ymd_opt(2024, 3, day).unwrap())
    }

    #[test]
    fn a_genuine_link_verifies_until_it_expires() {
        let s = LinkSigner::new(b"secret".to_vec());
        let token = s.sign("kh/ob/xa/2024-Q1", "xa", t(20), "key#reminder-7@xa");
        let claim = s.verify(&token, t(10)).unwrap();
        assert_eq!(
            (claim.o.as_str(), claim.u.as_str()),
            ("kh/ob/xa/2024-Q1", "xa")
        );
        assert!(matches!(
            s.verify(&token, t(20)),
            Err(LinkError::Expired(_))
        ));
        // Deterministic: the same message gives the same link.
        assert_eq!(
            token,
            s.sign("kh/ob/xa/2024-Q1", "xa", t(20), "key#reminder-7@xa")
        );
    }

    #[test]
    fn altered_links_and_other_keys_are_refused() {
        let s = LinkSigner::new(b"secret".to_vec());
        let token = s.sign("kh/ob/xa/2024-Q1", "xa", t(20), "seed");
        let (payload, sig) = token.split_once('.').unwrap();
        let other = LinkClaim {
            o: "kh/ob/xa/2024-Q1".into(),
            u: "ca".into(),
            e: t(20).timestamp(),
            n: "x".into(),
        };
        let forged = format!(
            "{}.{sig}",
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&other).unwrap())
        );
        for bad in [
            forged,
            format!("{payload}.{}", &sig[1..]),
            format!("{payload}x.{sig}"),
            "garbage".to_owned(),
            String::new(),
        ] {
            assert_eq!(s.verify(&bad, t(10)), Err(LinkError::Tampered), "{bad}");
        }
        let other_key = LinkSigner::new(b"another".to_vec());
        assert_eq!(other_key.verify(&token, t(10)), Err(LinkError::Tampered));
    }
}
