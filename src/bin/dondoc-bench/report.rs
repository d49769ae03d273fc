//! The report: the machine, the results table, the targets met or not, and the JSON figures (`--json`).

use std::process::Command;

use crate::{Results, RunOpts, LONG_COMMAND_S};

pub(crate) fn sh(cmd: &str) -> String {
    Command::new("sh")
        .args(["-c", cmd])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

pub(crate) fn environment() -> String {
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

pub(crate) fn table(rs: &[Results]) -> String {
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
    row("store on disk after the ticks", &|r| {
        mb(r.store_bytes_before_compaction / 1024)
    });
    row(
        "store on disk after the nightly compaction (time it took)",
        &|r| format!("{} ({:.1} s)", mb(r.store_bytes / 1024), r.compaction_s),
    );
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
    row("GET /dashboard, whole world: HTML, p50 / p99", &|r| {
        format!(
            "{} kB, {:.0} / {:.0} ms",
            r.dashboard_bytes / 1024,
            r.dashboard_p50_ms,
            r.dashboard_p99_ms
        )
    });
    row(
        "GET /dashboard?unit=<a group of communes>: HTML, p99",
        &|r| {
            format!(
                "{} kB, {:.0} ms",
                r.dashboard_group_bytes / 1024,
                r.dashboard_group_p99_ms
            )
        },
    );
    row("GET /metrics p99", &|r| {
        format!("{:.0} ms", r.metrics_p99_ms)
    });
    row("GET /api/v1/stats?year= p99", &|r| {
        format!("{:.0} ms", r.stats_p99_ms)
    });
    row("GET /api/v1/occurrences (page 2 of 50) p99", &|r| {
        format!("{:.0} ms", r.occurrences_page_p99_ms)
    });
    row("`serve` RSS after those reads (idle before)", &|r| {
        format!("{} ({})", mb(r.rss_after_reads_kb), mb(r.rss_idle_kb))
    });
    row(
        "store on disk per occurrence: after the ticks / after the nightly compaction",
        &|r| {
            format!(
                "{:.0} B / {:.0} B",
                r.store_bytes_before_compaction as f64 / r.ingested.max(1) as f64,
                bytes_per_occurrence(r)
            )
        },
    );
    row("`dondoc agenda` for the year: peak RSS", &|r| {
        mb(r.agenda_peak_kb)
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
    if let Some(n) = by("nation") {
        // Issue 17's targets.
        t.push_str(&format!(
            "| nation coordinator page ≤ 300 kB and p99 ≤ 300 ms | {} kB, {:.0} ms | {} |\n",
            n.dashboard_bytes / 1024,
            n.dashboard_p99_ms,
            verdict(n.dashboard_bytes <= 300 * 1024 && n.dashboard_p99_ms <= 300.0)
        ));
        t.push_str(&format!(
            "| nation /metrics p99 ≤ 50 ms | {:.0} ms | {} |\n",
            n.metrics_p99_ms,
            verdict(n.metrics_p99_ms <= 50.0)
        ));
        t.push_str(&format!(
            "| nation statistics p99 ≤ 200 ms | {:.0} ms | {} |\n",
            n.stats_p99_ms,
            verdict(n.stats_p99_ms <= 200.0)
        ));
        t.push_str(&format!(
            "| nation RSS after the reads within 20% of idle | {} vs {} | {} |\n",
            mb(n.rss_after_reads_kb),
            mb(n.rss_idle_kb),
            verdict(n.rss_after_reads_kb as f64 <= n.rss_idle_kb as f64 * 1.2)
        ));
        t.push_str(&format!(
            "| nation ≤ 1 kB on disk per occurrence (after the nightly compaction; after the ticks, before it: {:.0} B) | {:.0} B | {} |\n",
            n.store_bytes_before_compaction as f64 / n.ingested.max(1) as f64,
            bytes_per_occurrence(n),
            verdict(bytes_per_occurrence(n) <= 1024.0)
        ));
        t.push_str(&format!(
            "| nation idle RSS ≤ 150 MB | {} | {} |\n",
            mb(n.rss_idle_kb),
            verdict(n.rss_idle_kb <= 150 * 1024)
        ));
    }
    if let Some(d) = by("district") {
        t.push_str(&format!(
            "| district idle RSS < 30 MB | {} | {} |\n",
            mb(d.rss_idle_kb),
            verdict(d.rss_idle_kb < 30 * 1024)
        ));
        t.push_str(&format!(
            "| district idle RSS ≤ 25 MB | {} | {} |\n",
            mb(d.rss_idle_kb),
            verdict(d.rss_idle_kb <= 25 * 1024)
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

pub(crate) fn report(rs: &[Results], o: &RunOpts, env: &str) -> String {
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

/// The store's bytes on disk per stored occurrence.
fn bytes_per_occurrence(r: &Results) -> f64 {
    r.store_bytes as f64 / r.ingested.max(1) as f64
}

/// Every figure of the table as JSON: an object keyed by size, each an object of named numbers
/// (`--json FILE`). Figures not measured (a peer not installed) are left out.
pub(crate) fn json(rs: &[Results]) -> serde_json::Value {
    let mb = |kb: u64| (kb as f64 / 1024.0 * 10.0).round() / 10.0;
    let mut all = serde_json::Map::new();
    for r in rs {
        let mut map = serde_json::Map::new();
        let figures: Vec<(&str, serde_json::Value)> = vec![
            ("units", serde_json::json!(r.units)),
            ("groups", serde_json::json!(r.groups)),
            ("plans", serde_json::json!(r.plans)),
            ("obligations", serde_json::json!(r.obligations)),
            ("occurrences", serde_json::json!(r.ingested)),
            ("occurrences_year", serde_json::json!(r.occurrences_year)),
            ("data_files_bytes", serde_json::json!(r.files_bytes)),
            ("check_s", serde_json::json!(r.check_s)),
            ("load_s", serde_json::json!(r.load_s)),
            ("agenda_s", serde_json::json!(r.agenda_s)),
            (
                "agenda_peak_rss_mb",
                serde_json::json!(mb(r.agenda_peak_kb)),
            ),
            (
                "agenda_quarterly_s",
                serde_json::json!(r.agenda_quarterly_s),
            ),
            (
                "quarterly_occurrences",
                serde_json::json!(r.quarterly_occurrences),
            ),
            ("ingest_s", serde_json::json!(r.ingest_s)),
            ("open_after_ingest", serde_json::json!(r.open_after_ingest)),
            ("tick_some_s", serde_json::json!(r.tick_some_s)),
            (
                "tick_some_enqueued",
                serde_json::json!(r.tick_some_enqueued),
            ),
            ("tick_all_s", serde_json::json!(r.tick_all_s)),
            ("tick_all_enqueued", serde_json::json!(r.tick_all_enqueued)),
            ("store_bytes", serde_json::json!(r.store_bytes)),
            (
                "store_bytes_before_compaction",
                serde_json::json!(r.store_bytes_before_compaction),
            ),
            (
                "store_bytes_per_occurrence_before_compaction",
                serde_json::json!((r.store_bytes_before_compaction as f64
                    / r.ingested.max(1) as f64)
                    .round()),
            ),
            ("compaction_s", serde_json::json!(r.compaction_s)),
            (
                "store_bytes_per_occurrence",
                serde_json::json!(bytes_per_occurrence(r).round()),
            ),
            ("serve_start_s", serde_json::json!(r.serve_start_s)),
            ("idle_rss_mb", serde_json::json!(mb(r.rss_idle_kb))),
            ("peak_rss_start_mb", serde_json::json!(mb(r.hwm_idle_kb))),
            ("peak_rss_load_mb", serde_json::json!(mb(r.hwm_load_kb))),
            (
                "rss_after_reads_mb",
                serde_json::json!(mb(r.rss_after_reads_kb)),
            ),
            ("dashboard_bytes", serde_json::json!(r.dashboard_bytes)),
            ("dashboard_p50_ms", serde_json::json!(r.dashboard_p50_ms)),
            ("dashboard_p99_ms", serde_json::json!(r.dashboard_p99_ms)),
            (
                "dashboard_group_bytes",
                serde_json::json!(r.dashboard_group_bytes),
            ),
            (
                "dashboard_group_p99_ms",
                serde_json::json!(r.dashboard_group_p99_ms),
            ),
            ("metrics_p99_ms", serde_json::json!(r.metrics_p99_ms)),
            ("stats_p99_ms", serde_json::json!(r.stats_p99_ms)),
            (
                "occurrences_page_p99_ms",
                serde_json::json!(r.occurrences_page_p99_ms),
            ),
            ("overdue_all_ms", serde_json::json!(r.full_overdue_ms)),
            ("overdue_all_total", serde_json::json!(r.full_overdue_rows)),
            ("overdue_unit_p50_ms", serde_json::json!(r.seq_p50_ms)),
            ("overdue_unit_p99_ms", serde_json::json!(r.seq_p99_ms)),
            ("overdue_unit_load_p99_ms", serde_json::json!(r.load_p99_ms)),
            ("overdue_unit_load_rps", serde_json::json!(r.load_rps)),
            ("mails", serde_json::json!(r.mails)),
            ("email_dondoc_s", serde_json::json!(r.dondoc_mail_s)),
        ];
        for (k, v) in figures {
            map.insert(k.to_owned(), v);
        }
        for (k, v) in [
            ("remind_s", r.remind_s),
            ("email_python_s", r.python_mail_s),
            ("email_python_per_connection_s", r.python_mail_per_conn_s),
        ] {
            if let Some(v) = v {
                map.insert(k.to_owned(), serde_json::json!(v));
            }
        }
        // NaN (nothing measured) is not JSON: leave such figures out.
        map.retain(|_, v| !v.as_f64().is_some_and(f64::is_nan));
        all.insert(r.size.clone(), serde_json::Value::Object(map));
    }
    serde_json::Value::Object(all)
}
