//! The serve phase: the daemon started on a store, its idle memory, and the HTTP reads measured (the overdue lists under load, the coordinator page, /metrics, statistics, a page of occurrences, memory after the reads).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::bail;

use crate::{gen, median, percentile, proc_status_kb, Child, Results, RunOpts, TOKEN, T_SERVE};

pub(crate) async fn serve_phase(
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
        // The first page (500 rows by default); `total` counts every overdue item.
        let page: serde_json::Value = resp.json().await?;
        full.push(t.elapsed().as_secs_f64() * 1000.0);
        r.full_overdue_rows = page["total"].as_u64().unwrap_or_default() as usize;
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
        let page: serde_json::Value = resp.json().await?;
        seq.push(t.elapsed().as_secs_f64() * 1000.0);
        rows_total += page["total"].as_u64().unwrap_or_default() as usize;
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
    reads_phase(r, &http, &base, pid, communes).await?;
    drop(child);
    Ok(())
}

/// Sequential timings of `GET path` as the coordinator (cookie for pages, bearer for the
/// API): up to 20 requests or 30 s, at least 3. Sorted milliseconds and the last body's bytes.
async fn timed_reads(
    http: &reqwest::Client,
    base: &str,
    path: &str,
    cookie: bool,
) -> anyhow::Result<(Vec<f64>, usize)> {
    let started = Instant::now();
    let mut lat = Vec::new();
    let mut bytes = 0;
    while lat.len() < 20 && (lat.len() < 3 || started.elapsed() < Duration::from_secs(30)) {
        let mut req = http.get(format!("{base}{path}"));
        req = if cookie {
            req.header(reqwest::header::COOKIE, format!("dondoc_token={TOKEN}"))
        } else {
            req.bearer_auth(TOKEN)
        };
        let t = Instant::now();
        let resp = req.send().await?;
        if !resp.status().is_success() {
            bail!("GET {path}: {}", resp.status());
        }
        bytes = resp.bytes().await?.len();
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    lat.sort_by(|a, b| a.partial_cmp(b).unwrap());
    Ok((lat, bytes))
}

/// The reads a coordinator and a monitor make: the page for the whole world and narrowed to
/// one group of communes, `/metrics`, a year's statistics, a page of occurrences; the daemon's
/// RSS after that burst (given a few seconds to settle) against its idle RSS.
async fn reads_phase(
    r: &mut Results,
    http: &reqwest::Client,
    base: &str,
    pid: u32,
    communes: &[String],
) -> anyhow::Result<()> {
    let (lat, bytes) = timed_reads(http, base, "/dashboard", true).await?;
    r.dashboard_bytes = bytes;
    r.dashboard_p50_ms = percentile(&lat, 0.5);
    r.dashboard_p99_ms = percentile(&lat, 0.99);
    // The communes' first group of the first region: `ubnd-xa-0000-<code>` is in
    // `ubnd-xa-phuong-<code>-c00` (gen.rs).
    let code = communes
        .first()
        .and_then(|c| c.strip_prefix("ubnd-xa-0000-"))
        .unwrap_or_default();
    let (lat, bytes) = timed_reads(
        http,
        base,
        &format!("/dashboard?unit=ubnd-xa-phuong-{code}-c00"),
        true,
    )
    .await?;
    r.dashboard_group_bytes = bytes;
    r.dashboard_group_p99_ms = percentile(&lat, 0.99);
    let (lat, _) = timed_reads(http, base, "/metrics", false).await?;
    r.metrics_p99_ms = percentile(&lat, 0.99);
    let year = crate::gen::YEAR;
    let (lat, _) = timed_reads(http, base, &format!("/api/v1/stats?year={year}"), false).await?;
    r.stats_p99_ms = percentile(&lat, 0.99);
    let (lat, _) = timed_reads(http, base, "/api/v1/occurrences?page=2&per_page=50", false).await?;
    r.occurrences_page_p99_ms = percentile(&lat, 0.99);
    tokio::time::sleep(Duration::from_secs(5)).await;
    r.rss_after_reads_kb = proc_status_kb(pid, "VmRSS:");
    eprintln!(
        "reads: page {} B p50 {:.0} p99 {:.0} ms (one group {} B, p99 {:.0} ms); /metrics p99 {:.0} ms; stats p99 {:.0} ms; occurrences page p99 {:.0} ms; RSS after {} kB (idle {} kB)",
        r.dashboard_bytes, r.dashboard_p50_ms, r.dashboard_p99_ms, r.dashboard_group_bytes,
        r.dashboard_group_p99_ms, r.metrics_p99_ms, r.stats_p99_ms, r.occurrences_page_p99_ms,
        r.rss_after_reads_kb, r.rss_idle_kb
    );
    Ok(())
}
