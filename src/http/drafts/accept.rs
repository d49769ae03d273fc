//! Accepting a reviewed draft: created units, the check (fields, then the world as `check` loads it), the schedule file, the audit entry, the daemon's reload.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use super::model::Review;
use crate::domain::ids::{ObligationId, PlanId, UnitId};
use crate::domain::model::Directory;
use crate::domain::rule::{parse_date, DueRule};
use crate::draft::text::{fold, slug};
use crate::http::AppState;
use crate::schedule::World;
use crate::store::AuditEntry;

/// One problem found by the check, next to the field it concerns
/// (`plan_id`, `obligations[2].assignees`, `file`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

fn err(field: impl Into<String>, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// What the reviewer (or API caller) decided besides the edits.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The plan's id in the schedule; an existing plan's id replaces that plan.
    pub plan_id: Option<String>,
    /// Create a unit for every unmatched name (not only those marked `create`).
    pub create_unmatched: bool,
}

/// Who accepted, and the draft's provenance, for the file's header and the audit log.
#[derive(Debug, Clone)]
pub struct Provenance {
    pub who: String,
    pub at: crate::domain::time::Instant,
    pub draft_id: String,
    pub file_name: String,
    pub uploaded_by: String,
}

/// The accepted plan.
#[derive(Debug, Clone, Serialize)]
pub struct Accepted {
    pub plan_id: String,
    pub path: String,
    pub obligations: usize,
    pub occurrences: usize,
    /// The id of the plan's next open occurrence, if any (the page shows it).
    #[serde(skip)]
    pub next: Option<String>,
    /// Whether a plan of that id was replaced.
    #[serde(skip)]
    pub replaced: bool,
}

/// A unit to create, from an unmatched name.
#[derive(Debug, Clone, PartialEq)]
pub struct NewUnit {
    pub id: String,
    pub name: String,
    /// The directory has it already (same name): placed, not written again.
    pub exists: bool,
}

/// Ids for new units: the name's slug, never one the directory (or an earlier new unit) has.
pub fn new_units(review: &Review, dir: &Directory, all: bool) -> Vec<NewUnit> {
    let mut taken: BTreeSet<String> = dir
        .units()
        .map(|u| u.id.to_string())
        .chain(dir.groups().map(|g| g.id.to_string()))
        .collect();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for u in &review.unmatched {
        let wanted = all || u.resolution.as_deref() == Some("create");
        if !wanted || u.role == "issuer" || u.name.trim().is_empty() {
            continue;
        }
        if !seen.insert(fold(u.name.trim())) {
            continue;
        }
        // A unit of that very name (created by an earlier acceptance) is used, not doubled.
        if let Some(same) = dir.units().find(|x| fold(&x.name) == fold(u.name.trim())) {
            out.push(NewUnit {
                id: same.id.to_string(),
                name: u.name.trim().to_owned(),
                exists: true,
            });
            continue;
        }
        let base = match slug(&u.name, 48) {
            s if s.is_empty() => "don-vi".to_owned(),
            s => s,
        };
        let mut id = base.clone();
        let mut n = 2;
        while taken.contains(&id) || UnitId::parse(&id).is_err() {
            id = format!("{base}-{n}");
            n += 1;
        }
        taken.insert(id.clone());
        out.push(NewUnit {
            id,
            name: u.name.trim().to_owned(),
            exists: false,
        });
    }
    out
}

/// Puts a unit where an unmatched name stood: the obligations of its sentence (else of its
/// clause) as an assignee, or as the recipient where none is set.
pub fn place_unit(review: &mut Review, clause: &str, line: usize, role: &str, unit: &str) {
    let same_line: Vec<usize> = (0..review.obligations.len())
        .filter(|&i| {
            let o = &review.obligations[i];
            o.clause == clause && o.rest.get("line").and_then(Value::as_u64) == Some(line as u64)
        })
        .collect();
    let targets = if same_line.is_empty() {
        (0..review.obligations.len())
            .filter(|&i| review.obligations[i].clause == clause)
            .collect()
    } else {
        same_line
    };
    for i in targets {
        let o = &mut review.obligations[i];
        match role {
            "recipient" => {
                if o.recipient.as_deref().is_none_or(str::is_empty) {
                    o.recipient = Some(unit.to_owned());
                }
            }
            _ => {
                if !o.assignees.iter().any(|a| a == unit) {
                    o.assignees.push(unit.to_owned());
                }
            }
        }
    }
}

/// Applies the new units to the review (each placed where its name stood; the names leave the
/// unmatched list).
pub fn apply_new_units(review: &mut Review, units: &[NewUnit]) {
    let placements: Vec<(String, usize, String, String)> = review
        .unmatched
        .iter()
        .filter_map(|u| {
            let key = fold(u.name.trim());
            units
                .iter()
                .find(|n| fold(&n.name) == key)
                .map(|n| (u.clause.clone(), u.line, u.role.clone(), n.id.clone()))
        })
        .collect();
    for (clause, line, role, id) in placements {
        place_unit(review, &clause, line, &role, &id);
    }
    review
        .unmatched
        .retain(|u| !units.iter().any(|n| fold(&n.name) == fold(u.name.trim())));
}

fn known(dir: &Directory, extra: &[NewUnit], id: &str) -> Result<(), String> {
    let parsed = UnitId::parse(id).map_err(|e| format!("`{id}`: {e}"))?;
    if dir.contains(&parsed) || extra.iter().any(|u| u.id == id) {
        Ok(())
    } else {
        Err(format!("`{id}` is not a unit or group of the directory"))
    }
}

fn date_field(errors: &mut Vec<FieldError>, field: &str, v: &Option<String>) {
    if let Some(s) = v.as_deref().filter(|s| !s.trim().is_empty()) {
        if let Err(e) = parse_date(s.trim()) {
            errors.push(err(field, e.to_string()));
        }
    }
}

/// Every problem of the reviewed plan that its fields show, each next to its field.
pub fn check_fields(review: &Review, dir: &Directory, extra: &[NewUnit]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if let Err(e) = PlanId::parse(&review.plan_id) {
        errors.push(err("plan_id", e.to_string()));
    }
    if review.issuer.as_deref().is_none_or(|s| s.trim().is_empty()) {
        errors.push(err(
            "issuer",
            "the issuing body (cơ quan ban hành) is missing",
        ));
    }
    date_field(&mut errors, "issued", &review.issued);
    date_field(&mut errors, "valid_from", &review.valid_from);
    if review.obligations.is_empty() {
        errors.push(err("obligations", "the plan has no obligation left"));
    }
    let mut ids = BTreeSet::new();
    for (i, o) in review.obligations.iter().enumerate() {
        let f = |name: &str| format!("obligations[{i}].{name}");
        match ObligationId::parse(&o.id) {
            Err(e) => errors.push(err(f("id"), e.to_string())),
            Ok(_) if !ids.insert(o.id.clone()) => {
                errors.push(err(f("id"), format!("duplicate obligation id `{}`", o.id)))
            }
            Ok(_) => {}
        }
        if o.title.trim().is_empty() {
            errors.push(err(f("title"), "the title is empty"));
        }
        if o.clause.trim().is_empty() {
            errors.push(err(f("clause"), "the clause (mục) is empty"));
        }
        if o.quote.trim().is_empty() {
            errors.push(err(f("quote"), "the plan's sentence is empty"));
        }
        if o.assignees.is_empty() {
            errors.push(err(f("assignees"), "no assignee: choose at least one unit"));
        }
        for a in &o.assignees {
            if let Err(e) = known(dir, extra, a) {
                errors.push(err(f("assignees"), e));
            }
        }
        for c in o.cooperating_ids() {
            if let Err(e) = known(dir, extra, &c) {
                errors.push(err(f("cooperating"), e));
            }
        }
        match o.recipient.as_deref().filter(|r| !r.trim().is_empty()) {
            None => errors.push(err(
                f("recipient"),
                "no recipient: choose the unit that receives it",
            )),
            Some(r) => {
                if let Err(e) = known(dir, extra, r) {
                    errors.push(err(f("recipient"), e));
                }
            }
        }
        if let Some(v) = o.via.as_deref().filter(|v| !v.trim().is_empty()) {
            if let Err(e) = known(dir, extra, v) {
                errors.push(err(f("via"), e));
            }
        }
        match o.rule_spec() {
            Err(e) => errors.push(err(f("rule"), e)),
            Ok(spec) => {
                if let Err(e) = DueRule::parse(&spec) {
                    errors.push(err(f("rule"), e.to_string()));
                }
            }
        }
        date_field(&mut errors, &f("valid_from"), &o.valid_from);
        date_field(&mut errors, &f("valid_until"), &o.valid_until);
        if let (Some(a), Some(b)) = (
            o.valid_from
                .as_deref()
                .and_then(|s| parse_date(s.trim()).ok()),
            o.valid_until
                .as_deref()
                .and_then(|s| parse_date(s.trim()).ok()),
        ) {
            if b < a {
                errors.push(err(f("valid_until"), "the validity ends before it starts"));
            }
        }
    }
    errors
}

fn q(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

fn list(items: &[String]) -> String {
    let v: Vec<String> = items.iter().map(|s| q(s)).collect();
    format!("[{}]", v.join(", "))
}

/// A JSON rule object as the inline table a schedule file writes (`rule` first).
fn inline_rule(rule: &Value) -> String {
    let mut parts = Vec::new();
    if let Some(map) = rule.as_object() {
        if let Some(r) = map.get("rule") {
            parts.push(format!("rule = {}", json_to_toml(r)));
        }
        for (k, v) in map {
            if k != "rule" && !v.is_null() {
                parts.push(format!("{k} = {}", json_to_toml(v)));
            }
        }
    }
    format!("{{ {} }}", parts.join(", "))
}

fn json_to_toml(v: &Value) -> String {
    match v {
        Value::String(s) => q(s),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => q(&other.to_string()),
    }
}

/// The schedule file of the reviewed plan, and which field each line states (for the check's
/// diagnostics, by line).
pub fn schedule_text(review: &Review, prov: &Provenance) -> (String, Vec<(usize, String)>) {
    let mut out = String::new();
    let mut fields: Vec<(usize, String)> = Vec::new();
    let mut line = |out: &mut String, field: Option<String>, text: String| {
        if let Some(f) = field {
            fields.push((out.matches('\n').count() + 1, f));
        }
        out.push_str(&text);
        out.push('\n');
    };
    let at = prov.at.to_rfc3339();
    for c in [
        format!(
            "# Accepted on the coordinator page by {} at {at}.",
            prov.who.replace('\n', " ")
        ),
        format!(
            "# Chấp nhận trên trang điều phối: {}, lúc {}.",
            prov.who.replace('\n', " "),
            crate::http::pages::human_time(&prov.at)
        ),
        format!(
            "# Drafted from the uploaded file {} (uploaded by {}, draft {}), reviewed before acceptance.",
            prov.file_name.replace('\n', " "),
            prov.uploaded_by.replace('\n', " "),
            prov.draft_id
        ),
    ] {
        line(&mut out, None, c);
    }
    line(&mut out, None, String::new());
    line(&mut out, Some("plan".into()), "[plan]".into());
    line(
        &mut out,
        Some("plan_id".into()),
        format!("id = {}", q(&review.plan_id)),
    );
    if let Some(n) = review.number.as_deref().filter(|s| !s.trim().is_empty()) {
        line(
            &mut out,
            Some("number".into()),
            format!("number = {}", q(n.trim())),
        );
    }
    line(
        &mut out,
        Some("issuer".into()),
        format!(
            "issuer = {}",
            q(review.issuer.as_deref().unwrap_or("").trim())
        ),
    );
    if let Some(d) = review.issued.as_deref().filter(|s| !s.trim().is_empty()) {
        line(
            &mut out,
            Some("issued".into()),
            format!("issued = {}", q(d.trim())),
        );
    }
    let title = review
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(&prov.file_name);
    line(
        &mut out,
        Some("title".into()),
        format!("title = {}", q(title.trim())),
    );
    line(&mut out, None, format!("source = {}", q(&prov.file_name)));
    if let Some(d) = review
        .valid_from
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        line(
            &mut out,
            Some("valid_from".into()),
            format!("valid_from = {}", q(d.trim())),
        );
    }
    line(&mut out, None, "shift = \"none\"".into());
    for (i, o) in review.obligations.iter().enumerate() {
        let f = |name: &str| Some(format!("obligations[{i}].{name}"));
        line(&mut out, None, String::new());
        line(&mut out, f("id"), "[[obligation]]".into());
        if let Some(p) = o
            .rest
            .get("phrase")
            .and_then(Value::as_str)
            .filter(|p| !p.is_empty())
        {
            line(
                &mut out,
                None,
                format!("# rule from: “{}”", p.replace('\n', " ")),
            );
        }
        line(&mut out, f("id"), format!("id = {}", q(&o.id)));
        line(
            &mut out,
            f("title"),
            format!("title = {}", q(o.title.trim())),
        );
        let kind = serde_json::to_value(o.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_else(|| "task".into());
        line(&mut out, f("kind"), format!("kind = {}", q(&kind)));
        line(
            &mut out,
            f("clause"),
            format!("clause = {}", q(o.clause.trim())),
        );
        line(
            &mut out,
            f("quote"),
            format!("quote = {}", q(o.quote.trim())),
        );
        line(
            &mut out,
            f("assignees"),
            format!("assignees = {}", list(&o.assignees)),
        );
        let coop = o.cooperating_ids();
        if !coop.is_empty() {
            line(
                &mut out,
                f("cooperating"),
                format!("cooperating = {}", list(&coop)),
            );
        }
        line(
            &mut out,
            f("recipient"),
            format!("recipient = {}", q(o.recipient.as_deref().unwrap_or(""))),
        );
        if let Some(v) = o.via.as_deref().filter(|v| !v.trim().is_empty()) {
            line(&mut out, f("via"), format!("via = {}", q(v)));
        }
        line(
            &mut out,
            f("rule"),
            format!("due = {}", inline_rule(&o.rule_value())),
        );
        for (name, v) in [
            ("valid_from", &o.valid_from),
            ("valid_until", &o.valid_until),
        ] {
            if let Some(d) = v.as_deref().filter(|s| !s.trim().is_empty()) {
                line(&mut out, f(name), format!("{name} = {}", q(d.trim())));
            }
        }
    }
    let standing = review
        .rest
        .get("standing")
        .and_then(Value::as_array)
        .filter(|v| !v.is_empty());
    if let Some(standing) = standing {
        use crate::draft::writer::{standing_line, STANDING_HEADING};
        line(&mut out, None, String::new());
        line(&mut out, None, format!("# {STANDING_HEADING}"));
        for s in standing {
            let text = |k: &str| s.get(k).and_then(Value::as_str).unwrap_or("");
            let who: Vec<&str> = s
                .get("assignees")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let at = s.get("line").and_then(Value::as_u64).unwrap_or(0) as usize;
            let c = standing_line(text("clause"), at, text("title"), text("phrase"), &who);
            line(&mut out, None, format!("# {c}"));
        }
    }
    (out, fields)
}

/// The directory file of the units created on acceptance (no contacts: their messages go to
/// the outbox folder until someone adds one).
pub fn units_text(units: &[NewUnit], prov: &Provenance, plan_id: &str) -> String {
    let mut out = format!(
        "# Units created on the coordinator page by {} at {} while accepting plan {plan_id}.\n\
         # No contact yet: their messages go to the outbox folder until one is added.\n",
        prov.who.replace('\n', " "),
        prov.at.to_rfc3339()
    );
    for u in units {
        let _ = write!(
            out,
            "\n[[unit]]\nid = {}\nname = {}\n",
            q(&u.id),
            q(&u.name)
        );
    }
    out
}

/// The field a diagnostic of the written file concerns: the last field stated at or before its line.
fn field_of_line(fields: &[(usize, String)], line: usize) -> String {
    fields
        .iter()
        .rev()
        .find(|(l, _)| *l <= line)
        .map_or_else(|| "file".to_owned(), |(_, f)| f.clone())
}

/// A file as it was before acceptance wrote it, to put back if the check fails.
struct Backup {
    path: PathBuf,
    before: Option<Vec<u8>>,
}

impl Backup {
    fn write(path: &Path, text: &str) -> std::io::Result<Self> {
        let before = std::fs::read(path).ok();
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("toml.part");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, path)?;
        Ok(Self {
            path: path.to_path_buf(),
            before,
        })
    }

    fn restore(self) {
        let r = match self.before {
            Some(b) => std::fs::write(&self.path, b),
            None => std::fs::remove_file(&self.path),
        };
        if let Err(e) = r {
            tracing::error!(path = %self.path.display(), error = %e, "cannot undo a refused acceptance");
        }
    }
}

/// Why a plan was not accepted.
#[derive(Debug)]
pub enum AcceptError {
    /// The check found these (422).
    Invalid(Vec<FieldError>),
    /// Writing or the store failed (500).
    Internal(String),
}

/// One acceptance at a time: two would race on the accepted folder and the reload.
static ACCEPTING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Checks the reviewed plan, writes it, audits it, and has the running daemon load it.
pub async fn accept(
    state: &AppState,
    mut review: Review,
    opts: &Options,
    prov: &Provenance,
) -> Result<Accepted, AcceptError> {
    let _one = ACCEPTING.lock().await;
    let world = state.world();
    if let Some(id) = opts.plan_id.as_deref().filter(|s| !s.trim().is_empty()) {
        review.plan_id = id.trim().to_owned();
    }
    let units = new_units(&review, &world.directory, opts.create_unmatched);
    apply_new_units(&mut review, &units);
    let errors = check_fields(&review, &world.directory, &units);
    if !errors.is_empty() {
        return Err(AcceptError::Invalid(errors));
    }
    let accepted_dir = world.config.accepted_dir.clone();
    let path = accepted_dir.join(format!("{}.toml", review.plan_id));
    let replaced = world.plan(&review.plan_id).is_some();
    if let Some(other) = world.plan_files.iter().find(|(id, p)| {
        id.as_str() == review.plan_id && p.parent() == Some(accepted_dir.as_path()) && **p != path
    }) {
        return Err(AcceptError::Invalid(vec![err(
            "plan_id",
            format!(
                "plan `{}` is already defined in {}",
                other.0,
                other.1.display()
            ),
        )]));
    }
    let (text, fields) = schedule_text(&review, prov);
    let write = |p: &Path, t: &str| {
        Backup::write(p, t)
            .map_err(|e| AcceptError::Internal(format!("{}: cannot write: {e}", p.display())))
    };
    let mut backups = Vec::new();
    let created: Vec<NewUnit> = units.iter().filter(|u| !u.exists).cloned().collect();
    if !created.is_empty() {
        // Appended: units created by an earlier acceptance of this plan stay.
        let upath = accepted_dir
            .join("directory")
            .join(format!("{}.toml", review.plan_id));
        let mut text = std::fs::read_to_string(&upath).unwrap_or_default();
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&units_text(&created, prov, &review.plan_id));
        backups.push(write(&upath, &text)?);
    }
    match write(&path, &text) {
        Ok(b) => backups.push(b),
        Err(e) => {
            backups.into_iter().for_each(Backup::restore);
            return Err(e);
        }
    }
    // The same load `dondoc check`, `agenda` and a reload do.
    let config_path = world.config.path.clone();
    let loaded = tokio::task::spawn_blocking(move || crate::schedule::load(&config_path))
        .await
        .map_err(|e| AcceptError::Internal(e.to_string()));
    let new_world: World = match loaded {
        Ok(Ok(w)) => w,
        Ok(Err(diags)) => {
            backups.into_iter().for_each(Backup::restore);
            let errors = diags
                .iter()
                .map(|d| {
                    if d.path == path {
                        err(field_of_line(&fields, d.line), d.message.clone())
                    } else {
                        err("file", d.to_string())
                    }
                })
                .collect();
            return Err(AcceptError::Invalid(errors));
        }
        Err(e) => {
            backups.into_iter().for_each(Backup::restore);
            return Err(e);
        }
    };
    let obligations = new_world
        .plan(&review.plan_id)
        .map_or(0, |p| p.obligations.len());
    state
        .store
        .append_audit(&AuditEntry {
            at: prov.at,
            who: prov.who.clone(),
            what: if replaced {
                "plan_replaced"
            } else {
                "plan_accepted"
            }
            .to_owned(),
            occurrence: format!("plan:{}", review.plan_id),
            before: None,
            after: Some(format!(
                "{} ({} obligation(s); draft {} of {}{})",
                path.display(),
                obligations,
                prov.draft_id,
                prov.file_name,
                if units.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; new units: {}",
                        units
                            .iter()
                            .map(|u| u.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            )),
        })
        .map_err(|e| AcceptError::Internal(e.to_string()))?;
    state
        .store
        .flush_async()
        .await
        .map_err(|e| AcceptError::Internal(e.to_string()))?;
    tracing::info!(plan = %review.plan_id, path = %path.display(), who = %prov.who, obligations, "plan accepted on the page; reloading");
    let before = state.world();
    reload_and_wait(state).await;
    let after = state.world();
    if std::sync::Arc::ptr_eq(&before, &after) || after.plan(&review.plan_id).is_none() {
        // Written and checked, but the loop's own reload refused the files or is late.
        return Err(AcceptError::Internal(format!(
            "{} was written and passed the check, but the daemon has not loaded it yet \
             (its reload was refused or is still running: see its log); it is loaded by the \
             next reload that succeeds",
            path.display()
        )));
    }
    let now = state.now();
    let (occurrences, next) = occurrences_of(state, &review.plan_id, now);
    Ok(Accepted {
        plan_id: review.plan_id,
        path: path.display().to_string(),
        obligations,
        occurrences,
        next,
        replaced,
    })
}

/// Asks the loop for a reload (as SIGHUP does) and waits until it has reloaded and stepped
/// (ingesting the new plan), at most 30 seconds.
async fn reload_and_wait(state: &AppState) {
    let mut status = state.status.clone();
    let before = status.borrow().reloads;
    state
        .reload
        .store(true, std::sync::atomic::Ordering::SeqCst);
    state.wake.notify_one();
    let waited = tokio::time::timeout(std::time::Duration::from_secs(30), async {
        loop {
            if status.borrow_and_update().reloads > before {
                return;
            }
            if status.changed().await.is_err() {
                return;
            }
        }
    })
    .await;
    if waited.is_err() {
        tracing::warn!("the accepted plan's reload did not finish within 30 s; it will show once the loop comes round");
    }
}

/// How many occurrences of a plan the store holds, and its next open one from `now`.
fn occurrences_of(
    state: &AppState,
    plan: &str,
    now: crate::domain::time::Instant,
) -> (usize, Option<String>) {
    let Ok(records) = state.store.occurrences() else {
        return (0, None);
    };
    let mine: Vec<_> = records.iter().filter(|r| r.plan == plan).collect();
    let next = mine
        .iter()
        .filter(|r| r.state == crate::store::OccurrenceState::Open && r.effective_due() >= now)
        .min_by_key(|r| r.effective_due())
        .or_else(|| {
            mine.iter()
                .filter(|r| r.state == crate::store::OccurrenceState::Open)
                .min_by_key(|r| r.effective_due())
        })
        .map(|r| r.id.clone());
    (mine.len(), next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Unit;

    fn dir() -> Directory {
        let unit = |id: &str, name: &str| Unit {
            id: UnitId::parse(id).unwrap(),
            name: name.into(),
            short: None,
            supervisor: None,
            contacts: Default::default(),
        };
        Directory::new(
            vec![unit("ubnd-x", "UBND xã X"), unit("ca-x", "Công an xã X")],
            vec![],
        )
    }

    fn review() -> Review {
        serde_json::from_value(serde_json::json!({
            "plan_id": "kh-12-2026",
            "number": "12/KH-UBND",
            "issuer": "UBND xã X",
            "issued": "2026-01-05",
            "title": "Kế hoạch thử",
            "obligations": [{
                "id": "bao-cao-quy", "title": "Báo cáo quý", "kind": "report",
                "clause": "III.1", "quote": "Công an xã báo cáo trước ngày 20 tháng cuối quý.",
                "line": 7, "phrase": "trước ngày 20 tháng cuối quý",
                "assignees": ["ca-x"], "recipient": "ubnd-x", "via": null,
                "rule": {"rule": "quarterly", "month_of_quarter": 3, "day": 20},
                "confidence": 0.9, "assignees_from": "subject"
            }],
            "unmatched": [{"clause": "III.1", "line": 7, "name": "Đoàn Thanh niên xã", "role": "assignee"}],
            "unparsed": [], "skipped": []
        }))
        .unwrap()
    }

    fn prov() -> Provenance {
        Provenance {
            who: "điều phối".into(),
            at: crate::domain::time::midnight(chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap()),
            draft_id: "d1".into(),
            file_name: "kh.docx".into(),
            uploaded_by: "điều phối".into(),
        }
    }

    #[test]
    fn a_clean_review_passes_and_each_bad_field_is_named() {
        let d = dir();
        assert_eq!(check_fields(&review(), &d, &[]), vec![]);
        let mut r = review();
        r.plan_id = "Kế hoạch".into();
        r.obligations[0].assignees = vec!["khong-co".into()];
        r.obligations[0].recipient = None;
        r.obligations[0].set_rule(serde_json::json!({"rule": "monthly", "day": 32}));
        r.obligations[0].valid_until = Some("2026-13-01".into());
        let fields: Vec<String> = check_fields(&r, &d, &[])
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "plan_id",
                "obligations[0].assignees",
                "obligations[0].recipient",
                "obligations[0].rule",
                "obligations[0].valid_until"
            ]
        );
    }

    #[test]
    fn created_units_take_the_unmatched_names_place() {
        let d = dir();
        let mut r = review();
        assert!(new_units(&r, &d, false).is_empty(), "nothing marked");
        r.unmatched[0].resolution = Some("create".into());
        let units = new_units(&r, &d, false);
        assert_eq!(
            units,
            vec![NewUnit {
                id: "doan-thanh-nien-xa".into(),
                name: "Đoàn Thanh niên xã".into(),
                exists: false,
            }]
        );
        apply_new_units(&mut r, &units);
        assert_eq!(r.obligations[0].assignees, ["ca-x", "doan-thanh-nien-xa"]);
        assert!(r.unmatched.is_empty());
        assert_eq!(check_fields(&r, &d, &units), vec![]);
        assert!(
            !check_fields(&r, &d, &[]).is_empty(),
            "unknown without the new unit"
        );
    }

    #[test]
    fn the_schedule_file_parses_as_a_plan_and_lines_map_to_fields() {
        let r = review();
        let (text, fields) = schedule_text(&r, &prov());
        assert!(
            text.starts_with(
                "# Accepted on the coordinator page by điều phối at 2026-02-01T00:00:00+07:00."
            ),
            "{text}"
        );
        let src = crate::diag::Source::new("a.toml", text.clone());
        let (plan, _) = crate::schedule::plans::build(&src, &dir(), &Default::default())
            .unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        assert_eq!(plan.id.as_str(), "kh-12-2026");
        assert_eq!(plan.obligations.len(), 1);
        assert_eq!(plan.obligations[0].assignees[0].as_str(), "ca-x");
        let due_line = text.lines().position(|l| l.starts_with("due = ")).unwrap() + 1;
        assert_eq!(field_of_line(&fields, due_line), "obligations[0].rule");
        assert_eq!(field_of_line(&fields, 1), "file");
        assert!(
            !text.contains("cooperating"),
            "written only when there are some"
        );
        let mut r = review();
        r.obligations[0].cooperating = Some(vec![
            serde_json::json!({"unit": "ubnd-x", "name": "UBND xã X"}),
        ]);
        let (text, _) = schedule_text(&r, &prov());
        assert!(text.contains("cooperating = [\"ubnd-x\"]"), "{text}");
    }

    /// The draft's standing duties (no deadline) are kept in the accepted file's comments, as
    /// `dondoc draft` writes them, and the file still reads as the same plan.
    #[test]
    fn standing_duties_are_kept_as_comments() {
        let (text, _) = schedule_text(&review(), &prov());
        assert!(!text.contains("Standing duties"), "none drafted: {text}");
        let mut r = review();
        r.rest.insert(
            "standing".into(),
            serde_json::json!([{
                "title": "Kiểm tra công tác hộ tịch", "clause": "III.2", "line": 9,
                "quote": "Hằng năm, Công an xã tổ chức kiểm tra công tác hộ tịch.",
                "phrase": "Hằng năm", "assignees": ["ca-x"], "cooperating": []
            }]),
        );
        let (text, _) = schedule_text(&r, &prov());
        assert!(
            text.contains("# Standing duties with no deadline (not reminded; kept here so nothing is lost):\n#   III.2 (line 9): Kiểm tra công tác hộ tịch — “Hằng năm” [ca-x]\n"),
            "{text}"
        );
        let src = crate::diag::Source::new("a.toml", text.clone());
        let (plan, _) = crate::schedule::plans::build(&src, &dir(), &Default::default())
            .unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        assert_eq!(plan.obligations.len(), 1);
    }
}
