//! Exports of query results: CSV (UTF-8 with a BOM, so Excel shows Vietnamese correctly), XLSX
//! (rust_xlsxwriter), and the per-unit iCalendar feed (icalendar) with reminder alarms.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use icalendar::{Alarm, Calendar, Component, Event, EventLike};
use serde::Deserialize;

use super::ApiError;
use crate::ledger::{Row, Stats, StatsLine};

/// How a query answers: JSON (the default), CSV or XLSX.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Json,
    Csv,
    Xlsx,
}

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Num(f64),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}
impl From<Option<String>> for Cell {
    fn from(s: Option<String>) -> Self {
        s.map_or(Cell::Empty, Cell::Text)
    }
}
impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Int(n)
    }
}
impl From<u32> for Cell {
    fn from(n: u32) -> Self {
        Cell::Int(i64::from(n))
    }
}
impl From<Option<f64>> for Cell {
    fn from(n: Option<f64>) -> Self {
        n.map_or(Cell::Empty, Cell::Num)
    }
}

/// A CSV text cell as written: one that begins with `=`, `+`, `-`, `@`, a tab or a carriage
/// return gets a leading `'`, so a spreadsheet shows it as text instead of running it as a
/// formula (OWASP, CSV injection). XLSX cells are typed strings and need no such prefix.
fn neutralised(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// A table: column names (the JSON field names) and rows.
pub struct Table {
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

/// The occurrence columns, in the order the exports use.
const ROW_COLUMNS: [&str; 22] = [
    "id",
    "plan",
    "obligation",
    "title",
    "assignee",
    "assignee_name",
    "recipient",
    "via",
    "period",
    "due",
    "original_due",
    "deadline",
    "state",
    "status",
    "status_label",
    "days_overdue",
    "escalation_level",
    "submitted_at",
    "submitted_by",
    "document",
    "extension_reason",
    "closure_reason",
];

/// One occurrence row as export cells, in `ROW_COLUMNS` order.
fn row_cells(r: &Row) -> Vec<Cell> {
    vec![
        r.id.as_str().into(),
        r.plan.as_str().into(),
        r.obligation.as_str().into(),
        r.title.as_str().into(),
        r.assignee.as_str().into(),
        r.assignee_name.as_str().into(),
        r.recipient.as_str().into(),
        r.via.clone().into(),
        r.period.as_str().into(),
        r.due.as_str().into(),
        r.original_due.as_str().into(),
        r.deadline.as_str().into(),
        r.state.name().into(),
        r.status.as_str().into(),
        r.status.label().into(),
        r.days_overdue.into(),
        r.escalation_level.into(),
        r.submission.as_ref().map(|s| s.at.to_rfc3339()).into(),
        r.submission.as_ref().map(|s| s.by.clone()).into(),
        r.submission
            .as_ref()
            .and_then(|s| s.document.clone())
            .into(),
        r.extension
            .as_ref()
            .and_then(|e| e.decision.reason.clone())
            .into(),
        r.closure.as_ref().and_then(|c| c.reason.clone()).into(),
    ]
}

/// One CSV record of export cells (text neutralised against spreadsheet formulas).
fn csv_record(w: &mut csv::Writer<Vec<u8>>, row: &[Cell]) -> Result<(), csv::Error> {
    w.write_record(row.iter().map(|c| match c {
        Cell::Text(s) => neutralised(s),
        Cell::Int(n) => n.to_string(),
        Cell::Num(n) => n.to_string(),
        Cell::Empty => String::new(),
    }))
}

/// How many rows go into one chunk of a streamed CSV download.
const CSV_CHUNK_ROWS: usize = 500;

/// Occurrence rows as a CSV download (UTF-8 with a BOM, the same bytes as `Table::to_csv`),
/// written a chunk of rows at a time as the client reads: the file is never held whole.
pub fn rows_csv_download(rows: Vec<Row>, name: &str) -> Response {
    let head = {
        let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
        let _ = w.write_record(ROW_COLUMNS);
        w.into_inner().unwrap_or_default()
    };
    let chunks = futures_util::stream::unfold(
        (rows.into_iter(), Some(head)),
        |(mut rows, head)| async move {
            if let Some(head) = head {
                return Some((Ok::<_, std::io::Error>(head), (rows, None)));
            }
            let mut w = csv::Writer::from_writer(Vec::new());
            let mut n = 0;
            for r in rows.by_ref().take(CSV_CHUNK_ROWS) {
                if let Err(e) = csv_record(&mut w, &row_cells(&r)) {
                    return Some((Err(std::io::Error::other(e)), (rows, None)));
                }
                n += 1;
            }
            if n == 0 {
                return None;
            }
            let bytes = w
                .into_inner()
                .map_err(|e| std::io::Error::other(e.into_error()));
            Some((bytes, (rows, None)))
        },
    );
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"dondoc-{name}.csv\""),
            ),
        ],
        axum::body::Body::from_stream(chunks),
    )
        .into_response()
}

/// The widest a column is made (in characters), however long its cells.
const XLSX_MAX_WIDTH: usize = 60;

/// An XLSX workbook of one sheet named `sheet`: a bold frozen header row of `columns`, then the
/// `count` rows `rows()` yields (called twice: once to size the columns, once to write), with an
/// autofilter. The sheet is written in the workbook's constant-memory mode: each row goes to a
/// temporary file once the next begins, so a large export never holds its cells twice.
fn xlsx<'a, I>(
    columns: &[&str],
    sheet: &str,
    count: usize,
    rows: impl Fn() -> I,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError>
where
    I: Iterator<Item = std::borrow::Cow<'a, [Cell]>>,
{
    use rust_xlsxwriter::{Format as XFormat, Workbook};
    // Column widths from the longest cell (constant-memory sheets cannot be autofitted).
    let mut widths: Vec<usize> = columns.iter().map(|c| c.chars().count()).collect();
    for row in rows() {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            let len = match cell {
                Cell::Text(s) => s.chars().count(),
                Cell::Int(n) => n.to_string().len(),
                Cell::Num(n) => n.to_string().len(),
                Cell::Empty => 0,
            };
            *w = (*w).max(len);
        }
    }
    let mut book = Workbook::new();
    let ws = book.add_worksheet_with_constant_memory()?;
    ws.set_name(sheet)?;
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w).min(XLSX_MAX_WIDTH) as f64 + 2.0)?;
    }
    let bold = XFormat::new().set_bold();
    for (c, name) in columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *name, &bold)?;
    }
    for (r, row) in rows().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) => {
                    ws.write_string(r, c, s)?;
                }
                Cell::Int(n) => {
                    ws.write_number(r, c, *n as f64)?;
                }
                Cell::Num(n) => {
                    ws.write_number(r, c, *n)?;
                }
                Cell::Empty => {}
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    if !columns.is_empty() {
        ws.autofilter(0, 0, count as u32, columns.len() as u16 - 1)?;
    }
    book.save_to_buffer()
}

/// Occurrence rows as an XLSX workbook (sheet `sheet`), each row's cells made as it is written.
pub fn rows_xlsx(rows: &[Row], sheet: &str) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    xlsx(&ROW_COLUMNS, sheet, rows.len(), || {
        rows.iter().map(|r| std::borrow::Cow::Owned(row_cells(r)))
    })
}

impl Table {
    pub fn of_rows(rows: &[Row]) -> Table {
        let rows = rows.iter().map(row_cells).collect();
        Table {
            columns: ROW_COLUMNS.to_vec(),
            rows,
        }
    }

    /// One line per unit, then one per plan (`scope` says which), then the total.
    pub fn of_stats(stats: &Stats) -> Table {
        let line = |scope: &str, l: &StatsLine| -> Vec<Cell> {
            let c = &l.counts;
            vec![
                scope.into(),
                l.id.as_str().into(),
                l.name.as_str().into(),
                c.done_on_time.into(),
                c.done_late.into(),
                c.open_not_due.into(),
                c.open_overdue.into(),
                c.waived.into(),
                c.cancelled.into(),
                c.extended.into(),
                c.on_time_rate.into(),
                c.avg_days_late.into(),
                c.avg_days_overdue.into(),
            ]
        };
        let total = StatsLine {
            id: String::new(),
            name: format!(
                "Tổng {} – {}",
                stats.from.format("%d/%m/%Y"),
                stats.to.format("%d/%m/%Y")
            ),
            counts: stats.total.clone(),
        };
        let rows = stats
            .units
            .iter()
            .map(|l| line("unit", l))
            .chain(stats.plans.iter().map(|l| line("plan", l)))
            .chain(std::iter::once(line("total", &total)))
            .collect();
        Table {
            columns: vec![
                "scope",
                "id",
                "name",
                "done_on_time",
                "done_late",
                "open_not_due",
                "open_overdue",
                "waived",
                "cancelled",
                "extended",
                "on_time_rate",
                "avg_days_late",
                "avg_days_overdue",
            ],
            rows,
        }
    }

    /// CSV, UTF-8 with a byte-order mark.
    pub fn to_csv(&self) -> Result<Vec<u8>, csv::Error> {
        let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
        w.write_record(&self.columns)?;
        for row in &self.rows {
            csv_record(&mut w, row)?;
        }
        w.into_inner().map_err(|e| e.into_error().into())
    }

    /// An XLSX workbook with one sheet, a bold frozen header row and an autofilter.
    pub fn to_xlsx(&self, sheet: &str) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        xlsx(&self.columns, sheet, self.rows.len(), || {
            self.rows
                .iter()
                .map(|r| std::borrow::Cow::Borrowed(r.as_slice()))
        })
    }

    /// The table as a download in `format` (CSV or XLSX), named `name` plus the extension.
    pub fn download(&self, format: Format, name: &str) -> Result<Response, ApiError> {
        match format {
            Format::Csv => Ok(attachment(
                self.to_csv().map_err(export_failed)?,
                "text/csv; charset=utf-8",
                name,
                "csv",
            )),
            Format::Xlsx => xlsx_download(self.to_xlsx(name), name),
            Format::Json => Err(export_failed("JSON is not a download")),
        }
    }
}

/// The answer to an export that could not be made (logged).
fn export_failed(e: impl std::fmt::Display) -> ApiError {
    tracing::error!(error = %e, "export failed");
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "export", e.to_string())
}

/// `bytes` as a download named `dondoc-<name>.<ext>`.
fn attachment(bytes: Vec<u8>, mime: &str, name: &str, ext: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, mime.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"dondoc-{name}.{ext}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// A workbook as a download named `dondoc-<name>.xlsx`.
pub fn xlsx_download(
    book: Result<Vec<u8>, rust_xlsxwriter::XlsxError>,
    name: &str,
) -> Result<Response, ApiError> {
    Ok(attachment(
        book.map_err(export_failed)?,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        name,
        "xlsx",
    ))
}

/// One event of a unit's calendar: an occurrence's last day, with alarms at its reminders.
pub struct CalendarItem {
    pub uid: String,
    pub last_day: chrono::NaiveDate,
    pub summary: String,
    pub description: String,
    pub url: Option<String>,
    /// When the unit is reminded (and the due notice), as instants.
    pub alarms: Vec<(chrono::DateTime<chrono::Utc>, String)>,
}

/// The iCalendar text of a unit's feed.
pub fn ics(name: &str, items: &[CalendarItem]) -> String {
    let mut cal = Calendar::new();
    cal.name(name).timezone("Asia/Ho_Chi_Minh");
    for item in items {
        let mut ev = Event::new();
        ev.uid(&item.uid)
            .summary(&item.summary)
            .description(&item.description)
            .all_day(item.last_day);
        if let Some(url) = &item.url {
            ev.url(url);
        }
        for (at, text) in &item.alarms {
            ev.alarm(Alarm::display(text, *at));
        }
        cal.push(ev.done());
    }
    cal.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(i: usize) -> Row {
        Row {
            id: format!("kh/ob/xa-{i}/2024-Q1"),
            plan: "kh".into(),
            obligation: "ob".into(),
            title: format!("=Báo cáo số {i}, \"quý\""),
            assignee: format!("xa-{i}"),
            assignee_name: "UBND xã Bình Khê".into(),
            recipient: "bcd".into(),
            via: i.is_multiple_of(2).then(|| "ca".to_owned()),
            period: "2024-Q1".into(),
            due: "2024-03-13T00:00:00+07:00".into(),
            original_due: "2024-03-13T00:00:00+07:00".into(),
            deadline: "trước ngày 13/3/2024".into(),
            state: crate::domain::lifecycle::OccurrenceState::Open,
            status: crate::ledger::Status::OpenOverdue,
            days_overdue: i as i64,
            escalation_level: 0,
            submission: None,
            review: None,
            rejected: None,
            extension: None,
            closure: None,
        }
    }

    #[tokio::test]
    async fn a_streamed_csv_is_the_same_bytes_as_the_whole_table() {
        for n in [0, 1, CSV_CHUNK_ROWS, 2 * CSV_CHUNK_ROWS + 7] {
            let rows: Vec<Row> = (0..n).map(row).collect();
            let whole = Table::of_rows(&rows).to_csv().unwrap();
            let resp = rows_csv_download(rows, "overdue");
            assert_eq!(
                resp.headers()[header::CONTENT_DISPOSITION],
                "attachment; filename=\"dondoc-overdue.csv\""
            );
            let body = axum::body::to_bytes(resp.into_body(), usize::MAX)
                .await
                .unwrap();
            assert_eq!(body.as_ref(), whole.as_slice(), "{n} rows");
        }
    }

    fn table() -> Table {
        Table {
            columns: vec!["unit", "days", "rate"],
            rows: vec![
                vec!["UBND xã Bình Khê".into(), 3i64.into(), Some(0.5).into()],
                vec![
                    "Công an, \"thị xã\"".into(),
                    Cell::Empty,
                    None::<f64>.into(),
                ],
            ],
        }
    }

    #[test]
    fn csv_starts_with_a_bom_and_quotes_properly() {
        let bytes = table().to_csv().unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(&rows[0][0], "UBND xã Bình Khê");
        assert_eq!(&rows[1][0], "Công an, \"thị xã\"");
        assert_eq!(&rows[0][2], "0.5");
        assert_eq!(&rows[1][1], "");
    }

    #[test]
    fn csv_text_cells_that_a_spreadsheet_would_run_are_neutralised() {
        let cases = [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1+2", "'+1+2"),
            ("-3", "'-3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Số 45/BC-UBND", "Số 45/BC-UBND"),
            ("a=b", "a=b"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(neutralised(input), want, "{input:?}");
        }
        // Numbers are numbers, not text: a negative count keeps its sign.
        let t = Table {
            columns: vec!["n", "s"],
            rows: vec![vec![Cell::Int(-2), "-2".into()]],
        };
        let bytes = t.to_csv().unwrap();
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(text.lines().nth(1), Some("-2,'-2"));
    }

    #[test]
    fn xlsx_is_a_zip_workbook() {
        let bytes = table().to_xlsx("overdue").unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"));
        assert!(bytes.len() > 1000);
    }

    /// Written a row at a time, the workbook reads back with every cell, Vietnamese and
    /// formula-like text intact (as typed strings), numbers as numbers.
    #[test]
    fn occurrence_rows_read_back_from_xlsx() {
        use calamine::{Data, Reader};
        let rows: Vec<Row> = (0..300).map(row).collect();
        let bytes = rows_xlsx(&rows, "occurrences").unwrap();
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let sheet = book.worksheet_range("occurrences").unwrap();
        assert_eq!(sheet.rows().count(), rows.len() + 1);
        let header: Vec<String> = sheet
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(header, ROW_COLUMNS);
        for (i, r) in rows.iter().enumerate() {
            let got: Vec<Data> = sheet.rows().nth(i + 1).unwrap().to_vec();
            let want = row_cells(r);
            assert_eq!(got.len(), want.len());
            for (g, w) in got.iter().zip(&want) {
                match w {
                    Cell::Text(t) => assert_eq!(g, &Data::String(t.clone())),
                    Cell::Int(n) => assert_eq!(g, &Data::Float(*n as f64)),
                    Cell::Num(n) => assert_eq!(g, &Data::Float(*n)),
                    Cell::Empty => assert_eq!(g, &Data::Empty),
                }
            }
        }
        // The table's cells too, through the same writer.
        let bytes = table().to_xlsx("stats").unwrap();
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let sheet = book.worksheet_range("stats").unwrap();
        assert_eq!(
            sheet.get((1, 0)),
            Some(&Data::String("UBND xã Bình Khê".into()))
        );
        assert_eq!(sheet.get((1, 1)), Some(&Data::Float(3.0)));
    }

    #[test]
    fn ics_has_events_and_alarms() {
        use std::str::FromStr;
        let day = chrono::NaiveDate::from_ymd_opt(2024, 3, 12).unwrap();
        let at = chrono::DateTime::<chrono::Utc>::from_str("2024-03-04T01:00:00Z").unwrap();
        let text = ics(
            "Công an xã",
            &[CalendarItem {
                uid: "kh/ob/xa/2024-Q1@dondoc".into(),
                last_day: day,
                summary: "Báo cáo quý I/2024".into(),
                description: "Hạn: trước ngày 13".into(),
                url: None,
                alarms: vec![(at, "Còn 7 ngày làm việc".into())],
            }],
        );
        let parsed: icalendar::Calendar = text.parse().unwrap();
        assert_eq!(parsed.components.len(), 1);
        assert!(text.contains("BEGIN:VALARM"), "{text}");
        assert!(text.contains("DTSTART;VALUE=DATE:20240312"), "{text}");
        assert!(
            text.contains("TRIGGER;VALUE=DATE-TIME:20240304T010000Z"),
            "{text}"
        );
    }
}
