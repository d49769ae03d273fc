//! config.toml: where the data files are, the global policy and the reporting calendar.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::domain::policy::{Policy, PolicyOverride};
use crate::domain::rule::{DueRule, ReportingCalendar, RuleSpec};
use crate::schedule::diag::{Diagnostic, Source};

/// The checked configuration. Relative paths are resolved against the config file's folder.
#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    pub schedules_dir: PathBuf,
    pub directory_dir: PathBuf,
    pub holidays_dir: PathBuf,
    pub policy: Policy,
    pub reporting: ReportingCalendar,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    paths: RawPaths,
    #[serde(default)]
    policy: Option<Spanned<PolicyOverride>>,
    #[serde(default)]
    reporting_calendar: RawReportingCalendar,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPaths {
    schedules: Option<String>,
    directory: Option<String>,
    holidays: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReportingCalendar {
    week: Option<Spanned<RuleSpec>>,
    month: Option<Spanned<RuleSpec>>,
    quarter: Option<Spanned<RuleSpec>>,
    half_year: Option<Spanned<RuleSpec>>,
    year: Option<Spanned<RuleSpec>>,
}

/// Parses and checks config.toml's text.
pub fn parse(src: &Source) -> Result<Config, Vec<Diagnostic>> {
    let raw: RawConfig = src.parse().map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let base = src.path.parent().map(Path::to_path_buf).unwrap_or_default();
    let resolve = |p: &Option<String>, default: &str| base.join(p.as_deref().unwrap_or(default));

    let policy = match &raw.policy {
        Some(o) => Policy::default().with(o.get_ref()).unwrap_or_else(|e| {
            errors.push(src.at(o.span(), format!("policy: {e}")));
            Policy::default()
        }),
        None => Policy::default(),
    };

    let defaults = ReportingCalendar::default();
    let mut rule = |spec: &Option<Spanned<RuleSpec>>, default: &DueRule, key: &str| match spec {
        None => default.clone(),
        Some(s) => match DueRule::parse(s.get_ref()) {
            Ok(r) if !r.is_inferred() => r,
            Ok(_) => {
                let e = crate::domain::rule::RuleError::PeriodicInCalendar;
                errors.push(src.at(s.span(), format!("reporting_calendar.{key}: {e}")));
                default.clone()
            }
            Err(e) => {
                errors.push(src.at(s.span(), format!("reporting_calendar.{key}: {e}")));
                default.clone()
            }
        },
    };
    let rc = &raw.reporting_calendar;
    let week = rule(&rc.week, &defaults.week, "week");
    let month = rule(&rc.month, &defaults.month, "month");
    let quarter = rule(&rc.quarter, &defaults.quarter, "quarter");
    let half_year = rule(&rc.half_year, &defaults.half_year, "half_year");
    let year = rule(&rc.year, &defaults.year, "year");
    let reporting = ReportingCalendar::new(week, month, quarter, half_year, year)
        .expect("periodic rules were rejected above");

    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Config {
        path: src.path.clone(),
        schedules_dir: resolve(&raw.paths.schedules, "schedules"),
        directory_dir: resolve(&raw.paths.directory, "directory"),
        holidays_dir: resolve(&raw.paths.holidays, "holidays"),
        policy,
        reporting,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_errors() {
        let c = parse(&Source::new("/etc/dondoc/config.toml", "")).unwrap();
        assert_eq!(c.schedules_dir, PathBuf::from("/etc/dondoc/schedules"));
        assert_eq!(c.policy, Policy::default());

        let e = parse(&Source::new("c.toml", "[paths]\nschedule = \"x\"\n")).unwrap_err();
        assert!(
            e[0].to_string()
                .starts_with("c.toml:2:1: unknown field `schedule`"),
            "{}",
            e[0]
        );

        let e = parse(&Source::new(
            "c.toml",
            "[policy]\nreminder_time = \"25:00\"\n",
        ))
        .unwrap_err();
        assert!(
            e[0].to_string().contains("reminder_time `25:00`"),
            "{}",
            e[0]
        );

        let e = parse(&Source::new(
            "c.toml",
            "[reporting_calendar]\nmonth = { rule = \"periodic\", every = \"month\" }\n",
        ))
        .unwrap_err();
        assert!(e[0].to_string().starts_with("c.toml:2:"), "{}", e[0]);
    }
}
