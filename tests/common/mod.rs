//! Helpers shared by the integration tests: running the real binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod daemon;

/// The project root (where the shipped config.toml lives).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the real `dondoc` binary with `args` in `dir`.
pub fn dondoc_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dondoc"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run dondoc")
}

/// Runs the real binary on the shipped config and returns stdout, failing on a non-zero exit.
pub fn dondoc_ok(args: &[&str]) -> String {
    let out = dondoc_in(&root(), args);
    assert!(
        out.status.success(),
        "dondoc {args:?} failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Copies the shipped config and data folders into `dst`, so a test can edit them.
pub fn copy_project(dst: &Path) {
    let src = root();
    std::fs::copy(src.join("config.toml"), dst.join("config.toml")).expect("copy config");
    for dir in ["directory", "holidays", "schedules", "templates"] {
        std::fs::create_dir_all(dst.join(dir)).expect("mkdir");
        for entry in std::fs::read_dir(src.join(dir)).expect("read dir") {
            let p = entry.expect("entry").path();
            std::fs::copy(&p, dst.join(dir).join(p.file_name().expect("name"))).expect("copy");
        }
    }
}

/// Keeps only the schedule files whose name starts with one of `prefixes`.
pub fn keep_schedules(dst: &Path, prefixes: &[&str]) {
    for entry in std::fs::read_dir(dst.join("schedules")).expect("read dir") {
        let p = entry.expect("entry").path();
        let name = p.file_name().expect("name").to_string_lossy().into_owned();
        if !prefixes.iter().any(|x| name.starts_with(x)) {
            std::fs::remove_file(p).expect("remove");
        }
    }
}

/// A temp dir holding the shipped data with only the schedule files whose name starts with one of
/// `prefixes` (`["000"]`: seed 000, Đông Triều, ANCS 2023).
pub fn project_with(prefixes: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_project(dir.path());
    keep_schedules(dir.path(), prefixes);
    dir
}

/// An instant in the program's zone from an RFC 3339 text ("2023-06-16T08:00:00+07:00").
pub fn instant(s: &str) -> dondoc::domain::time::Instant {
    chrono::DateTime::parse_from_rfc3339(s)
        .expect("an RFC 3339 instant")
        .with_timezone(&dondoc::domain::time::ZONE)
}

/// The items of a paginated answer (`/api/v1/overdue`, `/api/v1/occurrences`).
#[allow(dead_code)]
pub fn items(page: serde_json::Value) -> Vec<serde_json::Value> {
    match page.get("items") {
        Some(serde_json::Value::Array(items)) => items.clone(),
        _ => panic!("a page with items: {page}"),
    }
}
