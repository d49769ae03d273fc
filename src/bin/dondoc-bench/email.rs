//! The email phase: dondoc's email channel, lettre direct (with and without TCP_NODELAY) and Python's smtplib against one loopback SMTP sink.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use dondoc::domain::ids::EmailAddress;
use dondoc::notify::email::Email;
use dondoc::notify::{EmailSettings, Message};

use crate::{smtp, Child, Results, RunOpts};

/// A reminder of realistic size (the shapes of templates/notification.*).
fn message(i: usize) -> (String, String, String) {
    let subject = format!(
        "[Nhắc hạn] Báo cáo tình hình, kết quả triển khai thực hiện kế hoạch quý IV/2025 – hạn trước ngày 13/12/2025 (còn 6 ngày) #{i}"
    );
    let mut text = String::from(
        "Kính gửi: Ủy ban nhân dân xã Số 12 (tỉnh Mẫu Sơn)\n\nĐôn đốc nhắc hạn nhiệm vụ sau:\n\n",
    );
    for _ in 0..8 {
        text.push_str("Nhiệm vụ: Báo cáo tình hình, kết quả triển khai thực hiện kế hoạch, gửi về Ban Chỉ đạo (qua Công an - Cơ quan Thường trực) trước ngày 13/12/2025.\n");
    }
    let html = format!(
        "<!doctype html><html><body><p>{}</p></body></html>",
        text.replace('\n', "<br>\n")
    );
    (subject, text, html)
}

const PYTHON_SENDER: &str = r##"
import smtplib, sys, time
from email.message import EmailMessage
port, n, folder, mode = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
subject = open(folder + "/subject.txt", encoding="utf-8").read()
text = open(folder + "/text.txt", encoding="utf-8").read()
html = open(folder + "/html.txt", encoding="utf-8").read()
def msg(i):
    m = EmailMessage()
    m["Subject"] = subject.replace("#0", "#%d" % i)
    m["From"] = "Đôn đốc <dondoc@localhost>"
    m["To"] = "ubnd-xa-%d@example.org" % i
    m["Message-ID"] = "<bench-%d@dondoc>" % i
    m.set_content(text)
    m.add_alternative(html, subtype="html")
    return m
t = time.perf_counter()
if mode == "reuse":
    with smtplib.SMTP("127.0.0.1", port) as s:
        for i in range(n):
            s.send_message(msg(i))
else:
    for i in range(n):
        with smtplib.SMTP("127.0.0.1", port) as s:
            s.send_message(msg(i))
print(time.perf_counter() - t)
"##;

/// The channel's message (the same as `notify::email` builds).
fn lettre_message(i: usize) -> anyhow::Result<lettre::Message> {
    let (subject, text, html) = message(i);
    Ok(lettre::Message::builder()
        .from("Đôn đốc <dondoc@localhost>".parse()?)
        .subject(subject)
        .message_id(Some(format!("<bench-{i}@dondoc>")))
        .to(format!("ubnd-xa-{i}@example.org").parse()?)
        .multipart(lettre::message::MultiPart::alternative_plain_html(
            text, html,
        ))?)
}

/// Sends `n` messages over `conns` lettre connections opened by hand; seconds taken.
async fn lettre_direct(addr: &str, n: usize, conns: usize, nodelay: bool) -> anyhow::Result<f64> {
    use lettre::transport::smtp::client::AsyncSmtpConnection;
    use lettre::transport::smtp::extension::ClientId;
    let t = Instant::now();
    let per = n.div_ceil(conns);
    let mut tasks = tokio::task::JoinSet::new();
    for c in 0..conns {
        let addr = addr.to_owned();
        tasks.spawn(async move {
            let tcp = tokio::net::TcpStream::connect(&addr).await?;
            tcp.set_nodelay(nodelay)?;
            let mut conn =
                AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &ClientId::default())
                    .await?;
            for i in (c * per)..((c + 1) * per).min(n) {
                let m = lettre_message(i)?;
                conn.send(m.envelope(), &m.formatted()).await?;
            }
            conn.quit().await?;
            anyhow::Ok(())
        });
    }
    while let Some(res) = tasks.join_next().await {
        res??;
    }
    Ok(t.elapsed().as_secs_f64())
}

pub(crate) async fn email_phase(r: &mut Results, o: &RunOpts, dir: &Path) -> anyhow::Result<()> {
    let me = std::env::current_exe()?;
    let mut sink = Child(
        Command::new(me)
            .args(["smtp-sink", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .spawn()?,
    );
    let addr = {
        use std::io::BufRead;
        let mut line = String::new();
        std::io::BufReader::new(sink.0.stdout.take().unwrap()).read_line(&mut line)?;
        line.trim()
            .strip_prefix("listening ")
            .context("smtp sink did not start")?
            .to_owned()
    };
    let port = addr.rsplit(':').next().unwrap().to_owned();

    // dondoc's channel: as the daemon uses it (pooled, concurrent sends bounded by its semaphore,
    // max_connections = 4 as config.toml ships).
    let email = Arc::new(Email::new(&EmailSettings {
        smtp_url: format!("smtp://{addr}"),
        from: "Đôn đốc <dondoc@localhost>".into(),
        ca_file: None,
        max_concurrent: 4,
        timeout: Duration::from_secs(30),
    })?);
    let (m0, b0) = smtp::stat(&addr).await?;
    let t = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..o.mails {
        let email = email.clone();
        tasks.spawn(async move {
            let (subject, text, html) = message(i);
            let msg = Message {
                key: format!("bench/{i}#reminder-3@ubnd-xa-{i}"),
                message_id: format!("<bench-{i}@dondoc>"),
                unit: format!("ubnd-xa-{i}"),
                unit_name: "Ủy ban nhân dân xã".into(),
                subject,
                text,
                html,
                short: String::new(),
                meta: serde_json::Value::Null,
                date: None,
            };
            let to = vec![EmailAddress::parse(&format!("ubnd-xa-{i}@example.org")).unwrap()];
            email.send(&to, &msg).await
        });
    }
    while let Some(res) = tasks.join_next().await {
        res?.map_err(|e| anyhow::anyhow!("email send failed: {e:?}"))?;
    }
    r.dondoc_mail_s = t.elapsed().as_secs_f64();
    email.shutdown().await;
    let (m1, b1) = smtp::stat(&addr).await?;
    if (m1 - m0) as usize != o.mails {
        bail!(
            "the sink got {} messages from dondoc, not {}",
            m1 - m0,
            o.mails
        );
    }
    r.mail_bytes_dondoc = (b1 - b0) / o.mails as u64;
    eprintln!("dondoc email: {} in {:.2}s", o.mails, r.dondoc_mail_s);
    // The profile of the channel's limit: the same messages over the same number of lettre
    // connections opened by hand, with Nagle's algorithm on (as lettre's pool opens them) and
    // with TCP_NODELAY.
    for nodelay in [false, true] {
        let (m0, _) = smtp::stat(&addr).await?;
        let s = lettre_direct(&addr, o.mails, 4, nodelay).await?;
        let (m1, _) = smtp::stat(&addr).await?;
        if (m1 - m0) as usize != o.mails {
            bail!("the sink got {} messages, not {}", m1 - m0, o.mails);
        }
        eprintln!(
            "lettre connections (nodelay {nodelay}): {} in {s:.2}s",
            o.mails
        );
        if nodelay {
            r.lettre_nodelay_s = s;
        } else {
            r.lettre_nagle_s = s;
        }
    }

    if o.peers {
        let (subject, text, html) = message(0);
        std::fs::write(dir.join("subject.txt"), subject)?;
        std::fs::write(dir.join("text.txt"), text)?;
        std::fs::write(dir.join("html.txt"), html)?;
        std::fs::write(dir.join("sender.py"), PYTHON_SENDER)?;
        for mode in ["reuse", "per-connection"] {
            let (m0, b0) = smtp::stat(&addr).await?;
            let out = Command::new("python3")
                .arg(dir.join("sender.py"))
                .args([&port, &o.mails.to_string()])
                .arg(dir)
                .arg(mode)
                .output()?;
            if !out.status.success() {
                bail!("python3 sender: {}", String::from_utf8_lossy(&out.stderr));
            }
            let s: f64 = String::from_utf8_lossy(&out.stdout).trim().parse()?;
            let (m1, b1) = smtp::stat(&addr).await?;
            if (m1 - m0) as usize != o.mails {
                bail!(
                    "the sink got {} messages from python, not {}",
                    m1 - m0,
                    o.mails
                );
            }
            r.mail_bytes_python = (b1 - b0) / o.mails as u64;
            if mode == "reuse" {
                r.python_mail_s = Some(s);
            } else {
                r.python_mail_per_conn_s = Some(s);
            }
            eprintln!("python smtplib ({mode}): {} in {s:.2}s", o.mails);
        }
    }
    drop(sink);
    Ok(())
}
