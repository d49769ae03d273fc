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
