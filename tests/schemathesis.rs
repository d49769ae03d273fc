//! The API against its own OpenAPI document: schemathesis (PyPI) generates thousands of requests
//! from the document the real binary serves and checks every response against it (status
//! codes, content types, schemas, auth, schema-valid requests accepted and invalid ones refused).

mod common;

use std::process::Command;

use common::daemon::{start, Options, TOKEN};

fn have_schemathesis() -> bool {
    Command::new("schemathesis")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A schema-valid upload is still refused when its file is of another type (a generated
/// `file.png`: 415), does not read as its type says (422) or its multipart framing does not
/// parse (400); each is a documented answer (and no schema can say that a file name must end
/// in .docx, so most generated uploads are refused: no warning about it). A draft id is single-use (accept and delete
/// consume it), so the `{id}` operations answer 404 to generated ids; tests/drafts_api.rs
/// covers them with real drafts, and schemathesis is told not to warn about it.
const DRAFTS_CONFIG: &str = "\n[[operations]]\ninclude-name = \"POST /api/v1/drafts\"\n\
    checks.positive_data_acceptance.expected-statuses = [\"201\", \"400\", \"401\", \"403\", \"413\", \"415\", \"422\"]\nwarnings = false\n\
    \n[[operations]]\ninclude-path-regex = \"^/api/v1/drafts/\\\\{id\\\\}\"\nwarnings = false\n";

#[tokio::test(flavor = "multi_thread")]
async fn schemathesis_finds_no_failures() {
    if !have_schemathesis() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install schemathesis (pip install schemathesis)"
        );
        eprintln!("SKIPPED: schemathesis is not installed (pip install schemathesis)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // schemathesis sends many unknown tokens on purpose: more than the default quota allows.
    let d = start(
        dir.path(),
        &Options {
            config: &[
                (
                    "auth_failures_per_minute = 10",
                    "auth_failures_per_minute = 100000",
                ),
                (
                    "auth_failures_per_minute_total = 100",
                    "auth_failures_per_minute_total = 100000",
                ),
            ],
            ..Options::default()
        },
    );
    let http = reqwest::Client::new();
    d.wait_until(&http, "2023-09-20T08:00:00+07:00").await;

    // The document as served (unit, group and plan ids filled in), read with a token.
    let spec: serde_json::Value = d.get(&http, "/api/v1/openapi.json").await;
    let spec_path = dir.path().join("openapi.json");
    std::fs::write(&spec_path, serde_json::to_vec(&spec).unwrap()).unwrap();
    // A real occurrence for the occurrence paths, so the actions reach their logic, not 404.
    let overdue: Vec<serde_json::Value> = common::items(d.get(&http, "/api/v1/overdue").await);
    let id = overdue[0]["id"].as_str().unwrap();
    let parts: Vec<&str> = id.split('/').collect();
    // A received message for the inbound paths (it waits: no reminder matches it).
    let inbound = d.inbound_listen();
    let (host, port) = inbound.rsplit_once(':').unwrap();
    let smtp = lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::builder_dangerous(host)
        .port(port.parse().unwrap())
        .build();
    let envelope = lettre::address::Envelope::new(
        Some("x@example.com".parse().unwrap()),
        vec!["dondoc@localhost".parse().unwrap()],
    )
    .unwrap();
    let raw = "From: x@example.com\r\nTo: dondoc@localhost\r\nSubject: Báo cáo\r\n\
               Message-ID: <schemathesis-1@example.com>\r\n\r\nBáo cáo tháng.\r\n";
    lettre::AsyncTransport::send_raw(&smtp, &envelope, raw.as_bytes())
        .await
        .unwrap();
    // Assigned to another overdue occurrence: assign and dismiss then answer 409, not 404.
    let other = overdue.last().unwrap()["id"].as_str().unwrap();
    assert_ne!(other, id);
    let r = http
        .post(format!(
            "{}/api/v1/inbound/schemathesis-1@example.com/assign",
            d.base
        ))
        .bearer_auth(TOKEN)
        .json(&serde_json::json!({ "occurrences": [other] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap_or_default());
    let config = dir.path().join("schemathesis.toml");
    std::fs::write(
        &config,
        format!(
            "[[operations]]\ninclude-path-regex = \"^/api/v1/occurrences/\\\\{{plan\\\\}}\"\n\
             parameters = {{ plan = \"{}\", obligation = \"{}\", unit = \"{}\", period = \"{}\" }}\n",
            parts[0], parts[1], parts[2], parts[3]
        ) + DRAFTS_CONFIG
            + "[[operations]]\ninclude-path-regex = \"^/api/v1/inbound/\"\n\
               parameters = { message_id = \"schemathesis-1@example.com\" }\n",
    )
    .unwrap();

    let out = Command::new("schemathesis")
        .arg("--config-file")
        .arg(&config)
        .arg("run")
        .arg(&spec_path)
        .args(["--url", &d.base])
        .args(["--header", &format!("Authorization: Bearer {TOKEN}")])
        .args(["--max-examples", "40", "--seed", "20261122"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("run schemathesis");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        out.status.success(),
        "schemathesis found failures:\n{stdout}"
    );
    assert!(stdout.contains("No issues found"), "{stdout}");
    // Every operation of the served document was exercised (counted from it, so that a new
    // endpoint is covered without editing this number).
    let operations: usize = spec["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|p| {
            p.as_object()
                .map_or(0, |m| m.keys().filter(|k| *k != "parameters").count())
        })
        .sum();
    assert!(
        stdout.contains(&format!("Tested: {operations}")),
        "{operations} operations\n{stdout}"
    );
}
