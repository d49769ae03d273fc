//! API tokens: `Authorization: Bearer …` (or the dashboard's session cookie) checked against
//! SHA-256 hashes in constant time, and what each role may do.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
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

/// The name of the dashboard's session cookie (it holds the API token, HttpOnly, SameSite=Strict).
pub const SESSION_COOKIE: &str = "dondoc_token";

/// The token a request carries: `Authorization: Bearer …`, else the dashboard's cookie.
pub fn presented_token(headers: &HeaderMap) -> Option<String> {
    if let Some(v) = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        return v.strip_prefix("Bearer ").map(|t| t.trim().to_owned());
    }
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == SESSION_COOKIE)
        .map(|(_, v)| v.trim().to_owned())
}

/// The caller behind the request's token. Every configured token is compared, in constant time.
pub fn caller(headers: &HeaderMap, tokens: &[ApiToken]) -> Result<Caller, ApiError> {
    let token = presented_token(headers).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "send an API token: Authorization: Bearer <token>",
        )
    })?;
    identify(&token, tokens).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "unknown API token",
        )
    })
}

/// The client's address (set by `http::serve` on every request).
pub fn client_addr(extensions: &axum::http::Extensions) -> Option<std::net::IpAddr> {
    extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip())
}

/// [`caller`], with an unknown token counted as a failed authentication of the client: past
/// the quota the answer is 429 with Retry-After.
pub fn limited_caller(
    headers: &HeaderMap,
    extensions: &axum::http::Extensions,
    state: &super::AppState,
) -> Result<Caller, ApiError> {
    caller(headers, &state.tokens).map_err(|e| {
        if presented_token(headers).is_none() {
            return e;
        }
        match state
            .auth_limiter
            .failed(client_addr(extensions), "api token")
        {
            Some(wait) => ApiError::too_many(wait),
            None => e,
        }
    })
}

/// The caller a token stands for, if any.
pub fn identify(token: &str, tokens: &[ApiToken]) -> Option<Caller> {
    let hash: [u8; 32] = Sha256::digest(token.as_bytes()).into();
    let mut found = None;
    for t in tokens {
        if same(&t.sha256, &hash) && found.is_none() {
            found = Some(t);
        }
    }
    found.map(|t| Caller {
        name: t.name.clone(),
        role: t.role,
        unit: t.unit.clone(),
    })
}

/// Handlers take a `Caller` argument: the request is refused (401) without a known token.
impl FromRequestParts<Arc<super::AppState>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<super::AppState>,
    ) -> Result<Self, Self::Rejection> {
        let who = limited_caller(&parts.headers, &parts.extensions, state)?;
        // A write carried by the page's cookie (no Authorization header) gets the forms' check:
        // another site's page could otherwise make the browser send it.
        let safe = matches!(
            parts.method,
            axum::http::Method::GET | axum::http::Method::HEAD | axum::http::Method::OPTIONS
        );
        let by_cookie = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .is_none();
        if !safe
            && by_cookie
            && !super::dashboard::origin_ok(
                &parts.headers,
                &parts.uri,
                &state.settings().public_url,
            )
        {
            tracing::warn!(name = %who.name, path = %parts.uri.path(), "API write by the page's cookie refused: cross-origin");
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "cross_origin",
                "a write authenticated by the page's cookie must come from the page itself; API clients send Authorization: Bearer <token>",
            ));
        }
        Ok(who)
    }
}

impl Caller {
    /// May this caller act on (or read) an occurrence owed by `assignee`?
    pub fn may_see(&self, assignee: &str) -> bool {
        match self.role {
            Role::Coordinator | Role::Viewer => true,
            Role::Unit => self.unit.as_deref() == Some(assignee),
        }
    }

    /// May this caller take `action` on an occurrence owed by `assignee`?
    pub fn may_act(&self, action: &crate::actions::Action, assignee: &str) -> bool {
        if action.coordinator_only() {
            self.role == Role::Coordinator
        } else {
            self.may_submit(assignee)
        }
    }

    /// The units a unit token is confined to (None: every unit).
    pub fn own_units(&self) -> Option<Vec<crate::domain::ids::UnitId>> {
        match self.role {
            Role::Unit => Some(
                self.unit
                    .iter()
                    .filter_map(|u| crate::domain::ids::UnitId::parse(u).ok())
                    .collect(),
            ),
            _ => None,
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
