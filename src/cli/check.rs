//! The one-screen summary `dondoc check` prints when everything is valid.

use std::io::Write;

use chrono::{Days, NaiveDate};

use crate::domain::occurrence::occurrences;
use crate::domain::time::{midnight, vn_date};
use crate::schedule::World;

pub fn summary(out: &mut impl Write, w: &World, today: NaiveDate) -> anyhow::Result<()> {
    let units = w.directory.units().count();
    let groups = w.directory.groups().count();
    let illustrative = w.directory.groups().filter(|g| g.illustrative).count();
    let years: Vec<i32> = w.calendar.years().collect();
    let obligations: usize = w.plans.iter().map(|p| p.obligations.len()).sum();
    writeln!(out, "dondoc check: OK ({})", w.config.path.display())?;
    writeln!(
        out,
        "  directory  {units} units, {groups} groups ({illustrative} with illustrative membership)"
    )?;
    match (years.first(), years.last()) {
        (Some(a), Some(b)) => writeln!(out, "  holidays   {a}–{b} ({} year files)", years.len())?,
        _ => writeln!(out, "  holidays   none (weekends only)")?,
    }
    writeln!(
        out,
        "  plans      {} plans, {obligations} obligations",
        w.plans.len()
    )?;
    let (from, until) = (midnight(today), midnight(today + Days::new(366)));
    for p in &w.plans {
        let mut next = None;
        let mut count = 0;
        for ob in &p.obligations {
            let occs = occurrences(
                p,
                ob,
                &w.directory,
                &w.calendar,
                &w.config.reporting,
                from,
                until,
            );
            count += occs.len();
            if let Some(o) = occs.first() {
                if next.as_ref().is_none_or(|(d, _)| o.due < *d) {
                    next = Some((o.due, o.wording.clone()));
                }
            }
        }
        let file = w
            .plan_files
            .get(&p.id)
            .and_then(|f| f.file_name())
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        writeln!(
            out,
            "    {:<34} {:<14} {:>2} obligations  {}",
            p.id.as_str(),
            p.number.as_deref().unwrap_or("(chưa có số)"),
            p.obligations.len(),
            file
        )?;
        match next {
            Some((_, wording)) => writeln!(
                out,
                "      next 12 months: {count} occurrence(s), next {wording}"
            )?,
            None => writeln!(
                out,
                "      next 12 months: nothing due (from {})",
                vn_date(today)
            )?,
        }
    }
    for warning in &w.warnings {
        writeln!(out, "  warning: {warning}")?;
    }
    Ok(())
}
