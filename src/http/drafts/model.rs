//! The draft as the reviewer edits it (other fields carried through untouched), and the due-rule kinds with their form fields.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::domain::model::ObligationKind;
use crate::domain::rule::RuleSpec;
use crate::draft::Draft;

/// The draft object of the API, `dondoc draft --format json`'s object (with the draft's own
/// extra fields, e.g. `line`, `phrase`, `notes`): the serialised `Draft` with each obligation's
/// `due` (the rule as a schedule file writes it).
pub fn draft_json(d: &Draft) -> Value {
    let mut v = serde_json::to_value(d).unwrap_or(Value::Null);
    if let Some(obs) = v.get_mut("obligations").and_then(Value::as_array_mut) {
        for (o, ob) in obs.iter_mut().zip(&d.obligations) {
            if let Some(map) = o.as_object_mut() {
                map.insert(
                    "due".into(),
                    Value::String(crate::draft::writer::rule_inline(&ob.rule)),
                );
            }
        }
    }
    v
}

/// The reviewed plan: the fields the review edits; the rest of the draft object rides along.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Review {
    #[serde(default)]
    pub plan_id: String,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub issuer: Option<String>,
    #[serde(default)]
    pub issued: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub valid_from: Option<String>,
    #[serde(default)]
    pub obligations: Vec<Item>,
    #[serde(default)]
    pub unmatched: Vec<Unmatched>,
    #[serde(flatten)]
    pub rest: Map<String, Value>,
}

/// One obligation under review, in the draft's shape.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Item {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default = "task")]
    pub kind: ObligationKind,
    #[serde(default)]
    pub clause: String,
    #[serde(default)]
    pub quote: String,
    #[serde(default)]
    pub assignees: Vec<String>,
    /// Units that take part without owing the duty; present when the drafter records them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooperating: Option<Vec<Value>>,
    #[serde(default)]
    pub recipient: Option<String>,
    #[serde(default)]
    pub via: Option<String>,
    /// The due rule as the schedule file states it (`{"rule": "quarterly", …}`). Absent in an
    /// API edit: read from `due` (the inline-table text) instead.
    #[serde(default)]
    pub rule: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    #[serde(flatten)]
    pub rest: Map<String, Value>,
}

fn task() -> ObligationKind {
    ObligationKind::Task
}

/// A unit name the directory does not know, and what the reviewer chose for it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Unmatched {
    #[serde(default)]
    pub clause: String,
    #[serde(default)]
    pub line: usize,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub role: String,
    /// `"create"`: a unit of this name is created when the plan is accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    #[serde(flatten)]
    pub rest: Map<String, Value>,
}

impl Item {
    /// The due rule, from `rule`, else from the `due` text; an error says why neither reads.
    pub fn rule_spec(&self) -> Result<RuleSpec, String> {
        if !self.rule.is_null() {
            return serde_json::from_value(self.rule.clone()).map_err(|e| e.to_string());
        }
        let Some(due) = self.rest.get("due").and_then(Value::as_str) else {
            return Err("no due rule (`rule` or `due`)".into());
        };
        #[derive(Deserialize)]
        struct Due {
            due: RuleSpec,
        }
        toml::from_str::<Due>(&format!("due = {due}"))
            .map(|d| d.due)
            .map_err(|e| e.message().to_owned())
    }

    /// The rule as a JSON object whichever way it was given (`Null` when it does not read).
    pub fn rule_value(&self) -> Value {
        if !self.rule.is_null() {
            return self.rule.clone();
        }
        self.rule_spec()
            .ok()
            .and_then(|r| serde_json::to_value(r).ok())
            .unwrap_or(Value::Null)
    }

    /// The rule's kind (`quarterly`), if any.
    pub fn rule_kind(&self) -> Option<String> {
        self.rule_value()
            .get("rule")
            .and_then(Value::as_str)
            .map(str::to_owned)
    }

    /// The ids of the cooperating units (entries that are ids, or objects with a `unit`/`id`).
    pub fn cooperating_ids(&self) -> Vec<String> {
        self.cooperating
            .iter()
            .flatten()
            .filter_map(|c| match c {
                Value::String(s) => Some(s.clone()),
                Value::Object(m) => m
                    .get("unit")
                    .or_else(|| m.get("id"))
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                _ => None,
            })
            .collect()
    }

    /// The rule changed: `due` follows it.
    pub fn set_rule(&mut self, rule: Value) {
        self.rule = rule;
        let due = self
            .rule_spec()
            .ok()
            .map(|r| crate::draft::writer::rule_inline(&r));
        match due {
            Some(d) => {
                self.rest.insert("due".into(), Value::String(d));
            }
            None => {
                self.rest.remove("due");
            }
        }
    }
}

/// A due-rule kind the form offers, with its Vietnamese label and parameters.
pub struct RuleKind {
    pub name: &'static str,
    pub label: &'static str,
    pub params: &'static [&'static str],
}

/// Every kind of due rule, with the form fields each takes (the schedule format's keys).
pub const RULE_KINDS: &[RuleKind] = &[
    RuleKind {
        name: "once",
        label: "Một lần, vào ngày",
        params: &["date", "cutoff"],
    },
    RuleKind {
        name: "monthly",
        label: "Hằng tháng",
        params: &["day", "cutoff"],
    },
    RuleKind {
        name: "quarterly",
        label: "Hằng quý",
        params: &["month_of_quarter", "day", "cutoff"],
    },
    RuleKind {
        name: "half_yearly",
        label: "6 tháng một lần",
        params: &["month_of_half", "day", "cutoff"],
    },
    RuleKind {
        name: "yearly",
        label: "Hằng năm",
        params: &["month", "day", "cutoff"],
    },
    RuleKind {
        name: "weekly",
        label: "Hằng tuần",
        params: &["weekday", "cutoff"],
    },
    RuleKind {
        name: "periodic",
        label: "Định kỳ, ngày theo lịch báo cáo",
        params: &["every"],
    },
    RuleKind {
        name: "end_of_month",
        label: "Cuối một tháng",
        params: &["year", "month"],
    },
    RuleKind {
        name: "end_of_quarter",
        label: "Cuối một quý",
        params: &["year", "quarter"],
    },
    RuleKind {
        name: "end_of_year",
        label: "Cuối một năm",
        params: &["year"],
    },
    RuleKind {
        name: "yearly_end_of_quarter",
        label: "Cuối quý, hằng năm",
        params: &["quarter"],
    },
    RuleKind {
        name: "after_event",
        label: "Sau một sự kiện",
        params: &["days", "working_days", "event", "event_date"],
    },
    RuleKind {
        name: "before_event",
        label: "Trước một sự kiện",
        params: &["days", "working_days", "event", "event_date"],
    },
    RuleKind {
        name: "cron",
        label: "Biểu thức cron",
        params: &["expr"],
    },
];

/// Whether this build's schedule format knows a rule kind (probed with its parameters, so the
/// form offers only what a schedule file may say).
pub fn kind_supported(kind: &RuleKind) -> bool {
    let mut probe = Map::new();
    probe.insert("rule".into(), Value::String(kind.name.into()));
    for p in kind.params {
        let v = match *p {
            "date" | "event_date" => Value::String("2026-01-01".into()),
            "cutoff" => continue,
            "working_days" => Value::Bool(true),
            "weekday" => Value::String("mon".into()),
            "every" => Value::String("month".into()),
            "event" | "expr" => Value::String("0 0 8 1 * *".into()),
            _ => Value::from(1),
        };
        probe.insert((*p).into(), v);
    }
    serde_json::from_value::<RuleSpec>(Value::Object(probe)).is_ok()
}

/// Parameters whose values are numbers.
pub fn numeric_param(p: &str) -> bool {
    matches!(
        p,
        "day" | "month" | "month_of_quarter" | "month_of_half" | "quarter" | "year" | "days"
    )
}

/// The Vietnamese label of a rule parameter.
pub fn param_label(p: &str) -> &'static str {
    match p {
        "date" => "Ngày (hạn)",
        "cutoff" => "Tính hạn",
        "day" => "Ngày trong tháng",
        "month" => "Tháng",
        "month_of_quarter" => "Tháng thứ mấy của quý (1–3)",
        "month_of_half" => "Tháng thứ mấy của 6 tháng (1–6)",
        "quarter" => "Quý (1–4)",
        "year" => "Năm",
        "weekday" => "Thứ",
        "every" => "Kỳ",
        "days" => "Số ngày",
        "working_days" => "Đếm theo",
        "event" => "Sự kiện",
        "event_date" => "Ngày diễn ra sự kiện",
        "expr" => "Biểu thức cron",
        _ => "Tham số",
    }
}

/// The rule a form gives: its kind and each parameter's text (blank ones left out, numbers
/// read as numbers; a number that does not read is kept as text so the check names it).
pub fn rule_from_form(kind: &str, value: impl Fn(&str) -> Option<String>) -> Value {
    let mut m = Map::new();
    m.insert("rule".into(), Value::String(kind.to_owned()));
    let params = RULE_KINDS
        .iter()
        .find(|k| k.name == kind)
        .map_or(&[][..], |k| k.params);
    for p in params {
        let Some(text) = value(p)
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
        else {
            continue;
        };
        if *p == "cutoff" && text == "before" || *p == "working_days" && text != "true" {
            continue;
        }
        let v = if *p == "working_days" {
            Value::Bool(true)
        } else if numeric_param(p) {
            text.parse::<i64>()
                .map(Value::from)
                .unwrap_or(Value::String(text))
        } else {
            Value::String(text)
        };
        m.insert((*p).into(), v);
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_reads_from_rule_or_from_due_text() {
        let mut item: Item = serde_json::from_value(serde_json::json!({
            "id": "bc-quy", "title": "Báo cáo quý", "kind": "report",
            "due": "{ rule = \"quarterly\", day = 13, month_of_quarter = 3 }",
            "assignees_from": "subject"
        }))
        .unwrap();
        let want = RuleSpec::Quarterly {
            month_of_quarter: 3,
            day: 13,
            cutoff: Default::default(),
        };
        assert_eq!(item.rule_spec().unwrap(), want);
        assert_eq!(item.rule_kind().as_deref(), Some("quarterly"));
        item.set_rule(serde_json::json!({"rule": "monthly", "day": 5}));
        assert_eq!(item.rest["due"], "{ rule = \"monthly\", day = 5 }");
        assert_eq!(
            item.rest["assignees_from"], "subject",
            "other fields are kept"
        );
        item.set_rule(serde_json::json!({"rule": "monthly", "day": "x"}));
        assert!(item.rule_spec().is_err());
    }

    #[test]
    fn form_fields_make_a_rule() {
        let form = |p: &str| match p {
            "day" => Some("20".to_owned()),
            "month_of_quarter" => Some(" 3 ".to_owned()),
            "cutoff" => Some("before".to_owned()),
            "month" => Some("7".to_owned()),
            _ => None,
        };
        assert_eq!(
            rule_from_form("quarterly", form),
            serde_json::json!({"rule": "quarterly", "day": 20, "month_of_quarter": 3})
        );
        assert_eq!(
            rule_from_form("monthly", |p| (p == "day").then(|| "ba".to_owned())),
            serde_json::json!({"rule": "monthly", "day": "ba"})
        );
        // Working days chosen: a boolean the schedule format reads; calendar days: left out.
        for (choice, want) in [
            (
                "true",
                serde_json::json!({"rule": "after_event", "days": 5, "event": "nhận hồ sơ", "working_days": true}),
            ),
            (
                "false",
                serde_json::json!({"rule": "after_event", "days": 5, "event": "nhận hồ sơ"}),
            ),
        ] {
            let form = |p: &str| match p {
                "days" => Some("5".to_owned()),
                "event" => Some("nhận hồ sơ".to_owned()),
                "working_days" => Some(choice.to_owned()),
                _ => None,
            };
            let rule = rule_from_form("after_event", form);
            assert_eq!(rule, want);
            assert!(serde_json::from_value::<RuleSpec>(rule).is_ok());
        }
    }

    #[test]
    fn the_classic_kinds_are_supported_and_unknown_ones_are_not() {
        for name in [
            "once",
            "quarterly",
            "weekly",
            "periodic",
            "end_of_year",
            "cron",
        ] {
            let k = RULE_KINDS.iter().find(|k| k.name == name).unwrap();
            assert!(kind_supported(k), "{name}");
        }
        let made_up = RuleKind {
            name: "fortnightly",
            label: "",
            params: &["day"],
        };
        assert!(!kind_supported(&made_up));
    }
}
