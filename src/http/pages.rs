//! Server-rendered HTML pages (minijinja, auto-escaped): the shipped web templates and a
//! helper that renders one into a response.

use std::sync::OnceLock;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use minijinja::Environment;
use serde::Serialize;

/// The web templates, compiled into the binary.
const PAGES: &[(&str, &str)] = &[
    ("base.html", include_str!("web/base.html")),
    ("dashboard.html", include_str!("web/dashboard.html")),
    ("inbound.html", include_str!("web/inbound.html")),
    ("link.html", include_str!("web/link.html")),
    ("login.html", include_str!("web/login.html")),
    ("message.html", include_str!("web/message.html")),
    ("plan_review.html", include_str!("web/plan_review.html")),
    ("plan_upload.html", include_str!("web/plan_upload.html")),
];

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        for (name, src) in PAGES {
            env.add_template(name, src)
                .unwrap_or_else(|e| panic!("shipped web template {name}: {e:#}"));
        }
        env
    })
}

/// Renders page `name` with `ctx` and `status`; a template error is a logged 500.
pub fn render(status: StatusCode, name: &str, ctx: impl Serialize) -> Response {
    match env().get_template(name).and_then(|t| t.render(ctx)) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(template = name, error = %format!("{e:#}"), "page rendering failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "page rendering failed").into_response()
        }
    }
}

/// `08:30 ngày 20/09/2023`, as the pages show times.
pub fn human_time(t: &crate::domain::time::Instant) -> String {
    t.format("%H:%M ngày %d/%m/%Y").to_string()
}

/// An RFC 3339 instant as `human_time`, in Vietnam's time (unparsable text is shown as is).
pub fn human_time_str(rfc3339: &str) -> String {
    crate::domain::time::parse_instant(rfc3339)
        .map_or_else(|_| rfc3339.to_owned(), |t| human_time(&t))
}

/// A one-message page: a heading, a sentence and an optional detail. `tone` is `ok` or `bad`.
pub fn message(
    status: StatusCode,
    tone: &str,
    heading: &str,
    text: &str,
    detail: &str,
) -> Response {
    render(
        status,
        "message.html",
        minijinja::context! { tone, heading, text, detail },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_page_compiles_and_escapes() {
        for (name, _) in PAGES {
            env().get_template(name).unwrap();
        }
        let html = env()
            .get_template("message.html")
            .unwrap()
            .render(minijinja::context! { heading => "<b>x</b>", text => "t", tone => "ok" })
            .unwrap();
        assert!(
            html.contains("&lt;b&gt;x") && !html.contains("<b>x"),
            "{html}"
        );
    }
}
