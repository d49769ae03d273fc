//! `GET /api/v1/units/{id}`: one unit as the directory knows it — its dates, earlier names, the
//! decision they rest on and who took over its duties.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;

use super::auth::{forbidden, Caller};
use super::{ApiError, AppState};
use crate::domain::ids::UnitId;
use crate::domain::model::{Directory, Holders};

#[derive(Debug, Serialize)]
pub struct UnitRef {
    pub id: String,
    pub name: String,
}

/// The answer: the unit, its life and, today, who holds its duties.
#[derive(Debug, Serialize)]
pub struct UnitAnswer {
    pub id: String,
    pub name: String,
    pub short: Option<String>,
    pub supervisor: Option<String>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    pub formerly: Vec<String>,
    pub successors: Vec<UnitRef>,
    pub basis: Option<String>,
    pub exists: bool,
    pub held_by: Vec<UnitRef>,
}

fn unit_ref(dir: &Directory, id: &UnitId) -> UnitRef {
    UnitRef {
        id: id.to_string(),
        name: dir.name(id).to_owned(),
    }
}

/// The unit `id` as of `today`.
pub fn answer(dir: &Directory, id: &UnitId, today: chrono::NaiveDate) -> Option<UnitAnswer> {
    let u = dir.unit(id)?;
    let life = dir.life(id).cloned().unwrap_or_default();
    let holders = dir.holders_on(id, today);
    let held_by = match &holders {
        Holders::Itself => vec![unit_ref(dir, id)],
        Holders::Successors(s) => s.iter().map(|s| unit_ref(dir, s)).collect(),
        Holders::NotYet | Holders::Ended { .. } => Vec::new(),
    };
    Some(UnitAnswer {
        id: id.to_string(),
        name: u.name.clone(),
        short: u.short.clone(),
        supervisor: u.supervisor.as_ref().map(ToString::to_string),
        valid_from: life.valid_from.map(|d| d.to_string()),
        valid_until: life.valid_until.map(|d| d.to_string()),
        formerly: life.formerly.clone(),
        successors: life.successors.iter().map(|s| unit_ref(dir, s)).collect(),
        basis: life.basis.clone(),
        exists: holders == Holders::Itself,
        held_by,
    })
}

pub async fn unit(
    State(state): State<Arc<AppState>>,
    who: Caller,
    Path(id): Path<String>,
) -> Result<Json<UnitAnswer>, ApiError> {
    let world = state.world();
    let not_found = || {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no unit `{id}`"),
        )
    };
    let unit = UnitId::parse(&id).map_err(|_| not_found())?;
    if !who.may_see(unit.as_str()) {
        return Err(forbidden("read another unit"));
    }
    let today = state.now().date_naive();
    answer(&world.directory, &unit, today)
        .map(Json)
        .ok_or_else(not_found)
}
