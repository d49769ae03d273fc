//! Arbitrary query strings and JSON bodies thrown at every route of the OpenAPI document
//! (`src/http/openapi.json`) of the real binary: only documented status codes come back, and
//! never a closed connection.

mod common;

use common::daemon::{start, Options, TOKEN};
use proptest::prelude::*;
use serde_json::Value;

/// (method, path template, documented status codes, query parameter names).
type Route = (String, String, Vec<u16>, Vec<String>);

fn routes(doc: &Value) -> Vec<Route> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if !["get", "post"].contains(&method.as_str()) {
                continue;
            }
            let codes = op["responses"]
                .as_object()
                .unwrap()
                .keys()
                .filter_map(|k| k.parse().ok())
                .collect();
            let params = op["parameters"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .map(|p| match p["$ref"].as_str() {
                            // `#/components/parameters/Name`
                            Some(r) => {
                                &doc["components"]["parameters"]
                                    [r.rsplit('/').next().unwrap_or_default()]
                            }
                            None => p,
                        })
                        .filter(|p| p["in"] == "query")
                        .filter_map(|p| p["name"].as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            out.push((method.to_uppercase(), path.clone(), codes, params));
        }
    }
    out
}

/// A body of the actions' shape, with hostile values.
fn shaped_body() -> impl Strategy<Value = Value> {
    let date = prop_oneof![
        Just("+262142-12-31".to_owned()),
        Just("-262143-01-01".to_owned()),
        Just("1947-04-01".to_owned()),
        Just("9999-12-31".to_owned()),
        Just("2023-12-31".to_owned()),
        "\\PC{0,12}",
    ];
    let text = prop_oneof![
        Just(String::new()),
        "\\PC{0,40}",
        (1990usize..2010).prop_map(|n| "ạ".repeat(n)),
    ];
    (date, text.clone(), text, 0..4u8).prop_map(|(until, reason, note, which)| match which {
        0 => serde_json::json!({"until": until, "reason": reason}),
        1 => serde_json::json!({"reason": reason}),
        2 => serde_json::json!({"note": note, "document": reason}),
        _ => serde_json::json!({"note": note}),
    })
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
        // Dates near and past the edges.
        prop_oneof![
            Just("+262142-12-31"),
            Just("-0001-01-01"),
            Just("1947-04-01"),
            Just("2023-12-31"),
            Just("31/12/2023"),
            Just("9999-12-31"),
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("note".to_owned()),
                        Just("reason".to_owned()),
                        Just("until".to_owned()),
                        Just("document".to_owned()),
                        "[a-z]{1,6}"
                    ],
                    inner
                ),
                0..4
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// A query value: dates out of range, huge numbers, junk, percent-encoded bytes.
fn query_value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop_oneof![
            Just("%2B262142-12-31".to_owned()),
            Just("-262143-01-01".to_owned()),
            Just("1947-04-01".to_owned()),
            Just("9999-12-31".to_owned()),
            Just("262142".to_owned()),
        ],
        1 => Just("99999999999999999999999".to_owned()),
        1 => Just("-1".to_owned()),
        1 => Just("csv".to_owned()),
        1 => Just("xlsx".to_owned()),
        1 => Just("2023".to_owned()),
        2 => "[ -~]{0,16}".prop_map(|s| url::form_urlencoded::byte_serialize(s.as_bytes()).collect()),
        1 => prop::collection::vec(any::<u8>(), 0..8).prop_map(|b| b
            .iter()
            .map(|x| format!("%{x:02X}"))
            .collect()),
    ]
}

#[test]
fn arbitrary_queries_and_bodies_get_documented_answers() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = start(dir.path(), &Options::default());
    let http = reqwest::Client::new();
    rt.block_on(d.wait_until(&http, "2023-09-13T08:00:00+07:00"));
    let doc: Value = serde_json::from_str(include_str!("../src/http/openapi.json")).unwrap();
    let routes = routes(&doc);
    assert!(routes.len() >= 14, "{routes:?}");
    let overdue: Vec<serde_json::Value> =
        common::items(rt.block_on(d.get(&http, "/api/v1/overdue")));
    let ids: Vec<String> = overdue
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();

    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(1000);
    let strategy = (
        0..routes.len(),
        0..ids.len(),
        prop::collection::vec((any::<prop::sample::Index>(), query_value()), 0..4),
        "[ -~]{0,24}",
        prop_oneof![json_value(), shaped_body()],
        any::<bool>(),
    );
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    runner
        .run(&strategy, |(r, i, params, raw, body, raw_query)| {
            let (method, template, codes, names) = &routes[r];
            let id = &ids[i];
            let parts: Vec<&str> = id.split('/').collect();
            let path = template
                .replace("{plan}", parts[0])
                .replace("{obligation}", parts[1])
                .replace("{unit}", parts[2])
                .replace("{period}", parts[3])
                .replace("{id}", parts[2]);
            let query = if raw_query {
                url::form_urlencoded::byte_serialize(raw.as_bytes()).collect::<String>()
            } else {
                params
                    .iter()
                    .map(|(ix, v)| {
                        let name = if names.is_empty() {
                            "x"
                        } else {
                            names[ix.index(names.len())].as_str()
                        };
                        format!("{name}={v}")
                    })
                    .collect::<Vec<_>>()
                    .join("&")
            };
            let url = format!("{}{path}?{query}", d.base);
            let status = rt.block_on(async {
                let req = match method.as_str() {
                    "GET" => http.get(&url),
                    _ => http.post(&url).json(&body),
                };
                req.bearer_auth(TOKEN)
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
            });
            if std::env::var_os("FAULTS_PROPS_TRACE").is_some() {
                eprintln!("{status:?} {method} {url}");
            }
            let status = status
                .map_err(|e| TestCaseError::fail(format!("{method} {url}: no answer ({e})")))?;
            // 500 is documented for a failing store; with a healthy one it is a bug.
            prop_assert!(
                codes.contains(&status) && status != 500,
                "{} {} with {}: {} is not documented ({:?})",
                method,
                url,
                body,
                status,
                codes
            );
            Ok(())
        })
        .unwrap();
    let log = std::fs::read_to_string(&d.log).unwrap();
    assert!(!log.contains("handler panicked"), "a handler panicked");
}
