//! The benchmark harness cannot rot: its generator writes files `dondoc check` accepts,
//! deterministically, with the same quarterly occurrences for dondoc and remind; and
//! `dondoc-bench run` goes end to end at a tiny size in a few seconds.

use std::path::{Path, PathBuf};
use std::process::Command;

fn bench() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dondoc-bench"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn gen(out: &Path, seed: u64) {
    let status = bench()
        .args([
            "gen",
            "--size",
            "tiny",
            "--seed",
            &seed.to_string(),
            "--out",
        ])
        .arg(out)
        .status()
        .unwrap();
    assert!(status.success());
}

fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push((
                p.strip_prefix(dir).unwrap().to_owned(),
                std::fs::read(&p).unwrap(),
            ));
        }
    }
    out.sort();
    out
}

fn dondoc(args: &[&str], config: &Path) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_dondoc"))
        .args(args)
        .arg("--config")
        .arg(config)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "dondoc {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn generated_world_is_deterministic_and_checks() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    gen(&a, 7);
    gen(&b, 7);
    gen(&c, 8);
    let fa = files(&a);
    assert!(fa.len() > 5, "{fa:?}");
    assert_eq!(fa, files(&b), "same seed, same files");
    assert_ne!(fa, files(&c), "another seed varies the plans");

    dondoc(&["check"], &a.join("config.toml"));
    dondoc(&["check"], &a.join("config-quarterly.toml"));

    // The remind file and dondoc's agenda hold the same quarterly occurrences.
    let rem = std::fs::read_to_string(a.join("quarterly.rem")).unwrap();
    let rem_lines: Vec<&str> = rem.lines().filter(|l| l.starts_with("REM ")).collect();
    let agenda = dondoc(
        &[
            "agenda",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--format",
            "csv",
        ],
        &a.join("config-quarterly.toml"),
    );
    let rows = String::from_utf8(agenda.stdout).unwrap();
    let rows: Vec<&str> = rows.lines().skip(1).collect();
    assert!(!rows.is_empty());
    assert_eq!(rows.len(), rem_lines.len());
    for l in &rem_lines {
        // "REM 13 Dec 2025 MSG <plan>/<obligation>/<unit> …" ↔ the agenda's id <plan>/<obligation>/<unit>/2025-Q4
        let id = l.split_whitespace().nth(5).unwrap();
        let quarter = match l.split_whitespace().nth(2).unwrap() {
            "Mar" => "Q1",
            "Jun" => "Q2",
            "Sep" => "Q3",
            _ => "Q4",
        };
        let want = format!("{id}/2025-{quarter}");
        assert!(
            rows.iter().any(|r| r.starts_with(&format!("{want},"))),
            "{want} not in the agenda"
        );
    }

    // The whole world has more than the quarterly obligations.
    let all = dondoc(
        &[
            "agenda",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--format",
            "csv",
        ],
        &a.join("config.toml"),
    );
    assert!(all.stdout.iter().filter(|&&b| b == b'\n').count() > rows.len() + 1);
}

fn have(cmd: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {cmd}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn harness_runs_end_to_end_at_a_tiny_size() {
    let tmp = tempfile::tempdir().unwrap();
    let report = tmp.path().join("report.md");
    let mut cmd = bench();
    cmd.args([
        "run",
        "--sizes",
        "tiny",
        "--http-seconds",
        "1",
        "--mails",
        "20",
    ])
    .args(["--repeat", "1", "--work"])
    .arg(tmp.path().join("work"))
    .arg("--dondoc")
    .arg(env!("CARGO_BIN_EXE_dondoc"))
    .arg("--out")
    .arg(&report)
    .arg("--json")
    .arg(tmp.path().join("figures.json"));
    let peers = have("remind") && have("python3");
    if !peers {
        cmd.arg("--no-peers");
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(text.contains("| measure | tiny |"), "{text}");
    // The store holds the year's occurrences and some were open and overdue at the end.
    let stored = text
        .lines()
        .find(|l| l.starts_with("| occurrences stored (open) |"))
        .unwrap();
    let n: usize = stored
        .split('|')
        .nth(2)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let year: usize = text
        .lines()
        .find(|l| l.starts_with("| occurrences in the year"))
        .unwrap()
        .split('|')
        .nth(2)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(
        n, year,
        "ingest stores every occurrence of the year: {text}"
    );
    let full = text
        .lines()
        .find(|l| l.starts_with("| GET /api/v1/overdue (all units)"))
        .unwrap();
    let rows: usize = full
        .split('|')
        .nth(2)
        .unwrap()
        .trim()
        .split(',')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(rows > 0, "{full}");
    // The same figures as JSON, keyed by size, with issue 17's names.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("figures.json")).unwrap()).unwrap();
    let tiny = json["tiny"].as_object().expect("an object for the size");
    for key in [
        "occurrences",
        "store_bytes_per_occurrence",
        "idle_rss_mb",
        "rss_after_reads_mb",
        "dashboard_bytes",
        "dashboard_p50_ms",
        "dashboard_p99_ms",
        "metrics_p99_ms",
        "stats_p99_ms",
        "overdue_unit_p99_ms",
        "agenda_peak_rss_mb",
    ] {
        assert!(tiny[key].is_number(), "{key}: {}", json);
    }
    assert_eq!(tiny["occurrences"].as_u64().unwrap() as usize, n);
    assert!(
        tiny["dashboard_bytes"].as_u64().unwrap() > 1000,
        "the page was read"
    );
    assert!(
        tiny["agenda_peak_rss_mb"].as_f64().unwrap() > 0.5,
        "agenda's peak was measured"
    );
    assert!(
        text.contains("| GET /dashboard, whole world: HTML, p50 / p99 |"),
        "{text}"
    );
    if peers {
        assert!(text.contains("email: dondoc / smtplib"), "{text}");
    }
}
