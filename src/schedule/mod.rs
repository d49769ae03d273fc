//! Reading the data files (config, directory, holidays, plans) into one checked world, with diagnostics.

pub use crate::diag;
pub mod directory;
pub mod holidays;
pub mod plans;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::{self, Config, Settings};
use crate::domain::calendar::WorkCalendar;
use crate::domain::ids::PlanId;
use crate::domain::model::{Directory, Obligation, Plan};
use crate::domain::occurrence::{occurrences, Occurrence};
use crate::domain::time::Instant;
use diag::{whole_file, Diagnostic, Source};

/// Everything dondoc knows, checked.
#[derive(Debug, Clone)]
pub struct World {
    pub config: Config,
    pub directory: Directory,
    pub calendar: WorkCalendar,
    pub plans: Vec<Plan>,
    /// Plan id → the schedule file it came from.
    pub plan_files: BTreeMap<PlanId, PathBuf>,
    /// Problems that do not stop dondoc (e.g. a year with no holiday file).
    pub warnings: Vec<String>,
    /// Year → its holiday file and whether it follows the Government's announcement.
    pub holiday_files: BTreeMap<i32, (PathBuf, bool)>,
    /// Plan id → its position in `plans`, for lookups from stored records.
    plan_index: BTreeMap<String, usize>,
}

/// How far ahead `holiday_warnings` looks for occurrences.
pub const HOLIDAY_LOOKAHEAD_DAYS: u64 = 3 * 366;
/// A computed holiday year is flagged this many days before it starts.
pub const HOLIDAY_ANNOUNCE_DAYS: i64 = 60;

impl World {
    /// Warnings about the holidays the coming occurrences depend on, as of `today`: a year
    /// with an occurrence (in the next three years) but no holiday file, and a year whose file
    /// is still computed (`announced = false`) when it starts in less than 60 days (or has
    /// started). Each says what to do.
    pub fn holiday_warnings(&self, today: chrono::NaiveDate) -> Vec<String> {
        use chrono::{Datelike, Days, NaiveDate};
        let from = crate::domain::time::midnight(today);
        let until = crate::domain::time::midnight(today + Days::new(HOLIDAY_LOOKAHEAD_DAYS));
        let mut years: BTreeMap<i32, usize> = BTreeMap::new();
        for p in &self.plans {
            for ob in &p.obligations {
                for o in self.occurrences(p, ob, from, until) {
                    if o.ended.is_none() {
                        *years.entry(o.due.year()).or_default() += 1;
                    }
                }
            }
        }
        let mut out = Vec::new();
        for (year, n) in years {
            match self.holiday_files.get(&year) {
                None => out.push(format!(
                    "{n} occurrence(s) fall in {year}, which has no holiday file: only weekends count as days off; create it with `dondoc holidays --year {year} > {}/{year}.toml`, correct it to the Government's announcement and set `announced = true`",
                    self.config.holidays_dir.display()
                )),
                Some((path, false)) => {
                    let starts = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
                    let days = (starts - today).num_days();
                    if days < HOLIDAY_ANNOUNCE_DAYS {
                        let when = if days > 0 {
                            format!("starts in {days} day(s)")
                        } else {
                            "has started".to_owned()
                        };
                        out.push(format!(
                            "{}: {year} {when} and its holidays are still computed (announced = false), not announced: {n} occurrence(s) depend on them; edit the file to the Government's announcement (Tết days, days off in lieu, swapped working Saturdays) and set `announced = true`",
                            path.display()
                        ));
                    }
                }
                Some((_, true)) => {}
            }
        }
        out
    }

    pub fn plan(&self, id: &str) -> Option<&Plan> {
        self.plan_index.get(id).map(|&i| &self.plans[i])
    }

    /// A plan's obligation, with its plan, by the ids a stored record carries.
    pub fn obligation(&self, plan: &str, obligation: &str) -> Option<(&Plan, &Obligation)> {
        let p = self.plan(plan)?;
        let o = p.obligations.iter().find(|o| o.id.as_str() == obligation)?;
        Some((p, o))
    }

    /// The occurrences of one obligation due in `[from, until)`, on this world's directory,
    /// working-day calendar and reporting calendar.
    pub fn occurrences(
        &self,
        plan: &Plan,
        ob: &Obligation,
        from: Instant,
        until: Instant,
    ) -> Vec<Occurrence> {
        occurrences(
            plan,
            ob,
            &self.directory,
            &self.calendar,
            &self.config.reporting,
            from,
            until,
        )
    }
}

fn read(path: &Path) -> Result<Source, Diagnostic> {
    std::fs::read_to_string(path)
        .map(|text| Source::new(path, text))
        .map_err(|e| whole_file(path, format!("cannot read: {e}")))
}

/// The `*.toml` files of a folder, sorted by name.
fn toml_files(dir: &Path, what: &str) -> Result<Vec<PathBuf>, Diagnostic> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| whole_file(dir, format!("cannot read the {what} folder: {e}")))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

fn read_all(dir: &Path, what: &str, errors: &mut Vec<Diagnostic>) -> Vec<Source> {
    match toml_files(dir, what) {
        Ok(files) => files
            .iter()
            .filter_map(|p| read(p).map_err(|d| errors.push(d)).ok())
            .collect(),
        Err(d) => {
            errors.push(d);
            Vec::new()
        }
    }
}

/// The working-day calendar of a holiday folder alone (weekends, and the days off its files
/// list), for commands that read no schedules (`dondoc draft`'s preview of dues), with the
/// problems found in its files.
pub fn work_calendar(holidays_dir: &Path) -> (WorkCalendar, Vec<Diagnostic>) {
    let (_, calendar, errors) = holiday_calendar(holidays_dir);
    (calendar, errors)
}

/// A holiday folder's files, the working-day calendar they make, and their problems.
fn holiday_calendar(holidays_dir: &Path) -> (Vec<Source>, WorkCalendar, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let sources = read_all(holidays_dir, "holidays", &mut errors);
    let (calendar, more) = holidays::build(&sources);
    errors.extend(more);
    (sources, calendar, errors)
}

/// Loads and checks the config file and every data file it points to. Returns every problem
/// found, not just the first.
pub fn load(config_path: &Path) -> Result<World, Vec<Diagnostic>> {
    load_with_settings(config_path).map(|(_, world)| world)
}

/// `load`, with the daemon's settings (store, HTTP, tokens, channels) read from the same file:
/// they hold its secrets, so they stay out of the `World` every command shares.
pub fn load_with_settings(config_path: &Path) -> Result<(Settings, World), Vec<Diagnostic>> {
    let (config, settings) = config::parse(&read(config_path).map_err(|d| vec![d])?)?;
    let mut errors = Vec::new();

    let mut dir_sources = read_all(&config.directory_dir, "directory", &mut errors);
    // Units created while accepting a plan on the page (only when that folder exists).
    let accepted_units = config.accepted_dir.join("directory");
    if accepted_units.is_dir() {
        dir_sources.extend(read_all(&accepted_units, "accepted units", &mut errors));
    }
    if dir_sources.is_empty() && errors.is_empty() {
        errors.push(whole_file(
            &config.directory_dir,
            "no directory files (*.toml): define at least one unit",
        ));
    }
    let (directory, dir_errors) = directory::build(&dir_sources);
    errors.extend(dir_errors);
    if let Some(unit) = &config.admin.unit {
        let known = crate::domain::ids::UnitId::parse(unit).is_ok_and(|u| directory.contains(&u));
        // An unknown id is only meaningful in a directory without errors.
        if !known && errors.is_empty() {
            errors.push(whole_file(
                &config.path,
                format!("admin.unit `{unit}` is not a unit or group of the directory"),
            ));
        }
    }

    let (holiday_sources, calendar, hol_errors) = holiday_calendar(&config.holidays_dir);
    let holiday_files = holidays::files(&holiday_sources);
    errors.extend(hol_errors);

    let mut notes: Vec<Diagnostic> = directory::sample_group_warnings(&dir_sources);
    let mut plans: Vec<Plan> = Vec::new();
    let mut plan_files: BTreeMap<PlanId, PathBuf> = BTreeMap::new();
    let mut sources: Vec<(Source, bool)> =
        read_all(&config.schedules_dir, "schedules", &mut errors)
            .into_iter()
            .map(|s| (s, false))
            .collect();
    // Plans accepted on the coordinator page: read after `schedules/`; one of them replaces a
    // hand-written plan of the same id (the coordinator chose "replace").
    if config.accepted_dir.is_dir() && config.accepted_dir != config.schedules_dir {
        sources.extend(
            read_all(&config.accepted_dir, "accepted plans", &mut errors)
                .into_iter()
                .map(|s| (s, true)),
        );
    }
    let mut from_accepted: BTreeMap<PlanId, bool> = BTreeMap::new();
    let mut replaced = Vec::new();
    for (src, accepted) in sources {
        match plans::build_with_warnings(
            &src,
            &directory,
            &config.policy,
            &config.reporting,
            &mut notes,
        ) {
            Ok((plan, id_span)) => {
                if accepted && from_accepted.get(&plan.id) == Some(&false) {
                    replaced.push(format!(
                        "plan `{}`: {} (accepted on the page) replaces {}",
                        plan.id,
                        src.path.display(),
                        plan_files[&plan.id].display()
                    ));
                    plans.retain(|p| p.id != plan.id);
                    plan_files.remove(&plan.id);
                }
                if let Some(first) = plan_files.get(&plan.id) {
                    let msg = format!(
                        "duplicate plan id `{}` (already defined in {})",
                        plan.id,
                        first.display()
                    );
                    errors.push(src.at(id_span, msg));
                    continue;
                }
                plan_files.insert(plan.id.clone(), src.path.clone());
                from_accepted.insert(plan.id.clone(), accepted);
                plans.push(plan);
            }
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut warnings = config.warnings.clone();
    warnings.extend(replaced);
    warnings.extend(notes.iter().map(|d| {
        format!(
            "{}:{}:{}: warning: {}",
            d.path.display(),
            d.line,
            d.column,
            d.message
        )
    }));
    let years: Vec<i32> = calendar.years().collect();
    if years.is_empty() {
        warnings.push("no holiday files: only weekends count as days off".to_owned());
    }
    let plan_index = plans
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.to_string(), i))
        .collect();
    let world = World {
        config,
        directory,
        calendar,
        plans,
        plan_files,
        warnings,
        holiday_files,
        plan_index,
    };
    Ok((settings, world))
}
