//! The checked plan model: units, groups, plans and obligations.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::Shift;
use super::ids::{EmailAddress, ObligationId, PlanId, UnitId};
use super::policy::Policy;
use super::rule::DueRule;

/// How a unit can be reached; each list in fallback order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contacts {
    pub email: Vec<EmailAddress>,
    pub zalo_user: Vec<String>,
    pub zalo_group: Vec<String>,
    pub webhook: Vec<String>,
    /// Phone numbers for Zalo ZNS template messages (`0912345678` or `84912345678`).
    pub phone: Vec<String>,
}

/// A body that owes, receives, coordinates or supervises reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: UnitId,
    pub name: String,
    pub short: Option<String>,
    pub supervisor: Option<UnitId>,
    pub contacts: Contacts,
}

/// A named set of units ("UBND các xã, phường"); members may be groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: UnitId,
    pub name: String,
    pub members: Vec<UnitId>,
    pub illustrative: bool,
    pub note: Option<String>,
}

/// All units and groups, with every reference checked and no group cycles.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    units: BTreeMap<UnitId, Unit>,
    groups: BTreeMap<UnitId, Group>,
}

impl Directory {
    /// Builds a directory; the caller has checked ids are unique, references exist and groups
    /// are acyclic and non-empty.
    pub fn new(units: Vec<Unit>, groups: Vec<Group>) -> Self {
        Self {
            units: units.into_iter().map(|u| (u.id.clone(), u)).collect(),
            groups: groups.into_iter().map(|g| (g.id.clone(), g)).collect(),
        }
    }

    pub fn unit(&self, id: &UnitId) -> Option<&Unit> {
        self.units.get(id)
    }

    pub fn group(&self, id: &UnitId) -> Option<&Group> {
        self.groups.get(id)
    }

    pub fn units(&self) -> impl Iterator<Item = &Unit> {
        self.units.values()
    }

    pub fn groups(&self) -> impl Iterator<Item = &Group> {
        self.groups.values()
    }

    pub fn contains(&self, id: &UnitId) -> bool {
        self.units.contains_key(id) || self.groups.contains_key(id)
    }

    /// A display name for a unit or group id.
    pub fn name<'a>(&'a self, id: &'a UnitId) -> &'a str {
        self.units
            .get(id)
            .map(|u| u.name.as_str())
            .or_else(|| self.groups.get(id).map(|g| g.name.as_str()))
            .unwrap_or(id.as_str())
    }

    /// The member units of a unit or group, sorted and unique.
    pub fn expand(&self, id: &UnitId) -> Vec<UnitId> {
        let mut out = BTreeSet::new();
        let mut stack = vec![id.clone()];
        let mut seen = BTreeSet::new();
        while let Some(id) = stack.pop() {
            if !seen.insert(id.clone()) {
                continue;
            }
            match self.groups.get(&id) {
                Some(g) => stack.extend(g.members.iter().cloned()),
                None => {
                    out.insert(id);
                }
            }
        }
        out.into_iter().collect()
    }

    /// The first group cycle through `id`, as a path, if any.
    pub fn cycle_through(&self, id: &UnitId) -> Option<Vec<UnitId>> {
        fn walk(dir: &Directory, at: &UnitId, path: &mut Vec<UnitId>) -> bool {
            if let Some(pos) = path.iter().position(|p| p == at) {
                path.drain(..pos);
                path.push(at.clone());
                return true;
            }
            let Some(g) = dir.groups.get(at) else {
                return false;
            };
            path.push(at.clone());
            for m in &g.members {
                if walk(dir, m, path) {
                    return true;
                }
            }
            path.pop();
            false
        }
        let mut path = Vec::new();
        walk(self, id, &mut path).then_some(path)
    }
}

/// What an obligation asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObligationKind {
    Report,
    Task,
    Event,
}

/// One duty of a plan, owed by each of its assignees.
#[derive(Debug, Clone)]
pub struct Obligation {
    pub id: ObligationId,
    pub title: String,
    pub kind: ObligationKind,
    pub clause: String,
    pub quote: String,
    /// Units and groups as the plan names them.
    pub assignees: Vec<UnitId>,
    pub recipient: UnitId,
    pub via: Option<UnitId>,
    /// Units named as cooperating ("Cơ quan phối hợp"): shown, not reminded.
    pub cooperating: Vec<UnitId>,
    pub escalate_to: Option<UnitId>,
    pub due: DueRule,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub shift: Shift,
    /// The policy after plan and obligation overrides.
    pub policy: Policy,
}

/// A plan ("Kế hoạch") and its obligations.
#[derive(Debug, Clone)]
pub struct Plan {
    pub id: PlanId,
    pub number: Option<String>,
    pub issuer: String,
    pub issued: Option<NaiveDate>,
    pub title: String,
    pub source: String,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub obligations: Vec<Obligation>,
}

impl Plan {
    /// The first day the plan existed: its issue date, else its validity start.
    pub fn known_since(&self) -> NaiveDate {
        self.issued.unwrap_or(self.valid_from)
    }
}
