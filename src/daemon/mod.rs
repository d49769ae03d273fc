//! `dondoc serve`: the daemon's steps on a clock, with the HTTP endpoint and mail intake beside them.

pub mod clock;
pub mod compaction;
pub mod compose;
pub mod delivery;
pub mod ops;
pub mod render;
pub mod scheduler;
pub mod steps;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::sync::watch;

use crate::config::Settings;
use crate::domain::time::Instant;
use crate::http;
use crate::schedule::World;
use clock::Clock;
pub use steps::{Control, Daemon, Step};

/// The longest the loop sleeps, in real time, so that a jump of the system clock is noticed.
const MAX_SLEEP: Duration = Duration::from_secs(60);

/// The real pause before a failed step is tried again.
const RETRY_PAUSE: Duration = Duration::from_secs(2);

/// Runs the daemon on a loaded world until `shutdown` completes (the CLI passes SIGTERM and
/// SIGINT) or `control` is told to stop, or until the clock reaches its stop instant (after
/// handling everything due up to it).
pub async fn serve(
    config_path: PathBuf,
    settings: Settings,
    world: World,
    mut clock: Clock,
    control: Control,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    private_files();
    let mut daemon = Daemon::open(
        config_path,
        settings,
        world,
        control.clone(),
        clock.is_simulated(),
    )?;
    let services = Services::start(&daemon, &clock).await?;
    let stopper = control.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopper.stop();
    });
    announce(&daemon, &clock, services.listen);
    ops::systemd::ready();
    let wake = control.wake();
    while !control.stopping() {
        if control.take_reload() {
            daemon.reload_from_config(clock.now());
        }
        let now = clock.now();
        let step = daemon.step(now).await;
        if clock.reached_end(now) {
            tracing::info!(now = %now.to_rfc3339(), "reached --stop-at");
            break;
        }
        let until = step.next.map_or(now + chrono::Duration::days(1), |n| n.at);
        if step.failed {
            // However fast a simulated clock runs, a failing step is retried after a real pause.
            tokio::time::sleep(ops::systemd::max_wait(RETRY_PAUSE)).await;
        }
        services.follow_clock(&clock, now, until);
        if until > now {
            clock
                .wait_until(until, ops::systemd::max_wait(MAX_SLEEP), &wake)
                .await;
        }
    }
    tracing::info!("shutting down");
    ops::systemd::stopping();
    services.stop().await;
    daemon.close().await?;
    tracing::info!("stopped; store flushed");
    Ok(())
}

/// The start-up log line and the world's warnings.
fn announce(daemon: &Daemon, clock: &Clock, listen: SocketAddr) {
    let settings = daemon.settings();
    steps::log_world_warnings(daemon.world(), clock.now());
    let email = settings
        .channels
        .email
        .as_ref()
        .map(|e| redact(&e.smtp_url));
    tracing::info!(
        %listen,
        store = %settings.store_dir.display(),
        email = email.as_deref().unwrap_or("off"),
        outbox_dir = %settings.channels.outdir.display(),
        plans = daemon.world().plans.len(),
        clock = %clock.describe(),
        "dondoc serving"
    );
}

/// What runs beside the loop: the HTTP endpoint, the inbound mail listener and reader, and the
/// file through which `dondoc reload` finds the daemon.
struct Services {
    listen: SocketAddr,
    inbound_clock: crate::inbound::SharedClock,
    stop_http: watch::Sender<bool>,
    http_task: tokio::task::JoinHandle<()>,
    _daemon_file: ops::DaemonFile,
}

impl Services {
    async fn start(daemon: &Daemon, clock: &Clock) -> anyhow::Result<Self> {
        let settings = daemon.settings();
        let listener = tokio::net::TcpListener::bind(settings.listen)
            .await
            .with_context(|| {
                format!(
                    "cannot listen on {} (set DONDOC_LISTEN or [http] listen)",
                    settings.listen
                )
            })?;
        let listen = listener.local_addr()?;
        let control = daemon.control();
        // Reports that arrive by email: one intake for the listener, the reader and the page.
        let inbound_clock = crate::inbound::SharedClock::system();
        if let Some(speed) = clock.speed() {
            inbound_clock.set_simulated(clock.now(), speed, clock.now());
        }
        let intake = Arc::new(crate::inbound::Intake::new(
            daemon.store.clone(),
            daemon.shared_world.clone(),
            settings.inbound.clone(),
            inbound_clock.clone(),
            control.wake(),
        ));
        if settings.inbound.smtp_listen.is_some() {
            crate::inbound::smtp::start(intake.clone(), tokio::runtime::Handle::current())?;
        }
        if let Some(imap) = settings.inbound.imap.clone() {
            tokio::spawn(crate::inbound::imap::run(intake.clone(), imap));
        }
        let app = Arc::new(http::AppState {
            reload: control.reload_flag(),
            inbound: Some(intake),
            store: daemon.store.clone(),
            world: daemon.shared_world.clone(),
            settings: daemon.shared_settings.clone(),
            status: daemon.status(),
            tokens: settings.tokens.clone(),
            wake: control.wake(),
            metrics: daemon.metrics.clone(),
            links: daemon.signer.clone(),
            store_probe: Default::default(),
            auth_limiter: http::limits::AuthLimiter::new(
                settings.http_limits.auth_failures_per_minute,
                settings.http_limits.auth_failures_per_minute_total,
            ),
        });
        let limits = settings.http_limits.clone();
        let (stop_http, mut stop_http_rx) = watch::channel(false);
        let http_task = tokio::spawn(async move {
            let shutdown = async move {
                let _ = stop_http_rx.changed().await;
            };
            let router = http::router(app, limits.request_timeout);
            http::serve(listener, router, &limits, shutdown).await
        });
        // Written once the CLI handles SIGHUP: `dondoc reload` finds the daemon through it.
        let daemon_file = ops::DaemonFile::write(
            &settings.store_dir,
            &listen.to_string(),
            &chrono::Utc::now().to_rfc3339(),
        )
        .with_context(|| {
            format!(
                "cannot write {} in the store folder {}",
                ops::DAEMON_FILE,
                settings.store_dir.display()
            )
        })?;
        Ok(Self {
            listen,
            inbound_clock,
            stop_http,
            http_task,
            _daemon_file: daemon_file,
        })
    }

    /// With a simulated clock, the mail intake's time runs from `now` towards `until` while
    /// the loop waits.
    fn follow_clock(&self, clock: &Clock, now: Instant, until: Instant) {
        if let Some(speed) = clock.speed() {
            self.inbound_clock.set_simulated(now, speed, until.max(now));
        }
    }

    /// Ends the HTTP endpoint, giving requests in progress five seconds.
    async fn stop(self) {
        let _ = self.stop_http.send(true);
        let _ = tokio::time::timeout(Duration::from_secs(5), self.http_task).await;
    }
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

/// An SMTP URL with its password replaced, for logs.
pub use crate::notify::redact;
