//! What `serve` does for its operator: the runtime files in the store folder (which daemon runs
//! and where it listens; how the last reload went), systemd notifications (ready, watchdog,
//! stopping) and messages to the administrator's contact.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::config::AdminContact;
use crate::domain::ids::UnitId;
use crate::domain::model::Contacts;
use crate::notify::{Channels, Message};
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

/// Sends `subject`/`text` to the administrator's contact through the configured channels
/// (the admin unit's routes, and the admin email addresses by email, or the outbox folder when
/// email is off). Logs each outcome. Nothing happens when no contact is configured.
pub async fn tell_admin(
    channels: &Channels,
    world: &World,
    admin: &AdminContact,
    key: &str,
    subject: &str,
    text: &str,
) {
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
        return;
    }
    let html = format!(
        "<pre>{}</pre>",
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    );
    for (unit, unit_name, contacts) in targets {
        let msg = Message {
            key: format!("{key}@{unit}"),
            message_id: format!(
                "<{}@dondoc>",
                hex::encode(
                    &<sha2::Sha256 as sha2::Digest>::digest(format!("{key}@{unit}").as_bytes())
                        [..16]
                )
            ),
            unit: unit.clone(),
            unit_name,
            subject: subject.to_owned(),
            text: text.to_owned(),
            html: html.clone(),
            short: format!("{subject}\n{text}"),
            meta: serde_json::json!({ "kind": "admin", "key": key }),
        };
        let mut sent = false;
        for route in channels.routes(&contacts) {
            let channel = route.channel();
            match channels.send(&route, &msg).await {
                Ok(()) => {
                    tracing::info!(key = %msg.key, channel, unit = %unit, "administrator notified");
                    sent = true;
                    break;
                }
                Err(e) => {
                    tracing::warn!(key = %msg.key, channel, unit = %unit, error = %e, "cannot notify the administrator by this route");
                }
            }
        }
        if !sent {
            tracing::error!(key = %msg.key, unit = %unit, "the administrator could not be notified by any route");
        }
    }
}

/// Loads config, schedules and templates as `dondoc check` does: the new world and templates,
/// or every problem as a `path:line:column: message` line.
pub fn load_checked(config_path: &Path) -> Result<(World, super::render::Templates), Vec<String>> {
    let world = crate::schedule::load(config_path)
        .map_err(|diags| diags.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    let templates = super::render::Templates::load(world.config.daemon.templates_dir.as_deref())
        .map_err(|e| vec![format!("{e:#}")])?;
    Ok((world, templates))
}

/// The settings that differ between `old` and `new` but are read only at start.
pub fn restart_only_changes(
    old: &crate::config::DaemonConfig,
    new: &crate::config::DaemonConfig,
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
            "channel settings ([email], [zalo_oa], [zalo_bot], [webhook], [outbox])".to_owned(),
        );
    }
    if old.tokens != new.tokens {
        out.push("API tokens".to_owned());
    }
    // Compared, never printed: the mailbox reader's settings hold its password.
    if old.inbound != new.inbound {
        out.push("inbound mail settings ([inbound])".to_owned());
    }
    out
}
