//! `dondoc doctor`: checks config, store, channels and clock, and says in plain words what is
//! wrong and how to fix it. Sends no message and refreshes no token.

use std::collections::BTreeSet;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use crate::config::{self, Config, Settings};
use crate::daemon::ops as dops;
use crate::notify::zalo::ZaloTokens;
use crate::schedule::World;
use crate::store::{Store, StoreError};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Ok,
    Warning,
    Problem,
}

/// One line of the report.
#[derive(Debug, Clone)]
pub struct Finding {
    pub level: Level,
    pub area: &'static str,
    pub what: String,
    pub fix: Option<String>,
}

#[derive(Default)]
struct Report(Vec<Finding>);

impl Report {
    fn add(
        &mut self,
        level: Level,
        area: &'static str,
        what: impl Into<String>,
        fix: Option<String>,
    ) {
        self.0.push(Finding {
            level,
            area,
            what: what.into(),
            fix,
        });
    }
    fn ok(&mut self, area: &'static str, what: impl Into<String>) {
        self.add(Level::Ok, area, what, None);
    }
    fn warn(&mut self, area: &'static str, what: impl Into<String>, fix: impl Into<String>) {
        self.add(Level::Warning, area, what, Some(fix.into()));
    }
    fn problem(&mut self, area: &'static str, what: impl Into<String>, fix: impl Into<String>) {
        self.add(Level::Problem, area, what, Some(fix.into()));
    }
}

const NET_TIMEOUT: Duration = Duration::from_secs(10);

/// Runs every check and prints the report; exit status 1 when there is a problem.
/// `deep` also checks the store's counts and indexes against every record.
pub fn run(config_path: &Path, deep: bool, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let mut r = Report::default();
    writeln!(
        out,
        "dondoc {} doctor: {}",
        env!("CARGO_PKG_VERSION"),
        config_path.display()
    )?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(checks(config_path, deep, &mut r));
    for f in &r.0 {
        let tag = match f.level {
            Level::Ok => "ok     ",
            Level::Warning => "warning",
            Level::Problem => "PROBLEM",
        };
        writeln!(out, "{tag}  {}: {}", f.area, f.what)?;
        if let Some(fix) = &f.fix {
            writeln!(out, "         fix: {fix}")?;
        }
    }
    let problems = r.0.iter().filter(|f| f.level == Level::Problem).count();
    let warnings = r.0.iter().filter(|f| f.level == Level::Warning).count();
    writeln!(
        out,
        "{problems} problem(s), {warnings} warning(s), {} check(s) ok",
        r.0.len() - problems - warnings
    )?;
    Ok(if problems > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

async fn checks(config_path: &Path, deep: bool, r: &mut Report) {
    // The config file alone first: without it nothing else can be checked.
    let text = match std::fs::read_to_string(config_path) {
        Ok(t) => t,
        Err(e) => {
            r.problem(
                "config",
                format!("cannot read {}: {e}", config_path.display()),
                "give the right file with --config (the service uses /etc/dondoc/config.toml)",
            );
            return;
        }
    };
    let (cfg, settings) = match config::parse(&crate::diag::Source::new(config_path, text.clone()))
    {
        Ok(c) => c,
        Err(diags) => {
            let list: Vec<String> = diags.iter().take(20).map(ToString::to_string).collect();
            r.problem(
                "config",
                format!(
                    "{} problem(s) in config.toml:\n           {}",
                    diags.len(),
                    list.join("\n           ")
                ),
                "correct the lines named, then run `dondoc check`",
            );
            return;
        }
    };
    let world = check_data(config_path, &cfg, r);
    check_secrets(config_path, &cfg, &text, r);
    check_admin(&cfg, &settings, r);
    let tokens = check_store(&settings, deep, r).await;
    check_email(&settings, r).await;
    check_zalo(&settings, tokens, r).await;
    if let Some(world) = &world {
        check_webhooks(&settings, world, r).await;
    }
    check_clock(r);
}

fn check_data(config_path: &Path, cfg: &Config, r: &mut Report) -> Option<World> {
    match crate::schedule::load(config_path) {
        Ok(world) => {
            let years: Vec<i32> = world.calendar.years().collect();
            let holidays = match (years.first(), years.last()) {
                (Some(a), Some(b)) => format!("holidays {a}–{b}"),
                _ => "no holiday files".to_owned(),
            };
            r.ok(
                "config",
                format!(
                    "{} plan(s), {} unit(s) and {} group(s) in the directory, {holidays}",
                    world.plans.len(),
                    world.directory.units().count(),
                    world.directory.groups().count()
                ),
            );
            for w in &world.warnings {
                r.warn("config", w.clone(), "see README, Configuration");
            }
            let today = chrono::Utc::now()
                .with_timezone(&crate::domain::time::ZONE)
                .date_naive();
            for w in world.holiday_warnings(today) {
                r.warn("holidays", w, "see README, Holiday files");
            }
            if let Some(last) = years.last() {
                let this_year = chrono::Utc::now()
                    .with_timezone(&crate::domain::time::ZONE)
                    .format("%Y")
                    .to_string();
                if this_year.parse::<i32>().is_ok_and(|y| y > *last) {
                    r.warn(
                        "config",
                        format!("no holiday file for {this_year}: only weekends count as days off"),
                        format!("dondoc holidays --year {this_year} > {}/{this_year}.toml, then edit it to the Government's announcement", cfg.holidays_dir.display()),
                    );
                }
            }
            match crate::daemon::render::Templates::load(cfg.templates_dir.as_deref()) {
                Ok(_) => r.ok("templates", "the message templates compile"),
                Err(e) => r.problem(
                    "templates",
                    format!("{e:#}"),
                    "correct the template files named",
                ),
            }
            Some(world)
        }
        Err(diags) => {
            let list: Vec<String> = diags.iter().take(20).map(ToString::to_string).collect();
            r.problem(
                "config",
                format!(
                    "{} problem(s) in the data files:\n           {}",
                    diags.len(),
                    list.join("\n           ")
                ),
                "correct the lines named, run `dondoc check` until it passes, then `dondoc reload`",
            );
            None
        }
    }
}

/// Secrets belong in the environment or in systemd credentials, not in readable files.
fn check_secrets(config_path: &Path, cfg: &Config, text: &str, r: &mut Report) {
    let in_file = text
        .parse::<toml::Table>()
        .ok()
        .and_then(|t| t.get("email")?.get("smtp_url")?.as_str().map(str::to_owned));
    if let Some(url) = in_file.and_then(|u| url::Url::parse(&u).ok()) {
        if url.password().is_some() {
            r.problem(
                "secrets",
                format!("{} holds the SMTP password ([email] smtp_url)", config_path.display()),
                "remove it there and set DONDOC_SMTP_URL in /etc/dondoc/dondoc.env (mode 600) or as a systemd credential",
            );
        }
    }
    let dir = config_path.parent().unwrap_or(Path::new("."));
    let mut files = vec![dir.join("dondoc.env")];
    if let Ok(entries) = std::fs::read_dir(dir.join("credentials")) {
        files.extend(entries.filter_map(Result::ok).map(|e| e.path()));
    }
    for f in files {
        let Ok(meta) = std::fs::metadata(&f) else {
            continue;
        };
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            r.problem(
                "secrets",
                format!("{} is readable by others (mode {mode:o})", f.display()),
                format!("chmod 600 {}", f.display()),
            );
        }
    }
    let _ = cfg;
}

fn check_admin(cfg: &Config, settings: &Settings, r: &mut Report) {
    if !settings
        .tokens
        .iter()
        .any(|t| t.role == crate::config::Role::Coordinator)
    {
        r.warn(
            "api",
            "no coordinator API token: submissions cannot be recorded over HTTP, and while the daemon runs `dondoc backup` (the nightly backup) cannot ask it for the dump",
            "add DONDOC_ADMIN_TOKEN=<openssl rand -hex 24> to /etc/dondoc/dondoc.env, then systemctl restart dondoc",
        );
    }
    let a = &cfg.admin;
    if a.email.is_empty() && a.unit.is_none() {
        r.warn(
            "admin",
            "no administrator contact: a refused reload is only written to the log",
            "add to config.toml: [admin] email = [\"it@example.gov.vn\"] (and/or unit = \"<unit id>\")",
        );
    } else {
        let mut who: Vec<String> = a.email.iter().map(ToString::to_string).collect();
        who.extend(a.unit.iter().map(|u| format!("unit {u}")));
        r.ok(
            "admin",
            format!("refused reloads are sent to {}", who.join(", ")),
        );
    }
}

/// Checks the store; returns the Zalo OA tokens it holds when it could be read.
async fn check_store(cfg: &Settings, deep: bool, r: &mut Report) -> Option<ZaloTokens> {
    let dir = &cfg.store_dir;
    if let Some(info) = dops::running_daemon(dir) {
        r.ok(
            "store",
            format!(
                "{} is held by the running dondoc (pid {}, since {}, HTTP {})",
                dir.display(),
                info.pid,
                info.started_at,
                info.listen
            ),
        );
        check_health(&info, r).await;
        if deep {
            r.warn(
                "store",
                "the deep check reads the store itself, which the running daemon holds",
                "stop dondoc (systemctl stop dondoc), run `dondoc doctor --deep`, start it again",
            );
        }
        return None;
    }
    if !dir.exists() {
        // The nearest folder that exists: serve creates the rest.
        let parent = dir
            .ancestors()
            .skip(1)
            .map(|p| {
                if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                }
            })
            .find(|p| p.is_dir())
            .unwrap_or(Path::new("/"));
        if writable(parent) {
            r.warn(
                "store",
                format!("{} does not exist yet", dir.display()),
                format!(
                    "nothing to do: dondoc serve creates it (in {}) on first start",
                    parent.display()
                ),
            );
        } else {
            r.problem(
                "store",
                format!("{} does not exist and {} is not writable", dir.display(), parent.display()),
                "create the folder for the service user: install -d -o dondoc -g dondoc -m 700 <folder>",
            );
        }
        return None;
    }
    match Store::open(dir) {
        Ok(store) => {
            if writable(dir) {
                r.ok(
                    "store",
                    format!(
                        "{} opens and is writable (daemon not running; {} message(s) waiting)",
                        dir.display(),
                        store.pending_count()
                    ),
                );
            } else {
                r.problem(
                    "store",
                    format!("{} opens but is not writable by this user", dir.display()),
                    "run doctor as the service user (sudo -u dondoc dondoc doctor …) or chown -R dondoc: the folder",
                );
            }
            if deep {
                check_aggregates(&store, r);
            }
            store.channel_state::<ZaloTokens>("zalo_oa").ok().flatten()
        }
        Err(e @ StoreError::Locked(_)) => {
            r.problem(
                "store",
                format!(
                    "{e}; it is not a running dondoc daemon (no live {})",
                    dops::DAEMON_FILE
                ),
                "find the process (fuser -v <folder>/db) and stop it",
            );
            None
        }
        Err(e @ StoreError::Corrupt { .. }) => {
            r.problem("store", e.to_string(), "see README, Operations: Restore");
            None
        }
        Err(e) => {
            r.problem(
                "store",
                format!("cannot open {}: {e}", dir.display()),
                "check the folder's owner and permissions (the service user must own it)",
            );
            None
        }
    }
}

/// Compares the counts and indexes the store keeps with every record.
fn check_aggregates(store: &Store, r: &mut Report) {
    match store.check_aggregates() {
        Ok(problems) if problems.is_empty() => r.ok(
            "store",
            "deep check: the counts by state, the per-unit and per-plan tallies, the live index and the index by deadline agree with every record",
        ),
        Ok(problems) => r.problem(
            "store",
            format!("deep check: {}", problems.join("; ")),
            "make a backup and restore it into an empty folder (`dondoc backup`, `dondoc restore`): the store rebuilds what it keeps from the records; please report this as a bug",
        ),
        Err(e) => r.problem(
            "store",
            format!("deep check: cannot read the records: {e}"),
            "see README, Operations: Restore",
        ),
    }
}

fn writable(dir: &Path) -> bool {
    let probe = dir.join(format!(".dondoc-doctor-{}", std::process::id()));
    let ok = std::fs::write(&probe, b"").is_ok();
    let _ = std::fs::remove_file(&probe);
    ok
}

fn client() -> Option<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(NET_TIMEOUT)
        .user_agent(concat!("dondoc-doctor/", env!("CARGO_PKG_VERSION")))
        .build()
        .ok()
}

async fn check_health(info: &dops::DaemonInfo, r: &mut Report) {
    let mut addr: std::net::SocketAddr = match info.listen.parse() {
        Ok(a) => a,
        Err(_) => return,
    };
    if addr.ip().is_unspecified() {
        addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    let Some(http) = client() else { return };
    match http.get(format!("http://{addr}/healthz")).send().await {
        Ok(resp) if resp.status().is_success() => {
            let body: serde_json::Value = resp.json().await.unwrap_or_default();
            let s = &body["scheduler"];
            r.ok(
                "daemon",
                format!(
                    "answers on http://{addr}/healthz; {} message(s) waiting; next: {} at {}",
                    s["pending"],
                    s["next_action"].as_str().unwrap_or("nothing"),
                    s["next_action_at"].as_str().unwrap_or("-")
                ),
            );
        }
        Ok(resp) => r.problem(
            "daemon",
            format!("http://{addr}/healthz answers HTTP {}", resp.status()),
            "see the log: journalctl -u dondoc -n 100",
        ),
        Err(e) => r.problem(
            "daemon",
            format!(
                "the running dondoc does not answer on http://{addr}/healthz: {}",
                e.without_url()
            ),
            "it may be hung: systemctl restart dondoc, then journalctl -u dondoc -n 100",
        ),
    }
}

async fn check_email(cfg: &Settings, r: &mut Report) {
    let Some(settings) = &cfg.channels.email else {
        r.ok(
            "email",
            format!(
                "off (no DONDOC_SMTP_URL): units without Zalo or webhook get their messages as files in {}",
                cfg.channels.outdir.display()
            ),
        );
        return;
    };
    let email = match crate::notify::email::Email::new(settings) {
        Ok(e) => e,
        Err(e) => {
            r.problem(
                "email",
                format!("{e:#}"),
                "correct DONDOC_SMTP_URL (see README, Configuration)",
            );
            return;
        }
    };
    let server = crate::daemon::redact(&settings.smtp_url);
    match email.test_connection().await {
        Ok(()) => r.ok(
            "email",
            format!("{server}: connected, EHLO and login accepted (no mail sent)"),
        ),
        Err((what, fix)) => r.problem("email", what, fix),
    }
}

async fn check_zalo(cfg: &Settings, tokens: Option<ZaloTokens>, r: &mut Report) {
    let ch = &cfg.channels;
    if let (Some(z), Some(oa)) = (&ch.zns, &ch.zalo_oa) {
        check_zns_template(z, oa, tokens.as_ref(), r).await;
    }
    if let Some(oa) = &ch.zalo_oa {
        match tokens {
            Some(t) => check_zalo_token(&oa.api_base, &t, r).await,
            None if oa.initial_refresh_token.is_some() => r.warn(
                "zalo_oa",
                "no access token could be read from the store (none yet, or the daemon holds the store); doctor never refreshes one, because a refresh token works only once",
                "the daemon refreshes with DONDOC_ZALO_REFRESH_TOKEN on its first send; watch for 'Zalo OA access token refreshed' in the log",
            ),
            None => r.warn(
                "zalo_oa",
                "no access token could be read from the store and DONDOC_ZALO_REFRESH_TOKEN is not set",
                "if the daemon has never sent by Zalo OA, set DONDOC_ZALO_REFRESH_TOKEN (from the Zalo developer console)",
            ),
        }
    }
    if let Some(bot) = &ch.zalo_bot {
        let base = bot.api_base.trim_end_matches('/');
        let Some(http) = client() else { return };
        // The URL holds the token: never shown.
        match http
            .get(format!("{base}/bot{}/getMe", bot.token))
            .send()
            .await
        {
            Ok(resp) => {
                let status = resp.status();
                let body: serde_json::Value = resp.json().await.unwrap_or_default();
                if body["ok"].as_bool() == Some(true) {
                    let name = body["result"]["account_name"]
                        .as_str()
                        .or(body["result"]["display_name"].as_str())
                        .unwrap_or("?");
                    r.ok("zalo_bot", format!("token valid (bot {name})"));
                } else {
                    r.problem(
                        "zalo_bot",
                        format!(
                            "{base} refused the Zalo Bot token (HTTP {status}: {})",
                            body["description"].as_str().unwrap_or("no description")
                        ),
                        "set DONDOC_ZALO_BOT_TOKEN to the bot's current token (Zalo Bot Creator)",
                    );
                }
            }
            Err(e) => r.problem(
                "zalo_bot",
                format!("cannot reach {base}: {}", e.without_url()),
                "check the server's Internet access (firewall, proxy) and [zalo_bot] api_base",
            ),
        }
    }
}

/// The ZNS template exists and is approved (status ENABLE), with the stored access token.
async fn check_zns_template(
    z: &crate::notify::ZnsSettings,
    oa: &crate::notify::ZaloOaSettings,
    tokens: Option<&ZaloTokens>,
    r: &mut Report,
) {
    let Some(t) = tokens else {
        r.warn(
            "zns",
            format!("template {} not checked: no Zalo OA access token in the store yet", z.template_id),
            "run doctor again after the daemon's first Zalo send (doctor never spends the refresh token)",
        );
        return;
    };
    match crate::notify::zalo::zns_template_status(z, &t.access_token, oa.timeout).await {
        Ok((status, name)) if status == "ENABLE" => {
            r.ok("zns", format!("template {} ({name}) is approved", z.template_id))
        }
        Ok((status, name)) => r.problem(
            "zns",
            format!("template {} ({name}) is not approved: status {status}", z.template_id),
            "wait for Zalo's review or set [zns] template_id to an approved template (ZNS console); until then messages go by the next route",
        ),
        Err(e) => r.problem(
            "zns",
            format!("cannot confirm template {}: {e}", z.template_id),
            "check [zns] template_id (ZNS console > Template) and that the OA may send ZNS",
        ),
    }
}

async fn check_zalo_token(api_base: &str, t: &ZaloTokens, r: &mut Report) {
    let base = api_base.trim_end_matches('/');
    let Some(http) = client() else { return };
    let resp = http
        .get(format!("{base}/v2.0/oa/getoa"))
        .header("access_token", &t.access_token)
        .send()
        .await;
    match resp {
        Ok(resp) => {
            let body: serde_json::Value = resp.json().await.unwrap_or_default();
            match body["error"].as_i64() {
                Some(0) => r.ok(
                    "zalo_oa",
                    format!(
                        "access token valid (OA {})",
                        body["data"]["name"].as_str().unwrap_or("?")
                    ),
                ),
                Some(-220 | -124) => r.warn(
                    "zalo_oa",
                    "the stored access token has expired (they last about 25 hours)",
                    "nothing to do if sends work: the daemon refreshes it with the stored refresh token on the next send",
                ),
                Some(code) => r.problem(
                    "zalo_oa",
                    format!("{base} rejected the stored access token (error {code}: {})", body["message"].as_str().unwrap_or("")),
                    "set a new DONDOC_ZALO_REFRESH_TOKEN from the Zalo developer console and restart dondoc",
                ),
                None => r.problem(
                    "zalo_oa",
                    format!("{base} gave an unexpected answer to the token check"),
                    "check [zalo_oa] api_base",
                ),
            }
        }
        Err(e) => r.problem(
            "zalo_oa",
            format!("cannot reach {base}: {}", e.without_url()),
            "check the server's Internet access (firewall, proxy) and [zalo_oa] api_base",
        ),
    }
}

async fn check_webhooks(cfg: &Settings, world: &World, r: &mut Report) {
    if cfg.channels.webhook.is_none() {
        return;
    }
    let urls: BTreeSet<String> = world
        .directory
        .units()
        .flat_map(|u| u.contacts.webhook.iter().cloned())
        .collect();
    if urls.is_empty() {
        r.warn(
            "webhook",
            "enabled, but no unit has a webhook URL",
            "add webhook = [\"https://…\"] to units' contacts, or set [webhook] enabled = false",
        );
        return;
    }
    let Some(http) = client() else { return };
    for url in urls.iter().take(20) {
        // Shown without its query, which may carry a key.
        let shown = url::Url::parse(url)
            .map(|mut u| {
                u.set_query(None);
                u.to_string()
            })
            .unwrap_or_else(|_| url.clone());
        match http.head(url).send().await {
            Ok(resp) => r.ok("webhook", format!("{shown} answers (HTTP {})", resp.status().as_u16())),
            Err(e) => r.problem(
                "webhook",
                format!("cannot reach {shown}: {}", e.without_url()),
                "check the receiver runs and the URL in the directory; messages to it fall back to the unit's other channels",
            ),
        }
    }
    if urls.len() > 20 {
        r.warn(
            "webhook",
            format!(
                "only the first 20 of {} webhook URLs were checked",
                urls.len()
            ),
            "nothing to do",
        );
    }
}

fn check_clock(r: &mut Report) {
    let now = chrono::Utc::now();
    let local = now.with_timezone(&crate::domain::time::ZONE);
    let year: i32 = local.format("%Y").to_string().parse().unwrap_or(0);
    if !(2024..2100).contains(&year) {
        r.problem(
            "clock",
            format!(
                "the system clock says {}: that cannot be right",
                now.to_rfc3339()
            ),
            "set the time and keep it synchronised: timedatectl set-ntp true",
        );
    } else {
        r.ok(
            "clock",
            format!(
                "Asia/Ho_Chi_Minh time is {} ({}); every deadline is computed in that zone",
                local.format("%d/%m/%Y %H:%M"),
                local.format("%:z")
            ),
        );
    }
    let offset = chrono::Local::now().offset().local_minus_utc();
    if offset != 7 * 3600 {
        r.warn(
            "clock",
            format!(
                "the server's own time zone is UTC{:+03}:{:02}, not Vietnam's: deadlines are unaffected, but log timestamps (journalctl) differ from office hours",
                offset / 3600,
                (offset.abs() % 3600) / 60
            ),
            "optional: timedatectl set-timezone Asia/Ho_Chi_Minh",
        );
    }
    if Path::new("/run/systemd/system").is_dir() {
        if Path::new("/run/systemd/timesync/synchronized").exists() {
            r.ok("clock", "synchronised by systemd-timesyncd");
        } else {
            r.warn(
                "clock",
                "time synchronisation is not confirmed",
                "timedatectl status; enable it with timedatectl set-ntp true (or run chrony)",
            );
        }
    }
}
