//! Parsed identifiers: unit, group, plan and obligation ids, and e-mail addresses.

use std::fmt;

use serde::Serialize;

/// Why a string is not a valid id or address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("id is empty")]
    Empty,
    #[error("id `{0}` is longer than 64 characters")]
    TooLong(String),
    #[error("id `{0}` may only contain lowercase ASCII letters, digits and `-`, and must start with a letter or digit")]
    BadChars(String),
    #[error("`{0}` is not an e-mail address (expected local@domain)")]
    BadEmail(String),
}

fn check_id(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    if s.len() > 64 {
        return Err(IdError::TooLong(s.to_owned()));
    }
    let first_ok = s.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit());
    let all_ok = s
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if first_ok && all_ok {
        Ok(())
    } else {
        Err(IdError::BadChars(s.to_owned()))
    }
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn parse(s: &str) -> Result<Self, IdError> {
                check_id(s).map(|()| Self(s.to_owned()))
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                Self::parse(s)
            }
        }
    };
}

id_type!(
    /// A unit or group in the directory (they share one namespace).
    UnitId
);
id_type!(
    /// A plan ("Kế hoạch").
    PlanId
);
id_type!(
    /// An obligation within a plan.
    ObligationId
);

/// An e-mail address, checked for shape only (local@domain, no spaces).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let bad = || IdError::BadEmail(s.to_owned());
        let (local, domain) = s.split_once('@').ok_or_else(bad)?;
        let ok = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && !s.chars().any(|c| c.is_whitespace() || c.is_control());
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(bad())
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        for ok in ["ca-dong-trieu", "a", "0-x", "bcd-05"] {
            assert!(UnitId::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "-x", "Ca", "cà", "a b", "a_b", &"x".repeat(65)] {
            assert!(UnitId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails() {
        assert!(EmailAddress::parse("ca@dongtrieu.example.org").is_ok());
        for bad in [
            "ca",
            "@x.org",
            "ca@org",
            "c a@x.org",
            "ca@x.org.",
            "a@b@c.org",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad}");
        }
    }
}
