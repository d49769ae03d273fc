//! A running `dondoc serve` for HTTP tests: seed 000 on a simulated clock, a coordinator token,
//! the listen address read from its JSON log, and helpers to wait for its clock and call it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The coordinator token every test daemon accepts (`DONDOC_ADMIN_TOKEN`).
pub const TOKEN: &str = "coordinator-secret-for-tests-0123456789abcdef";

/// The signing key of the test daemons' one-click links (`DONDOC_LINK_SECRET`).
pub const LINK_SECRET: &str = "link-secret-for-tests";

/// A token in the test config: (token, name, role, unit).
pub type TestToken = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
);

/// How to start the daemon.
pub struct Options<'a> {
    /// Schedule files kept (prefixes); seed 000 by default.
    pub schedules: &'a [&'a str],
    /// Where the simulated clock starts.
    pub clock_start: &'a str,
    /// Simulated seconds per real second.
    pub clock_speed: u32,
    /// `[[api_token]]` entries added to config.toml.
    pub tokens: &'a [TestToken],
    /// Replacements in config.toml: (the text, what it becomes).
    pub config: &'a [(&'a str, &'a str)],
    /// The daemon's open-file limit (RLIMIT_NOFILE, soft and hard), if set.
    pub nofile: Option<u64>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Self {
            schedules: &["000"],
            clock_start: "2023-09-12T08:00:00+07:00",
            clock_speed: 86400,
            tokens: &[],
            config: &[],
            nofile: None,
        }
    }
}

pub struct Daemon {
    child: Child,
    /// `http://127.0.0.1:<port>`
    pub base: String,
    pub log: PathBuf,
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The hex SHA-256 of a token, as config.toml stores it.
pub fn sha256_hex(token: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(token.as_bytes()))
}

/// Copies the project into `dir` (digest off), adds the tokens and starts the daemon there.
pub fn start(dir: &Path, opts: &Options) -> Daemon {
    super::copy_project(dir);
    super::keep_schedules(dir, opts.schedules);
    let cfg = dir.join("config.toml");
    let mut text = std::fs::read_to_string(&cfg)
        .unwrap()
        .replace("[digest]\nenabled = true", "[digest]\nenabled = false");
    for (from, to) in opts.config {
        assert!(text.contains(from), "config.toml has no `{from}`");
        text = text.replace(from, to);
    }
    for (token, name, role, unit) in opts.tokens {
        text.push_str(&format!(
            "\n[[api_token]]\nname = \"{name}\"\nrole = \"{role}\"\nsha256 = \"{}\"\n",
            sha256_hex(token)
        ));
        if let Some(u) = unit {
            text.push_str(&format!("unit = \"{u}\"\n"));
        }
    }
    std::fs::write(&cfg, text).unwrap();
    let log = dir.join("serve.log");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dondoc"));
    if let Some(n) = opts.nofile {
        use std::os::unix::process::CommandExt;
        // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                let lim = libc::rlimit {
                    rlim_cur: n,
                    rlim_max: n,
                };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &lim) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let child = cmd
        .args(["serve", "--log-format", "json"])
        .args(["--clock-start", opts.clock_start])
        .args(["--clock-speed", &opts.clock_speed.to_string()])
        .current_dir(dir)
        .env("DONDOC_STORE", dir.join("store"))
        .env("DONDOC_LISTEN", "127.0.0.1:0")
        // The inbound mail listener on a free port (its address is in the log).
        .env("DONDOC_INBOUND_SMTP_LISTEN", "127.0.0.1:0")
        .env("DONDOC_ADMIN_TOKEN", TOKEN)
        .env("DONDOC_LINK_SECRET", LINK_SECRET)
        .env("DONDOC_PUBLIC_URL", "http://dondoc.test")
        .env_remove("DONDOC_SMTP_URL")
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    serving(child, log)
}

/// Waits (15 s at most) until the daemon `child`, logging JSON to `log`, says where it serves,
/// and returns it; kills it and fails with its log otherwise.
pub fn serving(child: Child, log: PathBuf) -> Daemon {
    let started = Instant::now();
    let mut child = Some(child);
    loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        let listen = text
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|l| l["fields"]["message"] == "dondoc serving")
            .and_then(|l| l["fields"]["listen"].as_str().map(str::to_owned));
        if let Some(addr) = listen {
            return Daemon {
                child: child.take().expect("spawned"),
                base: format!("http://{addr}"),
                log,
            };
        }
        if started.elapsed() > Duration::from_secs(15) {
            if let Some(mut c) = child.take() {
                let _ = c.kill();
                let _ = c.wait();
            }
            panic!("not serving:\n{text}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

impl Daemon {
    /// The address of the inbound mail listener, from the log.
    pub fn inbound_listen(&self) -> String {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|l| l["fields"]["message"] == "inbound SMTP listener started")
            .and_then(|l| l["fields"]["listen"].as_str().map(str::to_owned))
            .expect("the inbound listener's address in the log")
    }

    /// Waits until the daemon's (simulated) clock has passed `instant`.
    pub async fn wait_until(&self, http: &reqwest::Client, instant: &str) {
        let target = chrono::DateTime::parse_from_rfc3339(instant).unwrap();
        let started = Instant::now();
        loop {
            // The scheduler's detail is for an authenticated caller.
            let health: serde_json::Value = http
                .get(format!("{}/healthz", self.base))
                .bearer_auth(TOKEN)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            if let Some(now) = health["scheduler"]["now"].as_str() {
                if chrono::DateTime::parse_from_rfc3339(now).unwrap() >= target {
                    return;
                }
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "clock stuck: {health}\n{}",
                std::fs::read_to_string(&self.log).unwrap_or_default()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The URL of an occurrence (its id percent-encoded as one segment).
    pub fn occurrence_url(&self, id: &str) -> String {
        format!(
            "{}/api/v1/occurrences/{}",
            self.base,
            id.replace('/', "%2F")
        )
    }

    /// GET `path` with `token`; the status and JSON body (null when not JSON).
    pub async fn get_as(
        &self,
        http: &reqwest::Client,
        token: &str,
        path: &str,
    ) -> (u16, serde_json::Value) {
        let r = http
            .get(format!("{}{path}", self.base))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// GET `path` with the coordinator token, expecting 200; the JSON body.
    pub async fn get<T: serde::de::DeserializeOwned>(
        &self,
        http: &reqwest::Client,
        path: &str,
    ) -> T {
        let (status, body) = self.get_as(http, TOKEN, path).await;
        assert_eq!(status, 200, "GET {path}: {body}");
        serde_json::from_value(body).unwrap()
    }

    /// POST a JSON body to an occurrence action with `token`; the status and JSON body.
    pub async fn act(
        &self,
        http: &reqwest::Client,
        token: &str,
        id: &str,
        action: &str,
        body: serde_json::Value,
    ) -> (u16, serde_json::Value) {
        let r = http
            .post(format!("{}/{action}", self.occurrence_url(id)))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(serde_json::Value::Null))
    }
}
