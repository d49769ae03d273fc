//! A real SMTP server on 127.0.0.1 for tests: mailin-embedded behind a stoppable TCP forwarder.
#![allow(dead_code)]

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use mailin_embedded::response::{AUTH_OK, INVALID_CREDENTIALS, NO_MAILBOX, OK};
use mailin_embedded::{AuthMechanism, Handler, Response, Server, SslConfig};

/// One message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    /// The envelope sender (MAIL FROM).
    pub from: String,
    /// The envelope recipients (RCPT TO).
    pub to: Vec<String>,
    /// The raw RFC 5322 message (CRLF line ends, dot-unstuffed).
    pub data: String,
    /// The Message-ID header, as sent.
    pub message_id: Option<String>,
    /// The Subject header, RFC 2047 encoded-words decoded (best effort).
    pub subject: Option<String>,
    /// The Subject header as sent, unfolded.
    pub subject_raw: Option<String>,
}

/// The shared state every SMTP session writes to.
#[derive(Default)]
struct Shared {
    inbox: Mutex<Vec<Received>>,
    /// RCPT addresses answered with 550.
    reject: Mutex<Vec<String>>,
    /// The user name and password AUTH accepts (servers started with auth only).
    login: Mutex<Option<(String, String)>>,
}

/// mailin clones the handler for every connection; the per-session fields live in the clone.
#[derive(Clone)]
struct Recorder {
    shared: Arc<Shared>,
    from: String,
    to: Vec<String>,
    buf: Vec<u8>,
}

impl Recorder {
    fn check_login(&self, user: &str, password: &str) -> Response {
        match &*self.shared.login.lock().unwrap() {
            Some((u, p)) if u == user && p == password => AUTH_OK,
            _ => INVALID_CREDENTIALS,
        }
    }
}

impl Handler for Recorder {
    fn auth_plain(&mut self, _authz: &str, user: &str, password: &str) -> Response {
        self.check_login(user, password)
    }

    fn auth_login(&mut self, user: &str, password: &str) -> Response {
        self.check_login(user, password)
    }

    fn mail(&mut self, _ip: std::net::IpAddr, _domain: &str, from: &str) -> Response {
        self.from = from.to_owned();
        self.to.clear();
        OK
    }

    fn rcpt(&mut self, to: &str) -> Response {
        let rejected = self
            .shared
            .reject
            .lock()
            .unwrap()
            .iter()
            .any(|r| r.eq_ignore_ascii_case(to.trim_matches(['<', '>'])));
        if rejected {
            NO_MAILBOX
        } else {
            self.to.push(to.to_owned());
            OK
        }
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.from = from.to_owned();
        self.to = to.to_vec();
        self.buf.clear();
        OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.buf.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let data = String::from_utf8_lossy(&self.buf).into_owned();
        self.buf.clear();
        let message_id = header(&data, "Message-ID");
        let subject_raw = header(&data, "Subject");
        let subject = subject_raw.as_deref().map(decode_encoded_words);
        self.shared.inbox.lock().unwrap().push(Received {
            from: self.from.clone(),
            to: std::mem::take(&mut self.to),
            data,
            message_id,
            subject,
            subject_raw,
        });
        OK
    }
}

/// Connection counts at the public port.
#[derive(Default)]
struct Counts {
    accepted: AtomicUsize,
    open: AtomicUsize,
    peak: AtomicUsize,
}

/// Held by both pump threads of one connection; the last one out counts it closed.
struct OpenConn(Arc<Counts>);

impl Drop for OpenConn {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The public side: a listener that forwards every connection to the mailin server.
struct Front {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// A test SMTP server. Dropping it stops the public port (the mailin threads stay parked).
pub struct SmtpServer {
    shared: Arc<Shared>,
    addr: SocketAddr,
    backend: SocketAddr,
    front: Option<Front>,
    /// Both ends of every forwarded connection, to cut them on `stop()`.
    conns: Arc<Mutex<Vec<TcpStream>>>,
    counts: Arc<Counts>,
    /// Keeps the generated certificate files alive.
    _certs: Option<tempfile::TempDir>,
}

/// Copies `from` to `to` until EOF or error, then half-closes `to`.
fn pump(mut from: TcpStream, mut to: TcpStream, _open: Arc<OpenConn>) {
    let mut buf = [0u8; 16 * 1024];
    loop {
        match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                if to.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}

fn start_front(
    listener: TcpListener,
    backend: SocketAddr,
    conns: Arc<Mutex<Vec<TcpStream>>>,
    counts: Arc<Counts>,
) -> Front {
    listener
        .set_nonblocking(true)
        .expect("nonblocking listener");
    let stop = Arc::new(AtomicBool::new(false));
    let stopping = stop.clone();
    let thread = std::thread::spawn(move || {
        while !stopping.load(Ordering::SeqCst) {
            match listener.accept() {
                Ok((client, _)) => {
                    let _ = client.set_nonblocking(false);
                    let Ok(server) = TcpStream::connect(backend) else {
                        continue;
                    };
                    let _ = client.set_nodelay(true);
                    let _ = server.set_nodelay(true);
                    let (Ok(c2), Ok(s2), Ok(c3), Ok(s3)) = (
                        client.try_clone(),
                        server.try_clone(),
                        client.try_clone(),
                        server.try_clone(),
                    ) else {
                        continue;
                    };
                    conns.lock().unwrap().extend([c3, s3]);
                    counts.accepted.fetch_add(1, Ordering::SeqCst);
                    let now = counts.open.fetch_add(1, Ordering::SeqCst) + 1;
                    counts.peak.fetch_max(now, Ordering::SeqCst);
                    let open = Arc::new(OpenConn(counts.clone()));
                    let open2 = open.clone();
                    std::thread::spawn(move || pump(client, server, open));
                    std::thread::spawn(move || pump(s2, c2, open2));
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(2)),
            }
        }
        // The listener is dropped here: the port refuses connections from now on.
    });
    Front {
        stop,
        thread: Some(thread),
    }
}

/// Binds `addr`, retrying for up to 5 s while the port is still held.
fn bind_retry(addr: SocketAddr) -> TcpListener {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match TcpListener::bind(addr) {
            Ok(l) => return l,
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => panic!("cannot bind {addr} again: {e}"),
        }
    }
}

impl SmtpServer {
    /// A plain SMTP server (no STARTTLS).
    pub fn start() -> SmtpServer {
        Self::launch(SslConfig::None, None, None)
    }

    /// A server offering STARTTLS with a self-signed certificate for `localhost` and
    /// `127.0.0.1`; the returned PEM file is the certificate a client must trust.
    pub fn start_starttls() -> (SmtpServer, PathBuf) {
        Self::starttls(None)
    }

    /// A STARTTLS server (as [`SmtpServer::start_starttls`]) that offers AUTH PLAIN and LOGIN
    /// after STARTTLS and accepts only `user` / `password`.
    pub fn start_starttls_auth(user: &str, password: &str) -> (SmtpServer, PathBuf) {
        Self::starttls(Some((user.to_owned(), password.to_owned())))
    }

    fn starttls(login: Option<(String, String)>) -> (SmtpServer, PathBuf) {
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
        let dir = tempfile::tempdir().expect("tempdir");
        let ck = rcgen::generate_simple_self_signed(vec![
            "localhost".to_string(),
            "127.0.0.1".to_string(),
        ])
        .expect("self-signed certificate");
        let cert_path = dir.path().join("cert.pem");
        let key_path = dir.path().join("key.pem");
        std::fs::write(&cert_path, ck.cert.pem()).expect("write cert");
        std::fs::write(&key_path, ck.signing_key.serialize_pem()).expect("write key");
        let ssl = SslConfig::SelfSigned {
            cert_path: cert_path.to_str().expect("utf-8 path").to_owned(),
            key_path: key_path.to_str().expect("utf-8 path").to_owned(),
        };
        let server = Self::launch(ssl, Some(dir), login);
        (server, cert_path)
    }

    fn launch(
        ssl: SslConfig,
        certs: Option<tempfile::TempDir>,
        login: Option<(String, String)>,
    ) -> SmtpServer {
        let shared = Arc::new(Shared::default());
        let with_auth = login.is_some();
        *shared.login.lock().unwrap() = login;
        let handler = Recorder {
            shared: shared.clone(),
            from: String::new(),
            to: Vec::new(),
            buf: Vec::new(),
        };
        let internal = TcpListener::bind("127.0.0.1:0").expect("bind internal");
        let backend = internal.local_addr().unwrap();
        let mut server = Server::new(handler);
        server
            .with_name("localhost")
            .with_num_threads(32)
            .with_tcp_listener(internal);
        server.with_ssl(ssl).expect("mailin TLS setup");
        if with_auth {
            server
                .with_auth(AuthMechanism::Plain)
                .with_auth(AuthMechanism::Login);
        }
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        let public = TcpListener::bind("127.0.0.1:0").expect("bind public");
        let addr = public.local_addr().unwrap();
        let conns = Arc::new(Mutex::new(Vec::new()));
        let counts = Arc::new(Counts::default());
        let front = start_front(public, backend, conns.clone(), counts.clone());
        SmtpServer {
            shared,
            addr,
            backend,
            front: Some(front),
            conns,
            counts,
            _certs: certs,
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// `smtp://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port())
    }

    /// Answers RCPT TO `addr` with 550 from now on.
    pub fn reject_rcpt(&self, addr: &str) {
        self.shared.reject.lock().unwrap().push(addr.to_owned());
    }

    /// An outage: the port refuses connections and open connections are cut. Returns once
    /// the listener is closed.
    pub fn stop(&mut self) {
        if let Some(mut front) = self.front.take() {
            front.stop.store(true, Ordering::SeqCst);
            if let Some(t) = front.thread.take() {
                let _ = t.join();
            }
        }
        for c in self.conns.lock().unwrap().drain(..) {
            let _ = c.shutdown(Shutdown::Both);
        }
    }

    /// Ends an outage: accepts on the same port again. Received messages are kept.
    pub fn restart(&mut self) {
        if self.front.is_some() {
            return;
        }
        let listener = bind_retry(self.addr);
        self.front = Some(start_front(
            listener,
            self.backend,
            self.conns.clone(),
            self.counts.clone(),
        ));
    }

    pub fn is_running(&self) -> bool {
        self.front.is_some()
    }

    /// Connections accepted at the public port so far.
    pub fn connections_accepted(&self) -> usize {
        self.counts.accepted.load(Ordering::SeqCst)
    }

    /// The most connections open at the same time so far.
    pub fn peak_connections(&self) -> usize {
        self.counts.peak.load(Ordering::SeqCst)
    }

    pub fn messages(&self) -> Vec<Received> {
        self.shared.inbox.lock().unwrap().clone()
    }

    pub fn message_ids(&self) -> Vec<String> {
        self.messages()
            .into_iter()
            .filter_map(|m| m.message_id)
            .collect()
    }

    /// Waits until at least `count` messages arrived; false on timeout.
    pub fn wait_for(&self, count: usize, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if self.shared.inbox.lock().unwrap().len() >= count {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing what arrived: headers, encoded-words, MIME parts.

/// Splits a message (or MIME part) into its header block and body.
fn split_head(data: &str) -> (&str, &str) {
    if let Some(i) = data.find("\r\n\r\n") {
        (&data[..i], &data[i + 4..])
    } else if let Some(i) = data.find("\n\n") {
        (&data[..i], &data[i + 2..])
    } else {
        (data, "")
    }
}

/// The unfolded header fields of a header block, in order.
fn header_fields(head: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        let line = line.trim_end_matches('\r');
        if line.starts_with([' ', '\t']) {
            if let Some(last) = out.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim_start());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            out.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    out
}

/// The first header `name` (case-insensitive) of a message, unfolded, not decoded.
pub fn header(data: &str, name: &str) -> Option<String> {
    let (head, _) = split_head(data);
    header_fields(head)
        .into_iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

/// Standard base64 (padding and whitespace tolerated).
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    fn val(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in s.as_bytes() {
        if c.is_ascii_whitespace() || c == b'=' {
            continue;
        }
        acc = (acc << 6) | val(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Quoted-printable; `header` also maps `_` to a space (RFC 2047 Q encoding).
pub fn qp_decode(s: &str, header: bool) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'=' if b[i + 1..].starts_with(b"\r\n") => i += 3,
            b'=' if b[i + 1..].starts_with(b"\n") => i += 2,
            b'=' => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (
                    b.get(i + 1).and_then(|&c| hex(c)),
                    b.get(i + 2).and_then(|&c| hex(c)),
                ) {
                    (Some(hi), Some(lo)) => {
                        out.push((hi * 16 + lo) as u8);
                        i += 3;
                    }
                    _ => {
                        out.push(b'=');
                        i += 1;
                    }
                }
            }
            b'_' if header => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Decodes one `=?charset?B|Q?text?=` word (UTF-8 and ASCII charsets only).
fn decode_word(word: &str) -> Option<String> {
    let inner = word.strip_prefix("=?")?.strip_suffix("?=")?;
    let mut parts = inner.splitn(3, '?');
    let charset = parts.next()?.to_ascii_lowercase();
    let enc = parts.next()?.to_ascii_lowercase();
    let text = parts.next()?;
    let charset = charset.split('*').next().unwrap_or("");
    if !matches!(charset, "utf-8" | "utf8" | "us-ascii") {
        return None;
    }
    let bytes = match enc.as_str() {
        "b" => base64_decode(text)?,
        "q" => qp_decode(text, true),
        _ => return None,
    };
    String::from_utf8(bytes).ok()
}

/// A header value with its RFC 2047 encoded-words decoded; whitespace between two adjacent
/// encoded words is dropped, as the RFC says. Folding is undone first.
pub fn decode_encoded_words(value: &str) -> String {
    let unfolded = value
        .replace("\r\n ", " ")
        .replace("\r\n\t", " ")
        .replace("\n ", " ")
        .replace("\n\t", " ");
    let mut out = String::new();
    let mut rest = unfolded.as_str();
    let mut pending_space = String::new();
    let mut last_was_word = false;
    while !rest.is_empty() {
        // Whitespace run.
        let ws_len = rest.len() - rest.trim_start().len();
        if ws_len > 0 {
            pending_space = rest[..ws_len].to_owned();
            rest = &rest[ws_len..];
            continue;
        }
        // Token up to the next whitespace.
        let tok_len = rest.find([' ', '\t']).unwrap_or(rest.len());
        let tok = &rest[..tok_len];
        rest = &rest[tok_len..];
        let decoded = if tok.starts_with("=?") && tok.ends_with("?=") {
            decode_word(tok)
        } else {
            None
        };
        match decoded {
            Some(text) => {
                if !last_was_word {
                    out.push_str(&pending_space);
                }
                out.push_str(&text);
                last_was_word = true;
            }
            None => {
                out.push_str(&pending_space);
                out.push_str(tok);
                last_was_word = false;
            }
        }
        pending_space.clear();
    }
    out
}

/// One leaf MIME part, body decoded.
#[derive(Debug, Clone)]
pub struct Part {
    /// The media type, lowercase, without parameters (`text/plain`).
    pub content_type: String,
    pub charset: Option<String>,
    pub body: String,
}

/// A parameter of a header value (`boundary`, `charset`), unquoted.
fn param(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        if k.trim().eq_ignore_ascii_case(name) {
            Some(v.trim().trim_matches('"').to_owned())
        } else {
            None
        }
    })
}

fn collect_parts(entity: &str, out: &mut Vec<Part>) {
    let (head, body) = split_head(entity);
    let fields = header_fields(head);
    let get = |n: &str| {
        fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(n))
            .map(|(_, v)| v.clone())
    };
    let ctype = get("Content-Type").unwrap_or_else(|| "text/plain".into());
    let media = ctype
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if media.starts_with("multipart/") {
        let Some(boundary) = param(&ctype, "boundary") else {
            return;
        };
        let delim = format!("--{boundary}");
        let mut sections = body.split(delim.as_str());
        sections.next(); // preamble
        for section in sections {
            if section.starts_with("--") {
                break; // closing delimiter
            }
            let section = section
                .strip_prefix("\r\n")
                .or_else(|| section.strip_prefix('\n'))
                .unwrap_or(section);
            let section = section
                .strip_suffix("\r\n")
                .or_else(|| section.strip_suffix('\n'))
                .unwrap_or(section);
            collect_parts(section, out);
        }
        return;
    }
    let cte = get("Content-Transfer-Encoding")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let bytes = match cte.as_str() {
        "base64" => base64_decode(body).unwrap_or_default(),
        "quoted-printable" => qp_decode(body, false),
        _ => body.as_bytes().to_vec(),
    };
    out.push(Part {
        content_type: media,
        charset: param(&ctype, "charset"),
        body: String::from_utf8_lossy(&bytes).into_owned(),
    });
}

/// Every leaf MIME part of a received message, decoded.
pub fn parts(m: &Received) -> Vec<Part> {
    let mut out = Vec::new();
    collect_parts(&m.data, &mut out);
    out
}

/// The decoded text/plain part (the body itself for a single-part message).
pub fn text_body(m: &Received) -> Option<String> {
    parts(m)
        .into_iter()
        .find(|p| p.content_type == "text/plain")
        .map(|p| p.body)
}

/// The decoded text/html part.
pub fn html_body(m: &Received) -> Option<String> {
    parts(m)
        .into_iter()
        .find(|p| p.content_type == "text/html")
        .map(|p| p.body)
}
