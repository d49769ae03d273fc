//! The drafted schedule file: the same format as schedules/*.toml, values written by the `toml`
//! crate (escaping), with comments for the reviewer.

use std::fmt::Write;

use super::{Draft, DraftObligation};
use crate::domain::rule::RuleSpec;

fn q(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// A rule as the inline table a schedule file uses: `{ rule = "quarterly", month_of_quarter = 3, day = 13 }`.
pub fn rule_inline(rule: &RuleSpec) -> String {
    let value = toml::Value::try_from(rule).expect("a rule serialises");
    let table = value.as_table().expect("a rule is a table");
    let mut parts = Vec::new();
    if let Some(r) = table.get("rule") {
        parts.push(format!("rule = {r}"));
    }
    for (k, v) in table {
        if k != "rule" {
            parts.push(format!("{k} = {v}"));
        }
    }
    format!("{{ {} }}", parts.join(", "))
}

fn comment(out: &mut String, text: &str) {
    for line in text.lines() {
        let _ = writeln!(out, "# {line}");
    }
}

fn ids(list: &[crate::domain::ids::UnitId]) -> String {
    let items: Vec<String> = list.iter().map(|i| q(i.as_str())).collect();
    format!("[{}]", items.join(", "))
}

/// Writes the draft as a schedule file.
pub fn schedule(d: &Draft, source: &str) -> String {
    let mut out = String::new();
    comment(
        &mut out,
        &format!(
            "DRAFT drafted by `dondoc draft` from {source}: review every obligation before use."
        ),
    );
    comment(&mut out, "Each obligation carries the sentence it came from (quote), where its assignees came from and a confidence.");
    if d.chrome_lines > 0 {
        comment(
            &mut out,
            &format!(
                "{} lines of web-page chrome before the plan were skipped.",
                d.chrome_lines
            ),
        );
    }
    if !d.unmatched.is_empty() {
        comment(&mut out, "");
        comment(
            &mut out,
            "Unit names not found in the directory (add them to directory/ or map them by hand):",
        );
        for u in &d.unmatched {
            comment(
                &mut out,
                &format!("  {} {} (line {}): “{}”", u.role, u.clause, u.line, u.name),
            );
        }
    }
    if !d.unparsed.is_empty() {
        comment(&mut out, "");
        comment(
            &mut out,
            "Date or period phrases that could not be turned into a rule (decide by hand):",
        );
        for u in &d.unparsed {
            comment(
                &mut out,
                &format!(
                    "  {} (line {}): “{}” — {}",
                    u.clause, u.line, u.phrase, u.reason
                ),
            );
        }
    }
    if !d.skipped.is_empty() {
        comment(&mut out, "");
        comment(
            &mut out,
            "Dates that are not deadlines of this plan (not encoded):",
        );
        for u in &d.skipped {
            let clause = if u.clause.is_empty() {
                "preamble"
            } else {
                &u.clause
            };
            comment(
                &mut out,
                &format!(
                    "  {clause} (line {}): “{}” — {}",
                    u.line, u.phrase, u.reason
                ),
            );
        }
    }
    out.push_str("\n[plan]\n");
    let _ = writeln!(out, "id = {}", q(&d.plan_id));
    match &d.number {
        Some(n) => {
            let _ = writeln!(out, "number = {}", q(n));
        }
        None => comment(&mut out, "number omitted: the plan's number is blank"),
    }
    match &d.issuer {
        Some(i) => {
            let _ = writeln!(out, "issuer = {}", q(i));
        }
        None => {
            comment(&mut out, "issuer not found in the header: write it");
            let _ = writeln!(out, "issuer = {}", q("(chưa xác định)"));
        }
    }
    match d.issued {
        Some(date) => {
            let _ = writeln!(out, "issued = {}", q(&date.to_string()));
        }
        None => comment(&mut out, "issued omitted: the plan's day or month is blank"),
    }
    let title = d.title.clone().unwrap_or_else(|| source.to_owned());
    let _ = writeln!(out, "title = {}", q(&title));
    let _ = writeln!(out, "source = {}", q(source));
    comment(&mut out, &format!("valid_from: {}", d.valid_from_note));
    match d.valid_from {
        Some(v) => {
            let _ = writeln!(out, "valid_from = {}", q(&v.to_string()));
        }
        None => {
            let _ = writeln!(out, "valid_from = {}", q(""));
        }
    }
    out.push_str("shift = \"none\"\n");
    for o in &d.obligations {
        obligation(&mut out, o);
    }
    if !d.standing.is_empty() {
        out.push('\n');
        comment(&mut out, STANDING_HEADING);
        for s in &d.standing {
            let who: Vec<&str> = s.assignees.iter().map(|u| u.as_str()).collect();
            comment(
                &mut out,
                &standing_line(&s.clause, s.line, &s.title, &s.phrase, &who),
            );
        }
    }
    out
}

/// The heading of the comment lines that keep a draft's standing duties in a schedule file,
/// written by `dondoc draft` and by an acceptance on the coordinator page: nothing drafted is
/// lost, though none of them is reminded.
pub const STANDING_HEADING: &str =
    "Standing duties with no deadline (not reminded; kept here so nothing is lost):";

/// One standing duty's comment line (without "# ") under [`STANDING_HEADING`].
pub fn standing_line(clause: &str, line: usize, title: &str, phrase: &str, who: &[&str]) -> String {
    format!(
        "  {} (line {line}): {} — “{}” [{}]",
        clause.replace('\n', " "),
        title.replace('\n', " "),
        phrase.replace('\n', " "),
        who.join(", ")
    )
}

fn obligation(out: &mut String, o: &DraftObligation) {
    out.push_str("\n[[obligation]]\n");
    comment(
        out,
        &format!(
            "confidence {:.2} · assignees from: {} · recipient from: {} · rule from: “{}”",
            o.confidence, o.assignees_from, o.recipient_from, o.phrase
        ),
    );
    for n in &o.notes {
        comment(out, n);
    }
    let _ = writeln!(out, "id = {}", q(&o.id));
    let _ = writeln!(out, "title = {}", q(&o.title));
    let kind = toml::Value::try_from(o.kind)
        .map(|v| v.to_string())
        .unwrap_or_else(|_| "\"task\"".into());
    let _ = writeln!(out, "kind = {kind}");
    let _ = writeln!(out, "clause = {}", q(&o.clause));
    let _ = writeln!(out, "quote = {}", q(&o.quote));
    if o.assignees.is_empty() && !o.assignee_names.is_empty() {
        comment(
            out,
            &format!(
                "assignees as the text names them (not in the directory): {}",
                o.assignee_names.join("; ")
            ),
        );
    }
    let _ = writeln!(out, "assignees = {}", ids(&o.assignees));
    match &o.recipient {
        Some(r) => {
            let _ = writeln!(out, "recipient = {}", q(r.as_str()));
        }
        None => {
            match &o.recipient_name {
                Some(n) => comment(
                    out,
                    &format!("recipient as the text names it (not in the directory): {n}"),
                ),
                None => comment(out, "recipient not found: name the unit that receives it"),
            }
            let _ = writeln!(out, "recipient = {}", q(""));
        }
    }
    if let Some(v) = &o.via {
        let _ = writeln!(out, "via = {}", q(v.as_str()));
    }
    if !o.cooperating.is_empty() {
        let _ = writeln!(out, "cooperating = {}", ids(&o.cooperating));
    }
    if let RuleSpec::AfterEvent {
        event,
        event_date: None,
        ..
    }
    | RuleSpec::BeforeEvent {
        event,
        event_date: None,
        ..
    } = &o.rule
    {
        comment(
            out,
            &format!("counted from an event (“{event}”): set event_date once its date is known; no reminder before"),
        );
    }
    let _ = writeln!(out, "due = {}", rule_inline(&o.rule));
    if let Some(v) = o.valid_from {
        let _ = writeln!(out, "valid_from = {}", q(&v.to_string()));
    }
    if let Some(v) = o.valid_until {
        let _ = writeln!(out, "valid_until = {}", q(&v.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rule::{Cutoff, Every};

    #[test]
    fn rules_as_inline_tables_parse_back() {
        for rule in [
            RuleSpec::Quarterly {
                month_of_quarter: 3,
                day: 13,
                cutoff: Cutoff::Before,
            },
            RuleSpec::Once {
                date: "2024-03-05".into(),
                cutoff: Cutoff::EndOfDay,
            },
            RuleSpec::Periodic {
                every: Every::HalfYear,
            },
            RuleSpec::EndOfQuarter {
                year: 2024,
                quarter: 2,
            },
        ] {
            let text = format!("due = {}\n", rule_inline(&rule));
            #[derive(serde::Deserialize)]
            struct T {
                due: RuleSpec,
            }
            let back: T = toml::from_str(&text).unwrap();
            assert_eq!(back.due, rule, "{text}");
        }
        assert_eq!(
            rule_inline(&RuleSpec::Quarterly {
                month_of_quarter: 3,
                day: 13,
                cutoff: Cutoff::Before
            }),
            "{ rule = \"quarterly\", day = 13, month_of_quarter = 3 }"
        );
    }

    /// A limit counted from an event asks the reviewer for the event's date; one counted from a
    /// day the text states has it already, so the file does not ask (sentences written for
    /// this test).
    #[test]
    fn only_an_undated_event_asks_for_its_date() {
        let asks = |text: &str| {
            let d = crate::draft::draft(text, "x.txt", &crate::domain::model::Directory::default());
            assert_eq!(d.obligations.len(), 1, "{text}");
            schedule(&d, "x.txt").contains("set event_date once its date is known")
        };
        assert!(asks(
            "Các hộ kinh doanh nộp hồ sơ trong thời hạn 15 ngày kể từ ngày nhận được thông báo."
        ));
        assert!(!asks(
            "Các hộ kinh doanh nộp hồ sơ trong thời hạn 15 ngày kể từ ngày 02/8/2027."
        ));
    }
}
