//! Every obligation of every seed plan, run through the real `dondoc agenda`, against the due
//! dates derived by hand from the plan text in tests/golden/*.toml.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Golden {
    plan: String,
    expect: Vec<Expect>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    obligation: String,
    assignees: Vec<String>,
    inferred: bool,
    dues: Option<Vec<String>>,
    first: Option<String>,
    last: Option<String>,
    count: Option<usize>,
    sample: Option<Vec<String>>,
    /// Assignees from a date on, where a unit ended and its successor took the duty over
    /// (issue 14): for a due on or after `from`, these replace `assignees`.
    #[serde(default)]
    assignees_from: Vec<Change>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Change {
    from: String,
    assignees: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Row {
    plan: String,
    obligation: String,
    assignee: String,
    due: String,
    inferred: bool,
    source: String,
    period: String,
}

/// "2023-09-13" → the RFC 3339 instant 00:00 +07:00 of that day; full instants pass through.
fn instant(s: &str) -> String {
    if s.len() == 10 {
        format!("{s}T00:00:00+07:00")
    } else {
        s.to_owned()
    }
}

#[test]
fn agenda_matches_hand_derived_golden_tables() {
    let json = common::dondoc_ok(&[
        "agenda",
        "--from",
        "2021-01-01",
        "--to",
        "2033-12-31",
        "--format",
        "json",
    ]);
    let rows: Vec<Row> = serde_json::from_str(&json).expect("agenda JSON");
    assert!(
        rows.windows(2).all(|w| w[0].due <= w[1].due),
        "agenda is sorted by due instant"
    );

    // (plan, obligation) → due → assignees
    let mut got: BTreeMap<(String, String), BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for r in &rows {
        assert!(
            r.source.contains(".txt "),
            "source names file and clause: {}",
            r.source
        );
        assert!(!r.period.is_empty());
        got.entry((r.plan.clone(), r.obligation.clone()))
            .or_default()
            .entry(r.due.clone())
            .or_default()
            .insert(r.assignee.clone());
    }
    let inferred: BTreeMap<(String, String), bool> = rows
        .iter()
        .map(|r| ((r.plan.clone(), r.obligation.clone()), r.inferred))
        .collect();

    let mut golden_files: Vec<_> = std::fs::read_dir(common::root().join("tests/golden"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    golden_files.sort();
    assert_eq!(golden_files.len(), 5, "one golden table per seed plan");

    let mut expected_keys = BTreeSet::new();
    let mut failures = Vec::new();
    for path in golden_files {
        let g: Golden = toml::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for e in &g.expect {
            let key = (g.plan.clone(), e.obligation.clone());
            expected_keys.insert(key.clone());
            let Some(by_due) = got.get(&key) else {
                failures.push(format!("{}/{}: not in the agenda", g.plan, e.obligation));
                continue;
            };
            for (due, units) in by_due {
                let now_units = e
                    .assignees_from
                    .iter()
                    .rfind(|c| instant(&c.from) <= *due)
                    .map_or(&e.assignees, |c| &c.assignees);
                let want_units: BTreeSet<String> = now_units.iter().cloned().collect();
                if *units != want_units {
                    failures.push(format!(
                        "{}/{} due {due}: assignees {units:?}, want {want_units:?}",
                        g.plan, e.obligation
                    ));
                }
            }
            if inferred[&key] != e.inferred {
                failures.push(format!(
                    "{}/{}: inferred {}, want {}",
                    g.plan, e.obligation, inferred[&key], e.inferred
                ));
            }
            let dues: Vec<String> = by_due.keys().cloned().collect();
            match (&e.dues, &e.first, &e.last, e.count) {
                (Some(want), None, None, None) => {
                    let want: Vec<String> = want.iter().map(|d| instant(d)).collect();
                    if dues != want {
                        let missing: Vec<_> = want.iter().filter(|d| !dues.contains(d)).collect();
                        let extra: Vec<_> = dues.iter().filter(|d| !want.contains(d)).collect();
                        failures.push(format!(
                            "{}/{}: missing {missing:?}, unexpected {extra:?}",
                            g.plan, e.obligation
                        ));
                    }
                }
                (None, Some(first), Some(last), Some(count)) => {
                    let ok = dues.first() == Some(&instant(first))
                        && dues.last() == Some(&instant(last))
                        && dues.len() == count
                        && e.sample
                            .iter()
                            .flatten()
                            .all(|s| dues.contains(&instant(s)));
                    if !ok {
                        failures.push(format!(
                            "{}/{}: got first {:?} last {:?} count {}, want {first} {last} {count} with samples {:?}",
                            g.plan,
                            e.obligation,
                            dues.first(),
                            dues.last(),
                            dues.len(),
                            e.sample
                        ));
                    }
                }
                _ => panic!(
                    "{}: {} needs either dues or first/last/count",
                    path.display(),
                    e.obligation
                ),
            }
        }
    }
    for key in got.keys() {
        if !expected_keys.contains(key) {
            failures.push(format!(
                "{}/{}: in the agenda but not in any golden table",
                key.0, key.1
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
