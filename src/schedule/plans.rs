//! Plan files (schedules/*.toml) into checked plans and obligations.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use super::directory::{id_at, non_empty};
use crate::diag::{Diagnostic, Source};
use crate::domain::calendar::Shift;
use crate::domain::ids::{ObligationId, PlanId, UnitId};
use crate::domain::model::{Directory, Holders, Obligation, ObligationKind, Plan};
use crate::domain::policy::{Policy, PolicyOverride};
use crate::domain::rule::ReportingCalendar;
use crate::domain::rule::{parse_date, DueRule, RuleSpec};
use crate::domain::time::{midnight, vn_date};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    plan: RawPlan,
    #[serde(default)]
    obligation: Vec<RawObligation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    id: Spanned<String>,
    number: Option<String>,
    issuer: Spanned<String>,
    issued: Option<Spanned<String>>,
    title: Spanned<String>,
    source: Spanned<String>,
    valid_from: Option<Spanned<String>>,
    valid_until: Option<Spanned<String>>,
    shift: Option<Shift>,
    policy: Option<Spanned<PolicyOverride>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawObligation {
    id: Spanned<String>,
    title: Spanned<String>,
    kind: ObligationKind,
    clause: Spanned<String>,
    quote: Spanned<String>,
    assignees: Spanned<Vec<Spanned<String>>>,
    recipient: Spanned<String>,
    via: Option<Spanned<String>>,
    /// Units that take part without being reminded ("Cơ quan phối hợp" of a task table).
    #[serde(default)]
    cooperating: Vec<Spanned<String>>,
    escalate_to: Option<Spanned<String>>,
    due: Spanned<RuleSpec>,
    /// The deadline in the plan's own words, for a one-off rule.
    wording: Option<Spanned<String>>,
    valid_from: Option<Spanned<String>>,
    valid_until: Option<Spanned<String>>,
    shift: Option<Shift>,
    policy: Option<Spanned<PolicyOverride>>,
}

struct Ctx<'a> {
    src: &'a Source,
    dir: &'a Directory,
    errors: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn text(&mut self, s: &Spanned<String>, what: &str) -> String {
        non_empty(self.src, s, what, &mut self.errors)
    }

    fn date(&mut self, s: &Option<Spanned<String>>, what: &str) -> Option<NaiveDate> {
        let s = s.as_ref()?;
        parse_date(s.get_ref())
            .map_err(|e| {
                self.errors
                    .push(self.src.at(s.span(), format!("{what}: {e}")))
            })
            .ok()
    }

    fn unit(&mut self, s: &Spanned<String>, what: &str) -> Option<UnitId> {
        let id = id_at(self.src, s, what, &mut self.errors)?;
        if !self.dir.contains(&id) {
            self.errors.push(
                self.src
                    .at(s.span(), format!("{what}: unknown unit id `{id}`")),
            );
            return None;
        }
        Some(id)
    }

    fn policy(&mut self, base: &Policy, o: &Option<Spanned<PolicyOverride>>) -> Policy {
        match o {
            None => base.clone(),
            Some(o) => base.with(o.get_ref()).unwrap_or_else(|e| {
                self.errors
                    .push(self.src.at(o.span(), format!("policy: {e}")));
                base.clone()
            }),
        }
    }
}

/// What an end check needs to know about the obligation.
struct EndCheck<'a> {
    src: &'a Source,
    dir: &'a Directory,
    ob: &'a str,
    due: Option<&'a DueRule>,
    rc: &'a ReportingCalendar,
    until: Option<NaiveDate>,
}

impl EndCheck<'_> {
    /// The units named (or members of the group named) that end, in person or through their
    /// successors, with nobody taking over while the obligation still falls due: each with the
    /// first day nobody holds it and the last day someone did.
    fn ended(&self, named: &UnitId) -> Vec<(UnitId, NaiveDate)> {
        let Some(due) = self.due else {
            return Vec::new();
        };
        let dir = self.dir;
        let mut out = Vec::new();
        for u in dir.expand(named) {
            let first_end = dir
                .change_dates()
                .into_iter()
                .filter(|d| self.until.is_none_or(|t| *d <= t))
                .find_map(|d| match dir.holders_on(&u, d) {
                    Holders::Ended { last_day, .. } => Some((d, last_day)),
                    _ => None,
                });
            let Some((from, last_day)) = first_end else {
                continue;
            };
            let until = self
                .until
                .and_then(|t| t.succ_opt())
                .unwrap_or(from + chrono::Days::new(20 * 366));
            if !due
                .dues(midnight(from), midnight(until), self.rc)
                .is_empty()
            {
                out.push((u, last_day));
            }
        }
        out
    }

    /// One warning for the obligation when its recipient or assignees end with no successor.
    fn warn(
        &self,
        recipient: Option<(&UnitId, std::ops::Range<usize>)>,
        assignees: &[(UnitId, std::ops::Range<usize>)],
        out: &mut Vec<Diagnostic>,
    ) {
        let mut parts = Vec::new();
        let mut at = None;
        if let Some((r, span)) = recipient {
            if let Some((u, last)) = self.ended(r).into_iter().next() {
                parts.push(format!("its recipient `{u}` ended after {}", vn_date(last)));
                at = Some(span);
            }
        }
        let mut units: Vec<(UnitId, NaiveDate)> = Vec::new();
        for (a, span) in assignees {
            let ended = self.ended(a);
            if !ended.is_empty() && at.is_none() {
                at = Some(span.clone());
            }
            units.extend(ended);
        }
        units.sort();
        units.dedup();
        if !units.is_empty() {
            let shown: Vec<String> = units
                .iter()
                .take(3)
                .map(|(u, last)| format!("`{u}` after {}", vn_date(*last)))
                .collect();
            let more = if units.len() > 3 {
                format!(" and {} more", units.len() - 3)
            } else {
                String::new()
            };
            parts.push(format!(
                "{} assignee unit(s) ended: {}{more}",
                units.len(),
                shown.join(", ")
            ));
        }
        if let Some(span) = at {
            out.push(self.src.at(
                span,
                format!(
                    "`{}` still falls due after units it names ended with no successor: {}; those occurrences are cancelled, with the reason shown to the coordinator (give the units `successors` if another body took the duties over, or end the obligation with `valid_until`)",
                    self.ob,
                    parts.join("; ")
                ),
            ));
        }
    }
}

/// Parses one plan file against the directory and global policy.
pub fn build(
    src: &Source,
    dir: &Directory,
    global: &Policy,
) -> Result<(Plan, std::ops::Range<usize>), Vec<Diagnostic>> {
    build_with_warnings(
        src,
        dir,
        global,
        &ReportingCalendar::default(),
        &mut Vec::new(),
    )
}

/// `build`, also collecting what does not stop dondoc: units that end with no successor while
/// an obligation naming them is in force.
pub fn build_with_warnings(
    src: &Source,
    dir: &Directory,
    global: &Policy,
    rc: &ReportingCalendar,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(Plan, std::ops::Range<usize>), Vec<Diagnostic>> {
    let raw: RawFile = src.parse().map_err(|d| vec![d])?;
    let mut cx = Ctx {
        src,
        dir,
        errors: Vec::new(),
    };
    let p = &raw.plan;
    let plan_id = PlanId::parse(p.id.get_ref())
        .map_err(|e| cx.errors.push(src.at(p.id.span(), format!("plan.id: {e}"))))
        .ok();
    let issuer = cx.text(&p.issuer, "plan.issuer");
    let title = cx.text(&p.title, "plan.title");
    let source = cx.text(&p.source, "plan.source");
    let issued = cx.date(&p.issued, "plan.issued");
    let valid_from = cx.date(&p.valid_from, "plan.valid_from").or(issued);
    let valid_until = cx.date(&p.valid_until, "plan.valid_until");
    if p.issued.is_none() && p.valid_from.is_none() {
        cx.errors.push(src.at(
            p.id.span(),
            "plan has neither `issued` nor `valid_from`: give one so dondoc knows when it starts",
        ));
    }
    if let (Some(f), Some(u), Some(s)) = (valid_from, valid_until, &p.valid_until) {
        if u < f {
            cx.errors.push(src.at(
                s.span(),
                format!("plan.valid_until {u} is before valid_from {f}"),
            ));
        }
    }
    let plan_shift = p.shift.unwrap_or_default();
    let plan_policy = cx.policy(global, &p.policy);

    let mut obligations = Vec::new();
    let mut ob_ids: BTreeMap<ObligationId, usize> = BTreeMap::new();
    for o in &raw.obligation {
        let id = match ObligationId::parse(o.id.get_ref()) {
            Ok(id) => {
                if let Some(first) = ob_ids.get(&id) {
                    let (l, c) = src.position(*first);
                    cx.errors.push(src.at(o.id.span(), format!("duplicate obligation id `{id}` (first defined at line {l}, column {c})")));
                    None
                } else {
                    ob_ids.insert(id.clone(), o.id.span().start);
                    Some(id)
                }
            }
            Err(e) => {
                cx.errors
                    .push(src.at(o.id.span(), format!("obligation id: {e}")));
                None
            }
        };
        let title = cx.text(&o.title, "title");
        let clause = cx.text(&o.clause, "clause");
        let quote = cx.text(&o.quote, "quote");
        if o.assignees.get_ref().is_empty() {
            cx.errors.push(src.at(
                o.assignees.span(),
                "assignees is empty: name at least one unit or group",
            ));
        }
        let assignees: Vec<UnitId> = o
            .assignees
            .get_ref()
            .iter()
            .filter_map(|a| cx.unit(a, "assignees"))
            .collect();
        let recipient = cx.unit(&o.recipient, "recipient");
        let via = o.via.as_ref().and_then(|v| cx.unit(v, "via"));
        let cooperating: Vec<UnitId> = o
            .cooperating
            .iter()
            .filter_map(|c| cx.unit(c, "cooperating"))
            .collect();
        let escalate_to = o
            .escalate_to
            .as_ref()
            .and_then(|v| cx.unit(v, "escalate_to"));
        let due = DueRule::parse(o.due.get_ref())
            .map_err(|e| cx.errors.push(src.at(o.due.span(), format!("due: {e}"))))
            .ok();
        let wording = o.wording.as_ref().map(|d| cx.text(d, "wording"));
        if let (Some(d), Some(rule)) = (&o.wording, &due) {
            if !rule.is_one_off() {
                cx.errors.push(src.at(
                    d.span(),
                    "wording: the plan's words fit a one-off rule only (once, end_of_month, end_of_quarter, end_of_year); a recurring rule words each deadline itself",
                ));
            }
        }
        let ob_from = cx.date(&o.valid_from, "valid_from").or(valid_from);
        let ob_until = cx.date(&o.valid_until, "valid_until").or(valid_until);
        if let (Some(f), Some(u)) = (ob_from, ob_until) {
            if u < f {
                let span = o
                    .valid_until
                    .as_ref()
                    .or(o.valid_from.as_ref())
                    .map_or(o.id.span(), |s| s.span());
                cx.errors
                    .push(src.at(span, format!("valid_until {u} is before valid_from {f}")));
            }
        }
        let policy = cx.policy(&plan_policy, &o.policy);
        if let (Some(id), Some(from)) = (&id, ob_from) {
            let ob = id.as_str();
            let mut roles: Vec<(&str, UnitId, std::ops::Range<usize>)> = Vec::new();
            for a in o.assignees.get_ref() {
                if let Ok(u) = UnitId::parse(a.get_ref()) {
                    roles.push(("assignees", u, a.span()));
                }
            }
            for (role, s) in [
                ("recipient", Some(&o.recipient)),
                ("via", o.via.as_ref()),
                ("escalate_to", o.escalate_to.as_ref()),
            ] {
                if let Some(u) =
                    s.and_then(|s| UnitId::parse(s.get_ref()).ok().map(|u| (u, s.span())))
                {
                    roles.push((role, u.0, u.1));
                }
            }
            let ends = EndCheck {
                src,
                dir,
                ob,
                due: due.as_ref(),
                rc,
                until: ob_until,
            };
            let known = |u: &UnitId| dir.contains(u);
            let named_assignees: Vec<(UnitId, std::ops::Range<usize>)> = roles
                .iter()
                .filter(|(r, u, _)| *r == "assignees" && known(u))
                .map(|(_, u, s)| (u.clone(), s.clone()))
                .collect();
            let named_recipient = roles
                .iter()
                .find(|(r, u, _)| *r == "recipient" && known(u))
                .map(|(_, u, s)| (u, s.clone()));
            ends.warn(named_recipient, &named_assignees, warnings);
            for (role, u, span) in &roles {
                if !dir.contains(u) {
                    continue;
                }
                // A group must have members on every day the obligation is in force.
                if role == &"assignees" && dir.group(u).is_some_and(|g| !g.members.is_empty()) {
                    let dates = std::iter::once(from).chain(
                        dir.change_dates()
                            .into_iter()
                            .filter(|d| *d > from && ob_until.is_none_or(|t| *d <= t)),
                    );
                    for d in dates {
                        if dir.expand_on(u, d).is_empty() {
                            cx.errors.push(src.at(span.clone(), format!("group `{u}` has no members on {} while `{ob}` is in force and names it (give it members for that date, or end the obligation with `valid_until`)", vn_date(d))));
                            break;
                        }
                    }
                }
            }
        }
        if let (Some(id), Some(recipient), Some(due), Some(valid_from)) =
            (id, recipient, due, ob_from)
        {
            // The period's defaults (config.toml [policy.<period>]) under the plan's own keys.
            let task = o.kind == crate::domain::model::ObligationKind::Task;
            let policy = policy.for_duty(crate::domain::policy::Cadence::of(&due), task);
            obligations.push(Obligation {
                id,
                title,
                kind: o.kind,
                clause,
                quote,
                assignees,
                recipient,
                via,
                cooperating,
                escalate_to,
                due,
                wording,
                valid_from,
                valid_until: ob_until,
                shift: o.shift.unwrap_or(plan_shift),
                policy,
            });
        }
    }
    if raw.obligation.is_empty() {
        cx.errors
            .push(src.at(p.id.span(), "plan has no [[obligation]]"));
    }
    match (cx.errors.is_empty(), plan_id, valid_from) {
        (true, Some(id), Some(valid_from)) => Ok((
            Plan {
                id,
                number: p.number.clone().filter(|n| !n.trim().is_empty()),
                issuer,
                issued,
                title,
                source,
                valid_from,
                valid_until,
                obligations,
            },
            p.id.span(),
        )),
        _ => Err(cx.errors),
    }
}
