//! `agenda`'s rows come from a merge of per-obligation iterators, a month of each computed at
//! a time: they must be exactly the occurrences of the range, in the order a full sort gives
//! (due instant, plan, obligation, assignee), across window boundaries and years.

use std::path::Path;

use chrono::NaiveDate;
use dondoc::query::{agenda_rows, date_range, Filter};

#[test]
fn the_merged_rows_are_the_fully_sorted_occurrences() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let world = dondoc::schedule::load(&root.join("config.toml")).expect("the shipped data");
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    for (from, to) in [
        (d(2024, 1, 1), d(2027, 12, 31)),
        // Not on a month boundary, and shorter than a window.
        (d(2025, 3, 17), d(2025, 4, 2)),
    ] {
        let (start, until) = date_range(from, to);
        let mut want: Vec<(_, String, String, String, String)> = Vec::new();
        for plan in &world.plans {
            for ob in &plan.obligations {
                for o in world.occurrences(plan, ob, start, until) {
                    if o.ended.is_none() {
                        want.push((
                            o.due,
                            plan.id.to_string(),
                            ob.id.to_string(),
                            o.assignee.to_string(),
                            o.id(),
                        ));
                    }
                }
            }
        }
        want.sort_by(|a, b| (a.0, &a.1, &a.2, &a.3).cmp(&(b.0, &b.1, &b.2, &b.3)));
        let want: Vec<String> = want.into_iter().map(|w| w.4).collect();
        let got: Vec<String> = agenda_rows(&world, &Filter::default(), start, until)
            .map(|r| r.id)
            .collect();
        assert!(want.len() > 20, "{from}..{to}: {} occurrences", want.len());
        assert_eq!(got, want, "{from}..{to}");
    }
}
