//! Precision and recall of a draft against a hand-written schedule. An obligation of one
//! matches an obligation of the other when their clause references agree (compared without
//! case, diacritics or spaces), their due rules are equal, and their assignees agree: after
//! groups are expanded to member units through the directory, the two sets share at least one
//! unit. The count with exactly equal assignee sets is reported beside it. Matching is one to
//! one (a maximum bipartite matching), so neither side can match twice.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::text::fold;
use crate::domain::ids::UnitId;
use crate::domain::model::Directory;
use crate::domain::rule::RuleSpec;

/// The parts of a schedule file's obligation that matching looks at.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Item {
    pub id: String,
    pub clause: String,
    pub assignees: Vec<String>,
    pub due: RuleSpec,
}

#[derive(Debug, Deserialize)]
struct File {
    #[serde(default)]
    obligation: Vec<Item>,
}

/// Reads the obligations of a schedule file's text.
pub fn items(toml_text: &str) -> Result<Vec<Item>, String> {
    toml::from_str::<File>(toml_text)
        .map(|f| f.obligation)
        .map_err(|e| e.to_string())
}

/// How two obligations differ.
#[derive(Debug, Clone, Serialize)]
pub struct Difference {
    /// `missing` (in the reference, not drafted) or `extra` (drafted, not in the reference).
    pub side: &'static str,
    pub id: String,
    pub clause: String,
    pub due: RuleSpec,
    pub assignees: Vec<String>,
    /// The closest obligation of the other side and what differs from it.
    pub closest: Option<String>,
    pub differs_in: Vec<&'static str>,
}

/// The result of a comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub reference: usize,
    pub drafted: usize,
    pub matched: usize,
    pub precision: f64,
    pub recall: f64,
    /// Matches whose assignee sets (expanded) are exactly equal.
    pub matched_exact: usize,
    pub precision_exact: f64,
    pub recall_exact: f64,
    pub differences: Vec<Difference>,
    /// Matched pairs whose assignees overlap but are not the same units.
    pub assignees_differ: Vec<AssigneeDifference>,
}

/// A matched pair whose assignee sets are not equal.
#[derive(Debug, Clone, Serialize)]
pub struct AssigneeDifference {
    pub clause: String,
    pub reference: String,
    pub reference_assignees: Vec<String>,
    pub drafted: String,
    pub drafted_assignees: Vec<String>,
}

fn clause_key(c: &str) -> String {
    fold(c).chars().filter(|c| !c.is_whitespace()).collect()
}

fn expand(dir: &Directory, ids: &[String]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for id in ids {
        match UnitId::parse(id) {
            Ok(u) if dir.contains(&u) => {
                out.extend(dir.expand(&u).into_iter().map(|x| x.to_string()))
            }
            _ => {
                out.insert(id.clone());
            }
        }
    }
    out
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        if a == 0 {
            1.0
        } else {
            0.0
        }
    } else {
        ((a as f64 / b as f64) * 1000.0).round() / 1000.0
    }
}

/// Kuhn's algorithm: the size of a maximum matching and the partner of each left node.
pub(super) fn matching(edges: &[Vec<usize>], right: usize) -> (usize, Vec<Option<usize>>) {
    fn try_augment(
        u: usize,
        edges: &[Vec<usize>],
        seen: &mut [bool],
        owner: &mut [Option<usize>],
    ) -> bool {
        for &v in &edges[u] {
            if seen[v] {
                continue;
            }
            seen[v] = true;
            if owner[v].is_none_or(|w| try_augment(w, edges, seen, owner)) {
                owner[v] = Some(u);
                return true;
            }
        }
        false
    }
    let mut owner: Vec<Option<usize>> = vec![None; right];
    let mut n = 0;
    for u in 0..edges.len() {
        let mut seen = vec![false; right];
        if try_augment(u, edges, &mut seen, &mut owner) {
            n += 1;
        }
    }
    let mut partner = vec![None; edges.len()];
    for (v, o) in owner.iter().enumerate() {
        if let Some(u) = o {
            partner[*u] = Some(v);
        }
    }
    (n, partner)
}

/// Compares drafted obligations with a reference schedule's.
pub fn compare(reference: &[Item], drafted: &[Item], dir: &Directory) -> Report {
    let ref_sets: Vec<BTreeSet<String>> = reference
        .iter()
        .map(|r| expand(dir, &r.assignees))
        .collect();
    let dr_sets: Vec<BTreeSet<String>> =
        drafted.iter().map(|d| expand(dir, &d.assignees)).collect();
    let agree = |i: usize, j: usize, exact: bool| {
        let (r, d) = (&reference[i], &drafted[j]);
        clause_key(&r.clause) == clause_key(&d.clause)
            && r.due == d.due
            && if exact {
                ref_sets[i] == dr_sets[j]
            } else {
                !ref_sets[i].is_disjoint(&dr_sets[j])
            }
    };
    let edges = |exact: bool| -> Vec<Vec<usize>> {
        (0..reference.len())
            .map(|i| (0..drafted.len()).filter(|&j| agree(i, j, exact)).collect())
            .collect()
    };
    let (matched, partner) = matching(&edges(false), drafted.len());
    let (matched_exact, _) = matching(&edges(true), drafted.len());
    let taken: BTreeSet<usize> = partner.iter().flatten().copied().collect();
    let mut differences = Vec::new();
    let what_differs = |r: &Item, rs: &BTreeSet<String>, d: &Item, ds: &BTreeSet<String>| {
        let mut v = Vec::new();
        if clause_key(&r.clause) != clause_key(&d.clause) {
            v.push("clause");
        }
        if r.due != d.due {
            v.push("due");
        }
        if rs.is_disjoint(ds) {
            v.push("assignees");
        }
        v
    };
    for (i, r) in reference.iter().enumerate() {
        if partner[i].is_some() {
            continue;
        }
        let closest = (0..drafted.len())
            .map(|j| (what_differs(r, &ref_sets[i], &drafted[j], &dr_sets[j]), j))
            .min_by_key(|(v, _)| v.len());
        differences.push(Difference {
            side: "missing",
            id: r.id.clone(),
            clause: r.clause.clone(),
            due: r.due.clone(),
            assignees: r.assignees.clone(),
            closest: closest.as_ref().map(|(_, j)| drafted[*j].id.clone()),
            differs_in: closest.map(|(v, _)| v).unwrap_or_default(),
        });
    }
    for (j, d) in drafted.iter().enumerate() {
        if taken.contains(&j) {
            continue;
        }
        let closest = (0..reference.len())
            .map(|i| (what_differs(&reference[i], &ref_sets[i], d, &dr_sets[j]), i))
            .min_by_key(|(v, _)| v.len());
        differences.push(Difference {
            side: "extra",
            id: d.id.clone(),
            clause: d.clause.clone(),
            due: d.due.clone(),
            assignees: d.assignees.clone(),
            closest: closest.as_ref().map(|(_, i)| reference[*i].id.clone()),
            differs_in: closest.map(|(v, _)| v).unwrap_or_default(),
        });
    }
    let assignees_differ = partner
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.map(|j| (i, j)))
        .filter(|&(i, j)| ref_sets[i] != dr_sets[j])
        .map(|(i, j)| AssigneeDifference {
            clause: reference[i].clause.clone(),
            reference: reference[i].id.clone(),
            reference_assignees: reference[i].assignees.clone(),
            drafted: drafted[j].id.clone(),
            drafted_assignees: drafted[j].assignees.clone(),
        })
        .collect();
    Report {
        reference: reference.len(),
        drafted: drafted.len(),
        matched,
        precision: ratio(matched, drafted.len()),
        recall: ratio(matched, reference.len()),
        matched_exact,
        precision_exact: ratio(matched_exact, drafted.len()),
        recall_exact: ratio(matched_exact, reference.len()),
        differences,
        assignees_differ,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{Contacts, Group, Unit};
    use crate::domain::rule::{Cutoff, Every};

    fn dir() -> Directory {
        let u = |id: &str| Unit {
            id: UnitId::parse(id).unwrap(),
            name: id.into(),
            short: None,
            supervisor: None,
            contacts: Contacts::default(),
        };
        Directory::new(
            vec![u("a"), u("b"), u("c")],
            vec![Group {
                id: UnitId::parse("ab").unwrap(),
                name: "ab".into(),
                members: vec![UnitId::parse("a").unwrap(), UnitId::parse("b").unwrap()],
                illustrative: true,
                note: None,
            }],
        )
    }

    fn item(id: &str, clause: &str, who: &[&str], due: RuleSpec) -> Item {
        Item {
            id: id.into(),
            clause: clause.into(),
            assignees: who.iter().map(|s| s.to_string()).collect(),
            due,
        }
    }

    #[test]
    fn clause_rule_and_assignees_must_agree_one_to_one() {
        let y = RuleSpec::Periodic { every: Every::Year };
        let q = RuleSpec::Quarterly {
            month_of_quarter: 3,
            day: 13,
            cutoff: Cutoff::Before,
        };
        let reference = [
            item("r1", "IV.1", &["ab"], q.clone()),
            item("r2", "II.4 Bước 1", &["c"], y.clone()),
            item("r3", "II.4 Bước 1", &["c"], y.clone()),
            item("r4", "III.9", &["a"], y.clone()),
        ];
        let drafted = [
            item("d1", "iv.1", &["a", "b"], q.clone()),
            item("d2", "II.4  bước 1", &["c"], y.clone()),
            item("d3", "III.9", &["ab"], y.clone()),
            item("d4", "III.9", &["c"], y.clone()),
        ];
        let r = compare(&reference, &drafted, &dir());
        assert_eq!((r.matched, r.matched_exact), (3, 2));
        assert_eq!((r.precision, r.recall), (0.75, 0.75));
        let sides: Vec<(&str, &str)> = r
            .differences
            .iter()
            .map(|d| (d.side, d.id.as_str()))
            .collect();
        assert_eq!(sides, [("missing", "r3"), ("extra", "d4")]);
        assert_eq!(r.differences[1].differs_in, ["clause"]);
    }
}
