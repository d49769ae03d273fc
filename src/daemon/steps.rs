//! The daemon as named steps: open its parts, `step(now)`, `reload`, publish its status, close.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use anyhow::Context;
use tokio::sync::{watch, Notify};

use super::compose::Composer;
use super::delivery::{self, Delivery};
use super::ops;
use super::render::Templates;
use super::scheduler::{NextAction, Scheduler};
use crate::config::Settings;
use crate::domain::time::Instant;
use crate::http;
use crate::metrics::Metrics;
use crate::notify::Channels;
use crate::schedule::World;
use crate::signed_link::LinkSigner;
use crate::store::Store;

/// How the world outside asks the daemon to stop or to reload, and wakes it from a wait: the
/// CLI's signal handler, the coordinator page (after accepting a plan) and the mail intake.
#[derive(Clone, Default)]
pub struct Control {
    stop: Arc<AtomicBool>,
    reload: Arc<AtomicBool>,
    wake: Arc<Notify>,
}

impl Control {
    pub fn new() -> Self {
        Self::default()
    }

    /// Ends the loop after the step in progress (SIGTERM, SIGINT, the injected shutdown).
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        self.wake.notify_one();
    }

    /// Reloads the configuration and schedules before the next step (SIGHUP).
    pub fn request_reload(&self) {
        self.reload.store(true, Ordering::SeqCst);
        self.wake.notify_one();
    }

    pub fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Whether a reload was asked for since the last call.
    pub fn take_reload(&self) -> bool {
        self.reload.swap(false, Ordering::SeqCst)
    }

    /// The flag the HTTP handlers set to ask for a reload (then they notify `wake`).
    pub fn reload_flag(&self) -> Arc<AtomicBool> {
        self.reload.clone()
    }

    /// Notified to cut the loop's wait short.
    pub fn wake(&self) -> Arc<Notify> {
        self.wake.clone()
    }
}

/// What one step did: when the next one is due, and whether it failed (then the loop pauses
/// in real time before retrying, however fast a simulated clock runs).
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub next: Option<NextAction>,
    pub failed: bool,
}

/// The daemon's parts: the store, the world it runs on, the scheduler and delivery, and the
/// status it publishes to the HTTP handlers. No socket and no signal: `serve` adds those.
pub struct Daemon {
    config_path: PathBuf,
    /// The settings the daemon started with: what a reload cannot change without a restart.
    settings: Settings,
    /// The settings as the HTTP handlers see them (replaced on reload: the public URL, link
    /// validity and page size take effect at once).
    pub shared_settings: Arc<RwLock<Arc<Settings>>>,
    pub store: Arc<Store>,
    world: Arc<World>,
    /// The world as the HTTP handlers and the mail intake see it (replaced on reload).
    pub shared_world: Arc<RwLock<Arc<World>>>,
    pub channels: Arc<Channels>,
    pub signer: LinkSigner,
    pub metrics: Arc<Metrics>,
    scheduler: Scheduler,
    delivery: Arc<Delivery>,
    status: watch::Sender<http::Status>,
    control: Control,
    simulated: bool,
    reloads: u64,
    last_next: Option<NextAction>,
    store_watch: ops::StoreWatch,
    /// The last compaction of the store (or failed try) since start, and its size after.
    last_compaction: Option<(Instant, u64)>,
}

impl Daemon {
    /// Opens the store (creating its folder) and builds the scheduler and delivery on `world`
    /// with `settings`; `config_path` is what a reload reads again.
    pub fn open(
        config_path: PathBuf,
        settings: Settings,
        world: World,
        control: Control,
        simulated: bool,
    ) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&settings.store_dir).with_context(|| {
            format!(
                "cannot create the store folder {}",
                settings.store_dir.display()
            )
        })?;
        let store = Arc::new(Store::open(&settings.store_dir).with_context(|| {
            format!(
                "cannot open the store at {} (set DONDOC_STORE or [store] path)",
                settings.store_dir.display()
            )
        })?);
        let templates = Templates::load(world.config.templates_dir.as_deref())?;
        let signer = link_signer(&settings, &store)?;
        let metrics = Arc::new(Metrics::new());
        let channels = Arc::new(Channels::new(&settings.channels, store.clone())?);
        let world = Arc::new(world);
        let delivery = build_delivery(&store, &channels, &signer, &metrics, &settings, templates);
        let (status, _) = watch::channel(http::Status::default());
        Ok(Self {
            config_path,
            scheduler: Scheduler::new(store.clone(), world.clone()),
            shared_world: Arc::new(RwLock::new(world.clone())),
            store_watch: ops::StoreWatch::new(settings.store_failing_restart),
            shared_settings: Arc::new(RwLock::new(Arc::new(settings.clone()))),
            settings,
            store,
            world,
            channels,
            signer,
            metrics,
            delivery,
            status,
            control,
            simulated,
            reloads: 0,
            last_next: None,
            last_compaction: None,
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn world(&self) -> &Arc<World> {
        &self.world
    }

    pub fn control(&self) -> &Control {
        &self.control
    }

    /// What the HTTP handlers read of the loop: its time, next action and pending count.
    pub fn status(&self) -> watch::Receiver<http::Status> {
        self.status.subscribe()
    }

    /// One pass: the systemd watchdog, a scheduler tick and a delivery round at `now`, the
    /// notice of a failing store when one is due, then the status for the handlers.
    pub async fn step(&mut self, now: Instant) -> Step {
        if self.store_watch.may_ping(std::time::Instant::now()) {
            ops::systemd::watchdog();
        }
        let step = match self.tick_and_deliver(now).await {
            Ok(next) => {
                self.compact_if_due(now).await;
                self.metrics.ticked(unix_now() as f64);
                self.store_watch
                    .worked(std::time::Instant::now(), &chrono::Utc::now().to_rfc3339());
                Step {
                    next,
                    failed: false,
                }
            }
            Err(e) => self.recover(now, &format!("{e:#}")),
        };
        if let Some((key, subject, text)) = self.store_watch.notice_due(std::time::Instant::now()) {
            let sent =
                ops::tell_admin_now(&self.channels, &self.world, &key, &subject, &text, now).await;
            self.store_watch
                .notice_sent(std::time::Instant::now(), sent);
        }
        self.log_next(&step.next);
        self.publish_status(now, &step.next);
        step
    }

    /// Compacts the store when `compaction::due` says so (at night, once it has grown), off
    /// the async threads; a failure is logged and tried again the next night.
    pub async fn compact_if_due(&mut self, now: Instant) {
        // The store's size is read only in the night's hours.
        if !super::compaction::at_night(now) {
            return;
        }
        let on_disk = crate::store::sled_bytes(&self.settings.store_dir);
        if !super::compaction::due(now, on_disk, self.last_compaction) {
            return;
        }
        let store = self.store.clone();
        let result = tokio::task::spawn_blocking(move || store.compact()).await;
        self.last_compaction = Some((now, on_disk));
        match result {
            Ok(Ok(c)) => self.last_compaction = Some((now, c.after)),
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "store compaction failed; tried again next night")
            }
            Err(e) => tracing::warn!(error = %e, "store compaction stopped"),
        }
    }

    /// The scheduler's tick, a flush, and a delivery round; returns the next action.
    async fn tick_and_deliver(&mut self, now: Instant) -> anyhow::Result<Option<NextAction>> {
        tracing::debug!(now = %now.to_rfc3339(), "step");
        let report = self.scheduler.tick(now)?;
        self.store.flush_async().await?;
        self.metrics.enqueued(report.enqueued.len());
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
        let round = self
            .delivery
            .round(&self.world, now, &self.control.stop)
            .await?;
        let mut next = report.next;
        if let Some(t) = round.next_retry {
            if next.as_ref().is_none_or(|n| t < n.at) {
                next = Some(NextAction {
                    at: t,
                    what: "retry of failed deliveries".to_owned(),
                });
            }
        }
        // A failure may have queued a notice to a coordinator: deliver it right away.
        if round.failed > 0 {
            next = Some(NextAction {
                at: now,
                what: "notices of unreachable units".to_owned(),
            });
        }
        // A tick decodes every open occurrence (a page at a time) and the first step
        // regenerates every occurrence of the schedules: their heap goes back at once.
        crate::heap::release();
        Ok(next)
    }

    /// After a failed step: the store is opened again (when its pause is over) and the
    /// scheduler forgets what it remembered of it (ingest marks, materialized obligations),
    /// since what the store holds is then what was flushed. The step is retried in a minute.
    fn recover(&mut self, now: Instant, error: &str) -> Step {
        tracing::error!(error = %error, "scheduler step failed; retrying");
        let _ = self.store.recover();
        self.scheduler = Scheduler::new(self.store.clone(), self.world.clone());
        self.store_watch.failed(
            std::time::Instant::now(),
            &chrono::Utc::now().to_rfc3339(),
            error,
        );
        Step {
            next: Some(NextAction {
                at: now + chrono::Duration::minutes(1),
                what: "retry after error".to_owned(),
            }),
            failed: true,
        }
    }

    fn log_next(&mut self, next: &Option<NextAction>) {
        if *next != self.last_next {
            match next {
                Some(n) => tracing::info!(at = %n.at.to_rfc3339(), what = %n.what, "next action"),
                None => tracing::info!("nothing scheduled"),
            }
            self.last_next = next.clone();
        }
    }

    /// Tells the HTTP handlers where the loop stands.
    pub fn publish_status(&self, now: Instant, next: &Option<NextAction>) {
        self.status.send_replace(http::Status {
            now: Some(now),
            next_action_at: next.as_ref().map(|n| n.at),
            next_action: next.as_ref().map(|n| n.what.clone()),
            pending: self.store.pending_count(),
            simulated: self.simulated,
            loop_at_unix: Some(unix_now()),
            reloads: self.reloads,
        });
    }

    /// Reads the configuration and schedules again (SIGHUP, `dondoc reload`, the page): a
    /// world with no problem replaces the running one; otherwise the daemon keeps the one it
    /// has and tells the administrator why. The outcome is written for `dondoc reload`.
    pub fn reload_from_config(&mut self, now: Instant) {
        self.reloads += 1;
        ops::systemd::reloading();
        let mut result = ops::ReloadResult {
            seq: self.reloads,
            pid: std::process::id(),
            at: chrono::Utc::now().to_rfc3339(),
            accepted: false,
            problems: Vec::new(),
            needs_restart: Vec::new(),
        };
        match ops::load_checked(&self.config_path) {
            Ok(loaded) => {
                result.accepted = true;
                result.needs_restart = self.reload(loaded, now);
            }
            Err(problems) => {
                self.refuse_reload(&problems, now);
                result.problems = problems;
            }
        }
        ops::record_reload(&self.settings.store_dir, &result);
        ops::systemd::ready();
    }

    /// Runs on the loaded world and settings from now on; returns the changed settings that
    /// wait for a restart (the store, listen address, channels, tokens, limits, inbound mail).
    pub fn reload(&mut self, loaded: ops::Loaded, now: Instant) -> Vec<String> {
        let ops::Loaded {
            settings,
            world,
            templates,
        } = loaded;
        // Against the settings the daemon started with: those are what runs.
        let needs_restart = ops::restart_only_changes(&self.settings, &settings);
        for what in &needs_restart {
            tracing::warn!(setting = %what, "changed, but takes effect only after a restart (systemctl restart dondoc)");
        }
        log_world_warnings(&world, now);
        tracing::info!(plans = world.plans.len(), "reloaded config and schedules");
        self.world = Arc::new(world);
        *self.shared_world.write().expect("world lock") = self.world.clone();
        self.scheduler = Scheduler::new(self.store.clone(), self.world.clone());
        self.delivery = build_delivery(
            &self.store,
            &self.channels,
            &self.signer,
            &self.metrics,
            &settings,
            templates,
        );
        *self.shared_settings.write().expect("settings lock") = Arc::new(settings);
        needs_restart
    }

    /// Keeps the running world and queues a notice of the problems to the administrator.
    fn refuse_reload(&mut self, problems: &[String], now: Instant) {
        for d in problems {
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
            self.config_path.display(),
            problems.len(),
            problems.join("\n")
        );
        let key = format!(
            "admin/reload-refused/{}-{}",
            std::process::id(),
            self.reloads
        );
        if let Err(e) = delivery::tell_admin(
            &self.store,
            &self.world,
            &key,
            "[dondoc] Cấu hình mới bị từ chối (reload refused)",
            &text,
            now,
        ) {
            tracing::error!(error = %format!("{e:#}"), "cannot queue the notice to the administrator");
        }
    }

    /// Stops the channels (ending their connections) and flushes the store.
    pub async fn close(self) -> anyhow::Result<()> {
        self.channels.shutdown().await;
        self.store.flush_async().await?;
        Ok(())
    }
}

/// The world's own warnings and those about its holidays as of `now`, in the log.
pub fn log_world_warnings(world: &World, now: Instant) {
    for w in &world.warnings {
        tracing::warn!("{w}");
    }
    for w in world.holiday_warnings(now.date_naive()) {
        tracing::warn!("{w}");
    }
}

/// Delivery with `settings` and the templates: at start and after each accepted reload.
fn build_delivery(
    store: &Arc<Store>,
    channels: &Arc<Channels>,
    signer: &LinkSigner,
    metrics: &Arc<Metrics>,
    settings: &Settings,
    templates: Templates,
) -> Arc<Delivery> {
    let inbound = &settings.inbound;
    Arc::new(Delivery {
        store: store.clone(),
        channels: channels.clone(),
        composer: Arc::new(Composer {
            templates,
            public_url: settings.public_url.clone(),
            links: Some((signer.clone(), settings.link_valid_days)),
            replies_accepted: inbound.smtp_listen.is_some() || inbound.imap.is_some(),
        }),
        settings: settings.delivery.clone(),
        metrics: metrics.clone(),
        reply_to: inbound.reply_to.clone(),
    })
}

/// The key for one-click links: `DONDOC_LINK_SECRET`, else a random one kept in the store.
fn link_signer(settings: &Settings, store: &Store) -> anyhow::Result<LinkSigner> {
    let key = match &settings.link_secret {
        Some(secret) => secret.as_bytes().to_vec(),
        None => store.secret("link-key", || {
            let mut key = vec![0u8; 32];
            getrandom::fill(&mut key).expect("the system's random source");
            key
        })?,
    };
    Ok(LinkSigner::new(key))
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}
