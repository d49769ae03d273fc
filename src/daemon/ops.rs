//! What `serve` does for its operator: the runtime files in the store folder (which daemon runs
//! and where it listens; how the last reload went), systemd notifications (ready, watchdog,
//! stopping) and messages to the administrator's contact.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::domain::ids::UnitId;
use crate::domain::model::Contacts;
use crate::domain::office::message_id;
use crate::domain::time::Instant;
use crate::notify::{Channels, Delivered, Message};
use crate::schedule::World;

/// The daemon file in the store folder: written by `serve` once it listens, removed on exit.
pub const DAEMON_FILE: &str = "dondoc-daemon.json";
/// The result of the last reload, in the store folder.
pub const RELOAD_FILE: &str = "dondoc-reload.json";

/// Who holds the store: the running daemon's pid and HTTP address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaemonInfo {
    pub pid: u32,
    /// The address it listens on (the real port when configured as `:0`).
    pub listen: String,
    /// RFC 3339.
    pub started_at: String,
    pub version: String,
}

/// How the last reload went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReloadResult {
    /// Counts reloads since the daemon started (1 = the first).
    pub seq: u64,
    pub pid: u32,
    /// RFC 3339 (system time).
    pub at: String,
    pub accepted: bool,
    /// The `check` errors of a refused reload, one per line (`path:line:column: message`).
    pub problems: Vec<String>,
    /// Settings that changed but take effect only on a restart.
    #[serde(default)]
    pub needs_restart: Vec<String>,
}

/// Writes `value` as JSON to `path` atomically (a temporary file, then a rename).
fn write_json<T: Serialize>(path: &Path, value: &T) -> std::io::Result<()> {
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, serde_json::to_vec_pretty(value).expect("serializes"))?;
    std::fs::rename(&tmp, path)
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Option<T> {
    let bytes = std::fs::read(path).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Whether a process with this pid exists (and may be signalled by us).
pub fn alive(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    match rustix::process::test_kill_process(pid) {
        Ok(()) => true,
        // It exists but belongs to another user.
        Err(e) => e == rustix::io::Errno::PERM,
    }
}

/// The running daemon on the store in `store_dir`, if its file is there and its process lives
/// and is a dondoc (a file left by a killed daemon may name a pid reused by another program).
pub fn running_daemon(store_dir: &Path) -> Option<DaemonInfo> {
    let info: DaemonInfo = read_json(&store_dir.join(DAEMON_FILE))?;
    if !alive(info.pid) {
        return None;
    }
    match std::fs::read_to_string(format!("/proc/{}/comm", info.pid)) {
        Ok(comm) if !comm.trim().starts_with("dondoc") => None,
        _ => Some(info),
    }
}

/// The last reload result recorded in `store_dir`.
pub fn last_reload(store_dir: &Path) -> Option<ReloadResult> {
    read_json(&store_dir.join(RELOAD_FILE))
}

/// Sends SIGHUP to `pid`.
pub fn send_hangup(pid: u32) -> std::io::Result<()> {
    let pid = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
        .ok_or_else(|| std::io::Error::other(format!("invalid pid {pid}")))?;
    rustix::process::kill_process(pid, rustix::process::Signal::HUP)?;
    Ok(())
}

/// The daemon file while the daemon runs; removed when dropped (on every exit path but a kill).
pub struct DaemonFile {
    path: PathBuf,
}

impl DaemonFile {
    pub fn write(store_dir: &Path, listen: &str, started_at: &str) -> std::io::Result<Self> {
        let path = store_dir.join(DAEMON_FILE);
        write_json(
            &path,
            &DaemonInfo {
                pid: std::process::id(),
                listen: listen.to_owned(),
                started_at: started_at.to_owned(),
                version: env!("CARGO_PKG_VERSION").to_owned(),
            },
        )?;
        Ok(Self { path })
    }
}

impl Drop for DaemonFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Records a reload result for `dondoc reload` to read.
pub fn record_reload(store_dir: &Path, result: &ReloadResult) {
    if let Err(e) = write_json(&store_dir.join(RELOAD_FILE), result) {
        tracing::error!(error = %e, "cannot record the reload result in the store folder");
    }
}

/// systemd notifications; each is a no-op when not run by systemd (no `NOTIFY_SOCKET`).
pub mod systemd {
    use super::Duration;
    use sd_notify::NotifyState;

    fn send(state: NotifyState) {
        if let Err(e) = sd_notify::notify(&[state]) {
            tracing::warn!(error = %e, "cannot notify systemd");
        }
    }

    pub fn ready() {
        send(NotifyState::Ready);
    }

    pub fn reloading() {
        send(NotifyState::Reloading);
    }

    pub fn stopping() {
        send(NotifyState::Stopping);
    }

    /// Tells systemd's watchdog that the daemon is alive.
    pub fn watchdog() {
        send(NotifyState::Watchdog);
    }

    /// The longest the loop may sleep: `cap`, or half the watchdog interval when shorter.
    pub fn max_wait(cap: Duration) -> Duration {
        match sd_notify::watchdog_enabled() {
            Some(interval) => cap.min(interval / 2).max(Duration::from_millis(100)),
            None => cap,
        }
    }
}

/// Sends a notice to the administrator's contact straight through the channels, bypassing the
/// outbox: for the one case the outbox cannot carry it, a store that cannot write. Every other
/// notice goes through `delivery::tell_admin`. Returns whether every target took it.
pub async fn tell_admin_now(
    channels: &Channels,
    world: &World,
    key: &str,
    subject: &str,
    text: &str,
    now: Instant,
) -> bool {
    let admin = &world.config.admin;
    let mut targets: Vec<(String, String, Contacts)> = Vec::new();
    if let Some(unit) = admin.unit.as_deref().and_then(|u| UnitId::parse(u).ok()) {
        for u in world.directory.expand(&unit) {
            if let Some(x) = world.directory.unit(&u) {
                targets.push((u.to_string(), x.name.clone(), x.contacts.clone()));
            }
        }
    }
    if !admin.email.is_empty() {
        let contacts = Contacts {
            email: admin.email.clone(),
            ..Contacts::default()
        };
        targets.push(("admin".to_owned(), "Quản trị hệ thống".to_owned(), contacts));
    }
    if targets.is_empty() {
        tracing::warn!(
            key,
            "no administrator contact configured ([admin] email or unit): only logged"
        );
        return true;
    }
    let mut all_sent = true;
    let html = format!(
        "<pre>{}</pre>",
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    );
    for (unit, unit_name, contacts) in targets {
        let item = format!("{key}@{unit}");
        let msg = Message {
            message_id: message_id(&unit, now, std::slice::from_ref(&item)),
            key: item,
            unit: unit.clone(),
            unit_name,
            subject: subject.to_owned(),
            text: text.to_owned(),
            html: html.clone(),
            short: format!("{subject}\n{text}"),
            date: Some(now),
            meta: serde_json::json!({ "kind": "admin", "key": key }),
        };
        let delivered = channels
            .deliver(&contacts, &msg, |route, result| match result {
                Ok(()) => {
                    tracing::info!(key = %msg.key, channel = route.channel(), unit = %unit, "administrator notified")
                }
                Err(e) => {
                    tracing::warn!(key = %msg.key, channel = route.channel(), unit = %unit, error = %e, "cannot notify the administrator by this route")
                }
            })
            .await;
        if !matches!(delivered, Delivered::Sent(_)) {
            tracing::error!(key = %msg.key, unit = %unit, "the administrator could not be notified by any route");
            all_sent = false;
        }
    }
    all_sent
}

/// What the loop knows of failing steps (the store cannot write: a full disk): since when,
/// whether the systemd watchdog may still be pinged, and the notices owed to the
/// administrator. The store's own outbox cannot carry a notice while it is failing, so these
/// go straight to the channels (`tell_admin_now`) and are tried again, with a growing pause, until
/// every route took them. Time is passed in.
#[derive(Debug)]
pub struct StoreWatch {
    /// Steps failing longer than this stop the watchdog pings (systemd restarts the service).
    pub restart_after: Duration,
    /// Tell the administrator once steps have failed this long.
    pub tell_after: Duration,
    failing_since: Option<(std::time::Instant, String)>,
    last_error: String,
    /// A notice owed: (key, subject, text) and when to try it next, with the tries so far.
    owed: Option<(String, String, String)>,
    next_try: Option<std::time::Instant>,
    tries: u32,
    told_failing: bool,
    watchdog_stopped: bool,
}

impl StoreWatch {
    pub fn new(restart_after: Duration) -> Self {
        Self {
            restart_after,
            tell_after: Duration::from_secs(60).min(restart_after),
            failing_since: None,
            last_error: String::new(),
            owed: None,
            next_try: None,
            tries: 0,
            told_failing: false,
            watchdog_stopped: false,
        }
    }

    /// A step failed at `now` (wall clock `at`, RFC 3339) with `error`.
    pub fn failed(&mut self, now: std::time::Instant, at: &str, error: &str) {
        self.last_error = error.to_owned();
        let since = self
            .failing_since
            .get_or_insert_with(|| (now, at.to_owned()))
            .clone();
        if !self.told_failing && now.duration_since(since.0) >= self.tell_after {
            self.told_failing = true;
            self.owe(
                now,
                format!("admin/store-failing/{}", since.1),
                "[dondoc] Kho dữ liệu không ghi được (store failing)".to_owned(),
                format!(
                    "Từ {} dondoc không ghi được vào kho dữ liệu (ổ đĩa đầy?). Các thao tác ghi                      bị từ chối (503) và nhắc hạn tạm dừng cho đến khi ghi lại được; dondoc tự thử                      lại. Nếu sau {} phút vẫn lỗi, systemd sẽ khởi động lại dịch vụ.
                     Since {} dondoc cannot write to its store (a full disk?). Writes are refused                      (503) and reminders wait until it can write again; dondoc keeps trying.

                     Error: {error}
",
                    since.1,
                    self.restart_after.as_secs() / 60,
                    since.1,
                ),
            );
        }
    }

    /// A step worked at `now` (wall clock `at`).
    pub fn worked(&mut self, now: std::time::Instant, at: &str) {
        let Some((since, since_at)) = self.failing_since.take() else {
            return;
        };
        self.watchdog_stopped = false;
        if self.told_failing {
            self.told_failing = false;
            self.owe(
                now,
                format!("admin/store-recovered/{since_at}"),
                "[dondoc] Kho dữ liệu ghi lại được (store recovered)".to_owned(),
                format!(
                    "Kho dữ liệu của dondoc ghi lại được từ {at} (lỗi từ {since_at}, {} giây).                      Thao tác nào nhận trả lời 503 trong thời gian đó chưa được ghi: xin thực                      hiện lại.
The store works again since {at} (failing since {since_at}).                      Actions answered 503 meanwhile were not recorded: take them again.

                     Last error: {}
",
                    now.duration_since(since).as_secs(),
                    self.last_error,
                ),
            );
        }
    }

    fn owe(&mut self, now: std::time::Instant, key: String, subject: String, text: String) {
        self.owed = Some((key, subject, text));
        self.next_try = Some(now);
        self.tries = 0;
    }

    /// Whether the watchdog may be pinged at `now`: not once steps have failed longer than
    /// `restart_after`.
    pub fn may_ping(&mut self, now: std::time::Instant) -> bool {
        let stuck = self
            .failing_since
            .as_ref()
            .is_some_and(|(t, _)| now.duration_since(*t) > self.restart_after);
        if stuck && !self.watchdog_stopped {
            self.watchdog_stopped = true;
            tracing::error!(
                minutes = self.restart_after.as_secs() / 60,
                "steps have failed too long: no more watchdog pings (systemd restarts the service)"
            );
        }
        !stuck
    }

    /// The notice to send now, if one is owed and its time has come.
    pub fn notice_due(&self, now: std::time::Instant) -> Option<(String, String, String)> {
        self.owed
            .clone()
            .filter(|_| self.next_try.is_some_and(|t| now >= t))
    }

    /// The outcome of sending the owed notice: done, or tried again after a pause (30 s,
    /// doubling, at most 30 minutes).
    pub fn notice_sent(&mut self, now: std::time::Instant, sent: bool) {
        if sent {
            self.owed = None;
            self.next_try = None;
            return;
        }
        self.tries += 1;
        let pause = Duration::from_secs(30 << self.tries.min(6)).min(Duration::from_secs(1800));
        self.next_try = Some(now + pause);
    }
}

/// Loads config, schedules and templates as `dondoc check` does: the new world and templates,
/// or every problem as a `path:line:column: message` line.
pub fn load_checked(config_path: &Path) -> Result<Loaded, Vec<String>> {
    let (settings, world) = crate::schedule::load_with_settings(config_path)
        .map_err(|diags| diags.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    let templates = super::render::Templates::load(world.config.templates_dir.as_deref())
        .map_err(|e| vec![format!("{e:#}")])?;
    Ok(Loaded {
        settings,
        world,
        templates,
    })
}

/// What a checked load gives: the daemon's settings, the world and the message templates.
pub struct Loaded {
    pub settings: crate::config::Settings,
    pub world: World,
    pub templates: super::render::Templates,
}

/// The settings that differ between `old` and `new` but are read only at start.
pub fn restart_only_changes(
    old: &crate::config::Settings,
    new: &crate::config::Settings,
) -> Vec<String> {
    let mut out = Vec::new();
    if old.store_dir != new.store_dir {
        out.push("store path".to_owned());
    }
    if old.listen != new.listen {
        out.push("http listen address".to_owned());
    }
    // Compared, never printed: the channel settings hold secrets.
    if format!("{:?}", old.channels) != format!("{:?}", new.channels) {
        out.push(
            "channel settings ([email], [zalo_oa], [zns], [zalo_bot], [webhook], [outbox])"
                .to_owned(),
        );
    }
    if old.tokens != new.tokens {
        out.push("API tokens".to_owned());
    }
    if old.http_limits != new.http_limits {
        out.push("HTTP limits and timeouts ([http])".to_owned());
    }
    if old.store_failing_restart != new.store_failing_restart {
        out.push("store failing_restart_minutes".to_owned());
    }
    // Compared, never printed: the mailbox reader's settings hold its password.
    if old.inbound != new.inbound {
        out.push("inbound mail settings ([inbound])".to_owned());
    }
    out
}

#[cfg(test)]
mod watch_tests {
    use super::*;

    #[test]
    fn failing_steps_stop_the_watchdog_and_owe_notices() {
        let t0 = std::time::Instant::now();
        let at = |s: u64| t0 + Duration::from_secs(s);
        let mut w = StoreWatch::new(Duration::from_secs(600));
        assert!(w.may_ping(at(0)));
        w.failed(at(0), "T0", "No space left on device");
        assert!(w.notice_due(at(0)).is_none(), "not told at once");
        w.failed(at(61), "T0", "No space left on device");
        let (key, subject, text) = w.notice_due(at(61)).expect("told after a minute");
        assert_eq!(key, "admin/store-failing/T0");
        assert!(subject.contains("store failing"), "{subject}");
        assert!(text.contains("No space left on device"), "{text}");
        // Not sent: tried again after a pause, not at once.
        w.notice_sent(at(61), false);
        assert!(w.notice_due(at(62)).is_none());
        assert!(w.notice_due(at(61 + 3600)).is_some());
        w.notice_sent(at(61 + 3600), true);
        assert!(w.notice_due(at(61 + 7200)).is_none());
        assert!(w.may_ping(at(600)));
        w.failed(at(601), "T0", "No space left on device");
        assert!(!w.may_ping(at(601)), "failing longer than 10 minutes");
        // Recovery: pings again, and the administrator hears of it.
        w.worked(at(700), "T1");
        assert!(w.may_ping(at(700)));
        let (key, _, text) = w.notice_due(at(700)).expect("recovery notice");
        assert_eq!(key, "admin/store-recovered/T0");
        assert!(text.contains("T1"), "{text}");
        // A short failure, never told, is not reported when it ends.
        w.notice_sent(at(700), true);
        w.failed(at(800), "T2", "e");
        w.worked(at(810), "T3");
        assert!(w.notice_due(at(810)).is_none());
    }
}
