//! `dondoc draft`: read a plan (.txt, .md, .docx), draft its schedule file or print the
//! obligations as JSON, or compare the draft with a hand-written schedule.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use serde::Serialize;

use super::{date_arg, EXIT_INVALID};
use crate::diag::Source;
use crate::domain::calendar::WorkCalendar;
use crate::domain::model::Directory;
use crate::domain::rule::{DueRule, ReportingCalendar, RuleSpec};
use crate::draft::{self, compare, writer, Draft, Leftover};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum DraftFormat {
    Toml,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct DraftArgs {
    /// The plan: .txt or .md (UTF-8, UTF-16 or Windows-1258), .docx or .pdf (with a text layer).
    #[arg(required_unless_present = "evaluate")]
    pub plan: Option<PathBuf>,
    /// Draft every document of a corpus split (NAME.txt + NAME.toml) and print precision and
    /// recall on due days, assignees and recipients.
    #[arg(long, value_name = "SPLIT_DIR", conflicts_with_all = ["compare", "output"])]
    pub evaluate: Option<PathBuf>,
    /// The unit directory: a file or a folder of *.toml (default: the config's directory).
    #[arg(long, value_name = "FILE")]
    pub directory: Option<PathBuf>,
    /// Write the schedule file here instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT.toml")]
    pub output: Option<PathBuf>,
    /// `toml`: the schedule file; `json`: the extracted obligations.
    #[arg(long, value_enum, default_value = "toml")]
    pub format: DraftFormat,
    /// With --format json: list each obligation's due instants from this day …
    #[arg(long, value_parser = date_arg, requires = "to")]
    pub from: Option<NaiveDate>,
    /// … to this day (inclusive).
    #[arg(long, value_parser = date_arg, requires = "from")]
    pub to: Option<NaiveDate>,
    /// Compare the draft with this hand-written schedule: precision, recall, differences.
    #[arg(long, value_name = "SCHEDULE")]
    pub compare: Option<PathBuf>,
}

#[derive(Serialize)]
struct JsonObligation<'a> {
    id: &'a str,
    title: &'a str,
    clause: &'a str,
    quote: &'a str,
    kind: crate::domain::model::ObligationKind,
    assignees: &'a [crate::domain::ids::UnitId],
    assignees_from: &'a str,
    /// The assignees' names as the text writes them (also when the directory lacks them).
    assignee_names: &'a [String],
    cooperating: &'a [crate::domain::ids::UnitId],
    recipient: &'a Option<crate::domain::ids::UnitId>,
    recipient_name: &'a Option<String>,
    /// Where the recipient came from: text (the duty's words), issuer or standing body (none
    /// written, and the directory has that unit), schedule, regime (a reporting regime's
    /// template), none (no receiver found; never guessed from a name the directory lacks).
    recipient_from: &'a str,
    via: &'a Option<crate::domain::ids::UnitId>,
    rule: &'a RuleSpec,
    /// The rule as the schedule file writes it.
    due: String,
    inferred: bool,
    confidence: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    dues: Option<Vec<String>>,
}

#[derive(Serialize)]
struct JsonDraft<'a> {
    plan_id: &'a str,
    number: &'a Option<String>,
    issuer: &'a Option<String>,
    place: &'a Option<String>,
    issued: &'a Option<NaiveDate>,
    year: &'a Option<i32>,
    title: &'a Option<String>,
    valid_from: &'a Option<NaiveDate>,
    obligations: Vec<JsonObligation<'a>>,
    unparsed: &'a [Leftover],
    skipped: &'a [Leftover],
    unmatched: &'a [draft::Unmatched],
    standing: &'a [draft::StandingDuty],
    doc_kind: &'a str,
}

fn invalid(msg: impl std::fmt::Display) -> anyhow::Result<ExitCode> {
    eprintln!("dondoc: {msg}");
    Ok(ExitCode::from(EXIT_INVALID))
}

fn read_sources(path: &Path) -> Result<Vec<Source>, String> {
    let files: Vec<PathBuf> = if path.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| format!("{}: cannot read the directory folder: {e}", path.display()))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
            .collect();
        v.sort();
        v
    } else {
        vec![path.to_path_buf()]
    };
    files
        .iter()
        .map(|p| {
            std::fs::read_to_string(p)
                .map(|t| Source::new(p, t))
                .map_err(|e| format!("{}: cannot read: {e}", p.display()))
        })
        .collect()
}

/// The directory file(s) for this plan: with several locality files, the one whose unit names
/// carry the plan's place name ("Đông Triều"), so "Công an huyện" cannot mean another district.
fn pick_directory(
    sources: Vec<Source>,
    place: Option<&str>,
) -> Result<(Directory, Vec<PathBuf>), Vec<String>> {
    if let (Some(place), true) = (place, sources.len() > 1) {
        let key = draft::text::fold(place);
        let score = |s: &Source| draft::text::fold(&s.text).matches(key.as_str()).count();
        if let Some(best) = sources
            .iter()
            .max_by_key(|s| score(s))
            .filter(|s| score(s) > 0)
        {
            let (dir, errors) = crate::schedule::directory::build(std::slice::from_ref(best));
            if errors.is_empty() {
                return Ok((dir, vec![best.path.clone()]));
            }
        }
    }
    let (dir, errors) = crate::schedule::directory::build(&sources);
    if errors.is_empty() {
        Ok((dir, sources.iter().map(|s| s.path.clone()).collect()))
    } else {
        Err(errors.iter().map(ToString::to_string).collect())
    }
}

/// The config file, checked, when it can be read (the draft works without one: its directory
/// and calendars then come from the flags or default).
fn read_config(config: &Path) -> Option<crate::config::Config> {
    std::fs::read_to_string(config)
        .ok()
        .and_then(|t| crate::config::parse(&Source::new(config, t)).ok())
        .map(|(c, _)| c)
}

fn calendar(conf: Option<&crate::config::Config>) -> ReportingCalendar {
    conf.map(|c| c.reporting.clone()).unwrap_or_default()
}

/// The working days the preview of dues counts on (`--from`/`--to`): the config's holiday
/// folder, as the daemon counts them; weekends only when the config cannot be read. A broken
/// holiday file is said on stderr and left out.
fn work_calendar(conf: Option<&crate::config::Config>) -> WorkCalendar {
    let Some(c) = conf else {
        return WorkCalendar::weekends_only();
    };
    let (cal, problems) = crate::schedule::work_calendar(&c.holidays_dir);
    for p in problems {
        eprintln!("dondoc: {p} (dues are previewed without that file's days off)");
    }
    cal
}

/// `dondoc draft --evaluate SPLIT`: the corpus figures of one split.
fn run_evaluate(
    config: &Path,
    args: &DraftArgs,
    split: &Path,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    // The corpus's places are not in the directory: an empty one unless one is given.
    let dir = match &args.directory {
        Some(p) => match read_sources(p) {
            Ok(s) => {
                let (dir, errors) = crate::schedule::directory::build(&s);
                if !errors.is_empty() {
                    return invalid(format!("{} problem(s) in the directory", errors.len()));
                }
                dir
            }
            Err(e) => return invalid(e),
        },
        None => Directory::new(Vec::new(), Vec::new()),
    };
    let report =
        match draft::evaluate::evaluate(split, &dir, &calendar(read_config(config).as_ref())) {
            Ok(r) => r,
            Err(e) => return invalid(e),
        };
    match args.format {
        DraftFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
        }
        DraftFormat::Toml => {
            writeln!(
                out,
                "corpus split {} ({} documents)",
                report.split, report.documents
            )?;
            writeln!(
                out,
                "{:<11} {:>9} {:>7} {:>8} {:>8} {:>8}",
                "measure", "precision", "recall", "correct", "drafted", "expected"
            )?;
            for (name, s) in [
                ("due days", &report.due),
                ("assignees", &report.assignees),
                ("recipients", &report.recipients),
            ] {
                writeln!(
                    out,
                    "{:<11} {:>9.3} {:>7.3} {:>8} {:>8} {:>8}",
                    name, s.precision, s.recall, s.correct, s.drafted, s.expected
                )?;
            }
            writeln!(
                out,
                "duties classed as preamble: {}",
                report.classed_as_preamble
            )?;
            writeln!(
                out,
                "units of another province assigned: {}",
                report.other_province_units
            )?;
            for d in &report.per_document {
                writeln!(
                    out,
                    "  {:<44} {:<11} expected {:>2} drafted {:>2} matched {:>2} due ok {:>2}{}",
                    d.name,
                    d.kind,
                    d.expected,
                    d.drafted,
                    d.matched,
                    d.due_correct,
                    if d.shared_holders > 0 {
                        format!(" shared holders {:>2}", d.shared_holders)
                    } else {
                        String::new()
                    }
                )?;
                for (m, why) in d.missed.iter().zip(&d.missed_why) {
                    writeln!(
                        out,
                        "      - missed: {}",
                        m.chars().take(100).collect::<String>()
                    )?;
                    if !why.is_empty() {
                        writeln!(
                            out,
                            "          ({})",
                            why.chars().take(140).collect::<String>()
                        )?;
                    }
                }
                for x in &d.extra {
                    writeln!(
                        out,
                        "      + extra:  {}",
                        x.chars().take(100).collect::<String>()
                    )?;
                }
                for w in &d.wrong_due {
                    writeln!(
                        out,
                        "      ~ due:    {}",
                        w.chars().take(160).collect::<String>()
                    )?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `dondoc draft`.
pub fn run(config: &Path, args: &DraftArgs, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    if let (Some(f), Some(t)) = (args.from, args.to) {
        if t < f {
            return invalid(format!("--to {t} is before --from {f}"));
        }
    }
    if let Some(split) = &args.evaluate {
        return run_evaluate(config, args, split, out);
    }
    let Some(plan_path) = args.plan.as_ref() else {
        return invalid("name the plan file (or --evaluate SPLIT_DIR)");
    };
    let raw = match draft::input::read_plan(plan_path) {
        Ok(t) => t,
        Err(e) => return invalid(e),
    };
    let conf = read_config(config);
    let dir_path = match &args.directory {
        Some(p) => p.clone(),
        None => match &conf {
            Some(c) => c.directory_dir.clone(),
            None => {
                return invalid(format!(
                    "no unit directory: {} cannot be read; pass --directory FILE",
                    config.display()
                ))
            }
        },
    };
    let sources = match read_sources(&dir_path) {
        Ok(s) if !s.is_empty() => s,
        Ok(_) => {
            return invalid(format!(
                "{}: no directory files (*.toml)",
                dir_path.display()
            ))
        }
        Err(e) => return invalid(e),
    };
    let place = draft::header::layout(&draft::text::normalize(&raw))
        .header
        .place;
    let (dir, used) = match pick_directory(sources, place.as_deref()) {
        Ok(x) => x,
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            return invalid(format!("{} problem(s) in the directory", errors.len()));
        }
    };
    let source_name = plan_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let d = draft::draft(&raw, &source_name, &dir);
    let toml_text = writer::schedule(&d, &source_name);
    eprintln!(
        "dondoc: {} obligation(s), {} standing (no deadline), {} unparsed, {} unmatched name(s); directory {}",
        d.obligations.len(),
        d.standing.len(),
        d.unparsed.len(),
        d.unmatched.len(),
        used.iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );

    if let (Some(p), Some(_)) = (&args.output, &args.compare) {
        std::fs::write(p, &toml_text)
            .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", p.display()))?;
    }
    if let Some(reference) = &args.compare {
        let text = match std::fs::read_to_string(reference) {
            Ok(t) => t,
            Err(e) => return invalid(format!("{}: cannot read: {e}", reference.display())),
        };
        let want = match compare::items(&text) {
            Ok(i) => i,
            Err(e) => return invalid(format!("{}: {e}", reference.display())),
        };
        // The draft is compared as written: parsed back from its own TOML.
        let got = compare::items(&toml_text)
            .map_err(|e| anyhow::anyhow!("the draft does not parse back: {e}"))?;
        let report = compare::compare(&want, &got, &dir);
        match args.format {
            DraftFormat::Json => {
                serde_json::to_writer_pretty(&mut *out, &report)?;
                writeln!(out)?;
            }
            DraftFormat::Toml => print_report(out, &report, reference, plan_path)?,
        }
        return Ok(ExitCode::SUCCESS);
    }

    match args.format {
        DraftFormat::Toml => match &args.output {
            Some(p) => std::fs::write(p, &toml_text)
                .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", p.display()))?,
            None => out.write_all(toml_text.as_bytes())?,
        },
        DraftFormat::Json => {
            let json = to_json(
                &d,
                args,
                &calendar(conf.as_ref()),
                &work_calendar(conf.as_ref()),
            );
            let text = serde_json::to_string_pretty(&json)? + "\n";
            match &args.output {
                Some(p) => std::fs::write(p, text)
                    .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", p.display()))?,
                None => out.write_all(text.as_bytes())?,
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn to_json<'a>(
    d: &'a Draft,
    args: &DraftArgs,
    cal: &ReportingCalendar,
    work: &WorkCalendar,
) -> JsonDraft<'a> {
    let range = args
        .from
        .zip(args.to)
        .map(|(f, t)| crate::query::date_range(f, t));
    let obligations = d
        .obligations
        .iter()
        .map(|o| {
            let dues = range.map(|(from, until)| {
                let start = o
                    .valid_from
                    .or(d.valid_from)
                    .map(crate::domain::time::midnight);
                let end = o
                    .valid_until
                    .map(|u| crate::domain::time::midnight(u + chrono::Days::new(1)));
                DueRule::parse(&o.rule)
                    .map(|r| {
                        r.dues_on(from, until, cal, work)
                            .into_iter()
                            .filter(|x| {
                                start.is_none_or(|s| x.instant >= s)
                                    && end.is_none_or(|e| x.instant < e)
                            })
                            .map(|x| x.instant.to_rfc3339())
                            .collect()
                    })
                    .unwrap_or_default()
            });
            JsonObligation {
                id: &o.id,
                title: &o.title,
                clause: &o.clause,
                quote: &o.quote,
                kind: o.kind,
                assignees: &o.assignees,
                assignees_from: o.assignees_from,
                assignee_names: &o.assignee_names,
                cooperating: &o.cooperating,
                recipient: &o.recipient,
                recipient_name: &o.recipient_name,
                recipient_from: o.recipient_from,
                via: &o.via,
                rule: &o.rule,
                due: writer::rule_inline(&o.rule),
                inferred: o.inferred,
                confidence: o.confidence,
                dues,
            }
        })
        .collect();
    JsonDraft {
        plan_id: &d.plan_id,
        number: &d.number,
        issuer: &d.issuer,
        place: &d.place,
        issued: &d.issued,
        year: &d.year,
        title: &d.title,
        valid_from: &d.valid_from,
        obligations,
        unparsed: &d.unparsed,
        skipped: &d.skipped,
        unmatched: &d.unmatched,
        standing: &d.standing,
        doc_kind: d.doc_kind,
    }
}

fn print_report(
    out: &mut impl Write,
    r: &compare::Report,
    reference: &Path,
    plan: &Path,
) -> anyhow::Result<()> {
    writeln!(
        out,
        "draft of {} compared with {}",
        plan.display(),
        reference.display()
    )?;
    writeln!(
        out,
        "reference obligations: {}   drafted: {}",
        r.reference, r.drafted
    )?;
    writeln!(
        out,
        "matched (clause, due rule, assignees share a unit): {}   precision {:.3}   recall {:.3}",
        r.matched, r.precision, r.recall
    )?;
    writeln!(
        out,
        "matched with exactly the same assignees:            {}   precision {:.3}   recall {:.3}",
        r.matched_exact, r.precision_exact, r.recall_exact
    )?;
    if !r.differences.is_empty() {
        writeln!(out, "differences:")?;
    }
    for d in &r.differences {
        let sign = if d.side == "missing" { "-" } else { "+" };
        writeln!(
            out,
            "  {sign} {:<7} {:<12} {:<34} {} [{}]{}",
            d.side,
            d.clause,
            d.id,
            writer::rule_inline(&d.due),
            d.assignees.join(", "),
            d.closest
                .as_ref()
                .map(|c| format!("  (closest: {c}, differs in {})", d.differs_in.join(", ")))
                .unwrap_or_default()
        )?;
    }
    if !r.assignees_differ.is_empty() {
        writeln!(out, "matched, but the assignees are not the same units:")?;
    }
    for a in &r.assignees_differ {
        writeln!(
            out,
            "  ~ {:<12} {:<34} [{}]  drafted [{}]",
            a.clause,
            a.reference,
            a.reference_assignees.join(", "),
            a.drafted_assignees.join(", ")
        )?;
    }
    Ok(())
}
