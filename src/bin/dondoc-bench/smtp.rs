//! A minimal loopback SMTP sink (a separate process, so that both senders measured against it
//! pay the same server): accepts every command, counts messages and bytes. `STAT` answers
//! `250 <messages> <bytes>`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Default)]
struct Counts {
    messages: AtomicU64,
    bytes: AtomicU64,
}

pub async fn sink(listen: &str) -> anyhow::Result<()> {
    let listener = TcpListener::bind(listen).await?;
    println!("listening {}", listener.local_addr()?);
    let counts = Arc::new(Counts::default());
    loop {
        let (sock, _) = listener.accept().await?;
        let counts = counts.clone();
        tokio::spawn(async move {
            let _ = session(sock, &counts).await;
        });
    }
}

async fn session(sock: tokio::net::TcpStream, counts: &Counts) -> std::io::Result<()> {
    let _ = sock.set_nodelay(true);
    let (r, mut w) = sock.into_split();
    let mut r = BufReader::new(r);
    w.write_all(b"220 sink.localhost ESMTP\r\n").await?;
    let mut line = Vec::new();
    loop {
        line.clear();
        if r.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let cmd = String::from_utf8_lossy(&line).to_ascii_uppercase();
        let reply: &[u8] = if cmd.starts_with("EHLO") {
            b"250-sink.localhost\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 10485760\r\n"
        } else if cmd.starts_with("DATA") {
            w.write_all(b"354 go ahead\r\n").await?;
            let mut size = 0u64;
            loop {
                line.clear();
                if r.read_until(b'\n', &mut line).await? == 0 {
                    return Ok(());
                }
                if line == b".\r\n" || line == b".\n" {
                    break;
                }
                size += line.len() as u64;
            }
            counts.messages.fetch_add(1, Ordering::Relaxed);
            counts.bytes.fetch_add(size, Ordering::Relaxed);
            b"250 queued\r\n"
        } else if cmd.starts_with("QUIT") {
            w.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else if cmd.starts_with("STAT") {
            let s = format!(
                "250 {} {}\r\n",
                counts.messages.load(Ordering::Relaxed),
                counts.bytes.load(Ordering::Relaxed)
            );
            w.write_all(s.as_bytes()).await?;
            continue;
        } else {
            b"250 ok\r\n"
        };
        w.write_all(reply).await?;
    }
}

/// Messages and bytes the sink at `addr` has received.
pub async fn stat(addr: &str) -> anyhow::Result<(u64, u64)> {
    let sock = tokio::net::TcpStream::connect(addr).await?;
    let (r, mut w) = sock.into_split();
    let mut r = BufReader::new(r);
    let mut line = String::new();
    r.read_line(&mut line).await?;
    w.write_all(b"STAT\r\n").await?;
    line.clear();
    r.read_line(&mut line).await?;
    w.write_all(b"QUIT\r\n").await?;
    let mut parts = line.split_whitespace().skip(1);
    let m = parts.next().unwrap_or("0").parse()?;
    let b = parts.next().unwrap_or("0").parse()?;
    Ok((m, b))
}
