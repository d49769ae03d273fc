//! Every write to the store holds its write pause, so a backup taken while the daemon runs is
//! the store between two writes (see `src/store/backup.rs`). A new write method that forgets
//! `let _w = self.writing();` (or, for a helper, a `_held: &WritePause<'_>` parameter that only
//! a holder can pass) fails here.

use std::path::Path;

const WRITES: [&str; 7] = [
    ".insert(",
    ".remove(",
    ".compare_and_swap(",
    ".apply_batch(",
    ".clear(",
    ".transaction(",
    ".update_and_fetch(",
];

/// The functions of `text` (methods indented by four spaces) before its test module: (name, body).
fn functions(text: &str) -> Vec<(String, String)> {
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    let mut out: Vec<(String, String)> = Vec::new();
    for line in code.lines() {
        let t = line.trim_start();
        let indent = line.len() - t.len();
        let starts = indent == 4
            && (t.starts_with("pub fn ")
                || t.starts_with("fn ")
                || t.starts_with("pub async fn ")
                || t.starts_with("pub(crate) fn ")
                || t.starts_with("pub(super) fn "));
        if starts {
            let name = t
                .split("fn ")
                .nth(1)
                .and_then(|r| r.split(['(', '<']).next())
                .unwrap_or("?")
                .to_owned();
            out.push((name, String::new()));
        } else if indent == 0 && !t.is_empty() && !t.starts_with("//") {
            // Back at item level: no function open.
            if t.starts_with('}') || t.starts_with("impl") {
                out.push(("(item)".to_owned(), String::new()));
            }
        }
        if let Some(last) = out.last_mut() {
            last.1.push_str(line);
            last.1.push('\n');
        }
    }
    out
}

#[test]
fn every_store_write_holds_the_write_pause() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The store's module and the files split from it (records, occurrences, outbox, logs,
    // small state, the live index and tallies).
    let text: String = [
        "mod",
        "records",
        "occurrences",
        "outbox",
        "logs",
        "state",
        "aggregates",
        "live",
        "tallies",
    ]
    .iter()
    .map(|f| std::fs::read_to_string(root.join(format!("src/store/{f}.rs"))).unwrap())
    .map(|t| {
        t.split("#[cfg(test)]")
            .next()
            .unwrap_or_default()
            .to_owned()
    })
    .collect::<Vec<_>>()
    .join("\n}\n");
    let mut writers = 0;
    for (name, body) in functions(&text) {
        // `open` and its helpers run before the store is shared: nothing to pause yet;
        // `recover` holds the pause exclusively while it opens the store again.
        if name == "(item)"
            || name == "open"
            || name == "open_handles"
            || name == "recover"
            || name == "load_open_index"
            || name == "load_pending"
            || name == "load_aggregates"
            // The in-memory live index and the names its entries share (maps, no sled call),
            // changed by a writer after its transaction.
            || name == "set_live"
            || name == "intern"
        {
            continue;
        }
        if WRITES.iter().any(|w| body.contains(w)) {
            writers += 1;
            assert!(
                body.contains("self.writing()") || body.contains("_held: &WritePause<'_>"),
                "Store::{name} writes to sled without `let _w = self.writing();`: a backup \
                 taken meanwhile could catch it half done"
            );
        }
    }
    assert!(
        writers >= 8,
        "found only {writers} write methods in src/store/"
    );
}
