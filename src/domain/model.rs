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
    /// A sample, not every unit the name covers (`complete = false` in the file).
    pub illustrative: bool,
    pub note: Option<String>,
}

/// When a unit or group exists and who takes over from it (units only).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Life {
    /// First day it exists; `None`: always has.
    pub valid_from: Option<NaiveDate>,
    /// Last day it exists; `None`: still does.
    pub valid_until: Option<NaiveDate>,
    /// Who takes over its duties after `valid_until` (merged into, renamed as, taken over by),
    /// in order: the first takes over a recipient's or coordinator's role.
    pub successors: Vec<UnitId>,
    /// Earlier names.
    pub formerly: Vec<String>,
    /// The decision the change rests on ("Nghị quyết số 1199/NQ-UBTVQH15 ngày 28/9/2024").
    pub basis: Option<String>,
}

impl Life {
    /// Whether it exists on `date`.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| f <= date) && self.valid_until.is_none_or(|u| date <= u)
    }
}

/// Who holds a unit's duties on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holders {
    /// The unit exists on that date.
    Itself,
    /// Not created yet on that date: it owes nothing.
    NotYet,
    /// Ended; these successors (each existing on that date) took over.
    Successors(Vec<UnitId>),
    /// Ended with no successor existing on that date; `last_day` is the last day the unit or
    /// a successor held the duties, `by` the unit that held them then (the unit itself, or
    /// the last successor in its chain).
    Ended { last_day: NaiveDate, by: UnitId },
}

/// All units and groups, with every reference checked and no group cycles.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    units: BTreeMap<UnitId, Unit>,
    groups: BTreeMap<UnitId, Group>,
    /// Units and groups that do not exist at all times.
    lives: BTreeMap<UnitId, Life>,
    /// (group, member) → the member's own dates in that group.
    memberships: BTreeMap<(UnitId, UnitId), Life>,
}

impl Directory {
    /// Builds a directory; the caller has checked ids are unique, references exist and groups
    /// are acyclic and non-empty.
    pub fn new(units: Vec<Unit>, groups: Vec<Group>) -> Self {
        Self {
            units: units.into_iter().map(|u| (u.id.clone(), u)).collect(),
            groups: groups.into_iter().map(|g| (g.id.clone(), g)).collect(),
            lives: BTreeMap::new(),
            memberships: BTreeMap::new(),
        }
    }

    /// The same directory with dated units and groups and dated group memberships
    /// (`(group, member)` → dates). The caller has checked successors exist, are units and
    /// form no cycle.
    pub fn with_lives(
        mut self,
        lives: BTreeMap<UnitId, Life>,
        memberships: BTreeMap<(UnitId, UnitId), Life>,
    ) -> Self {
        self.lives = lives;
        self.memberships = memberships;
        self
    }

    /// The dates and successors of a unit or group, if it does not exist at all times.
    pub fn life(&self, id: &UnitId) -> Option<&Life> {
        self.lives.get(id)
    }

    /// A member's own dates in a group, if any.
    pub fn membership(&self, group: &UnitId, member: &UnitId) -> Option<&Life> {
        self.memberships.get(&(group.clone(), member.clone()))
    }

    /// Whether a unit or group exists on `date`.
    pub fn exists_on(&self, id: &UnitId, date: NaiveDate) -> bool {
        self.lives.get(id).is_none_or(|l| l.covers(date))
    }

    /// Every date on which a unit, group or membership starts or (the day after it) ends.
    pub fn change_dates(&self) -> BTreeSet<NaiveDate> {
        let mut out = BTreeSet::new();
        for l in self.lives.values().chain(self.memberships.values()) {
            out.extend(l.valid_from);
            out.extend(l.valid_until.and_then(|d| d.succ_opt()));
        }
        out
    }

    /// Who holds `id`'s duties on `date`: itself, its successors (followed through later
    /// endings), or nobody.
    pub fn holders_on(&self, id: &UnitId, date: NaiveDate) -> Holders {
        let Some(life) = self.lives.get(id) else {
            return Holders::Itself;
        };
        if life.covers(date) {
            return Holders::Itself;
        }
        let Some(mut last_day) = life.valid_until.filter(|u| *u < date) else {
            return Holders::NotYet;
        };
        let mut by = id.clone();
        let mut out: Vec<UnitId> = Vec::new();
        let mut seen = BTreeSet::from([id.clone()]);
        let mut stack: Vec<UnitId> = life.successors.iter().rev().cloned().collect();
        while let Some(s) = stack.pop() {
            if !seen.insert(s.clone()) {
                continue;
            }
            match self.lives.get(&s) {
                None => out.push(s),
                Some(l) if l.covers(date) => out.push(s),
                // Ended in turn: its own successors take over, in order.
                Some(l) if l.valid_until.is_some_and(|u| u < date) => {
                    // The duty was held until the last of the chain ended.
                    if let Some(u) = l.valid_until.filter(|u| *u >= last_day) {
                        last_day = u;
                        by = s.clone();
                    }
                    stack.extend(l.successors.iter().rev().cloned())
                }
                // Not created yet: nobody from this branch.
                Some(_) => {}
            }
        }
        if out.is_empty() {
            Holders::Ended { last_day, by }
        } else {
            Holders::Successors(out)
        }
    }

    /// The unit that plays `id`'s single role (recipient, coordinator, escalation target) on
    /// `date`: itself, else its first successor existing then; `None` when nobody does.
    pub fn stand_in(&self, id: &UnitId, date: NaiveDate) -> Option<UnitId> {
        match self.holders_on(id, date) {
            Holders::Itself => Some(id.clone()),
            Holders::Successors(s) => s.into_iter().next(),
            Holders::NotYet | Holders::Ended { .. } => None,
        }
    }

    /// The first unit in a successor chain that leads back to `id`, as a path, if any.
    pub fn successor_cycle(&self, id: &UnitId) -> Option<Vec<UnitId>> {
        cycle_from(id, &|u| self.lives.get(u).map(|l| l.successors.as_slice()))
    }

    /// Who receives a notification addressed to `to` sent on `day` (the send time's date): groups
    /// expanded as they stand that day, and a unit that has ended by then replaced by its
    /// successors, or left out when it has none (one not yet created too): nothing goes to a
    /// unit that does not exist on the day of sending. In order, without repeats. The one rule
    /// shared by `simulate` and the scheduler.
    pub fn receivers_on(&self, to: &[UnitId], day: NaiveDate) -> Vec<UnitId> {
        let mut units: Vec<UnitId> = Vec::new();
        for u in to.iter().flat_map(|u| self.expand_on(u, day)) {
            let holders = match self.holders_on(&u, day) {
                Holders::Itself => vec![u],
                Holders::Successors(s) => s,
                Holders::NotYet | Holders::Ended { .. } => Vec::new(),
            };
            for h in holders {
                if !units.contains(&h) {
                    units.push(h);
                }
            }
        }
        units
    }

    /// The member units of a unit or group on `date`, sorted and unique: groups that exist
    /// then, members whose own dates cover it, units already created (an ended unit stays:
    /// `holders_on` says who took over from it).
    pub fn expand_on(&self, id: &UnitId, date: NaiveDate) -> Vec<UnitId> {
        let mut out = BTreeSet::new();
        let mut stack = vec![id.clone()];
        let mut seen = BTreeSet::new();
        while let Some(id) = stack.pop() {
            if !seen.insert(id.clone()) {
                continue;
            }
            match self.groups.get(&id) {
                Some(g) => {
                    if !self.exists_on(&id, date) {
                        continue;
                    }
                    stack.extend(
                        g.members
                            .iter()
                            .filter(|m| self.membership(&id, m).is_none_or(|l| l.covers(date)))
                            .cloned(),
                    );
                }
                None => {
                    if self.holders_on(&id, date) != Holders::NotYet {
                        out.insert(id);
                    }
                }
            }
        }
        out.into_iter().collect()
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
        cycle_from(id, &|u| self.groups.get(u).map(|g| g.members.as_slice()))
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
    /// The deadline in the plan's own words ("trước tháng 10/2024") for a one-off rule, shown
    /// instead of the wording the rule would give.
    pub wording: Option<String>,
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

/// The first cycle reachable from `start` along `next` (a unit's successors, a group's
/// members), as a path that begins and ends at the same id; `next` is `None` for a leaf.
fn cycle_from<'a>(
    start: &UnitId,
    next: &dyn Fn(&UnitId) -> Option<&'a [UnitId]>,
) -> Option<Vec<UnitId>> {
    fn walk<'a>(
        at: &UnitId,
        next: &dyn Fn(&UnitId) -> Option<&'a [UnitId]>,
        path: &mut Vec<UnitId>,
    ) -> bool {
        if let Some(pos) = path.iter().position(|p| p == at) {
            path.drain(..pos);
            path.push(at.clone());
            return true;
        }
        let Some(edges) = next(at) else {
            return false;
        };
        path.push(at.clone());
        for e in edges {
            if walk(e, next, path) {
                return true;
            }
        }
        path.pop();
        false
    }
    let mut path = Vec::new();
    walk(start, next, &mut path).then_some(path)
}
