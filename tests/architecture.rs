//! Guards of the module layering: the domain core is pure and imports nothing outside itself;
//! `schedule`, `config` and `query` import no adapter; no import loop between top-level modules
//! or between the domain's modules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Adapters: modules that do I/O, keep state or talk to the outside world.
const ADAPTERS: &[&str] = &[
    "store", "notify", "http", "daemon", "cli", "actions", "inbound", "metrics", "reading",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file belongs to, as a path below `crate` (`domain::model`, `store`, …).
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).expect("under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts
        .last()
        .is_some_and(|p| p == "mod" || p == "lib" || p == "main")
    {
        parts.pop();
    }
    parts
}

/// Every `crate::a::b` path a file of `module` names (in `use` items and in expressions),
/// comments aside, with `super::` and `self::` paths resolved against the module; `{a, b::c}`
/// groups are expanded at their first level. Test modules (`mod tests`) are left out.
fn crate_paths(module: &[String], text: &str) -> Vec<Vec<String>> {
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    };
    let parent: Vec<String> = module[..module.len().saturating_sub(1)].to_vec();
    let mut resolved = String::with_capacity(text.len());
    for line in text.lines() {
        let parent_path = format!("crate::{}", parent.join("::"));
        let self_path = format!("crate::{}", module.join("::"));
        let line = line
            .replace(
                "super::",
                &format!("{}::", parent_path.trim_end_matches(':')),
            )
            .replace("self::", &format!("{}::", self_path.trim_end_matches(':')));
        resolved.push_str(&line);
        resolved.push('\n');
    }
    raw_crate_paths(&resolved)
}

fn raw_crate_paths(text: &str) -> Vec<Vec<String>> {
    let mut code = String::with_capacity(text.len());
    for line in text.lines() {
        let line = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        code.push_str(line);
        code.push('\n');
    }
    let mut out = Vec::new();
    let mut rest = code.as_str();
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().last();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `dondoc_crate::` or similar
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let item = item.trim();
                if !item.is_empty() {
                    out.push(split_path(item));
                }
            }
            continue;
        }
        out.push(split_path(rest));
    }
    out
}

fn split_path(s: &str) -> Vec<String> {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(s.len());
    s[..end]
        .split("::")
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// Edges `from → to` between modules at the given depth below a prefix.
fn edges(prefix: &[&str], depth: usize) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let module = module_of(&file);
        if module.first().is_some_and(|m| m == "bin") || module.len() < prefix.len() + depth {
            continue;
        }
        if module.iter().zip(prefix).any(|(a, b)| a != b) {
            continue;
        }
        let from = module[prefix.len()..prefix.len() + depth].join("::");
        let text = std::fs::read_to_string(&file).expect("read");
        for path in crate_paths(&module, &text) {
            if path.len() < prefix.len() + depth || path.iter().zip(prefix).any(|(a, b)| a != b) {
                continue;
            }
            let to = path[prefix.len()..prefix.len() + depth].join("::");
            if to != from {
                graph.entry(from.clone()).or_default().insert(to);
            }
        }
        graph.entry(from).or_default();
    }
    graph
}

/// The top-level modules `module` imports (the `crate::X` first segments).
fn imports_of(module: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let of = module_of(&file);
        if of.first().map(String::as_str) != Some(module) {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("read");
        for path in crate_paths(&of, &text) {
            if let Some(first) = path.first() {
                if first != module {
                    found
                        .entry(first.clone())
                        .or_default()
                        .insert(file.strip_prefix(src()).unwrap().display().to_string());
                }
            }
        }
    }
    found
}

/// A cycle in the graph, if there is one, as the list of its nodes.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = stack.iter().position(|n| n == next).unwrap_or(0);
                    let mut cycle = stack[start..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(next, graph, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(node, graph, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

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
    let mut files = Vec::new();
    rust_files(&src().join("domain"), &mut files);
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        for word in forbidden {
            assert!(
                !text.contains(word),
                "{} uses `{word}`: the domain core must stay pure",
                path.display()
            );
        }
    }
    assert!(
        files.len() >= 8,
        "expected the domain modules under src/domain, found {}",
        files.len()
    );
}

#[test]
fn the_domain_imports_nothing_outside_itself() {
    let outside = imports_of("domain");
    assert!(
        outside.is_empty(),
        "the domain core imports modules outside it: {outside:?}"
    );
}

#[test]
fn schedule_config_and_query_import_no_adapter() {
    for module in ["schedule", "config", "query"] {
        let imports = imports_of(module);
        for adapter in ADAPTERS {
            assert!(
                !imports.contains_key(*adapter),
                "`{module}` imports the adapter `{adapter}` (in {:?})",
                imports[*adapter]
            );
        }
    }
}

#[test]
fn no_import_loop_between_top_level_modules() {
    let graph = edges(&[], 1);
    assert!(
        graph.len() >= 10,
        "expected the top-level modules, found {graph:?}"
    );
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import loop between modules: {}", cycle.join(" → "));
    }
}

#[test]
fn no_import_loop_inside_the_domain() {
    let graph = edges(&["domain"], 1);
    assert!(
        graph.len() >= 6,
        "expected the domain's modules, found {graph:?}"
    );
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import loop inside the domain: {}", cycle.join(" → "));
    }
}

#[test]
fn the_guards_see_a_planted_loop_and_a_planted_import() {
    // The parser and the cycle finder themselves, on text the tree does not contain.
    let module = vec!["domain".to_string(), "model".to_string()];
    let paths = crate_paths(
        &module,
        "use crate::{store::Store, domain::ids};\nuse super::policy::P;\nlet x = crate::http::y(); // crate::cli\n#[cfg(test)]\nmod tests { use crate::cli; }\n",
    );
    let firsts: Vec<&str> = paths.iter().map(|p| p[0].as_str()).collect();
    assert_eq!(firsts, ["store", "domain", "domain", "http"]);
    assert_eq!(paths[2], ["domain", "policy", "P"]);
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    assert!(find_cycle(&g).is_none());
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(find_cycle(&g).unwrap(), ["a", "b", "c", "a"]);
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
