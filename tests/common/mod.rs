//! Helpers shared by the integration tests: running the real binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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
