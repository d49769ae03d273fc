//! `dondoc backup`, `dondoc restore` and `dondoc reload`: operating a store and a running daemon.

use std::io::{BufReader, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context};

use crate::config::{self, Settings};
use crate::daemon::ops::{self as dops, DaemonInfo};
use crate::diag::Source;
use crate::store::backup::{self, Summary};
use crate::store::{Store, StoreError};

/// The settings of config.toml alone (not the data files): what the operations commands need.
pub fn config_only(path: &Path) -> Result<Settings, ExitCode> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{}: cannot read: {e}", path.display());
            return Err(ExitCode::from(super::EXIT_INVALID));
        }
    };
    config::parse(&Source::new(path, text))
        .map(|(_, settings)| settings)
        .map_err(|diags| {
            for d in &diags {
                eprintln!("{d}");
            }
            eprintln!("dondoc: {} problem(s) in {}", diags.len(), path.display());
            ExitCode::from(super::EXIT_INVALID)
        })
}

/// The store folder even when config.toml has errors: `DONDOC_STORE`, else `[store] path` read
/// leniently, else the default.
fn store_dir_hint(config_path: &Path) -> PathBuf {
    if let Ok(p) = std::env::var(config::env::STORE) {
        if !p.is_empty() {
            return PathBuf::from(p);
        }
    }
    let base = config_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let from_file = std::fs::read_to_string(config_path)
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok())
        .and_then(|t| t.get("store")?.get("path")?.as_str().map(str::to_owned));
    base.join(from_file.as_deref().unwrap_or("var/store"))
}

/// The daemon's address for a client on this machine (`0.0.0.0` → `127.0.0.1`).
fn local_url(listen: &str) -> anyhow::Result<String> {
    let mut addr: std::net::SocketAddr = listen
        .parse()
        .map_err(|e| anyhow!("the daemon file names an invalid address `{listen}`: {e}"))?;
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr {
            std::net::SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            std::net::SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    Ok(format!("http://{addr}"))
}

fn describe(s: &Summary) -> String {
    let trees: Vec<String> = s.trees.iter().map(|(t, n)| format!("{t} {n}")).collect();
    format!("{} records ({})", s.records, trees.join(", "))
}

/// Where `dondoc backup FILE` writes: FILE, or a dated file inside FILE when it is a folder.
fn backup_target(file: &Path) -> PathBuf {
    if file.is_dir() {
        let stamp = chrono::Utc::now()
            .with_timezone(&crate::domain::time::ZONE)
            .format("%Y%m%d-%H%M%S");
        file.join(format!("dondoc-{stamp}.jsonl"))
    } else {
        file.to_path_buf()
    }
}

/// A new file readable by its owner only (a backup holds the Zalo tokens).
fn create_private(path: &Path) -> anyhow::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))
}

/// The dump from the running daemon, over its HTTP endpoint.
fn dump_from_daemon(info: &DaemonInfo, with_secrets: bool) -> anyhow::Result<Vec<u8>> {
    let Some(token) = config::env_or_credential(config::env::ADMIN_TOKEN) else {
        bail!(
            "dondoc is running (pid {}) and holds the store, so the backup is asked of it over \
             HTTP, which needs the coordinator token: set {} (or run the backup as the service \
             does: systemctl start dondoc-backup)",
            info.pid,
            config::env::ADMIN_TOKEN
        );
    };
    let url = format!(
        "{}/api/v1/admin/backup{}",
        local_url(&info.listen)?,
        if with_secrets {
            "?with_secrets=true"
        } else {
            ""
        }
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let resp = reqwest::Client::builder()
            .timeout(Duration::from_secs(600))
            .build()?
            .get(&url)
            .bearer_auth(token)
            .send()
            .await
            .with_context(|| {
                format!(
                    "cannot reach the running dondoc (pid {}) at {url}",
                    info.pid
                )
            })?;
        let status = resp.status();
        let body = resp
            .bytes()
            .await
            .context("reading the backup from the daemon")?;
        if !status.is_success() {
            bail!(
                "the running dondoc refused the backup (HTTP {status}): {}",
                String::from_utf8_lossy(&body)
                    .chars()
                    .take(300)
                    .collect::<String>()
            );
        }
        Ok(body.to_vec())
    })
}

/// `dondoc backup FILE`.
pub fn backup(config_path: &Path, file: &Path, with_secrets: bool) -> anyhow::Result<ExitCode> {
    let cfg = match config_only(config_path) {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let store_dir = &cfg.store_dir;
    let target = backup_target(file);
    let name = target
        .file_name()
        .ok_or_else(|| anyhow!("{}: not a file name", target.display()))?
        .to_string_lossy()
        .into_owned();
    let partial = target.with_file_name(format!(".{name}.partial"));
    let shown = target.display().to_string();
    let (summary, how) = match dops::running_daemon(store_dir) {
        Some(info) => {
            let bytes = dump_from_daemon(&info, with_secrets)?;
            // Check what came over the wire before keeping it.
            let summary = backup::verify(&bytes[..], &shown)?;
            let mut f = create_private(&partial)?;
            f.write_all(&bytes)
                .and_then(|_| f.sync_all())
                .with_context(|| format!("cannot write {}", partial.display()))?;
            (
                summary,
                format!("from the running dondoc (pid {})", info.pid),
            )
        }
        None => {
            if !store_dir.is_dir() {
                bail!(
                    "there is no store at {} (set DONDOC_STORE or [store] path in {})",
                    store_dir.display(),
                    config_path.display()
                );
            }
            let store = Store::open(store_dir).map_err(|e| match e {
                StoreError::Locked(_) => anyhow!(
                    "{e}; no dondoc daemon file ({}) is there, so it cannot be asked for the \
                     backup: stop the other process or start dondoc serve",
                    dops::DAEMON_FILE
                ),
                e => anyhow!(e),
            })?;
            let f = create_private(&partial)?;
            let mut out = std::io::BufWriter::new(f);
            let created = chrono::Utc::now()
                .with_timezone(&crate::domain::time::ZONE)
                .to_rfc3339();
            let summary = store.dump(&mut out, &created, &shown, with_secrets)?;
            let f = out
                .into_inner()
                .map_err(|e| anyhow!("cannot write {}: {e}", partial.display()))?;
            f.sync_all()?;
            (
                summary,
                "from the store directly (no daemon running)".to_owned(),
            )
        }
    };
    std::fs::rename(&partial, &target)
        .with_context(|| format!("cannot rename {} to {shown}", partial.display()))?;
    println!("backup: {shown}: {} {how}", describe(&summary));
    if with_secrets {
        println!(
            "backup: {shown} HOLDS THE LINK-SIGNING KEY (--with-secrets): whoever has this file \
             can make one-click links and calendar feed keys; keep it as safe as the key itself"
        );
    } else {
        println!(
            "backup: the link-signing key is not in it (add --with-secrets to include it); a \
             restore of it makes a new key, and links and calendar feed keys sent before then stop \
             working"
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `dondoc restore FILE`.
pub fn restore(config_path: &Path, file: &Path) -> anyhow::Result<ExitCode> {
    let cfg = match config_only(config_path) {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let store_dir = &cfg.store_dir;
    if let Some(info) = dops::running_daemon(store_dir) {
        bail!(
            "dondoc is running (pid {}) on the store {}: stop it first (systemctl stop dondoc), \
             move the store folder aside, then restore",
            info.pid,
            store_dir.display()
        );
    }
    let input = std::fs::File::open(file)
        .with_context(|| format!("cannot open the backup {}", file.display()))?;
    std::fs::create_dir_all(store_dir)
        .with_context(|| format!("cannot create the store folder {}", store_dir.display()))?;
    let store = Store::open(store_dir)
        .with_context(|| format!("cannot open the store at {}", store_dir.display()))?;
    let summary = store
        .restore(BufReader::new(input), &file.display().to_string())
        .with_context(|| format!("restoring into {}", store_dir.display()))?;
    println!(
        "restored {} into {}: {} (backup of {}, dondoc {})",
        file.display(),
        store_dir.display(),
        describe(&summary),
        summary.header.created_at,
        summary.header.dondoc_version
    );
    if !summary.header.with_secrets {
        println!(
            "restore: the backup holds no link-signing key: dondoc makes a new one when it \
             starts (unless DONDOC_LINK_SECRET is set), so one-click links and calendar feed \
             keys sent before no longer work"
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `dondoc reload`: SIGHUP to the running daemon, then its verdict.
pub fn reload(config_path: &Path, wait: Duration) -> anyhow::Result<ExitCode> {
    let store_dir = match config_only(config_path) {
        Ok(c) => c.store_dir,
        Err(_) => {
            eprintln!(
                "dondoc: asking the daemon to reload anyway: it will refuse and keep running"
            );
            store_dir_hint(config_path)
        }
    };
    let Some(info) = dops::running_daemon(&store_dir) else {
        bail!(
            "no running dondoc found for the store {} (no live {} there): start it (systemctl start dondoc)",
            store_dir.display(),
            dops::DAEMON_FILE
        );
    };
    let before = dops::last_reload(&store_dir)
        .filter(|r| r.pid == info.pid)
        .map_or(0, |r| r.seq);
    dops::send_hangup(info.pid)
        .with_context(|| format!("cannot signal dondoc (pid {})", info.pid))?;
    let started = Instant::now();
    let result = loop {
        if let Some(r) =
            dops::last_reload(&store_dir).filter(|r| r.pid == info.pid && r.seq > before)
        {
            break r;
        }
        if started.elapsed() > wait {
            bail!(
                "dondoc (pid {}) was asked to reload but has not answered in {} s; see its log (journalctl -u dondoc)",
                info.pid,
                wait.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    if result.accepted {
        println!(
            "reloaded: dondoc (pid {}) runs on the new config and schedules",
            info.pid
        );
        for s in &result.needs_restart {
            println!("note: {s} changed; that takes effect only after a restart (systemctl restart dondoc)");
        }
        Ok(ExitCode::SUCCESS)
    } else {
        for p in &result.problems {
            eprintln!("{p}");
        }
        eprintln!(
            "dondoc: reload refused ({} problem(s)); dondoc (pid {}) keeps running on the previous version",
            result.problems.len(),
            info.pid
        );
        Ok(ExitCode::from(super::EXIT_INVALID))
    }
}
