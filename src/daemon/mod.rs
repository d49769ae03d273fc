//! `dondoc serve`: the store, scheduler loop, delivery and HTTP endpoint in one tokio runtime.

pub mod clock;
pub mod compose;
pub mod delivery;
pub mod ops;
pub mod render;
pub mod scheduler;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::sync::{watch, Notify};

use crate::http;
use crate::notify::Channels;
use crate::schedule::World;
use crate::store::Store;
use clock::Clock;
use compose::Composer;
use delivery::Delivery;
use render::Templates;
use scheduler::Scheduler;

/// The longest the loop sleeps, in real time, so that a jump of the system clock is noticed.
const MAX_SLEEP: Duration = Duration::from_secs(60);

/// The real pause before a failed step is tried again.
const RETRY_PAUSE: Duration = Duration::from_secs(2);

/// Runs the daemon on a loaded world until SIGTERM or SIGINT.
/// Runs the daemon on a loaded world until SIGTERM or SIGINT, or until the clock reaches
/// `stop_at` (after handling everything due up to it).
pub async fn serve(
    config_path: PathBuf,
    world: World,
    mut clock: Clock,
    stop_at: Option<crate::domain::time::Instant>,
) -> anyhow::Result<()> {
    let mut world = Arc::new(world);
    let cfg = world.config.daemon.clone();
    private_files();
    std::fs::create_dir_all(&cfg.store_dir)
        .with_context(|| format!("cannot create the store folder {}", cfg.store_dir.display()))?;
    let store = Arc::new(Store::open(&cfg.store_dir).with_context(|| {
        format!(
            "cannot open the store at {} (set DONDOC_STORE or [store] path)",
            cfg.store_dir.display()
        )
    })?);
    let templates = Templates::load(cfg.templates_dir.as_deref())?;
    let signer = link_signer(&cfg, &store)?;
    let metrics = Arc::new(crate::metrics::Metrics::new());
    let channels = Arc::new(Channels::new(&cfg.channels, store.clone())?);
    let mut delivery = Arc::new(Delivery {
        store: store.clone(),
        channels: channels.clone(),
        composer: Arc::new(Composer {
            templates,
            public_url: cfg.public_url.clone(),
            links: Some((signer.clone(), cfg.link_valid_days)),
        }),
        settings: cfg.delivery.clone(),
        metrics: metrics.clone(),
    });

    let listener = tokio::net::TcpListener::bind(cfg.listen)
        .await
        .with_context(|| {
            format!(
                "cannot listen on {} (set DONDOC_LISTEN or [http] listen)",
                cfg.listen
            )
        })?;
    let listen = listener.local_addr()?;
    let (status_tx, status_rx) = watch::channel(http::Status::default());
    let shared_world = Arc::new(std::sync::RwLock::new(world.clone()));
    let wake = Arc::new(Notify::new());
    // Reports that arrive by email: one intake for the listener, the reader and the page.
    let inbound_clock = crate::inbound::SharedClock::system();
    if let Clock::Simulated { now, speed } = &clock {
        inbound_clock.set_simulated(*now, *speed, *now);
    }
    let intake = Arc::new(crate::inbound::Intake::new(
        store.clone(),
        shared_world.clone(),
        cfg.inbound.clone(),
        inbound_clock.clone(),
        wake.clone(),
    ));
    if cfg.inbound.smtp_listen.is_some() {
        crate::inbound::smtp::start(intake.clone(), tokio::runtime::Handle::current())?;
    }
    if let Some(imap) = cfg.inbound.imap.clone() {
        tokio::spawn(crate::inbound::imap::run(intake.clone(), imap));
    }
    let reload = Arc::new(AtomicBool::new(false));
    let app = Arc::new(http::AppState {
        reload: reload.clone(),
        inbound: Some(intake.clone()),
        store: store.clone(),
        world: shared_world.clone(),
        status: status_rx,
        tokens: cfg.tokens.clone(),
        wake: wake.clone(),
        metrics: metrics.clone(),
        links: signer.clone(),
        store_probe: Default::default(),
        auth_limiter: http::limits::AuthLimiter::new(
            cfg.http_limits.auth_failures_per_minute,
            cfg.http_limits.auth_failures_per_minute_total,
        ),
    });
    let app_limits = cfg.http_limits.clone();
    let (stop_http_tx, mut stop_http_rx) = watch::channel(false);
    let http_task = tokio::spawn(async move {
        let shutdown = async move {
            let _ = stop_http_rx.changed().await;
        };
        let limits = app_limits;
        http::serve(
            listener,
            http::router(app, limits.request_timeout),
            &limits,
            shutdown,
        )
        .await
    });

    let stop = Arc::new(AtomicBool::new(false));
    spawn_signals(stop.clone(), reload.clone(), wake.clone())?;
    // Written once SIGHUP is handled: `dondoc reload` finds the daemon through this file.
    let _daemon_file = ops::DaemonFile::write(
        &cfg.store_dir,
        &listen.to_string(),
        &chrono::Utc::now().to_rfc3339(),
    )
    .with_context(|| {
        format!(
            "cannot write {} in the store folder {}",
            ops::DAEMON_FILE,
            cfg.store_dir.display()
        )
    })?;

    let email = cfg.channels.email.as_ref().map(|e| redact(&e.smtp_url));
    for w in &world.warnings {
        tracing::warn!("{w}");
    }
    for w in world.holiday_warnings(clock.now().date_naive()) {
        tracing::warn!("{w}");
    }
    tracing::info!(
        %listen,
        store = %cfg.store_dir.display(),
        email = email.as_deref().unwrap_or("off"),
        outbox_dir = %cfg.channels.outdir.display(),
        plans = world.plans.len(),
        clock = ?clock_name(&clock),
        "dondoc serving"
    );

    let mut scheduler = Scheduler::new(store.clone(), world.clone());
    let mut reload_seq = 0u64;
    ops::systemd::ready();
    let mut last_next: Option<scheduler::NextAction> = None;
    let mut store_watch = ops::StoreWatch::new(cfg.store_failing_restart);
    while !stop.load(Ordering::SeqCst) {
        if store_watch.may_ping(std::time::Instant::now()) {
            ops::systemd::watchdog();
        }
        if reload.swap(false, Ordering::SeqCst) {
            reload_seq += 1;
            ops::systemd::reloading();
            let mut result = ops::ReloadResult {
                seq: reload_seq,
                pid: std::process::id(),
                at: chrono::Utc::now().to_rfc3339(),
                accepted: false,
                problems: Vec::new(),
                needs_restart: Vec::new(),
            };
            match ops::load_checked(&config_path) {
                Ok((w, templates)) => {
                    result.accepted = true;
                    // Against the settings the daemon started with: those are what runs.
                    result.needs_restart = ops::restart_only_changes(&cfg, &w.config.daemon);
                    for what in &result.needs_restart {
                        tracing::warn!(setting = %what, "changed, but takes effect only after a restart (systemctl restart dondoc)");
                    }
                    for w in &w.warnings {
                        tracing::warn!("{w}");
                    }
                    for h in w.holiday_warnings(clock.now().date_naive()) {
                        tracing::warn!("{h}");
                    }
                    tracing::info!(plans = w.plans.len(), "reloaded config and schedules");
                    world = Arc::new(w);
                    *shared_world.write().expect("world lock") = world.clone();
                    scheduler = Scheduler::new(store.clone(), world.clone());
                    delivery = Arc::new(Delivery {
                        store: store.clone(),
                        channels: channels.clone(),
                        composer: Arc::new(Composer {
                            templates,
                            public_url: world.config.daemon.public_url.clone(),
                            links: Some((signer.clone(), world.config.daemon.link_valid_days)),
                        }),
                        settings: world.config.daemon.delivery.clone(),
                        metrics: metrics.clone(),
                    });
                }
                Err(problems) => {
                    for d in &problems {
                        tracing::error!("{d}");
                    }
                    tracing::error!(
                        problems = problems.len(),
                        "reload refused; still running on the previous schedules"
                    );
                    let text = format!(
                        "dondoc đã từ chối cấu hình mới và vẫn chạy theo phiên bản trước.\n\
                         dondoc refused the new configuration and keeps running on the previous one.\n\n\
                         Config: {}\n{} problem(s) (fix them, run `dondoc check`, then `dondoc reload`):\n\n{}\n",
                        config_path.display(),
                        problems.len(),
                        problems.join("\n")
                    );
                    let key = format!("admin/reload-refused/{}-{reload_seq}", std::process::id());
                    if let Err(e) = delivery::tell_admin(
                        &store,
                        &world,
                        &key,
                        "[dondoc] Cấu hình mới bị từ chối (reload refused)",
                        &text,
                        clock.now(),
                    ) {
                        tracing::error!(error = %format!("{e:#}"), "cannot queue the notice to the administrator");
                    }
                    result.problems = problems;
                }
            }
            ops::record_reload(&cfg.store_dir, &result);
            ops::systemd::ready();
        }
        let now = match stop_at {
            Some(end) => clock.now().min(end),
            None => clock.now(),
        };
        let mut failed = false;
        let next = match step(&mut scheduler, &delivery, &store, &world, now, &stop).await {
            Ok(next) => {
                metrics.ticked(unix_now() as f64);
                store_watch.worked(std::time::Instant::now(), &chrono::Utc::now().to_rfc3339());
                next
            }
            Err(e) => {
                let error = format!("{e:#}");
                tracing::error!(error = %error, "scheduler step failed; retrying");
                failed = true;
                // A failed store is opened again (when its pause is over) before the retry;
                // what it holds is then what was flushed, so the scheduler forgets what it
                // remembered of the store (ingest marks, materialized obligations).
                let _ = store.recover();
                scheduler = Scheduler::new(store.clone(), world.clone());
                store_watch.failed(
                    std::time::Instant::now(),
                    &chrono::Utc::now().to_rfc3339(),
                    &error,
                );
                Some(scheduler::NextAction {
                    at: now + chrono::Duration::minutes(1),
                    what: "retry after error".to_owned(),
                })
            }
        };
        if let Some((key, subject, text)) = store_watch.notice_due(std::time::Instant::now()) {
            let sent = ops::tell_admin_now(&channels, &world, &key, &subject, &text, now).await;
            store_watch.notice_sent(std::time::Instant::now(), sent);
        }
        if next != last_next {
            match &next {
                Some(n) => tracing::info!(at = %n.at.to_rfc3339(), what = %n.what, "next action"),
                None => tracing::info!("nothing scheduled"),
            }
            last_next = next.clone();
        }
        status_tx.send_replace(http::Status {
            now: Some(now.to_rfc3339()),
            next_action_at: next.as_ref().map(|n| n.at.to_rfc3339()),
            next_action: next.as_ref().map(|n| n.what.clone()),
            pending: store.pending_count(),
            simulated: matches!(clock, Clock::Simulated { .. }),
            loop_at_unix: Some(unix_now()),
            reloads: reload_seq,
        });
        if stop_at.is_some_and(|end| now >= end) {
            tracing::info!(now = %now.to_rfc3339(), "reached --stop-at");
            break;
        }
        let mut until = next
            .as_ref()
            .map_or(now + chrono::Duration::days(1), |n| n.at);
        if let Some(end) = stop_at {
            until = until.min(end);
        }
        if failed {
            // However fast a simulated clock runs, a failing step is retried after a real pause.
            tokio::time::sleep(ops::systemd::max_wait(RETRY_PAUSE)).await;
        }
        if let Clock::Simulated { speed, .. } = &clock {
            inbound_clock.set_simulated(now, *speed, until.max(now));
        }
        if until > now {
            clock
                .wait_until(until, ops::systemd::max_wait(MAX_SLEEP), &wake)
                .await;
        }
    }

    tracing::info!("shutting down");
    ops::systemd::stopping();
    let _ = stop_http_tx.send(true);
    let _ = tokio::time::timeout(Duration::from_secs(5), http_task).await;
    channels.shutdown().await;
    store.flush_async().await?;
    tracing::info!("stopped; store flushed");
    Ok(())
}

/// Whatever umask the daemon was started with, what it creates (the store, the outbox
/// folder's messages, which hold one-click links, and the daemon files) is its user's alone:
/// folders 0700, files 0600.
fn private_files() {
    // SAFETY: umask only swaps the process's file creation mask; it cannot fail.
    let old = unsafe { libc::umask(0o077) };
    if old & 0o077 != 0o077 {
        tracing::debug!(umask = format!("{old:o}"), "umask set to 077");
    }
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// The key for one-click links: `DONDOC_LINK_SECRET`, else a random one kept in the store.
fn link_signer(
    cfg: &crate::config::DaemonConfig,
    store: &Store,
) -> anyhow::Result<crate::signed_link::LinkSigner> {
    let key = match &cfg.link_secret {
        Some(secret) => secret.as_bytes().to_vec(),
        None => store.secret("link-key", || {
            let mut key = vec![0u8; 32];
            getrandom::fill(&mut key).expect("the system's random source");
            key
        })?,
    };
    Ok(crate::signed_link::LinkSigner::new(key))
}

/// One scheduler tick and one delivery round; returns the next action.
async fn step(
    scheduler: &mut Scheduler,
    delivery: &Arc<Delivery>,
    store: &Store,
    world: &Arc<World>,
    now: chrono::DateTime<chrono_tz::Tz>,
    stop: &Arc<AtomicBool>,
) -> anyhow::Result<Option<scheduler::NextAction>> {
    tracing::debug!(now = %now.to_rfc3339(), "step");
    let report = scheduler.tick(now)?;
    store.flush_async().await?;
    delivery.metrics.enqueued(report.enqueued.len());
    if report.new_occurrences > 0 || report.cancelled > 0 || !report.enqueued.is_empty() {
        tracing::info!(
            now = %now.to_rfc3339(),
            new_occurrences = report.new_occurrences,
            cancelled = report.cancelled,
            enqueued = report.enqueued.len(),
            skipped = report.skipped.len(),
            "tick"
        );
    }
    for s in &report.skipped {
        tracing::info!(stage = %s, "passed over in catch-up (a later stage is due)");
    }
    let round = delivery.round(world, now, stop).await?;
    let mut next = report.next;
    if let Some(t) = round.next_retry {
        if next.as_ref().is_none_or(|n| t < n.at) {
            next = Some(scheduler::NextAction {
                at: t,
                what: "retry of failed deliveries".to_owned(),
            });
        }
    }
    // A failure may have queued a notice to a coordinator: deliver it right away.
    if round.failed > 0 {
        next = Some(scheduler::NextAction {
            at: now,
            what: "notices of unreachable units".to_owned(),
        });
    }
    release_freed_memory();
    Ok(next)
}

/// Gives the heap freed by a step back to the system. A tick decodes every open occurrence
/// (a page at a time, but hundreds of MB in all at national scale) and the first step
/// regenerates every occurrence of the schedules; glibc's allocator keeps freed memory mapped,
/// so without this the daemon idles near the size of its largest step (BENCHMARKS.md).
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free heap pages to the kernel; it touches no live
    // allocation and is thread-safe in glibc.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Sets glibc's allocator for a long-running daemon, before any thread starts: at most two
/// arenas (one per thread by default, each keeping its own freed memory), and a fixed mmap
/// threshold, so that large buffers (sled's flushes, a tick's pages of records) are returned
/// to the system when freed rather than kept in the heap (glibc raises the threshold after
/// such a free by default). Measured in BENCHMARKS.md (idle RSS).
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters (thread-safe); called before the
    // runtime starts its threads.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

fn clock_name(clock: &Clock) -> String {
    match clock {
        Clock::System => "system".to_owned(),
        Clock::Simulated { now, speed } => {
            format!("simulated from {} at {speed}x", now.to_rfc3339())
        }
    }
}

/// An SMTP URL with its password replaced, for logs.
pub use crate::notify::redact;

/// SIGTERM / SIGINT stop the loop; SIGHUP asks for a reload.
fn spawn_signals(
    stop: Arc<AtomicBool>,
    reload: Arc<AtomicBool>,
    wake: Arc<Notify>,
) -> anyhow::Result<()> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    let mut hup = signal(SignalKind::hangup())?;
    tokio::spawn(async move {
        loop {
            tokio::select! {
                _ = term.recv() => { tracing::info!("SIGTERM received"); stop.store(true, Ordering::SeqCst); }
                _ = int.recv() => { tracing::info!("SIGINT received"); stop.store(true, Ordering::SeqCst); }
                _ = hup.recv() => { tracing::info!("SIGHUP received: reloading"); reload.store(true, Ordering::SeqCst); }
            }
            wake.notify_one();
        }
    });
    Ok(())
}
