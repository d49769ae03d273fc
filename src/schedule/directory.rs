//! Directory files: units and groups, checked for unique ids, known references and no cycles.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, Source};
use crate::domain::ids::{EmailAddress, UnitId};
use crate::domain::model::{Contacts, Directory, Group, Life, Unit};
use crate::domain::rule::parse_date;
use chrono::NaiveDate;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    unit: Vec<RawUnit>,
    #[serde(default)]
    group: Vec<RawGroup>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnit {
    id: Spanned<String>,
    name: Spanned<String>,
    short: Option<String>,
    supervisor: Option<Spanned<String>>,
    #[serde(default)]
    contacts: RawContacts,
    valid_from: Option<Spanned<String>>,
    valid_until: Option<Spanned<String>>,
    #[serde(default)]
    successors: Vec<Spanned<String>>,
    #[serde(default)]
    formerly: Vec<String>,
    basis: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContacts {
    #[serde(default)]
    email: Vec<Spanned<String>>,
    #[serde(default)]
    zalo_user: Vec<String>,
    #[serde(default)]
    zalo_group: Vec<String>,
    #[serde(default)]
    webhook: Vec<Spanned<String>>,
    #[serde(default)]
    phone: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    id: Spanned<String>,
    name: Spanned<String>,
    members: Option<Spanned<Vec<Spanned<String>>>>,
    /// Members with their own dates.
    #[serde(default)]
    member: Vec<RawMember>,
    /// `false`: a sample, not every unit the name covers.
    complete: Option<bool>,
    /// The older spelling of `complete = false`.
    #[serde(default)]
    illustrative: bool,
    note: Option<String>,
    valid_from: Option<Spanned<String>>,
    valid_until: Option<Spanned<String>>,
    basis: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMember {
    id: Spanned<String>,
    valid_from: Option<Spanned<String>>,
    valid_until: Option<Spanned<String>>,
}

/// Parses an optional date at a span, or records why it is not one.
fn date_at(
    src: &Source,
    s: &Option<Spanned<String>>,
    what: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<NaiveDate> {
    let s = s.as_ref()?;
    parse_date(s.get_ref())
        .map_err(|e| errors.push(src.at(s.span(), format!("{what}: {e}"))))
        .ok()
}

/// A life from dates at spans, checking their order.
fn life_at(
    src: &Source,
    from: &Option<Spanned<String>>,
    until: &Option<Spanned<String>>,
    errors: &mut Vec<Diagnostic>,
) -> Life {
    let valid_from = date_at(src, from, "valid_from", errors);
    let valid_until = date_at(src, until, "valid_until", errors);
    if let (Some(f), Some(u), Some(s)) = (valid_from, valid_until, until) {
        if u < f {
            errors.push(src.at(
                s.span(),
                format!("valid_until {u} is before valid_from {f}"),
            ));
        }
    }
    Life {
        valid_from,
        valid_until,
        ..Life::default()
    }
}

/// Where an id was defined, for "first defined at" messages.
#[derive(Debug, Clone)]
struct Origin {
    file: usize,
    span: Range<usize>,
}

/// Parses a unit id at a span, or records why it is not one.
pub(crate) fn id_at(
    src: &Source,
    s: &Spanned<String>,
    what: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<UnitId> {
    UnitId::parse(s.get_ref())
        .map_err(|e| errors.push(src.at(s.span(), format!("{what}: {e}"))))
        .ok()
}

/// The trimmed text at a span, or records that it is empty.
pub(crate) fn non_empty(
    src: &Source,
    s: &Spanned<String>,
    what: &str,
    errors: &mut Vec<Diagnostic>,
) -> String {
    if s.get_ref().trim().is_empty() {
        errors.push(src.at(s.span(), format!("{what} is empty")));
    }
    s.get_ref().trim().to_owned()
}

/// Builds the directory from all directory files, reporting every problem found.
pub fn build(sources: &[Source]) -> (Directory, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let mut seen: BTreeMap<UnitId, Origin> = BTreeMap::new();
    let mut units = Vec::new();
    let mut groups = Vec::new();
    let mut lives: BTreeMap<UnitId, Life> = BTreeMap::new();
    let mut memberships: BTreeMap<(UnitId, UnitId), Life> = BTreeMap::new();
    // Where each unit's `successors` key is, for cycle and reference errors.
    let mut successor_spans: BTreeMap<UnitId, (usize, Range<usize>)> = BTreeMap::new();
    // References to check once every file is read: (file, span, id, what, must be a unit).
    let mut refs: Vec<(usize, Range<usize>, UnitId, &'static str, bool)> = Vec::new();

    for (fi, src) in sources.iter().enumerate() {
        let raw: RawFile = match src.parse() {
            Ok(r) => r,
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        let mut define = |id: &Spanned<String>, errors: &mut Vec<Diagnostic>| -> Option<UnitId> {
            let uid = id_at(src, id, "id", errors)?;
            if let Some(first) = seen.get(&uid) {
                let f = &sources[first.file];
                let (l, c) = f.position(first.span.start);
                errors.push(src.at(
                    id.span(),
                    format!(
                        "duplicate id `{uid}` (first defined at {}:{l}:{c})",
                        f.path.display()
                    ),
                ));
                return None;
            }
            seen.insert(
                uid.clone(),
                Origin {
                    file: fi,
                    span: id.span(),
                },
            );
            Some(uid)
        };
        for u in raw.unit {
            let Some(id) = define(&u.id, &mut errors) else {
                continue;
            };
            let name = non_empty(src, &u.name, "name", &mut errors);
            let supervisor = u.supervisor.as_ref().and_then(|s| {
                let sid = id_at(src, s, "supervisor", &mut errors)?;
                refs.push((fi, s.span(), sid.clone(), "supervisor", true));
                Some(sid)
            });
            let email = u
                .contacts
                .email
                .iter()
                .filter_map(|e| {
                    EmailAddress::parse(e.get_ref())
                        .map_err(|err| err.to_string())
                        .and_then(|a| {
                            // The mail transport's own RFC 5321 parser must accept it too.
                            a.as_str()
                                .parse::<lettre::Address>()
                                .map(|_| a)
                                .map_err(|err| {
                                    format!("`{}` is not an e-mail address: {err}", e.get_ref())
                                })
                        })
                        .map_err(|err| {
                            errors.push(src.at(e.span(), format!("contacts.email: {err}")))
                        })
                        .ok()
                })
                .collect();
            for w in &u.contacts.webhook {
                let url = w.get_ref();
                if !(url.starts_with("https://") || url.starts_with("http://")) {
                    errors.push(src.at(
                        w.span(),
                        format!("contacts.webhook: `{url}` is not an http(s) URL"),
                    ));
                }
            }
            let mut life = life_at(src, &u.valid_from, &u.valid_until, &mut errors);
            life.formerly = u.formerly;
            life.basis = u.basis;
            for s in &u.successors {
                if let Some(sid) = id_at(src, s, "successors", &mut errors) {
                    if sid == id {
                        errors.push(src.at(
                            s.span(),
                            format!("successors: `{id}` cannot succeed itself"),
                        ));
                        continue;
                    }
                    refs.push((fi, s.span(), sid.clone(), "successors", true));
                    successor_spans.entry(id.clone()).or_insert((fi, s.span()));
                    life.successors.push(sid);
                }
            }
            if let (Some(first), None) = (u.successors.first(), life.valid_until) {
                errors.push(src.at(
                    first.span(),
                    format!("`{id}` has successors but no valid_until: say when it ended"),
                ));
            }
            if life != Life::default() {
                lives.insert(id.clone(), life);
            }
            units.push(Unit {
                id,
                name,
                short: u.short,
                supervisor,
                contacts: Contacts {
                    email,
                    zalo_user: u.contacts.zalo_user,
                    zalo_group: u.contacts.zalo_group,
                    webhook: u
                        .contacts
                        .webhook
                        .into_iter()
                        .map(|w| w.into_inner())
                        .collect(),
                    phone: u.contacts.phone,
                },
            });
        }
        for g in raw.group {
            let Some(id) = define(&g.id, &mut errors) else {
                continue;
            };
            let name = non_empty(src, &g.name, "name", &mut errors);
            let listed: &[Spanned<String>] = g.members.as_ref().map_or(&[], |m| m.get_ref());
            if listed.is_empty() && g.member.is_empty() {
                let span = g.members.as_ref().map_or(g.id.span(), |m| m.span());
                errors.push(src.at(span, format!("group `{id}` has no members")));
            }
            let mut members: Vec<UnitId> = listed
                .iter()
                .filter_map(|m| {
                    let mid = id_at(src, m, "members", &mut errors)?;
                    refs.push((fi, m.span(), mid.clone(), "members", false));
                    Some(mid)
                })
                .collect();
            for m in &g.member {
                let Some(mid) = id_at(src, &m.id, "member.id", &mut errors) else {
                    continue;
                };
                if members.contains(&mid) {
                    errors.push(src.at(
                        m.id.span(),
                        format!("`{mid}` is listed twice in group `{id}`"),
                    ));
                    continue;
                }
                refs.push((fi, m.id.span(), mid.clone(), "member.id", false));
                let life = life_at(src, &m.valid_from, &m.valid_until, &mut errors);
                if life != Life::default() {
                    memberships.insert((id.clone(), mid.clone()), life);
                }
                members.push(mid);
            }
            let mut life = life_at(src, &g.valid_from, &g.valid_until, &mut errors);
            life.basis = g.basis;
            if life != Life::default() {
                lives.insert(id.clone(), life);
            }
            groups.push(Group {
                id,
                name,
                members,
                illustrative: g.illustrative || g.complete == Some(false),
                note: g.note,
            });
        }
    }

    let dir = Directory::new(units, groups).with_lives(lives, memberships);
    for (fi, span, id, what, unit_only) in refs {
        let src = &sources[fi];
        if !dir.contains(&id) {
            errors.push(src.at(span, format!("{what}: unknown unit id `{id}`")));
        } else if unit_only && dir.unit(&id).is_none() {
            errors.push(src.at(span, format!("{what}: `{id}` is a group; name a unit")));
        }
    }
    for g in dir.groups() {
        if let Some(cycle) = dir.cycle_through(&g.id) {
            // Report each cycle once: from its smallest id.
            if cycle.first() == Some(&g.id) && cycle.iter().all(|m| *m >= g.id) {
                let origin = &seen[&g.id];
                let path: Vec<&str> = cycle.iter().map(UnitId::as_str).collect();
                errors.push(sources[origin.file].at(
                    origin.span.clone(),
                    format!("group cycle: {}", path.join(" → ")),
                ));
            }
        }
    }
    for (id, (fi, span)) in &successor_spans {
        if let Some(cycle) = dir.successor_cycle(id) {
            if cycle.first() == Some(id) && cycle.iter().all(|m| m >= id) {
                let path: Vec<&str> = cycle.iter().map(UnitId::as_str).collect();
                errors.push(sources[*fi].at(
                    span.clone(),
                    format!("successor cycle: {}", path.join(" → ")),
                ));
            }
        }
    }
    (dir, errors)
}

/// Groups that are a sample (`complete = false`), as warnings at their id.
pub fn sample_group_warnings(sources: &[Source]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for src in sources {
        let Ok(raw) = src.parse::<RawFile>() else {
            continue;
        };
        for g in raw.group {
            if g.illustrative || g.complete == Some(false) {
                out.push(src.at(
                    g.id.span(),
                    format!(
                        "group `{}` is a sample (complete = false): units it leaves out are never reminded; list every member and remove `complete = false`",
                        g.id.get_ref()
                    ),
                ));
            }
        }
    }
    out
}
