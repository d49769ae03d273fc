//! The command line: argument parsing, the check / agenda / simulate / holidays / serve commands
//! and the operations commands (reload, backup, restore, doctor).

mod check;
mod doctor;
mod draft;
mod ops;
mod output;
mod signals;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::domain::ids::UnitId;
use crate::domain::rule::parse_date;
use crate::query::{self, Filter};
use crate::schedule::{self, World};

/// Exit status for invalid data files or arguments.
pub const EXIT_INVALID: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "dondoc",
    version,
    about = "Đôn đốc: reminders and escalation for the reporting deadlines of Vietnamese government plans"
)]
pub struct Cli {
    /// The configuration file; data folders are relative to it.
    #[arg(
        long,
        global = true,
        default_value = "config.toml",
        value_name = "FILE"
    )]
    pub config: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SimFormat {
    Table,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Range {
    /// First day (YYYY-MM-DD or DD/MM/YYYY), inclusive.
    #[arg(long, value_parser = date_arg)]
    pub from: NaiveDate,
    /// Last day (YYYY-MM-DD or DD/MM/YYYY), inclusive.
    #[arg(long, value_parser = date_arg)]
    pub to: NaiveDate,
    /// Only what this unit (or the members of this group) owes.
    #[arg(long, value_name = "ID", value_parser = unit_arg)]
    pub unit: Option<UnitId>,
    /// Only this plan.
    #[arg(long, value_name = "ID")]
    pub plan: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the config, directory, holidays and every schedule; exit 2 on any problem.
    Check,
    /// List every due occurrence in a date range, sorted by due instant.
    Agenda {
        #[command(flatten)]
        range: Range,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// List every notification the policy would send in a date range if nothing were submitted.
    Simulate {
        #[command(flatten)]
        range: Range,
        #[arg(long, value_enum, default_value = "table")]
        format: SimFormat,
    },
    /// Print a holiday file for a year, computed from the Labour Code, to check and save under holidays/.
    Holidays {
        #[arg(long)]
        year: i32,
    },
    /// Draft a schedule file from a plan's text (.txt, .md, .docx) for review, print its obligations as JSON, or compare it with a hand-written schedule.
    Draft(draft::DraftArgs),
    /// Run the daemon: ingest schedules into the store, send reminders, serve HTTP. Stops on SIGTERM/SIGINT.
    Serve {
        /// Run a simulated clock from this instant (RFC 3339, e.g. 2023-06-16T07:00:00+07:00).
        #[arg(long, value_name = "INSTANT", value_parser = instant_arg)]
        clock_start: Option<crate::domain::time::Instant>,
        /// Simulated seconds per real second (with --clock-start; e.g. 86400 = a day a second).
        #[arg(long, value_name = "N", default_value_t = 1.0, requires = "clock_start", value_parser = speed_arg)]
        clock_speed: f64,
        /// Stop once the clock reaches this instant (RFC 3339), after handling everything due by then.
        #[arg(long, value_name = "INSTANT", value_parser = instant_arg)]
        stop_at: Option<crate::domain::time::Instant>,
        /// Log format on stderr.
        #[arg(long, value_enum, default_value = "text")]
        log_format: LogFormat,
    },
    /// Ask the running daemon to re-read config and schedules (SIGHUP) and report whether it
    /// accepted them; exit 2 when it refused (it keeps running on the previous version).
    Reload {
        /// How long to wait for the daemon's answer, in seconds.
        #[arg(long, value_name = "SECONDS", default_value_t = 60)]
        wait: u64,
    },
    /// Write a consistent JSON Lines dump of the store to FILE (or a dated file in FILE when it
    /// is a folder), from the running daemon or, when none runs, from the store directly.
    Backup {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Include the store's secrets (the link-signing key, from which calendar feed keys
        /// derive); left out by default.
        #[arg(long)]
        with_secrets: bool,
    },
    /// Load a backup made by `dondoc backup` into an empty store (dondoc must be stopped).
    Restore {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Check config, store, mail server, Zalo tokens, webhooks and clock; say what is wrong and
    /// how to fix it. Sends nothing. Exit 1 when there is a problem.
    Doctor {
        /// Also read every stored occurrence and compare the counts and indexes the store keeps
        /// with them (slow on a large store; the daemon must be stopped).
        #[arg(long)]
        deep: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

fn instant_arg(s: &str) -> Result<crate::domain::time::Instant, String> {
    crate::domain::time::parse_instant(s).map_err(|e| {
        format!(
            "`{s}` is not an RFC 3339 instant like 2023-06-16T07:00:00+07:00: {}",
            e.source
        )
    })
}

fn speed_arg(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v.is_finite() => Ok(v),
        _ => Err(format!("`{s}` is not a positive number")),
    }
}

fn init_logs(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // Colours only on a terminal: the journal and log files get plain text.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

fn date_arg(s: &str) -> Result<NaiveDate, String> {
    parse_date(s).map_err(|e| e.to_string())
}

fn unit_arg(s: &str) -> Result<UnitId, String> {
    UnitId::parse(s).map_err(|e| e.to_string())
}

/// Runs the command line; returns the process exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("dondoc: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn load(cli: &Cli) -> Result<World, ExitCode> {
    load_with_settings(cli).map(|(_, world)| world)
}

/// `load`, with the daemon's settings (for `serve`).
fn load_with_settings(cli: &Cli) -> Result<(crate::config::Settings, World), ExitCode> {
    schedule::load_with_settings(&cli.config).map_err(|diags| {
        for d in &diags {
            eprintln!("{d}");
        }
        eprintln!("dondoc: {} problem(s) found; nothing was run", diags.len());
        ExitCode::from(EXIT_INVALID)
    })
}

/// Loads the world and checks a range's arguments against it.
fn prepare(cli: &Cli, range: &Range) -> Result<(World, Filter), ExitCode> {
    let world = load(cli)?;
    match check_range(&world, range) {
        Ok(filter) => Ok((world, filter)),
        Err(msg) => {
            eprintln!("dondoc: {msg}");
            Err(ExitCode::from(EXIT_INVALID))
        }
    }
}

fn check_range(world: &World, range: &Range) -> Result<Filter, String> {
    if range.to < range.from {
        return Err(format!("--to {} is before --from {}", range.to, range.from));
    }
    if let Some(u) = &range.unit {
        if !world.directory.contains(u) {
            return Err(format!("--unit: unknown unit id `{u}`"));
        }
    }
    if let Some(p) = &range.plan {
        if !world.plans.iter().any(|x| x.id.as_str() == p) {
            return Err(format!("--plan: unknown plan id `{p}`"));
        }
    }
    Ok(Filter {
        unit: range.unit.clone(),
        plan: range.plan.clone(),
    })
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match &cli.command {
        Command::Holidays { year } => {
            if !(1975..=2200).contains(year) {
                eprintln!("dondoc: --year must be between 1975 and 2200");
                return Ok(ExitCode::from(EXIT_INVALID));
            }
            print!("{}", schedule::holidays::render_year(*year));
            Ok(ExitCode::SUCCESS)
        }
        Command::Draft(args) => draft::run(&cli.config, args, &mut out),
        Command::Check => match load(&cli) {
            Ok(world) => {
                let dir = world.config.templates_dir.as_deref();
                if let Err(e) = crate::daemon::render::Templates::load(dir) {
                    eprintln!("{e:#}");
                    eprintln!("dondoc: 1 problem(s) found; nothing was run");
                    return Ok(ExitCode::from(EXIT_INVALID));
                }
                let today = chrono::Utc::now()
                    .with_timezone(&crate::domain::time::ZONE)
                    .date_naive();
                check::summary(&mut out, &world, today)?;
                Ok(ExitCode::SUCCESS)
            }
            Err(code) => Ok(code),
        },
        Command::Agenda { range, format } => {
            let (world, filter) = match prepare(&cli, range) {
                Ok(x) => x,
                Err(code) => return Ok(code),
            };
            let (from, until) = query::date_range(range.from, range.to);
            // JSON and CSV are written as the rows come (a merge of per-obligation iterators);
            // the table needs every row first to size its columns.
            let rows = query::agenda_rows(&world, &filter, from, until);
            match format {
                Format::Json => output::json_rows(&mut out, rows)?,
                Format::Csv => output::csv_rows(&mut out, rows)?,
                Format::Table => output::agenda_table(&mut out, &rows.collect::<Vec<_>>())?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            clock_start,
            clock_speed,
            stop_at,
            log_format,
        } => {
            init_logs(*log_format);
            let (settings, world) = match load_with_settings(&cli) {
                Ok(w) => w,
                Err(code) => return Ok(code),
            };
            let clock = match clock_start {
                Some(start) => crate::daemon::clock::Clock::simulated(*start, *clock_speed),
                None => crate::daemon::clock::Clock::system(),
            }
            .stopping_at(*stop_at);
            crate::daemon::tune_allocator();
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            let config = cli.config.clone();
            runtime.block_on(async move {
                let control = crate::daemon::Control::new();
                let shutdown = signals::shutdown_on_signals(control.clone())?;
                crate::daemon::serve(config, settings, world, clock, control, shutdown).await
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Reload { wait } => ops::reload(&cli.config, std::time::Duration::from_secs(*wait)),
        Command::Backup { file, with_secrets } => ops::backup(&cli.config, file, *with_secrets),
        Command::Restore { file } => ops::restore(&cli.config, file),
        Command::Doctor { deep } => doctor::run(&cli.config, *deep, &mut out),
        Command::Simulate { range, format } => {
            let (world, filter) = match prepare(&cli, range) {
                Ok(x) => x,
                Err(code) => return Ok(code),
            };
            let (from, until) = query::date_range(range.from, range.to);
            let rows = query::simulate(&world, &filter, from, until);
            let messages = query::messages(&world, &rows);
            match format {
                SimFormat::Json => output::json(&mut out, &messages)?,
                SimFormat::Table => output::simulate_table(&mut out, &messages)?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
