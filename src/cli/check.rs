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
    let dated = w
        .directory
        .units()
        .filter(|u| w.directory.life(&u.id).is_some())
        .count();
    let years: Vec<i32> = w.calendar.years().collect();
    let obligations: usize = w.plans.iter().map(|p| p.obligations.len()).sum();
    writeln!(out, "dondoc check: OK ({})", w.config.path.display())?;
    writeln!(
        out,
        "  directory  {units} units ({dated} with dates or successors), {groups} groups ({illustrative} of them samples, complete = false)"
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
    let mut ended_total = 0;
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
            let ended = occs.iter().filter(|o| o.ended.is_some()).count();
            count += occs.len() - ended;
            ended_total += ended;
            if let Some(o) = occs.iter().find(|o| o.ended.is_none()) {
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
    if ended_total > 0 {
        writeln!(
            out,
            "  ended      {ended_total} occurrence(s) in the next 12 months cancelled: their unit or recipient ended with no successor"
        )?;
    }
    for warning in w.warnings.iter().cloned().chain(w.holiday_warnings(today)) {
        // Positioned ones read `path:line:column: warning: …` already.
        if warning.contains(": warning: ") {
            writeln!(out, "  {warning}")?;
        } else {
            writeln!(out, "  warning: {warning}")?;
        }
    }
    Ok(())
}
