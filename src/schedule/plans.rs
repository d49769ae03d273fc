//! Plan files (schedules/*.toml) into checked plans and obligations.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use super::diag::{Diagnostic, Source};
use super::directory::{id_at, non_empty};
use crate::domain::calendar::Shift;
use crate::domain::ids::{ObligationId, PlanId, UnitId};
use crate::domain::model::{Directory, Holders, Obligation, ObligationKind, Plan};
use crate::domain::policy::{Policy, PolicyOverride};
use crate::domain::rule::{parse_date, DueRule, RuleSpec};
use crate::domain::time::vn_date;

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
    escalate_to: Option<Spanned<String>>,
    due: Spanned<RuleSpec>,
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

/// What happens to a role after its unit ends with no successor, for the warning.
fn after_end(role: &str) -> &'static str {
    match role {
        "assignees" => "its occurrences due after that are cancelled",
        "recipient" => "every occurrence due after that is cancelled",
        "via" => "reports then go straight to the recipient",
        _ => "escalations then go to the supervisor or the recipient",
    }
}

/// Warns about units named at `span` (or members of the group named there) that end, while
/// the obligation is still in force, with no successor.
#[allow(clippy::too_many_arguments)]
fn check_ends(
    src: &Source,
    dir: &Directory,
    ob: &str,
    role: &str,
    named: &UnitId,
    span: std::ops::Range<usize>,
    until: Option<NaiveDate>,
    warnings: &mut Vec<Diagnostic>,
) {
    let mut ended = Vec::new();
    for u in dir.expand(named) {
        let Some(end) = dir.life(&u).and_then(|l| l.valid_until) else {
            continue;
        };
        if until.is_some_and(|t| t <= end) {
            continue;
        }
        let Some(next) = end.succ_opt() else { continue };
        if matches!(dir.holders_on(&u, next), Holders::Ended { .. }) {
            ended.push(format!("`{u}` ({})", vn_date(end)));
        }
    }
    if !ended.is_empty() {
        warnings.push(src.at(
            span,
            format!(
                "{role} of `{ob}`: {} end(s) with no successor while the obligation is in force; {} (give the unit `successors`, or end the obligation with `valid_until`)",
                ended.join(", "),
                after_end(role)
            ),
        ));
    }
}

/// Parses one plan file against the directory and global policy.
pub fn build(
    src: &Source,
    dir: &Directory,
    global: &Policy,
) -> Result<(Plan, std::ops::Range<usize>), Vec<Diagnostic>> {
    build_with_warnings(src, dir, global, &mut Vec::new())
}

/// `build`, also collecting what does not stop dondoc: units that end with no successor while
/// an obligation naming them is in force.
pub fn build_with_warnings(
    src: &Source,
    dir: &Directory,
    global: &Policy,
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
        let escalate_to = o
            .escalate_to
            .as_ref()
            .and_then(|v| cx.unit(v, "escalate_to"));
        let due = DueRule::parse(o.due.get_ref())
            .map_err(|e| cx.errors.push(src.at(o.due.span(), format!("due: {e}"))))
            .ok();
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
            for (role, u, span) in &roles {
                if !dir.contains(u) {
                    continue;
                }
                check_ends(src, dir, ob, role, u, span.clone(), ob_until, warnings);
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
            obligations.push(Obligation {
                id,
                title,
                kind: o.kind,
                clause,
                quote,
                assignees,
                recipient,
                via,
                escalate_to,
                due,
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
