//! dondoc-bench: generates synthetic worlds at district, province and nation size and measures
//! dondoc on them, side by side with peers (remind, Python's smtplib). See BENCHMARKS.md.
//!
//! ```sh
//! cargo build --release && target/release/dondoc-bench run --sizes district,province,nation --out BENCHMARKS.md
//! ```

mod gen;
mod smtp;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};

use dondoc::daemon::scheduler::Scheduler;
use dondoc::domain::ids::EmailAddress;
use dondoc::domain::time::{parse_instant, Instant as At};
use dondoc::notify::email::Email;
use dondoc::notify::{EmailSettings, Message};
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
            let report = run(&sizes, &opts)?;
            println!("{report}");
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

fn run(sizes: &[gen::Size], o: &RunOpts) -> anyhow::Result<String> {
    let start_env = environment();
    if o.work.exists() {
        std::fs::remove_dir_all(&o.work)?;
    }
    std::fs::create_dir_all(&o.work)?;
    let work = std::fs::canonicalize(&o.work)?;
    let mut all = Vec::new();
    for size in sizes {
        eprintln!("== {} ==", size.name);
        let r = measure(size, o, &work.join(size.name))?;
        eprintln!("{}", table(std::slice::from_ref(&r)));
        all.push(r);
    }
    Ok(report(&all, o, &start_env))
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
        let c = dondoc(
            &["agenda", "--from", &from, "--to", &to, "--format", "csv"],
            cfg,
        );
        c
    };
    let (s, lines) = time_command(o.repeat, || agenda(&g.config))?;
    r.agenda_s = s;
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
    }
    r.store_bytes = dir_bytes(&store_dir);

    runtime()?.block_on(async {
        serve_phase(&mut r, o, dir, &store_dir, &g.communes).await?;
        email_phase(&mut r, o, dir).await
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

async fn serve_phase(
    r: &mut Results,
    o: &RunOpts,
    dir: &Path,
    store_dir: &Path,
    communes: &[String],
) -> anyhow::Result<()> {
    let log = dir.join("serve.log");
    let t = Instant::now();
    let child = Child(
        Command::new(&o.dondoc)
            .args(["serve", "--log-format", "json", "--clock-start", T_SERVE])
            .args(["--clock-speed", "1"])
            .current_dir(dir)
            .env("DONDOC_STORE", store_dir)
            .env("DONDOC_LISTEN", "127.0.0.1:0")
            .env("DONDOC_ADMIN_TOKEN", TOKEN)
            .env_remove("DONDOC_SMTP_URL")
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log)?)
            .spawn()?,
    );
    let pid = child.0.id();
    let base = loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        let listen = text
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|l| l["fields"]["message"] == "dondoc serving")
            .and_then(|l| l["fields"]["listen"].as_str().map(str::to_owned));
        if let Some(a) = listen {
            break format!("http://{a}");
        }
        if t.elapsed() > Duration::from_secs(300) {
            bail!("serve did not start:\n{text}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()?;
    // Ready: the first tick has run (healthz 200).
    loop {
        let ok = http
            .get(format!("{base}/healthz"))
            .send()
            .await
            .map(|r| r.status().is_success())
            .unwrap_or(false);
        if ok {
            break;
        }
        if t.elapsed() > Duration::from_secs(600) {
            bail!(
                "serve not healthy:\n{}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    r.serve_start_s = t.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_secs(3)).await;
    r.rss_idle_kb = proc_status_kb(pid, "VmRSS:");
    r.rss_idle_anon_kb = proc_status_kb(pid, "RssAnon:");
    r.rss_idle_file_kb = proc_status_kb(pid, "RssFile:");
    r.hwm_idle_kb = proc_status_kb(pid, "VmHWM:");
    eprintln!(
        "serve ready in {:.1}s; idle RSS {} kB (peak so far {} kB)",
        r.serve_start_s, r.rss_idle_kb, r.hwm_idle_kb
    );

    // The whole overdue list (every unit), as a coordinator of the whole world would ask.
    let mut full = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let resp = http
            .get(format!("{base}/api/v1/overdue"))
            .bearer_auth(TOKEN)
            .send()
            .await?;
        if !resp.status().is_success() {
            bail!("GET /api/v1/overdue: {}", resp.status());
        }
        let rows: Vec<serde_json::Value> = resp.json().await?;
        full.push(t.elapsed().as_secs_f64() * 1000.0);
        r.full_overdue_rows = rows.len();
    }
    r.full_overdue_ms = median(full);

    // One unit's overdue list: sequential, then concurrent clients for a bounded time.
    let mut rng = gen::Rng::new(o.seed ^ 0xABCD);
    let url = |rng: &mut gen::Rng| {
        let u = &communes[rng.below(communes.len() as u64) as usize];
        format!("{base}/api/v1/overdue?unit={u}")
    };
    let mut seq = Vec::new();
    let mut rows_total = 0usize;
    for _ in 0..200 {
        let u = url(&mut rng);
        let t = Instant::now();
        let resp = http.get(&u).bearer_auth(TOKEN).send().await?;
        if !resp.status().is_success() {
            bail!("GET {u}: {}", resp.status());
        }
        let rows: Vec<serde_json::Value> = resp.json().await?;
        seq.push(t.elapsed().as_secs_f64() * 1000.0);
        rows_total += rows.len();
    }
    r.overdue_rows_unit_avg = rows_total as f64 / 200.0;
    seq.sort_by(|a, b| a.partial_cmp(b).unwrap());
    r.seq_p50_ms = percentile(&seq, 0.5);
    r.seq_p99_ms = percentile(&seq, 0.99);

    let deadline = Instant::now() + Duration::from_secs(o.http_seconds);
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for c in 0..o.clients {
        let http = http.clone();
        let urls: Vec<String> = (0..4096).map(|_| url(&mut rng)).collect();
        tasks.spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0usize;
            let mut i = c;
            while Instant::now() < deadline {
                let t = Instant::now();
                match http
                    .get(&urls[i % urls.len()])
                    .bearer_auth(TOKEN)
                    .send()
                    .await
                {
                    Ok(resp) if resp.status().is_success() => {
                        let _ = resp.bytes().await;
                        lat.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                    _ => errors += 1,
                }
                i += 1;
            }
            (lat, errors)
        });
    }
    let mut lat = Vec::new();
    while let Some(res) = tasks.join_next().await {
        let (l, e) = res?;
        lat.extend(l);
        r.load_errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    lat.sort_by(|a, b| a.partial_cmp(b).unwrap());
    r.load_requests = lat.len();
    r.load_rps = lat.len() as f64 / elapsed;
    r.load_p50_ms = percentile(&lat, 0.5);
    r.load_p99_ms = percentile(&lat, 0.99);
    r.hwm_load_kb = proc_status_kb(pid, "VmHWM:");
    eprintln!(
        "overdue: full {:.1} ms ({} rows); unit seq p50 {:.2} p99 {:.2} ms; load p50 {:.2} p99 {:.2} ms, {:.0} req/s; peak RSS {} kB",
        r.full_overdue_ms, r.full_overdue_rows, r.seq_p50_ms, r.seq_p99_ms, r.load_p50_ms, r.load_p99_ms, r.load_rps, r.hwm_load_kb
    );
    drop(child);
    Ok(())
}

/// A reminder of realistic size (the shapes of templates/notification.*).
fn message(i: usize) -> (String, String, String) {
    let subject = format!(
        "[Nhắc hạn] Báo cáo tình hình, kết quả triển khai thực hiện kế hoạch quý IV/2025 – hạn trước ngày 13/12/2025 (còn 6 ngày) #{i}"
    );
    let mut text = String::from(
        "Kính gửi: Ủy ban nhân dân xã Số 12 (tỉnh Mẫu Sơn)\n\nĐôn đốc nhắc hạn nhiệm vụ sau:\n\n",
    );
    for _ in 0..8 {
        text.push_str("Nhiệm vụ: Báo cáo tình hình, kết quả triển khai thực hiện kế hoạch, gửi về Ban Chỉ đạo (qua Công an - Cơ quan Thường trực) trước ngày 13/12/2025.\n");
    }
    let html = format!(
        "<!doctype html><html><body><p>{}</p></body></html>",
        text.replace('\n', "<br>\n")
    );
    (subject, text, html)
}

const PYTHON_SENDER: &str = r##"
import smtplib, sys, time
from email.message import EmailMessage
port, n, folder, mode = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
subject = open(folder + "/subject.txt", encoding="utf-8").read()
text = open(folder + "/text.txt", encoding="utf-8").read()
html = open(folder + "/html.txt", encoding="utf-8").read()
def msg(i):
    m = EmailMessage()
    m["Subject"] = subject.replace("#0", "#%d" % i)
    m["From"] = "Đôn đốc <dondoc@localhost>"
    m["To"] = "ubnd-xa-%d@example.org" % i
    m["Message-ID"] = "<bench-%d@dondoc>" % i
    m.set_content(text)
    m.add_alternative(html, subtype="html")
    return m
t = time.perf_counter()
if mode == "reuse":
    with smtplib.SMTP("127.0.0.1", port) as s:
        for i in range(n):
            s.send_message(msg(i))
else:
    for i in range(n):
        with smtplib.SMTP("127.0.0.1", port) as s:
            s.send_message(msg(i))
print(time.perf_counter() - t)
"##;

/// The channel's message (the same as `notify::email` builds).
fn lettre_message(i: usize) -> anyhow::Result<lettre::Message> {
    let (subject, text, html) = message(i);
    Ok(lettre::Message::builder()
        .from("Đôn đốc <dondoc@localhost>".parse()?)
        .subject(subject)
        .message_id(Some(format!("<bench-{i}@dondoc>")))
        .to(format!("ubnd-xa-{i}@example.org").parse()?)
        .multipart(lettre::message::MultiPart::alternative_plain_html(
            text, html,
        ))?)
}

/// Sends `n` messages over `conns` lettre connections opened by hand; seconds taken.
async fn lettre_direct(addr: &str, n: usize, conns: usize, nodelay: bool) -> anyhow::Result<f64> {
    use lettre::transport::smtp::client::AsyncSmtpConnection;
    use lettre::transport::smtp::extension::ClientId;
    let t = Instant::now();
    let per = n.div_ceil(conns);
    let mut tasks = tokio::task::JoinSet::new();
    for c in 0..conns {
        let addr = addr.to_owned();
        tasks.spawn(async move {
            let tcp = tokio::net::TcpStream::connect(&addr).await?;
            tcp.set_nodelay(nodelay)?;
            let mut conn =
                AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &ClientId::default())
                    .await?;
            for i in (c * per)..((c + 1) * per).min(n) {
                let m = lettre_message(i)?;
                conn.send(m.envelope(), &m.formatted()).await?;
            }
            conn.quit().await?;
            anyhow::Ok(())
        });
    }
    while let Some(res) = tasks.join_next().await {
        res??;
    }
    Ok(t.elapsed().as_secs_f64())
}

async fn email_phase(r: &mut Results, o: &RunOpts, dir: &Path) -> anyhow::Result<()> {
    let me = std::env::current_exe()?;
    let mut sink = Child(
        Command::new(me)
            .args(["smtp-sink", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .spawn()?,
    );
    let addr = {
        use std::io::BufRead;
        let mut line = String::new();
        std::io::BufReader::new(sink.0.stdout.take().unwrap()).read_line(&mut line)?;
        line.trim()
            .strip_prefix("listening ")
            .context("smtp sink did not start")?
            .to_owned()
    };
    let port = addr.rsplit(':').next().unwrap().to_owned();

    // dondoc's channel: as the daemon uses it (pooled, concurrent sends bounded by its semaphore,
    // max_connections = 4 as config.toml ships).
    let email = Arc::new(Email::new(&EmailSettings {
        smtp_url: format!("smtp://{addr}"),
        from: "Đôn đốc <dondoc@localhost>".into(),
        ca_file: None,
        max_concurrent: 4,
        timeout: Duration::from_secs(30),
    })?);
    let (m0, b0) = smtp::stat(&addr).await?;
    let t = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..o.mails {
        let email = email.clone();
        tasks.spawn(async move {
            let (subject, text, html) = message(i);
            let msg = Message {
                key: format!("bench/{i}#reminder-3@ubnd-xa-{i}"),
                message_id: format!("<bench-{i}@dondoc>"),
                unit: format!("ubnd-xa-{i}"),
                unit_name: "Ủy ban nhân dân xã".into(),
                subject,
                text,
                html,
                short: String::new(),
                meta: serde_json::Value::Null,
                date: None,
            };
            let to = vec![EmailAddress::parse(&format!("ubnd-xa-{i}@example.org")).unwrap()];
            email.send(&to, &msg).await
        });
    }
    while let Some(res) = tasks.join_next().await {
        res?.map_err(|e| anyhow::anyhow!("email send failed: {e:?}"))?;
    }
    r.dondoc_mail_s = t.elapsed().as_secs_f64();
    email.shutdown().await;
    let (m1, b1) = smtp::stat(&addr).await?;
    if (m1 - m0) as usize != o.mails {
        bail!(
            "the sink got {} messages from dondoc, not {}",
            m1 - m0,
            o.mails
        );
    }
    r.mail_bytes_dondoc = (b1 - b0) / o.mails as u64;
    eprintln!("dondoc email: {} in {:.2}s", o.mails, r.dondoc_mail_s);
    // The profile of the channel's limit: the same messages over the same number of lettre
    // connections opened by hand, with Nagle's algorithm on (as lettre's pool opens them) and
    // with TCP_NODELAY.
    for nodelay in [false, true] {
        let (m0, _) = smtp::stat(&addr).await?;
        let s = lettre_direct(&addr, o.mails, 4, nodelay).await?;
        let (m1, _) = smtp::stat(&addr).await?;
        if (m1 - m0) as usize != o.mails {
            bail!("the sink got {} messages, not {}", m1 - m0, o.mails);
        }
        eprintln!(
            "lettre connections (nodelay {nodelay}): {} in {s:.2}s",
            o.mails
        );
        if nodelay {
            r.lettre_nodelay_s = s;
        } else {
            r.lettre_nagle_s = s;
        }
    }

    if o.peers {
        let (subject, text, html) = message(0);
        std::fs::write(dir.join("subject.txt"), subject)?;
        std::fs::write(dir.join("text.txt"), text)?;
        std::fs::write(dir.join("html.txt"), html)?;
        std::fs::write(dir.join("sender.py"), PYTHON_SENDER)?;
        for mode in ["reuse", "per-connection"] {
            let (m0, b0) = smtp::stat(&addr).await?;
            let out = Command::new("python3")
                .arg(dir.join("sender.py"))
                .args([&port, &o.mails.to_string()])
                .arg(dir)
                .arg(mode)
                .output()?;
            if !out.status.success() {
                bail!("python3 sender: {}", String::from_utf8_lossy(&out.stderr));
            }
            let s: f64 = String::from_utf8_lossy(&out.stdout).trim().parse()?;
            let (m1, b1) = smtp::stat(&addr).await?;
            if (m1 - m0) as usize != o.mails {
                bail!(
                    "the sink got {} messages from python, not {}",
                    m1 - m0,
                    o.mails
                );
            }
            r.mail_bytes_python = (b1 - b0) / o.mails as u64;
            if mode == "reuse" {
                r.python_mail_s = Some(s);
            } else {
                r.python_mail_per_conn_s = Some(s);
            }
            eprintln!("python smtplib ({mode}): {} in {s:.2}s", o.mails);
        }
    }
    drop(sink);
    Ok(())
}

fn sh(cmd: &str) -> String {
    Command::new("sh")
        .args(["-c", cmd])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

fn environment() -> String {
    let cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2");
    let mem = sh("grep MemTotal /proc/meminfo | awk '{printf \"%.1f GiB\", $2/1048576}'");
    format!(
        "- started: {} UTC\n- CPU: {} ({} cores online, `nproc` = {})\n- RAM: {}\n- kernel: {}\n- rustc: {}\n- load averages at start (`uptime`): {}\n- peers: {}; {}\n",
        sh("date -u '+%Y-%m-%d %H:%M:%S'"),
        cpu.trim(),
        sh("getconf _NPROCESSORS_ONLN"),
        sh("nproc"),
        mem,
        sh("uname -r"),
        sh("rustc --version"),
        sh("uptime | sed 's/.*load average: //'"),
        sh("remind 2>&1 | grep -m1 REMIND"),
        sh("python3 --version"),
    )
}

fn mb(kb: u64) -> String {
    format!("{:.1} MB", kb as f64 / 1024.0)
}

fn table(rs: &[Results]) -> String {
    let mut t = String::from("| measure |");
    let mut sep = String::from("|---|");
    for r in rs {
        t.push_str(&format!(" {} |", r.size));
        sep.push_str("---:|");
    }
    t.push('\n');
    t.push_str(&sep);
    t.push('\n');
    let mut row = |name: &str, f: &dyn Fn(&Results) -> String| {
        t.push_str(&format!("| {name} |"));
        for r in rs {
            t.push_str(&format!(" {} |", f(r)));
        }
        t.push('\n');
    };
    row("units / groups / plans / obligations", &|r| {
        format!(
            "{} / {} / {} / {}",
            r.units, r.groups, r.plans, r.obligations
        )
    });
    row("occurrences in the year (agenda rows)", &|r| {
        r.occurrences_year.to_string()
    });
    row("data files (directory + schedules)", &|r| {
        mb(r.files_bytes / 1024)
    });
    row("`dondoc check` (whole command)", &|r| {
        format!("{:.3} s", r.check_s)
    });
    row("load (in process: `schedule::load`)", &|r| {
        format!("{:.3} s", r.load_s)
    });
    row("`dondoc agenda` for the year (csv)", &|r| {
        format!("{:.3} s", r.agenda_s)
    });
    row(
        "quarterly obligations: occurrences (dondoc / remind)",
        &|r| format!("{} / {}", r.quarterly_occurrences, r.remind_lines),
    );
    row("quarterly: `dondoc agenda`", &|r| {
        format!("{:.3} s", r.agenda_quarterly_s)
    });
    row("quarterly: `remind -s12`", &|r| {
        r.remind_s
            .map(|s| format!("{s:.3} s"))
            .unwrap_or_else(|| "—".into())
    });
    row("quarterly: remind / dondoc", &|r| {
        r.remind_s
            .map(|s| format!("{:.1}×", s / r.agenda_quarterly_s))
            .unwrap_or_else(|| "—".into())
    });
    row("ingest into an empty store (first tick + flush)", &|r| {
        format!("{:.2} s", r.ingest_s)
    });
    row("occurrences stored (open)", &|r| {
        format!("{} ({})", r.ingested, r.open_after_ingest)
    });
    row("tick, some due (next morning)", &|r| {
        format!(
            "{:.2} s: {} entries, {} occ. ({:.2}%)",
            r.tick_some_s,
            r.tick_some_enqueued,
            r.tick_some_occurrences,
            100.0 * r.tick_some_occurrences as f64 / r.ingested.max(1) as f64
        )
    });
    row("tick, all open due (31/12)", &|r| {
        format!(
            "{:.2} s: {} entries, {} occ.",
            r.tick_all_s, r.tick_all_enqueued, r.tick_all_occurrences
        )
    });
    row("store on disk", &|r| mb(r.store_bytes / 1024));
    row(
        "store opened alone: RSS after open / after reading the open records a page at a time / after reading all (heap trimmed)",
        &|r| {
            format!(
                "{} / {} / {}",
                mb(r.probe_kb.0),
                mb(r.probe_kb.1),
                mb(r.probe_kb.2)
            )
        },
    );
    row("`serve` start to healthy", &|r| {
        format!("{:.1} s", r.serve_start_s)
    });
    row("`serve` RSS idle (VmRSS)", &|r| mb(r.rss_idle_kb));
    row(
        "  of which heap and stacks (RssAnon) / binary and libraries (RssFile)",
        &|r| format!("{} / {}", mb(r.rss_idle_anon_kb), mb(r.rss_idle_file_kb)),
    );
    row("`serve` peak RSS at start (VmHWM)", &|r| mb(r.hwm_idle_kb));
    row(
        "`serve` peak RSS after load (VmHWM)",
        &|r| mb(r.hwm_load_kb),
    );
    row("GET /api/v1/overdue (all units): rows, latency", &|r| {
        format!("{}, {:.1} ms", r.full_overdue_rows, r.full_overdue_ms)
    });
    row("GET /api/v1/overdue?unit= (avg rows)", &|r| {
        format!("{:.1}", r.overdue_rows_unit_avg)
    });
    row("  one client: p50 / p99", &|r| {
        format!("{:.2} / {:.2} ms", r.seq_p50_ms, r.seq_p99_ms)
    });
    row("  concurrent clients: p50 / p99", &|r| {
        format!("{:.2} / {:.2} ms", r.load_p50_ms, r.load_p99_ms)
    });
    row("  concurrent clients: throughput", &|r| {
        format!(
            "{:.0} req/s ({} req, {} errors)",
            r.load_rps, r.load_requests, r.load_errors
        )
    });
    row("email: messages (bytes each, dondoc / python)", &|r| {
        format!(
            "{} ({} / {})",
            r.mails, r.mail_bytes_dondoc, r.mail_bytes_python
        )
    });
    row("email: dondoc channel", &|r| {
        format!(
            "{:.2} s, {:.0} msg/s",
            r.dondoc_mail_s,
            r.mails as f64 / r.dondoc_mail_s
        )
    });
    row("email: lettre, 4 connections by hand (profile)", &|r| {
        format!(
            "{:.0} msg/s; with TCP_NODELAY {:.0} msg/s",
            r.mails as f64 / r.lettre_nagle_s,
            r.mails as f64 / r.lettre_nodelay_s
        )
    });
    row("email: smtplib, one connection", &|r| {
        r.python_mail_s
            .map(|s| format!("{s:.2} s, {:.0} msg/s", r.mails as f64 / s))
            .unwrap_or_else(|| "—".into())
    });
    row("email: smtplib, one connection per message", &|r| {
        r.python_mail_per_conn_s
            .map(|s| format!("{s:.2} s, {:.0} msg/s", r.mails as f64 / s))
            .unwrap_or_else(|| "—".into())
    });
    row("email: dondoc / smtplib (one connection)", &|r| {
        r.python_mail_s
            .map(|s| format!("{:.2}×", s / r.dondoc_mail_s))
            .unwrap_or_else(|| "—".into())
    });
    t
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "**met**"
    } else {
        "**missed**"
    }
}

fn targets(rs: &[Results], clients: usize) -> String {
    let mut t = String::from("| target | measured | |\n|---|---|---|\n");
    let by = |n: &str| rs.iter().find(|r| r.size == n);
    if let Some(n) = by("nation") {
        if let Some(rem) = n.remind_s {
            let ratio = rem / n.agenda_quarterly_s;
            t.push_str(&format!(
                "| nation `agenda` for a year ≥ 50× faster than remind on the same quarterly obligations | {ratio:.1}× ({:.3} s vs {:.3} s) | {} |\n",
                n.agenda_quarterly_s, rem, verdict(ratio >= 50.0)
            ));
        }
        t.push_str(&format!(
            "| nation ingest < 60 s | {:.1} s ({} occurrences) | {} |\n",
            n.ingest_s,
            n.ingested,
            verdict(n.ingest_s < 60.0)
        ));
        t.push_str(&format!(
            "| nation /api/v1/overdue p99 < 20 ms (one unit, {} concurrent clients) | {:.2} ms (one client: {:.2} ms) | {} |\n",
            clients, n.load_p99_ms, n.seq_p99_ms,
            verdict(n.load_p99_ms < 20.0)
        ));
        t.push_str(&format!(
            "| nation idle RSS < 300 MB | {} | {} |\n",
            mb(n.rss_idle_kb),
            verdict(n.rss_idle_kb < 300 * 1024)
        ));
    }
    if let Some(d) = by("district") {
        t.push_str(&format!(
            "| district idle RSS < 30 MB | {} | {} |\n",
            mb(d.rss_idle_kb),
            verdict(d.rss_idle_kb < 30 * 1024)
        ));
    }
    for r in rs {
        if let Some(s) = r.python_mail_s {
            let ratio = s / r.dondoc_mail_s;
            t.push_str(&format!(
                "| {} email throughput ≥ ½ of smtplib's | {:.2}× smtplib ({:.0} vs {:.0} msg/s) | {} |\n",
                r.size,
                ratio,
                r.mails as f64 / r.dondoc_mail_s,
                r.mails as f64 / s,
                verdict(ratio >= 0.5)
            ));
        }
    }
    t
}

fn report(rs: &[Results], o: &RunOpts, env: &str) -> String {
    format!(
        "## Results (generated by `dondoc-bench run`)\n\n\
         ### Machine\n\n{env}- finished: {} UTC; load averages at the end: {}\n\
         - options: seed {}, {} s of HTTP load with {} clients, {} emails per side, whole commands timed {} times (median; once when a run takes over {LONG_COMMAND_S} s)\n\n\
         ### Table\n\n{}\n### Targets\n\n{}",
        sh("date -u '+%Y-%m-%d %H:%M:%S'"),
        sh("uptime | sed 's/.*load average: //'"),
        o.seed,
        o.http_seconds,
        o.clients,
        o.mails,
        o.repeat,
        table(rs),
        targets(rs, o.clients)
    )
}
