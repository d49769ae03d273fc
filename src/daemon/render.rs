//! Message templates (minijinja): the shipped Vietnamese defaults, overridable file by file.

use std::path::{Path, PathBuf};

use anyhow::Context;
use minijinja::Environment;
use serde::Serialize;

/// The message kinds; each has a `<kind>.subject.txt`, `<kind>.txt` and `<kind>.html` template:
/// `message` (everything due to one unit at one send time: items, unreachable units, the weekly
/// digest) and `admin` (a notice to the administrator).
pub const KINDS: [&str; 2] = ["message", "admin"];

const SHIPPED: [(&str, &str); 6] = [
    (
        "message.subject.txt",
        include_str!("../../templates/message.subject.txt"),
    ),
    ("message.txt", include_str!("../../templates/message.txt")),
    ("message.html", include_str!("../../templates/message.html")),
    (
        "admin.subject.txt",
        include_str!("../../templates/admin.subject.txt"),
    ),
    ("admin.txt", include_str!("../../templates/admin.txt")),
    ("admin.html", include_str!("../../templates/admin.html")),
];

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The loaded templates.
pub struct Templates {
    env: Environment<'static>,
    /// Which templates came from the override folder.
    pub overridden: Vec<PathBuf>,
}

impl Templates {
    /// The shipped templates, each replaced by the file of the same name in `dir` if present.
    /// A template that does not compile is an error naming its file and line.
    pub fn load(dir: Option<&Path>) -> anyhow::Result<Self> {
        let mut env = Environment::new();
        env.set_keep_trailing_newline(false);
        // Block tags on lines of their own leave no blank line or indentation behind.
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        let mut overridden = Vec::new();
        // A file named like a template that is not one (an override of a template that was
        // renamed) would silently stop applying: name it.
        if let Some(dir) = dir {
            if let Ok(entries) = std::fs::read_dir(dir) {
                for e in entries.flatten() {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let looks = name.ends_with(".txt") || name.ends_with(".html");
                    if looks && !SHIPPED.iter().any(|(n, _)| *n == name) {
                        anyhow::bail!(
                            "{}:1: not a template of dondoc: the templates are {} \
                             (notification, digest and unreachable are now one `message`)",
                            e.path().display(),
                            SHIPPED.map(|(n, _)| n).join(", ")
                        );
                    }
                }
            }
        }
        for (name, shipped) in SHIPPED {
            let (source, origin) = match dir.map(|d| d.join(name)).filter(|p| p.is_file()) {
                Some(path) => {
                    let text = std::fs::read_to_string(&path)
                        .with_context(|| format!("cannot read template {}", path.display()))?;
                    overridden.push(path.clone());
                    (text, path.display().to_string())
                }
                None => (shipped.to_owned(), format!("shipped template {name}")),
            };
            env.add_template_owned(name, source).map_err(|e| {
                anyhow::anyhow!(
                    "{origin}:{}: {}",
                    e.line().unwrap_or(0),
                    e.detail().unwrap_or("syntax error")
                )
            })?;
        }
        Ok(Self { env, overridden })
    }

    /// Renders one kind of message with `ctx`. The subject is made one line.
    pub fn render<C: Serialize>(&self, kind: &str, ctx: &C) -> Result<Rendered, minijinja::Error> {
        let render = |suffix: &str, ctx: &minijinja::Value| -> Result<String, minijinja::Error> {
            self.env
                .get_template(&format!("{kind}.{suffix}"))?
                .render(ctx)
        };
        let value = minijinja::Value::from_serialize(ctx);
        let subject = render("subject.txt", &value)?
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        // The bodies also see the subject (the HTML <title>).
        let with_subject = minijinja::context! { subject => subject.clone(), ..value };
        let text = render("txt", &with_subject)?;
        let html = render("html", &with_subject)?;
        Ok(Rendered {
            subject,
            text: text.trim_end().to_owned() + "\n",
            html,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_templates_compile_and_overrides_replace_them() {
        let t = Templates::load(None).unwrap();
        let r = t
            .render(
                "message",
                &serde_json::json!({"addressee_name": "Công an thị xã", "count": 1, "items": [],
                    "notices": [{"unit_name": "UBND xã A <b>", "about": "x", "reason": "r"}],
                    "link": "http://l", "sent_at": "07:30 ngày 05/12/2022"}),
            )
            .unwrap();
        assert_eq!(r.subject, "[Không liên lạc được] UBND xã A <b> – x");
        assert!(r.html.contains("UBND xã A &lt;b&gt;"), "{}", r.html);

        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("admin.subject.txt"), "Lỗi: {{ subject }}").unwrap();
        let t = Templates::load(Some(dir.path())).unwrap();
        assert_eq!(t.overridden.len(), 1);
        let r = t
            .render("admin", &serde_json::json!({"subject": "A", "text": "b"}))
            .unwrap();
        assert_eq!(r.subject, "Lỗi: A");

        std::fs::write(dir.path().join("message.txt"), "line\n{% if %}").unwrap();
        let err = Templates::load(Some(dir.path())).err().unwrap().to_string();
        assert!(err.contains("message.txt:2:"), "{err}");
    }
}
