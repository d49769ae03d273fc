//! Printing rows as an aligned table, JSON or CSV.

use std::io::Write;

use serde::Serialize;

use crate::query::{AgendaRow, SimulatedMessage};

pub fn json<T: Serialize>(out: &mut impl Write, rows: &[T]) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, rows)?;
    writeln!(out)?;
    Ok(())
}

/// `rows` as `json` writes them (a pretty-printed array), written one row at a time.
pub fn json_rows<T: Serialize>(
    out: &mut impl Write,
    rows: impl Iterator<Item = T>,
) -> anyhow::Result<()> {
    let mut first = true;
    for r in rows {
        out.write_all(if first { b"[\n" } else { b",\n" })?;
        first = false;
        // Strings keep their newlines escaped, so every line break here is the layout's.
        let text = serde_json::to_string_pretty(&r)?;
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                out.write_all(b"\n")?;
            }
            out.write_all(b"  ")?;
            out.write_all(line.as_bytes())?;
        }
    }
    out.write_all(if first { b"[]" } else { b"\n]" })?;
    writeln!(out)?;
    Ok(())
}

/// `rows` as CSV (a header from the first row's field names), one row at a time.
pub fn csv_rows<T: Serialize>(
    out: &mut impl Write,
    rows: impl Iterator<Item = T>,
) -> anyhow::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    for r in rows {
        w.serialize(r)?;
    }
    w.flush()?;
    Ok(())
}

/// Left-aligned columns sized to their widest cell (in characters).
fn table(out: &mut impl Write, header: &[&str], rows: Vec<Vec<String>>) -> anyhow::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: Vec<String>| -> String {
        let mut s = String::new();
        for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                s.push_str(c);
                s.push_str(&" ".repeat(w - c.chars().count() + 2));
            }
        }
        s
    };
    writeln!(
        out,
        "{}",
        line(header.iter().map(|h| h.to_string()).collect())
    )?;
    for r in rows {
        writeln!(out, "{}", line(r))?;
    }
    Ok(())
}

fn short_time(rfc3339: &str) -> String {
    // 2023-09-13T00:00:00+07:00 → 2023-09-13 00:00
    rfc3339.get(..16).unwrap_or(rfc3339).replace('T', " ")
}

pub fn agenda_table(out: &mut impl Write, rows: &[AgendaRow]) -> anyhow::Result<()> {
    let cells = rows
        .iter()
        .map(|r| {
            vec![
                short_time(&r.due),
                r.period.clone(),
                r.plan.clone(),
                r.obligation.clone(),
                r.assignee.clone(),
                if r.inferred {
                    "inferred".into()
                } else {
                    String::new()
                },
                r.deadline.clone(),
            ]
        })
        .collect();
    table(
        out,
        &[
            "DUE",
            "PERIOD",
            "PLAN",
            "OBLIGATION",
            "ASSIGNEE",
            "",
            "DEADLINE",
        ],
        cells,
    )?;
    writeln!(out, "{} occurrence(s)", rows.len())?;
    Ok(())
}

pub fn simulate_table(out: &mut impl Write, messages: &[SimulatedMessage]) -> anyhow::Result<()> {
    let mut cells = Vec::new();
    let mut items = 0;
    for m in messages {
        for (i, r) in m.items.iter().enumerate() {
            items += 1;
            cells.push(vec![
                if i == 0 {
                    short_time(&m.at)
                } else {
                    String::new()
                },
                if i == 0 {
                    m.recipient.clone()
                } else {
                    String::new()
                },
                r.key.clone(),
                r.plan.clone(),
                r.obligation.clone(),
                r.assignee.clone(),
                short_time(&r.due),
            ]);
        }
    }
    table(
        out,
        &["AT", "TO", "STAGE", "PLAN", "OBLIGATION", "ASSIGNEE", "DUE"],
        cells,
    )?;
    writeln!(out, "{} message(s), {items} item(s)", messages.len())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct R {
        a: u32,
        b: Vec<&'static str>,
        c: Option<&'static str>,
    }

    fn rows() -> Vec<R> {
        vec![
            R {
                a: 1,
                b: vec!["x", "dòng 1\ndòng 2"],
                c: None,
            },
            R {
                a: 2,
                b: vec![],
                c: Some("\"quoted\", {braces}"),
            },
        ]
    }

    #[test]
    fn streamed_json_and_csv_are_the_collected_bytes() {
        for n in 0..=2 {
            let (mut streamed, mut collected) = (Vec::new(), Vec::new());
            json_rows(&mut streamed, rows().into_iter().take(n)).unwrap();
            json(&mut collected, &rows()[..n]).unwrap();
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                String::from_utf8(collected).unwrap(),
                "{n} rows"
            );
        }
    }
}
