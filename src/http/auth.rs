//! API tokens: `Authorization: Bearer …` checked against SHA-256 hashes in constant time, and roles.

use axum::http::{HeaderMap, StatusCode};
use sha2::{Digest, Sha256};

use super::ApiError;
use crate::config::{ApiToken, Role};

/// Who is calling.
#[derive(Debug, Clone)]
pub struct Caller {
    pub name: String,
    pub role: Role,
    pub unit: Option<String>,
}

fn same(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The caller behind the request's bearer token. Every token is compared, in constant time.
pub fn caller(headers: &HeaderMap, tokens: &[ApiToken]) -> Result<Caller, ApiError> {
    let missing = || {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "send an API token: Authorization: Bearer <token>",
        )
    };
    let value = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(missing)?;
    let token = value.strip_prefix("Bearer ").ok_or_else(missing)?.trim();
    let hash: [u8; 32] = Sha256::digest(token.as_bytes()).into();
    let mut found = None;
    for t in tokens {
        if same(&t.sha256, &hash) && found.is_none() {
            found = Some(t);
        }
    }
    let t = found.ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "unknown API token",
        )
    })?;
    Ok(Caller {
        name: t.name.clone(),
        role: t.role,
        unit: t.unit.clone(),
    })
}

impl Caller {
    /// May this caller act on (or read) an occurrence owed by `assignee`?
    pub fn may_see(&self, assignee: &str) -> bool {
        match self.role {
            Role::Coordinator | Role::Viewer => true,
            Role::Unit => self.unit.as_deref() == Some(assignee),
        }
    }

    pub fn may_submit(&self, assignee: &str) -> bool {
        match self.role {
            Role::Coordinator => true,
            Role::Unit => self.unit.as_deref() == Some(assignee),
            Role::Viewer => false,
        }
    }
}

pub fn forbidden(what: &str) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "forbidden",
        format!("this token may not {what}"),
    )
}
