//! config.toml (with environment overrides): data paths, policy, reporting calendar, daemon settings.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::Weekday;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, Source};
use crate::domain::policy::{Policy, PolicyOverride};
use crate::domain::rule::{DueRule, ReportingCalendar, RuleSpec, Wd};

/// The checked configuration. Relative paths are resolved against the config file's folder.
#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    pub schedules_dir: PathBuf,
    pub directory_dir: PathBuf,
    pub holidays_dir: PathBuf,
    /// Plans accepted on the coordinator page (`[paths] accepted`, default `accepted` beside the
    /// store folder, in the service's state folder): schedule files read beside `schedules_dir`,
    /// and in its `directory` subfolder the units created while accepting them.
    pub accepted_dir: PathBuf,
    pub policy: Policy,
    pub reporting: ReportingCalendar,
    /// The weekly digest to coordinators (`[digest]`).
    pub digest: DigestSettings,
    /// Who hears about operational problems (a refused reload), checked against the directory.
    pub admin: AdminContact,
    /// A folder whose templates replace the shipped ones, file by file (`[templates] dir`).
    pub templates_dir: Option<PathBuf>,
    /// Problems that do not stop dondoc (a channel left off for want of a secret).
    pub warnings: Vec<String>,
}

/// What `serve` needs beyond the data files: the store, HTTP, tokens, channels, delivery. It
/// holds the secrets (tokens, the link key, channel credentials), so it is kept apart from the
/// `World` that every command loads.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The sled store folder (`[store] path`, `DONDOC_STORE`).
    pub store_dir: PathBuf,
    /// HTTP address (`[http] listen`, `DONDOC_LISTEN`).
    pub listen: SocketAddr,
    /// Base URL of the coordinator page, used in message links (`[http] public_url`).
    pub public_url: String,
    pub channels: ChannelSettings,
    pub delivery: DeliverySettings,
    /// Who may use the HTTP API.
    pub tokens: Vec<ApiToken>,
    /// The key that signs one-click links (`DONDOC_LINK_SECRET`); without it a random key is
    /// generated once and kept in the store.
    pub link_secret: Option<String>,
    /// How long a one-click link stays valid after its message was planned
    /// (`[http] link_valid_days`, default 30).
    pub link_valid_days: u32,
    /// How many items each list of the coordinator page shows at a time, the most urgent
    /// first, with links to the next ones (`[http] page_items`, default 50, at most 500).
    pub page_items: usize,
    /// Timeouts and the connection cap of the HTTP endpoint (`[http]`).
    pub http_limits: HttpLimits,
    /// How long the loop's steps may keep failing (the store cannot write) before the systemd
    /// watchdog is no longer pinged, so that systemd restarts the service
    /// (`[store] failing_restart_minutes`, default 10).
    pub store_failing_restart: std::time::Duration,
    /// Reports that arrive by email (`[inbound]`): the SMTP listener and the mailbox reader.
    pub inbound: InboundSettings,
}

/// Timeouts and limits of the HTTP endpoint against slow and many clients (`[http]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpLimits {
    /// A request's headers must arrive within this (`header_read_timeout_seconds`, default 10).
    /// hyper times an idle keep-alive connection with the same clock (it waits for the next
    /// request's headers), so a connection idle this long is closed too.
    pub header_read_timeout: std::time::Duration,
    /// Reading the body and answering must end within this (`request_timeout_seconds`,
    /// default 60): 408 after it.
    pub request_timeout: std::time::Duration,
    /// An idle keep-alive connection is closed after this (`keep_alive_idle_seconds`, default
    /// 10; 0 turns keep-alive off). Hyper measures it with the header read's clock: the
    /// shorter of the two applies to both.
    pub keep_alive_idle: std::time::Duration,
    /// At most this many connections at once (`max_connections`, default 512); the daemon
    /// lowers it to leave `FD_RESERVE` descriptors of its open-file limit for the store, the
    /// outbox folder and outgoing connections. Further clients wait in the listen queue.
    pub max_connections: usize,
    /// Failed logins and token checks from one client address per minute before 429
    /// (`auth_failures_per_minute`, default 10).
    pub auth_failures_per_minute: u32,
    /// Failed logins and token checks from all addresses per minute before 429
    /// (`auth_failures_per_minute_total`, default 100).
    pub auth_failures_per_minute_total: u32,
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self {
            header_read_timeout: std::time::Duration::from_secs(10),
            request_timeout: std::time::Duration::from_secs(60),
            keep_alive_idle: std::time::Duration::from_secs(10),
            max_connections: 512,
            auth_failures_per_minute: 10,
            auth_failures_per_minute_total: 100,
        }
    }
}

/// The administrator's contact (`[admin]`): email addresses and/or a unit of the directory.
/// Both empty: problems are only logged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdminContact {
    pub email: Vec<crate::domain::ids::EmailAddress>,
    /// A unit id, reached by its contacts like any unit (checked against the directory).
    pub unit: Option<String>,
}

/// What an API token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything.
    Coordinator,
    /// Read and submit its own unit's occurrences.
    Unit,
    /// Read only.
    Viewer,
}

/// An API token, known only by the SHA-256 of its secret.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub name: String,
    pub role: Role,
    /// For the unit role: the unit it speaks for.
    pub unit: Option<String>,
    pub sha256: [u8; 32],
}

impl std::fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiToken")
            .field("name", &self.name)
            .field("role", &self.role)
            .field("unit", &self.unit)
            .finish_non_exhaustive()
    }
}

/// Retry and concurrency of delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliverySettings {
    /// Sends in flight at once.
    pub max_concurrent: usize,
    /// First retry delay after a transient failure; doubled each time up to `retry_max`.
    pub retry_base: Duration,
    pub retry_max: Duration,
    /// Transient failures before an entry is given up as failed.
    pub max_attempts: u32,
}

/// The weekly digest to coordinators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestSettings {
    pub enabled: bool,
    /// Sent on the first working day of the week from this weekday, at the reminder time.
    pub weekday: Weekday,
    /// Items due in this many days are listed.
    pub ahead_days: u32,
}

/// The environment variables dondoc reads.
pub mod env {
    pub const STORE: &str = "DONDOC_STORE";
    pub const SMTP_URL: &str = "DONDOC_SMTP_URL";
    pub const LISTEN: &str = "DONDOC_LISTEN";
    pub const PUBLIC_URL: &str = "DONDOC_PUBLIC_URL";
    pub const ZALO_APP_SECRET: &str = "DONDOC_ZALO_APP_SECRET";
    pub const ZALO_REFRESH_TOKEN: &str = "DONDOC_ZALO_REFRESH_TOKEN";
    pub const ZALO_BOT_TOKEN: &str = "DONDOC_ZALO_BOT_TOKEN";
    pub const WEBHOOK_SECRET: &str = "DONDOC_WEBHOOK_SECRET";
    pub const ADMIN_TOKEN: &str = "DONDOC_ADMIN_TOKEN";
    /// Set by systemd for `LoadCredential=`: a variable's value may come from the file
    /// `$CREDENTIALS_DIRECTORY/<VARIABLE NAME>` instead.
    pub const CREDENTIALS_DIRECTORY: &str = "CREDENTIALS_DIRECTORY";
    pub const LINK_SECRET: &str = "DONDOC_LINK_SECRET";
    /// The inbound SMTP listener's address (overrides `[inbound] smtp_listen`).
    pub const INBOUND_SMTP_LISTEN: &str = "DONDOC_INBOUND_SMTP_LISTEN";
    /// The mailbox reader's password (`[inbound] imap_url`).
    pub const IMAP_PASSWORD: &str = "DONDOC_IMAP_PASSWORD";
}

/// The fewest characters a token may have: 32 (128 bits as hex, `openssl rand -hex 16`).
pub const MIN_TOKEN_CHARS: usize = 32;

/// Refuses a token shorter than `MIN_TOKEN_CHARS` (a guessable one).
pub fn strong_token(token: &str) -> Result<(), String> {
    let n = token.chars().count();
    if n < MIN_TOKEN_CHARS {
        return Err(format!(
            "the token is {n} character(s) long; at least {MIN_TOKEN_CHARS} are needed (128 bits: make one with `openssl rand -hex 16`)"
        ));
    }
    Ok(())
}

/// An environment variable's value: the variable when set and not empty, else the systemd
/// credential of the same name (`$CREDENTIALS_DIRECTORY/NAME`, trailing newline removed).
pub fn env_or_credential(name: &str) -> Option<String> {
    if let Some(v) = std::env::var(name).ok().filter(|v| !v.is_empty()) {
        return Some(v);
    }
    let dir = std::env::var_os(env::CREDENTIALS_DIRECTORY)?;
    let text = std::fs::read_to_string(Path::new(&dir).join(name)).ok()?;
    let value = text.trim_end_matches(['\n', '\r']).to_owned();
    (!value.is_empty()).then_some(value)
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    paths: RawPaths,
    #[serde(default)]
    policy: Option<Spanned<PolicyOverride>>,
    #[serde(default)]
    reporting_calendar: RawReportingCalendar,
    #[serde(default)]
    store: RawStore,
    #[serde(default)]
    http: RawHttp,
    #[serde(default)]
    email: RawEmail,
    #[serde(default)]
    zalo_oa: Option<RawZaloOa>,
    #[serde(default)]
    zns: Option<RawZns>,
    #[serde(default)]
    zalo_bot: Option<RawZaloBot>,
    #[serde(default)]
    webhook: RawWebhook,
    #[serde(default)]
    outbox: RawOutbox,
    #[serde(default)]
    delivery: RawDelivery,
    #[serde(default)]
    digest: RawDigest,
    #[serde(default)]
    templates: RawTemplates,
    #[serde(default)]
    api_token: Vec<Spanned<RawToken>>,
    #[serde(default)]
    admin: RawAdmin,
    #[serde(default)]
    inbound: RawInbound,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInbound {
    smtp_listen: Option<Spanned<String>>,
    tls_cert: Option<String>,
    tls_key: Option<String>,
    #[serde(default)]
    recipients: Vec<Spanned<String>>,
    imap_url: Option<Spanned<String>>,
    imap_ca_file: Option<String>,
    imap_move_to: Option<String>,
    poll_seconds: Option<u64>,
    max_message_mb: Option<u64>,
    keep_attachment_mb: Option<u64>,
    attachments_dir: Option<String>,
    #[serde(default)]
    alternates: std::collections::BTreeMap<String, Vec<String>>,
    reply_to: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAdmin {
    #[serde(default)]
    email: Vec<Spanned<String>>,
    unit: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawToken {
    name: String,
    role: Role,
    unit: Option<String>,
    /// Lowercase hex SHA-256 of the token (`printf %s TOKEN | sha256sum`).
    sha256: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStore {
    path: Option<String>,
    failing_restart_minutes: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHttp {
    listen: Option<Spanned<String>>,
    public_url: Option<String>,
    link_valid_days: Option<u32>,
    page_items: Option<usize>,
    header_read_timeout_seconds: Option<u64>,
    request_timeout_seconds: Option<u64>,
    keep_alive_idle_seconds: Option<u64>,
    max_connections: Option<usize>,
    auth_failures_per_minute: Option<u32>,
    auth_failures_per_minute_total: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEmail {
    smtp_url: Option<String>,
    from: Option<String>,
    ca_file: Option<String>,
    max_connections: Option<usize>,
    timeout_seconds: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawZaloOa {
    app_id: String,
    api_base: Option<String>,
    oauth_base: Option<String>,
    timeout_seconds: Option<u64>,
    /// OA transaction messages instead of consultation (cs) ones.
    #[serde(default)]
    transaction: bool,
}

/// `[zns]`: Zalo Notification Service template messages to units' phone numbers.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawZns {
    template_id: String,
    api_base: Option<String>,
    /// Template parameter → the message field that fills it.
    #[serde(default)]
    params: BTreeMap<String, String>,
    max_param_chars: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawZaloBot {
    api_base: Option<String>,
    timeout_seconds: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWebhook {
    enabled: Option<bool>,
    timeout_seconds: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutbox {
    dir: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDelivery {
    max_concurrent: Option<usize>,
    retry_base_seconds: Option<u64>,
    retry_max_seconds: Option<u64>,
    max_attempts: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDigest {
    enabled: Option<bool>,
    weekday: Option<Wd>,
    ahead_days: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplates {
    dir: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPaths {
    schedules: Option<String>,
    directory: Option<String>,
    holidays: Option<String>,
    accepted: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReportingCalendar {
    week: Option<Spanned<RuleSpec>>,
    month: Option<Spanned<RuleSpec>>,
    quarter: Option<Spanned<RuleSpec>>,
    half_year: Option<Spanned<RuleSpec>>,
    year: Option<Spanned<RuleSpec>>,
}

/// Parses and checks config.toml's text, with overrides from the process environment.
pub fn parse(src: &Source) -> Result<(Config, Settings), Vec<Diagnostic>> {
    parse_with_env(src, &env_or_credential)
}

/// Parses and checks config.toml's text; `env` looks up environment variables.
pub fn parse_with_env(
    src: &Source,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(Config, Settings), Vec<Diagnostic>> {
    let raw: RawConfig = src.parse().map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let base = src.path.parent().map(Path::to_path_buf).unwrap_or_default();
    let resolve = |p: &Option<String>, default: &str| base.join(p.as_deref().unwrap_or(default));

    let policy = match &raw.policy {
        Some(o) => Policy::configured(o.get_ref()).unwrap_or_else(|e| {
            errors.push(src.at(o.span(), format!("policy: {e}")));
            Policy::default()
        }),
        None => Policy::default(),
    };

    let defaults = ReportingCalendar::default();
    let mut rule = |spec: &Option<Spanned<RuleSpec>>, default: &DueRule, key: &str| match spec {
        None => default.clone(),
        Some(s) => match DueRule::parse(s.get_ref()) {
            Ok(r) if !r.is_inferred() => r,
            Ok(_) => {
                let e = crate::domain::rule::RuleError::PeriodicInCalendar;
                errors.push(src.at(s.span(), format!("reporting_calendar.{key}: {e}")));
                default.clone()
            }
            Err(e) => {
                errors.push(src.at(s.span(), format!("reporting_calendar.{key}: {e}")));
                default.clone()
            }
        },
    };
    let rc = &raw.reporting_calendar;
    let week = rule(&rc.week, &defaults.week, "week");
    let month = rule(&rc.month, &defaults.month, "month");
    let quarter = rule(&rc.quarter, &defaults.quarter, "quarter");
    let half_year = rule(&rc.half_year, &defaults.half_year, "half_year");
    let year = rule(&rc.year, &defaults.year, "year");
    let reporting = ReportingCalendar::new(week, month, quarter, half_year, year)
        .expect("periodic rules were rejected above");

    let mut warnings = Vec::new();
    let settings = settings(&raw, src, &base, env, &mut errors, &mut warnings);
    let admin = admin(&raw, src, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let config = Config {
        path: src.path.clone(),
        schedules_dir: resolve(&raw.paths.schedules, "schedules"),
        directory_dir: resolve(&raw.paths.directory, "directory"),
        holidays_dir: resolve(&raw.paths.holidays, "holidays"),
        accepted_dir: match &raw.paths.accepted {
            Some(p) => base.join(p),
            // Beside the store folder (the service's state folder), not inside it: moving the
            // store aside to restore a backup leaves the accepted plans in place.
            None => settings.store_dir.parent().map_or_else(
                || settings.store_dir.join("accepted"),
                |p| p.join("accepted"),
            ),
        },
        policy,
        reporting,
        digest: digest(&raw),
        admin,
        templates_dir: raw.templates.dir.as_ref().map(|p| base.join(p)),
        warnings,
    };
    Ok((config, settings))
}

const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// The sender of messages when `[email] from` is not set.
const DEFAULT_FROM: &str = "Đôn đốc <dondoc@localhost>";

fn secs(v: Option<u64>, default: u64) -> Duration {
    Duration::from_secs(v.unwrap_or(default))
}

/// The weekly digest's settings (`[digest]`).
fn digest(raw: &RawConfig) -> DigestSettings {
    let g = &raw.digest;
    DigestSettings {
        enabled: g.enabled.unwrap_or(true),
        weekday: g.weekday.map(Weekday::from).unwrap_or(Weekday::Mon),
        ahead_days: g.ahead_days.unwrap_or(14),
    }
}

/// Who hears about operational problems (`[admin]`), each address checked.
fn admin(raw: &RawConfig, src: &Source, errors: &mut Vec<Diagnostic>) -> AdminContact {
    let mut admin = AdminContact {
        email: Vec::new(),
        unit: raw.admin.unit.clone(),
    };
    for e in &raw.admin.email {
        let checked = crate::domain::ids::EmailAddress::parse(e.get_ref())
            .map_err(|err| err.to_string())
            .and_then(|a| {
                a.as_str()
                    .parse::<lettre::Address>()
                    .map(|_| a)
                    .map_err(|err| err.to_string())
            });
        match checked {
            Ok(a) => admin.email.push(a),
            Err(err) => errors.push(src.at(
                e.span(),
                format!(
                    "admin.email `{}` is not an e-mail address: {err}",
                    e.get_ref()
                ),
            )),
        }
    }
    admin
}

/// The daemon's settings: config keys, then environment overrides.
fn settings(
    raw: &RawConfig,
    src: &Source,
    base: &Path,
    env: &dyn Fn(&str) -> Option<String>,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<String>,
) -> Settings {
    let store_dir = match env(env::STORE) {
        Some(p) => PathBuf::from(p),
        None => base.join(raw.store.path.as_deref().unwrap_or("var/store")),
    };

    let listen = match env(env::LISTEN) {
        Some(v) => v.parse().unwrap_or_else(|_| {
            errors.push(crate::diag::whole_file(
                &src.path,
                format!(
                    "{}=`{v}` is not an address like 127.0.0.1:8080",
                    env::LISTEN
                ),
            ));
            DEFAULT_LISTEN.parse().expect("valid")
        }),
        None => match &raw.http.listen {
            Some(l) => l.get_ref().parse().unwrap_or_else(|_| {
                let msg = format!(
                    "http.listen `{}` is not an address like 127.0.0.1:8080",
                    l.get_ref()
                );
                errors.push(src.at(l.span(), msg));
                DEFAULT_LISTEN.parse().expect("valid")
            }),
            None => DEFAULT_LISTEN.parse().expect("valid"),
        },
    };
    let public_url = env(env::PUBLIC_URL)
        .or_else(|| raw.http.public_url.clone())
        .unwrap_or_else(|| format!("http://{listen}"));

    let e = &raw.email;
    let smtp_url = env(env::SMTP_URL).or_else(|| e.smtp_url.clone().filter(|u| !u.is_empty()));
    let email = smtp_url.map(|smtp_url| EmailSettings {
        smtp_url,
        from: e.from.clone().unwrap_or_else(|| DEFAULT_FROM.to_owned()),
        ca_file: e.ca_file.as_ref().map(|p| base.join(p)),
        max_concurrent: e.max_connections.unwrap_or(4).max(1),
        timeout: secs(e.timeout_seconds, 30),
    });

    let zalo_oa = raw
        .zalo_oa
        .as_ref()
        .and_then(|z| match env(env::ZALO_APP_SECRET) {
            Some(secret_key) => Some(ZaloOaSettings {
                api_base: z
                    .api_base
                    .clone()
                    .unwrap_or_else(|| "https://openapi.zalo.me".to_owned()),
                oauth_base: z
                    .oauth_base
                    .clone()
                    .unwrap_or_else(|| "https://oauth.zaloapp.com".to_owned()),
                app_id: z.app_id.clone(),
                secret_key,
                initial_refresh_token: env(env::ZALO_REFRESH_TOKEN),
                timeout: secs(z.timeout_seconds, 30),
                transaction: z.transaction,
            }),
            None => {
                warnings.push(format!(
                    "[zalo_oa] is configured but {} is not set: the Zalo OA channel is off",
                    env::ZALO_APP_SECRET
                ));
                None
            }
        });
    let zalo_bot = raw
        .zalo_bot
        .as_ref()
        .and_then(|z| match env(env::ZALO_BOT_TOKEN) {
            Some(token) => Some(ZaloBotSettings {
                api_base: z
                    .api_base
                    .clone()
                    .unwrap_or_else(|| "https://bot-api.zaloplatforms.com".to_owned()),
                token,
                timeout: secs(z.timeout_seconds, 30),
            }),
            None => {
                warnings.push(format!(
                    "[zalo_bot] is configured but {} is not set: the Zalo group channel is off",
                    env::ZALO_BOT_TOKEN
                ));
                None
            }
        });
    let zns = match (&raw.zns, &zalo_oa) {
        (Some(z), Some(_)) => Some(ZnsSettings {
            api_base: z
                .api_base
                .clone()
                .unwrap_or_else(|| "https://business.openapi.zalo.me".to_owned()),
            template_id: z.template_id.clone(),
            params: z.params.clone(),
            max_param_chars: z.max_param_chars.unwrap_or(100),
        }),
        (Some(_), None) => {
            warnings.push(
                "[zns] is configured but the Zalo OA channel is off (its access token sends ZNS): the ZNS channel is off".to_owned(),
            );
            None
        }
        (None, _) => None,
    };
    let channels = ChannelSettings {
        email,
        zalo_oa,
        zns,
        zalo_bot,
        webhook: raw
            .webhook
            .enabled
            .unwrap_or(false)
            .then(|| WebhookSettings {
                secret: env(env::WEBHOOK_SECRET),
                timeout: secs(raw.webhook.timeout_seconds, 30),
            }),
        outdir: base.join(raw.outbox.dir.as_deref().unwrap_or("var/outbox")),
    };

    let d = &raw.delivery;
    let delivery = DeliverySettings {
        max_concurrent: d.max_concurrent.unwrap_or(8).max(1),
        retry_base: secs(d.retry_base_seconds, 120).max(Duration::from_secs(1)),
        retry_max: secs(d.retry_max_seconds, 7200).max(Duration::from_secs(1)),
        max_attempts: d.max_attempts.unwrap_or(60).max(1),
    };
    let mut tokens = Vec::new();
    for t in &raw.api_token {
        let raw_token = t.get_ref();
        let hash = hex::decode(&raw_token.sha256)
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok());
        let Some(sha256) = hash else {
            let msg = format!(
                "api_token `{}`: sha256 must be 64 hex digits (printf %s TOKEN | sha256sum)",
                raw_token.name
            );
            errors.push(src.at(t.span(), msg));
            continue;
        };
        if (raw_token.role == Role::Unit) != raw_token.unit.is_some() {
            let msg = format!(
                "api_token `{}`: a token has `unit = \"…\"` exactly when its role is \"unit\"",
                raw_token.name
            );
            errors.push(src.at(t.span(), msg));
            continue;
        }
        tokens.push(ApiToken {
            name: raw_token.name.clone(),
            role: raw_token.role,
            unit: raw_token.unit.clone(),
            sha256,
        });
    }
    if let Some(admin) = env(env::ADMIN_TOKEN) {
        use sha2::Digest;
        if let Err(e) = strong_token(&admin) {
            errors.push(crate::diag::whole_file(
                &src.path,
                format!("{}: {e}", env::ADMIN_TOKEN),
            ));
        }
        tokens.push(ApiToken {
            name: "admin".to_owned(),
            role: Role::Coordinator,
            unit: None,
            sha256: sha2::Sha256::digest(admin.as_bytes()).into(),
        });
    }
    let inbound = inbound(&raw.inbound, src, base, env, errors, warnings, &raw.email);
    Settings {
        inbound,
        tokens,
        store_dir,
        listen,
        public_url,
        link_secret: env(env::LINK_SECRET),
        link_valid_days: raw.http.link_valid_days.unwrap_or(30).max(1),
        page_items: raw.http.page_items.unwrap_or(50).clamp(1, 500),
        http_limits: {
            let d = HttpLimits::default();
            let secs = |v: Option<u64>, dflt: std::time::Duration| {
                v.map_or(dflt, |s| std::time::Duration::from_secs(s.max(1)))
            };
            HttpLimits {
                header_read_timeout: secs(
                    raw.http.header_read_timeout_seconds,
                    d.header_read_timeout,
                ),
                request_timeout: secs(raw.http.request_timeout_seconds, d.request_timeout),
                keep_alive_idle: raw
                    .http
                    .keep_alive_idle_seconds
                    .map_or(d.keep_alive_idle, std::time::Duration::from_secs),
                max_connections: raw.http.max_connections.unwrap_or(d.max_connections).max(1),
                auth_failures_per_minute: raw
                    .http
                    .auth_failures_per_minute
                    .unwrap_or(d.auth_failures_per_minute)
                    .max(1),
                auth_failures_per_minute_total: raw
                    .http
                    .auth_failures_per_minute_total
                    .unwrap_or(d.auth_failures_per_minute_total)
                    .max(1),
            }
        },
        store_failing_restart: std::time::Duration::from_secs(
            60 * raw.store.failing_restart_minutes.unwrap_or(10).max(1),
        ),
        channels,
        delivery,
    }
}

/// The `[inbound]` settings: config keys, then environment overrides.
fn inbound(
    r: &RawInbound,
    src: &Source,
    base: &Path,
    env: &dyn Fn(&str) -> Option<String>,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<String>,
    email: &RawEmail,
) -> InboundSettings {
    let defaults = InboundSettings::default();
    let smtp_listen = match env(env::INBOUND_SMTP_LISTEN) {
        Some(v) => match v.parse() {
            Ok(a) => Some(a),
            Err(_) => {
                errors.push(crate::diag::whole_file(
                    &src.path,
                    format!(
                        "{}=`{v}` is not an address like 127.0.0.1:2525",
                        env::INBOUND_SMTP_LISTEN
                    ),
                ));
                None
            }
        },
        None => r
            .smtp_listen
            .as_ref()
            .and_then(|l| match l.get_ref().parse() {
                Ok(a) => Some(a),
                Err(_) => {
                    let msg = format!(
                        "inbound.smtp_listen `{}` is not an address like 127.0.0.1:2525",
                        l.get_ref()
                    );
                    errors.push(src.at(l.span(), msg));
                    None
                }
            }),
    };
    let tls = match (&r.tls_cert, &r.tls_key) {
        (Some(c), Some(k)) => Some((base.join(c), base.join(k))),
        (None, None) => None,
        _ => {
            errors.push(crate::diag::whole_file(
                &src.path,
                "inbound: tls_cert and tls_key go together (both PEM files)".to_owned(),
            ));
            None
        }
    };
    let mut recipients = Vec::new();
    for a in &r.recipients {
        match a.get_ref().trim().parse::<lettre::Address>() {
            Ok(e) => recipients.push(e.to_string().to_ascii_lowercase()),
            Err(e) => errors.push(src.at(
                a.span(),
                format!("inbound.recipients `{}`: {e}", a.get_ref()),
            )),
        }
    }
    if recipients.is_empty() {
        // The address reminders come from: replies go to it.
        if let Ok(addr) = email
            .from
            .as_deref()
            .unwrap_or(DEFAULT_FROM)
            .parse::<lettre::message::Mailbox>()
        {
            recipients.push(addr.email.to_string().to_ascii_lowercase());
        }
    }
    let imap = r.imap_url.as_ref().and_then(|u| match parse_imap_url(u.get_ref()) {
        Err(e) => {
            errors.push(src.at(u.span(), format!("inbound.imap_url: {e}")));
            None
        }
        Ok((tls, host, port, user, mailbox)) => match env(env::IMAP_PASSWORD) {
            None => {
                warnings.push(format!(
                    "[inbound] imap_url is set but {} is not: the mailbox reader is off",
                    env::IMAP_PASSWORD
                ));
                None
            }
            Some(password) => {
                let loopback = host == "localhost"
                    || host.parse::<std::net::IpAddr>().is_ok_and(|a| a.is_loopback());
                if !tls && !loopback {
                    warnings.push(format!(
                        "[inbound] imap_url reads {host} without TLS: the password crosses the network in clear; use imaps://"
                    ));
                }
                Some(ImapSettings {
                    tls,
                    host,
                    port,
                    user,
                    password,
                    mailbox,
                    ca_file: r.imap_ca_file.as_ref().map(|p| base.join(p)),
                    move_to: r.imap_move_to.clone().filter(|m| !m.trim().is_empty()),
                    poll: secs(r.poll_seconds, 60).max(Duration::from_secs(1)),
                })
            }
        },
    });
    let reply_to =
        r.reply_to
            .as_ref()
            .and_then(|a| match a.get_ref().trim().parse::<lettre::Address>() {
                Ok(addr) => Some(addr.to_string().to_ascii_lowercase()),
                Err(e) => {
                    errors
                        .push(src.at(a.span(), format!("inbound.reply_to `{}`: {e}", a.get_ref())));
                    None
                }
            });
    if let Some(addr) = &reply_to {
        // Replies come back to it: the listener takes it.
        if !recipients.contains(addr) {
            recipients.push(addr.clone());
        }
    }
    const MB: u64 = 1024 * 1024;
    InboundSettings {
        reply_to,
        smtp_listen,
        tls,
        recipients,
        imap,
        max_message_bytes: r
            .max_message_mb
            .map_or(defaults.max_message_bytes, |m| m.max(1) * MB),
        keep_attachment_bytes: r
            .keep_attachment_mb
            .map_or(defaults.keep_attachment_bytes, |m| m * MB),
        attachments_dir: base.join(r.attachments_dir.as_deref().unwrap_or("var/inbound")),
        alternates: r
            .alternates
            .iter()
            .map(|(u, a)| {
                (
                    u.clone(),
                    a.iter().map(|x| x.trim().to_ascii_lowercase()).collect(),
                )
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inbound_settings_from_keys_and_environment() {
        let text = "[email]\nfrom = \"Đôn đốc <DonDoc@Tinh.gov.vn>\"\n[inbound]\nsmtp_listen = \"127.0.0.1:2525\"\nimap_url = \"imaps://dondoc@mail.tinh.gov.vn/INBOX\"\nmax_message_mb = 5\nreply_to = \"bao-cao@tinh.gov.vn\"\n[inbound.alternates]\nxa = [\" A@Gmail.com \"]\n";
        let env = |k: &str| match k {
            env::IMAP_PASSWORD => Some("pw".to_owned()),
            env::INBOUND_SMTP_LISTEN => Some("0.0.0.0:25".to_owned()),
            _ => None,
        };
        let (_, s) = parse_with_env(&Source::new("/etc/dondoc/config.toml", text), &env).unwrap();
        let i = &s.inbound;
        assert_eq!(i.smtp_listen, Some("0.0.0.0:25".parse().unwrap()));
        assert_eq!(i.recipients, ["dondoc@tinh.gov.vn", "bao-cao@tinh.gov.vn"]);
        assert_eq!(i.max_message_bytes, 5 * 1024 * 1024);
        assert_eq!(i.alternates["xa"], ["a@gmail.com"]);
        let imap = i.imap.as_ref().unwrap();
        assert_eq!((imap.port, imap.password.as_str()), (993, "pw"));
        assert_eq!(i.attachments_dir, PathBuf::from("/etc/dondoc/var/inbound"));
        // Without the password the reader is off, with a warning; a bad address is an error.
        let (c, s) = parse_with_env(&Source::new("c.toml", text), &|_| None).unwrap();
        assert!(s.inbound.imap.is_none());
        assert!(c
            .warnings
            .iter()
            .any(|w| w.contains("DONDOC_IMAP_PASSWORD")));
        let e = parse_with_env(
            &Source::new("c.toml", "[inbound]\nsmtp_listen = \"nowhere\"\n"),
            &|_| None,
        )
        .unwrap_err();
        assert!(e[0].to_string().contains("inbound.smtp_listen"), "{}", e[0]);
    }

    #[test]
    fn defaults_and_errors() {
        let (c, _) = parse(&Source::new("/etc/dondoc/config.toml", "")).unwrap();
        assert_eq!(c.schedules_dir, PathBuf::from("/etc/dondoc/schedules"));
        assert_eq!(c.policy, Policy::default());

        let e = parse(&Source::new("c.toml", "[paths]\nschedule = \"x\"\n")).unwrap_err();
        assert!(
            e[0].to_string()
                .starts_with("c.toml:2:1: unknown field `schedule`"),
            "{}",
            e[0]
        );

        let e = parse(&Source::new(
            "c.toml",
            "[policy]\nreminder_time = \"25:00\"\n",
        ))
        .unwrap_err();
        assert!(
            e[0].to_string().contains("reminder_time `25:00`"),
            "{}",
            e[0]
        );

        let e = parse(&Source::new(
            "c.toml",
            "[reporting_calendar]\nmonth = { rule = \"periodic\", every = \"month\" }\n",
        ))
        .unwrap_err();
        assert!(e[0].to_string().starts_with("c.toml:2:"), "{}", e[0]);
    }
}

// ---------------------------------------------------------------- channel settings

/// Email channel settings. `smtp_url` is lettre's URL form: `smtp://host:25`,
/// `smtp://host:587?tls=required`, `smtps://user:pass@host:465`.
#[derive(Debug, Clone)]
pub struct EmailSettings {
    pub smtp_url: String,
    /// The From mailbox, e.g. `"Đôn đốc <dondoc@localhost>"`.
    pub from: String,
    /// Extra trusted root certificate (PEM), for a server with a private CA or self-signed cert.
    pub ca_file: Option<PathBuf>,
    /// Most connections (and concurrent sends) at once.
    pub max_concurrent: usize,
    pub timeout: Duration,
}

/// Zalo Official Account settings (docs/domain.md#zalo).
#[derive(Debug, Clone)]
pub struct ZaloOaSettings {
    /// Default `https://openapi.zalo.me`.
    pub api_base: String,
    /// Default `https://oauth.zaloapp.com`.
    pub oauth_base: String,
    pub app_id: String,
    pub secret_key: String,
    /// Used only when the store holds no tokens yet (first start).
    pub initial_refresh_token: Option<String>,
    pub timeout: Duration,
    /// Send OA transaction messages (`/v3.0/oa/message/transaction`, for followers outside
    /// the 48-hour window) instead of consultation (`cs`) messages.
    pub transaction: bool,
}

/// Zalo Notification Service settings: template messages to a unit's phone number, sent with
/// the Official Account's access token (so `[zalo_oa]` must be configured too).
#[derive(Debug, Clone)]
pub struct ZnsSettings {
    /// Default `https://business.openapi.zalo.me`.
    pub api_base: String,
    /// The approved template's id.
    pub template_id: String,
    /// Template parameter → what fills it: `unit_name`, `count`, `link`, `sent_at`, `titles`,
    /// or `top.<field>` of the most urgent item (`title`, `period_label`, `deadline`,
    /// `due_date`, `status`, `stage_label`, `unit_count`).
    pub params: std::collections::BTreeMap<String, String>,
    /// Each parameter is cut to this many characters (Zalo's limit for the parameter type).
    pub max_param_chars: usize,
}

/// Zalo Bot Platform settings (group messages).
#[derive(Debug, Clone)]
pub struct ZaloBotSettings {
    /// Default `https://bot-api.zaloplatforms.com`.
    pub api_base: String,
    pub token: String,
    pub timeout: Duration,
}

/// Webhook settings; the URL is per unit.
#[derive(Debug, Clone)]
pub struct WebhookSettings {
    /// HMAC-SHA256 key; without it requests are sent unsigned.
    pub secret: Option<String>,
    pub timeout: Duration,
}

/// Every channel's settings. Channels without settings are off.
#[derive(Debug, Clone)]
pub struct ChannelSettings {
    pub email: Option<EmailSettings>,
    pub zalo_oa: Option<ZaloOaSettings>,
    /// ZNS template messages (needs `zalo_oa` for the token).
    pub zns: Option<ZnsSettings>,
    pub zalo_bot: Option<ZaloBotSettings>,
    /// Off unless `[webhook] enabled = true`: the units' webhook URLs are not called.
    pub webhook: Option<WebhookSettings>,
    /// Folder the outbox-directory channel writes to.
    pub outdir: PathBuf,
}

// ---------------------------------------------------------------- inbound mail settings

/// The `[inbound]` settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundSettings {
    /// The SMTP listener's address (`smtp_listen`, `DONDOC_INBOUND_SMTP_LISTEN`); None: off.
    pub smtp_listen: Option<SocketAddr>,
    /// The certificate and key (PEM) offered with STARTTLS; None: no STARTTLS.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// The addresses the listener accepts mail for (lowercase); `local+token@domain` is
    /// accepted for each `local@domain`.
    pub recipients: Vec<String>,
    /// The mailbox reader; None: off.
    pub imap: Option<ImapSettings>,
    /// Larger messages are recorded as too large (their head only) and never counted.
    pub max_message_bytes: u64,
    /// Attachments up to this size are kept in `attachments_dir`; larger ones by hash only.
    pub keep_attachment_bytes: u64,
    pub attachments_dir: PathBuf,
    /// Other addresses a unit may send from (unit id → lowercase addresses).
    pub alternates: BTreeMap<String, Vec<String>>,
    /// The address reminders ask replies to go to, with each message's token added
    /// (`dondoc@tinh.gov.vn` → `Reply-To: dondoc+dd-7f3k2q@tinh.gov.vn`); None: no Reply-To.
    pub reply_to: Option<String>,
}

impl Default for InboundSettings {
    fn default() -> Self {
        Self {
            smtp_listen: None,
            tls: None,
            recipients: Vec::new(),
            imap: None,
            max_message_bytes: 25 * 1024 * 1024,
            keep_attachment_bytes: 10 * 1024 * 1024,
            attachments_dir: PathBuf::from("var/inbound"),
            alternates: BTreeMap::new(),
            reply_to: None,
        }
    }
}

impl InboundSettings {
    /// Whether the listener takes mail for `rcpt` (angle brackets and case ignored).
    pub fn accepts_recipient(&self, rcpt: &str) -> bool {
        let r = rcpt
            .trim()
            .trim_start_matches('<')
            .trim_end_matches('>')
            .trim()
            .to_ascii_lowercase();
        let plain = match r.split_once('@') {
            Some((local, domain)) => match local.split_once('+') {
                Some((base, _)) => format!("{base}@{domain}"),
                None => r.clone(),
            },
            None => return false,
        };
        self.recipients.iter().any(|a| *a == r || *a == plain)
    }
}

/// The mailbox reader's settings (`imap_url`, password from `DONDOC_IMAP_PASSWORD`).
#[derive(Clone, PartialEq, Eq)]
pub struct ImapSettings {
    /// `imaps://` (TLS from the start) or `imap://` (plain; for a reader on the same host).
    pub tls: bool,
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: String,
    pub mailbox: String,
    /// An extra trusted CA (PEM) for a private mail server.
    pub ca_file: Option<PathBuf>,
    /// Handled messages are moved to this folder; None: they are flagged and left.
    pub move_to: Option<String>,
    pub poll: Duration,
}

impl std::fmt::Debug for ImapSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImapSettings")
            .field("tls", &self.tls)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("mailbox", &self.mailbox)
            .field("move_to", &self.move_to)
            .finish_non_exhaustive()
    }
}

/// Parses `imaps://user@host:993/INBOX` (the password comes from elsewhere).
pub fn parse_imap_url(s: &str) -> Result<(bool, String, u16, String, String), String> {
    let u = url::Url::parse(s).map_err(|e| format!("`{s}` is not a URL: {e}"))?;
    let tls = match u.scheme() {
        "imaps" => true,
        "imap" => false,
        other => {
            return Err(format!(
                "scheme `{other}`: use imaps:// (or imap:// on the same host)"
            ))
        }
    };
    let host = u
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| format!("`{s}` names no host"))?
        .trim_matches(['[', ']'])
        .to_owned();
    let user = percent_encoding::percent_decode_str(u.username())
        .decode_utf8_lossy()
        .into_owned();
    if user.is_empty() {
        return Err(format!("`{s}` names no user (imaps://user@host/INBOX)"));
    }
    if u.password().is_some() {
        return Err("put the password in DONDOC_IMAP_PASSWORD, not in the URL".to_owned());
    }
    let port = u.port().unwrap_or(if tls { 993 } else { 143 });
    let path = percent_encoding::percent_decode_str(u.path().trim_start_matches('/'))
        .decode_utf8_lossy()
        .into_owned();
    let mailbox = if path.is_empty() {
        "INBOX".to_owned()
    } else {
        path
    };
    Ok((tls, host, port, user, mailbox))
}
