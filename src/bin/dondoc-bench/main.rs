//! dondoc-bench: generates synthetic worlds at district, province and nation size and measures
//! dondoc on them, side by side with peers (remind, Python's smtplib). See BENCHMARKS.md.
//!
//! ```sh
//! cargo build --release && target/release/dondoc-bench run --sizes district,province,nation --out BENCHMARKS.md
//! ```

mod email;
mod gen;
mod report;
mod serve;
mod smtp;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};

use dondoc::daemon::scheduler::Scheduler;
use dondoc::domain::time::{parse_instant, Instant as At};
use dondoc::store::{DeliveryState, Store};

#[derive(Parser)]
#[command(
    name = "dondoc-bench",
    about = "Benchmarks of dondoc at district, province and nation size"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Write a synthetic world (config.toml, directory/, schedules/, holidays/, quarterly.rem).
    Gen {
        #[arg(long)]
        size: String,
        #[arg(long, default_value_t = 7)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value = "holidays")]
        holidays: PathBuf,
    },
    /// A loopback SMTP sink that accepts and counts everything (used by `run`).
    SmtpSink {
        #[arg(long, default_value = "127.0.0.1:0")]
        listen: String,
    },
    /// Opens a store and reports the process's memory after each step (a profile aid).
    /// Runs a command (stdout discarded) and prints its peak RSS in kB. The harness measures
    /// through it: a child forked from the harness itself would count the harness's own memory
    /// at the fork in its peak (Linux's `ru_maxrss` starts from the parent's copy).
    #[command(hide = true)]
    PeakRss {
        #[arg(trailing_var_arg = true, required = true)]
        command: Vec<String>,
    },
    #[command(hide = true)]
    ProbeStore {
        #[arg(long)]
        store: PathBuf,
    },
    /// Generate each size and measure it; write the report.
    Run {
        #[arg(
            long,
            default_value = "district,province,nation",
            value_delimiter = ','
        )]
        sizes: Vec<String>,
        /// The Markdown report (results and the machine); printed to stdout too.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Scratch folder for the generated worlds and stores (emptied first).
        #[arg(long, default_value = "target/bench")]
        work: PathBuf,
        /// The dondoc binary measured (a release build).
        #[arg(long, default_value = "target/release/dondoc")]
        dondoc: PathBuf,
        #[arg(long, default_value = "holidays")]
        holidays: PathBuf,
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Seconds of concurrent HTTP load per size.
        #[arg(long, default_value_t = 10)]
        http_seconds: u64,
        /// Concurrent HTTP clients.
        #[arg(long, default_value_t = 8)]
        clients: usize,
        /// Messages sent by each side of the email comparison.
        #[arg(long, default_value_t = 2000)]
        mails: usize,
        /// Repetitions of each whole-command timing (the median is reported).
        #[arg(long, default_value_t = 3)]
        repeat: usize,
        /// Skip the peers (remind, python3) when they are not installed.
        #[arg(long)]
        no_peers: bool,
        /// Also write every figure as JSON: `{"district": {"occurrences": …, …}, …}`.
        #[arg(long)]
        json: Option<PathBuf>,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.cmd {
        Cmd::Gen {
            size,
            seed,
            out,
            holidays,
        } => {
            let g = gen::generate(&gen::size(&size)?, seed, &out, &holidays)?;
            println!(
                "{}: {} units, {} groups, {} plans, {} obligations ({} quarterly, {} quarterly pairs)",
                out.display(),
                g.units,
                g.groups,
                g.plans,
                g.obligations,
                g.quarterly_obligations,
                g.quarterly_pairs
            );
            Ok(())
        }
        Cmd::PeakRss { command } => {
            let mut cmd = Command::new(&command[0]);
            cmd.args(&command[1..]);
            println!("{}", child_peak_rss_kb(cmd)?);
            Ok(())
        }
        Cmd::ProbeStore { store } => {
            let me = std::process::id();
            let rss = || proc_status_kb(me, "VmRSS:");
            eprintln!("start: {} kB", rss());
            let t = Instant::now();
            let s = Store::open(&store)?;
            let opened = rss();
            eprintln!(
                "open (with the open index): {opened} kB, {:.2}s",
                t.elapsed().as_secs_f64()
            );
            // A page at a time, as each tick reads them.
            let t = Instant::now();
            let (mut count, mut after) = (0, None::<String>);
            loop {
                let (page, next) = s.open_occurrences_page(after.as_deref(), 1000)?;
                count += page.len();
                match next {
                    Some(n) => after = Some(n),
                    None => break,
                }
            }
            let decoded_open = rss();
            eprintln!(
                "{count} open records decoded: {decoded_open} kB, {:.2}s",
                t.elapsed().as_secs_f64()
            );
            trim();
            let after_open = rss();
            eprintln!("dropped: {after_open} kB");
            let t = Instant::now();
            let all = s.occurrences()?;
            let decoded_all = rss();
            eprintln!(
                "{} records decoded: {decoded_all} kB, {:.2}s",
                all.len(),
                t.elapsed().as_secs_f64()
            );
            drop(all);
            trim();
            let after_all = rss();
            eprintln!(
                "dropped: {after_all} kB (peak {} kB)",
                proc_status_kb(me, "VmHWM:")
            );
            let _ = (decoded_open, decoded_all);
            println!("{opened} {after_open} {after_all}");
            Ok(())
        }
        Cmd::SmtpSink { listen } => runtime()?.block_on(smtp::sink(&listen)),
        Cmd::Run {
            sizes,
            out,
            work,
            dondoc,
            holidays,
            seed,
            http_seconds,
            clients,
            mails,
            repeat,
            no_peers,
            json,
        } => {
            let opts = RunOpts {
                work,
                dondoc: std::fs::canonicalize(&dondoc)
                    .with_context(|| format!("no dondoc binary at {}", dondoc.display()))?,
                holidays,
                seed,
                http_seconds,
                clients,
                mails,
                repeat: repeat.max(1),
                peers: !no_peers,
            };
            let sizes: Vec<gen::Size> = sizes
                .iter()
                .map(|s| gen::size(s))
                .collect::<anyhow::Result<_>>()?;
            let (report, results) = run(&sizes, &opts)?;
            println!("{report}");
            if let Some(path) = json {
                let text = serde_json::to_string_pretty(&report::json(&results))?;
                std::fs::write(&path, text + "\n")
                    .with_context(|| format!("cannot write {}", path.display()))?;
                eprintln!("wrote {}", path.display());
            }
            if let Some(out) = out {
                write_report(&out, &report)?;
                eprintln!("wrote {}", out.display());
            }
            Ok(())
        }
    }
}

const BEGIN: &str = "<!-- dondoc-bench results: begin (generated, do not edit) -->";
const END: &str = "<!-- dondoc-bench results: end -->";

/// Writes `report` into `out` between the markers when it has them (the prose around them
/// stays), else as the whole file.
fn write_report(out: &Path, report: &str) -> anyhow::Result<()> {
    let old = std::fs::read_to_string(out).unwrap_or_default();
    let text = match (old.find(BEGIN), old.find(END)) {
        (Some(b), Some(e)) if b < e => {
            format!("{}{BEGIN}\n\n{report}\n{}", &old[..b], &old[e..])
        }
        _ => format!("{BEGIN}\n\n{report}\n{END}\n"),
    };
    std::fs::write(out, text)?;
    Ok(())
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

struct RunOpts {
    work: PathBuf,
    dondoc: PathBuf,
    holidays: PathBuf,
    seed: u64,
    http_seconds: u64,
    clients: usize,
    mails: usize,
    repeat: usize,
    peers: bool,
}

/// Everything measured at one size.
#[derive(Default)]
struct Results {
    size: String,
    units: usize,
    groups: usize,
    plans: usize,
    obligations: usize,
    occurrences_year: usize,
    files_bytes: u64,
    check_s: f64,
    load_s: f64,
    agenda_s: f64,
    quarterly_occurrences: usize,
    remind_lines: usize,
    remind_s: Option<f64>,
    agenda_quarterly_s: f64,
    ingest_s: f64,
    ingested: usize,
    open_after_ingest: usize,
    tick_some_s: f64,
    tick_some_enqueued: usize,
    tick_some_occurrences: usize,
    tick_all_s: f64,
    tick_all_enqueued: usize,
    tick_all_occurrences: usize,
    store_bytes: u64,
    /// Before the compaction the daemon makes at night.
    store_bytes_before_compaction: u64,
    compaction_s: f64,
    /// RSS of a process that opens the store; after reading the open records; after reading
    /// every record (each time with the decoded records dropped and the heap trimmed).
    probe_kb: (u64, u64, u64),
    serve_start_s: f64,
    rss_idle_kb: u64,
    rss_idle_anon_kb: u64,
    rss_idle_file_kb: u64,
    hwm_idle_kb: u64,
    hwm_load_kb: u64,
    overdue_rows_unit_avg: f64,
    seq_p50_ms: f64,
    seq_p99_ms: f64,
    load_p50_ms: f64,
    load_p99_ms: f64,
    load_rps: f64,
    load_requests: usize,
    load_errors: usize,
    full_overdue_ms: f64,
    full_overdue_rows: usize,
    /// The coordinator page for the whole world: bytes and latency.
    dashboard_bytes: usize,
    dashboard_p50_ms: f64,
    dashboard_p99_ms: f64,
    /// The page narrowed to one group of communes (`?unit=`).
    dashboard_group_bytes: usize,
    dashboard_group_p99_ms: f64,
    metrics_p99_ms: f64,
    stats_p99_ms: f64,
    occurrences_page_p99_ms: f64,
    /// The daemon's RSS a few seconds after the burst of reads above.
    rss_after_reads_kb: u64,
    /// The peak RSS of `agenda` over the year (the whole world).
    agenda_peak_kb: u64,
    mails: usize,
    mail_bytes_dondoc: u64,
    mail_bytes_python: u64,
    dondoc_mail_s: f64,
    lettre_nagle_s: f64,
    lettre_nodelay_s: f64,
    python_mail_s: Option<f64>,
    python_mail_per_conn_s: Option<f64>,
}

/// Whole commands slower than this (remind at nation size) are timed once.
const LONG_COMMAND_S: f64 = 30.0;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// Runs `cmd` `repeat` times (stdout to a counter), checks it succeeds; median seconds and the
/// number of stdout lines of the last run.
fn time_command(repeat: usize, make: impl Fn() -> Command) -> anyhow::Result<(f64, usize)> {
    let mut times = Vec::new();
    let mut lines = 0;
    for _ in 0..repeat {
        // A command that takes longer than this is timed once (noted in the report).
        if times.first().is_some_and(|&t: &f64| t > LONG_COMMAND_S) {
            break;
        }
        let mut cmd = make();
        let t = Instant::now();
        let out = cmd.stderr(Stdio::piped()).output()?;
        times.push(t.elapsed().as_secs_f64());
        if !out.status.success() {
            bail!(
                "{:?} failed: {}\n{}",
                cmd,
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        lines = out.stdout.iter().filter(|&&b| b == b'\n').count();
    }
    Ok((median(times), lines))
}

/// Runs `cmd` once (stdout discarded) and returns its peak RSS in kB, measured by a small
/// process of its own (`dondoc-bench peak-rss`), so the harness's memory does not count.
fn peak_rss_kb(cmd: Command) -> anyhow::Result<u64> {
    let mut via = Command::new(std::env::current_exe()?);
    via.arg("peak-rss")
        .arg("--")
        .arg(cmd.get_program())
        .args(cmd.get_args());
    if let Some(dir) = cmd.get_current_dir() {
        via.current_dir(dir);
    }
    let out = via.stderr(Stdio::inherit()).output()?;
    if !out.status.success() {
        bail!("{cmd:?} failed (status {})", out.status);
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().parse()?)
}

/// Runs `cmd` once (stdout discarded) and returns its peak RSS in kB, from the kernel's
/// accounting of the reaped child (`wait4`'s `ru_maxrss`).
fn child_peak_rss_kb(mut cmd: Command) -> anyhow::Result<u64> {
    let child = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn()?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for and reaps our own child `pid`, filling the two out-parameters; the
    // std handle is then dropped without waiting again.
    let got = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if got != pid {
        bail!("wait4 {cmd:?}: {}", std::io::Error::last_os_error());
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        bail!("{cmd:?} failed (status {status})");
    }
    drop(child);
    Ok(usage.ru_maxrss.max(0) as u64)
}

fn dir_bytes(p: &Path) -> u64 {
    let mut n = 0;
    if let Ok(rd) = std::fs::read_dir(p) {
        for e in rd.flatten() {
            let path = e.path();
            if path.is_dir() {
                n += dir_bytes(&path);
            } else if let Ok(m) = e.metadata() {
                n += m.len();
            }
        }
    }
    n
}

fn instant(s: &str) -> At {
    parse_instant(s).unwrap()
}

/// The ingest instant: late in the year, as a daemon first started on the year's plans. What
/// fell due before it is stored as history; the rest is open.
const T_INGEST: &str = "2025-11-18T07:30:00+07:00";
/// The next morning: the reminders of that day fall due.
const T_SOME: &str = "2025-11-19T07:30:00+07:00";
/// The year's last working day: every open occurrence is overdue and has a stage due.
const T_ALL: &str = "2025-12-31T07:30:00+07:00";
/// The simulated clock of `serve` (just after T_ALL, so nothing new is due).
const T_SERVE: &str = "2025-12-31T08:00:00+07:00";

fn run(sizes: &[gen::Size], o: &RunOpts) -> anyhow::Result<(String, Vec<Results>)> {
    let start_env = report::environment();
    if o.work.exists() {
        std::fs::remove_dir_all(&o.work)?;
    }
    std::fs::create_dir_all(&o.work)?;
    let work = std::fs::canonicalize(&o.work)?;
    let mut all = Vec::new();
    for size in sizes {
        eprintln!("== {} ==", size.name);
        let r = measure(size, o, &work.join(size.name))?;
        eprintln!("{}", report::table(std::slice::from_ref(&r)));
        all.push(r);
    }
    Ok((report::report(&all, o, &start_env), all))
}

fn measure(size: &gen::Size, o: &RunOpts, dir: &Path) -> anyhow::Result<Results> {
    let t = Instant::now();
    let g = gen::generate(size, o.seed, dir, &o.holidays)?;
    eprintln!("generated in {:.1}s", t.elapsed().as_secs_f64());
    let mut r = Results {
        size: size.name.to_owned(),
        units: g.units,
        groups: g.groups,
        plans: g.plans,
        obligations: g.obligations,
        files_bytes: dir_bytes(&dir.join("directory")) + dir_bytes(&dir.join("schedules")),
        mails: o.mails,
        ..Default::default()
    };
    let dondoc = |args: &[&str], config: &Path| {
        let mut c = Command::new(&o.dondoc);
        c.args(args).arg("--config").arg(config).current_dir(dir);
        c
    };
    let year = format!("{}", gen::YEAR);
    let from = format!("{year}-01-01");
    let to = format!("{year}-12-31");

    // check (the whole command: read, parse, check every file)
    (r.check_s, _) = time_command(o.repeat, || dondoc(&["check"], &g.config))?;
    // load in process (what serve does at start and on SIGHUP)
    let t = Instant::now();
    let world = dondoc::schedule::load(&g.config)
        .map_err(|e| anyhow::anyhow!("generated world does not load: {e:?}"))?;
    r.load_s = t.elapsed().as_secs_f64();
    // agenda for a year
    let agenda = |cfg: &Path| {
        dondoc(
            &["agenda", "--from", &from, "--to", &to, "--format", "csv"],
            cfg,
        )
    };
    let (s, lines) = time_command(o.repeat, || agenda(&g.config))?;
    r.agenda_s = s;
    r.agenda_peak_kb = peak_rss_kb(agenda(&g.config))?;
    r.occurrences_year = lines.saturating_sub(1);
    eprintln!(
        "check {:.2}s, agenda {:.2}s ({} occurrences)",
        r.check_s, r.agenda_s, r.occurrences_year
    );
    // remind vs agenda on the quarterly obligations
    let (s, lines) = time_command(o.repeat, || agenda(&g.quarterly_config))?;
    r.agenda_quarterly_s = s;
    r.quarterly_occurrences = lines.saturating_sub(1);
    if o.peers {
        let (s, lines) = time_command(o.repeat, || {
            let mut c = Command::new("remind");
            c.arg("-s12").arg(&g.remind_file).arg(&from);
            c
        })?;
        r.remind_s = Some(s);
        r.remind_lines = lines;
        eprintln!(
            "quarterly: dondoc agenda {:.3}s ({} rows), remind -s12 {:.3}s ({} lines)",
            r.agenda_quarterly_s, r.quarterly_occurrences, s, lines
        );
    }

    // ingest into an empty store, then the two ticks
    let store_dir = dir.join("store");
    {
        let store = Arc::new(Store::open(&store_dir)?);
        let mut sched = Scheduler::new(store.clone(), Arc::new(world));
        let t = Instant::now();
        let rep = sched.tick(instant(T_INGEST))?;
        store.flush()?;
        r.ingest_s = t.elapsed().as_secs_f64();
        r.ingested = rep.new_occurrences;
        r.open_after_ingest = store.open_count();
        eprintln!(
            "ingest {:.2}s: {} occurrences ({} open), {} enqueued",
            r.ingest_s,
            r.ingested,
            r.open_after_ingest,
            rep.enqueued.len()
        );
        let count = |keys: &[String]| {
            let mut occ: Vec<&str> = keys
                .iter()
                .map(|k| k.split('#').next().unwrap_or(""))
                .collect();
            occ.sort_unstable();
            occ.dedup();
            occ.len()
        };
        let t = Instant::now();
        let rep = sched.tick(instant(T_SOME))?;
        store.flush()?;
        r.tick_some_s = t.elapsed().as_secs_f64();
        r.tick_some_enqueued = rep.enqueued.len();
        r.tick_some_occurrences = count(&rep.enqueued);
        let t = Instant::now();
        let rep = sched.tick(instant(T_ALL))?;
        store.flush()?;
        r.tick_all_s = t.elapsed().as_secs_f64();
        r.tick_all_enqueued = rep.enqueued.len();
        r.tick_all_occurrences = count(&rep.enqueued);
        eprintln!(
            "tick some {:.2}s ({} entries, {} occurrences); tick all {:.2}s ({} entries, {} occurrences)",
            r.tick_some_s,
            r.tick_some_enqueued,
            r.tick_some_occurrences,
            r.tick_all_s,
            r.tick_all_enqueued,
            r.tick_all_occurrences
        );
        // The serve measurement is of a daemon at rest: mark what the ticks queued as sent, so
        // it does not spend the measurement writing outbox files.
        for mut e in store.undelivered()? {
            e.delivery = DeliveryState::Sent {
                at: T_ALL.to_owned(),
                channel: "bench".to_owned(),
            };
            store.update_entry(&e)?;
        }
        store.flush()?;
        // The night after: the daemon compacts its store (see `daemon::compaction`), giving
        // back what sled's log keeps of changed records.
        r.store_bytes_before_compaction = dir_bytes(&store_dir);
        let t = Instant::now();
        let c = store.compact()?;
        r.compaction_s = t.elapsed().as_secs_f64();
        eprintln!(
            "compaction {:.1}s: {} MB -> {} MB",
            r.compaction_s,
            c.before / 1_000_000,
            c.after / 1_000_000
        );
    }
    r.store_bytes = dir_bytes(&store_dir);

    runtime()?.block_on(async {
        serve::serve_phase(&mut r, o, dir, &store_dir, &g.communes).await?;
        email::email_phase(&mut r, o, dir).await
    })?;
    // Profile of the daemon's memory: a fresh process opening the store alone, then decoding
    // the open occurrences a page at a time (as each tick does), then every occurrence (as
    // /metrics, the statistics and the occurrence list still do), RSS after each.
    let out = Command::new(std::env::current_exe()?)
        .arg("probe-store")
        .arg("--store")
        .arg(&store_dir)
        .stderr(Stdio::null())
        .output()?;
    let v: Vec<u64> = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    if let [a, b, c] = v[..] {
        r.probe_kb = (a, b, c);
    }
    Ok(r)
}

/// Returns freed heap to the system, as the daemon does after each step, so that RSS shows
/// what is still held.
fn trim() {
    // SAFETY: malloc_trim only releases free heap pages; glibc only (Linux CI and servers).
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    unsafe {
        libc::malloc_trim(0);
    }
}

fn proc_status_kb(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

const TOKEN: &str = "bench-coordinator-token-0123456789abcdef";

struct Child(std::process::Child);
impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
