//! The domain core stays pure: no clock reads, no I/O, no async runtime, no store.

use std::path::Path;

#[test]
fn domain_core_reads_no_clock_and_does_no_io() {
    let forbidden = [
        "Utc::now",
        "Local::now",
        "SystemTime",
        "Instant::now",
        "std::fs",
        "std::io",
        "std::net",
        "std::env",
        "tokio",
        "sled",
        "reqwest",
        "lettre",
        "println!",
        "eprintln!",
    ];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for word in forbidden {
            assert!(
                !text.contains(word),
                "{} uses `{word}`: the domain core must stay pure",
                path.display()
            );
        }
        checked += 1;
    }
    assert!(
        checked >= 8,
        "expected the domain modules under src/domain, found {checked}"
    );
}

/// The channels (`notify`) keep their state through a trait and know nothing of the store, the
/// daemon or HTTP; `query` (shared by `simulate` and the scheduler) imports no adapter.
#[test]
fn channels_and_query_import_no_store_or_daemon() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![root.join("query.rs")];
    for entry in std::fs::read_dir(root.join("notify")).unwrap() {
        files.push(entry.unwrap().path());
    }
    assert!(files.len() >= 6, "{files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for word in ["crate::store", "crate::daemon", "crate::http", "sled"] {
            assert!(!text.contains(word), "{} uses `{word}`", path.display());
        }
        if path.ends_with("query.rs") {
            assert!(!text.contains("crate::notify"), "query imports notify");
        }
    }
}
