//! The architecture invariants of ARCHITECTURE.md, checked on the source itself:
//! modules import one way (no circles), the index knows nothing of the benchmark
//! generator or the web, only the crawler touches the network, and no request
//! handler reads seed files. A change that breaks one fails here, with the path.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every module of the crate (`crate::index::search`) with its source text, test
/// modules (`#[cfg(test)] mod tests { … }` at the end of a file) left out.
fn modules() -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = BTreeMap::new();
    for file in rust_files(&root) {
        let relative = file.strip_prefix(&root).expect("under src");
        let mut parts: Vec<String> = relative
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .collect();
        if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
            parts.pop();
        }
        if parts == ["main"] {
            continue; // the binary is its own crate
        }
        let name = std::iter::once("crate".to_string())
            .chain(parts)
            .collect::<Vec<_>>()
            .join("::");
        let text = std::fs::read_to_string(&file).expect("readable source");
        found.insert(name, without_test_module(&text));
    }
    found
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

fn without_test_module(text: &str) -> String {
    match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => text[..at].to_string(),
        None => text.to_string(),
    }
}

/// The paths a module names: `crate::a::b`, `super::x`, and the items of
/// `use crate::a::{b, c::d}` groups, each as written.
fn named_paths(text: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let bytes = text.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    for start in ["crate::", "super::"] {
        for (at, _) in text.match_indices(start) {
            if at > 0 && (is_ident(bytes[at - 1]) || bytes[at - 1] == b':') {
                continue;
            }
            let mut end = at;
            while end < bytes.len() && (is_ident(bytes[end]) || bytes[end] == b':') {
                end += 1;
            }
            let path = text[at..end].trim_end_matches(':').to_string();
            if end < bytes.len() && bytes[end] == b'{' {
                let close = text[end..].find('}').map_or(text.len(), |c| end + c);
                for item in text[end + 1..close].split(',') {
                    let item = item.trim().split([' ', ':']).next().unwrap_or("");
                    if !item.is_empty() && item != "self" {
                        paths.push(format!("{path}::{item}"));
                    }
                }
            }
            paths.push(path);
        }
    }
    paths
}

/// The module a path leads into: the longest known module it starts with.
fn resolve(from: &str, path: &str, known: &BTreeSet<String>) -> Option<String> {
    let mut segments: Vec<&str> = path.split("::").collect();
    let mut base: Vec<&str> = from.split("::").collect();
    if segments[0] == "crate" {
        base = vec!["crate"];
        segments.remove(0);
    } else {
        while segments.first() == Some(&"super") {
            base.pop();
            segments.remove(0);
        }
    }
    (0..=segments.len())
        .rev()
        .map(|n| {
            base.iter()
                .chain(&segments[..n])
                .copied()
                .collect::<Vec<_>>()
                .join("::")
        })
        .find(|candidate| known.contains(candidate))
}

/// Module → the modules it imports, leaving out its own ancestors and descendants
/// (a parent declares and re-exports its children; that is not a layer crossing).
fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    modules
        .iter()
        .map(|(name, text)| {
            let targets = named_paths(text)
                .iter()
                .filter_map(|path| resolve(name, path, &known))
                .filter(|target| {
                    target != name
                        && !name.starts_with(&format!("{target}::"))
                        && !target.starts_with(&format!("{name}::"))
                })
                .collect();
            (name.clone(), targets)
        })
        .collect()
}

/// Groups of modules that import each other, directly or round a loop.
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let reaches = |from: &String| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(module) = stack.pop() {
            for next in graph.get(&module).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let reach: BTreeMap<&String, BTreeSet<String>> =
        graph.keys().map(|m| (m, reaches(m))).collect();
    let mut groups: Vec<Vec<String>> = Vec::new();
    for (module, reached) in &reach {
        if !reached.contains(*module) || groups.iter().any(|g| g.contains(module)) {
            continue;
        }
        let group: Vec<String> = reached
            .iter()
            .filter(|other| reach[other].contains(*module))
            .cloned()
            .collect();
        groups.push(group);
    }
    groups
}

#[test]
fn no_module_imports_itself_round_a_loop() {
    let graph = import_graph();
    assert!(
        graph.len() > 50,
        "the module scan found too little: {}",
        graph.len()
    );
    let found = circles(&graph);
    assert!(found.is_empty(), "import circles: {found:#?}");
}

/// The checker itself finds a circle when there is one (a test that cannot fail
/// would prove nothing).
#[test]
fn the_circle_check_finds_a_planted_circle() {
    let mut graph = import_graph();
    graph
        .entry("crate::index::request".to_string())
        .or_default()
        .insert("crate::index::search".to_string());
    graph
        .entry("crate::index::search".to_string())
        .or_default()
        .insert("crate::index::request".to_string());
    assert!(!circles(&graph).is_empty());
    let known: BTreeSet<String> = graph.keys().cloned().collect();
    assert_eq!(
        resolve(
            "crate::index::search",
            "super::request::SearchRequest",
            &known
        )
        .as_deref(),
        Some("crate::index::request")
    );
    assert_eq!(
        named_paths("use crate::geo::{Geo, map::path_data};"),
        ["crate::geo::Geo", "crate::geo::map", "crate::geo"]
    );
}

/// Whether `module` or one of its descendants names `forbidden`.
fn imports_under(
    graph: &BTreeMap<String, BTreeSet<String>>,
    module: &str,
    forbidden: &str,
) -> Vec<String> {
    graph
        .iter()
        .filter(|(name, _)| *name == module || name.starts_with(&format!("{module}::")))
        .flat_map(|(name, targets)| {
            targets
                .iter()
                .filter(|t| *t == forbidden || t.starts_with(&format!("{forbidden}::")))
                .map(move |t| format!("{name} imports {t}"))
        })
        .collect()
}

#[test]
fn data_flows_one_way_into_the_index_and_out_to_the_web() {
    let graph = import_graph();
    for (lower, upper) in [
        ("crate::index", "crate::synth"),
        ("crate::index", "crate::web"),
        ("crate::index", "crate::crawl"),
        ("crate::seed", "crate::index"),
        ("crate::seed", "crate::web"),
        ("crate::model", "crate::index"),
        ("crate::geo", "crate::index"),
        ("crate::crawl", "crate::web"),
    ] {
        let found = imports_under(&graph, lower, upper);
        assert!(
            found.is_empty(),
            "{lower} must not import {upper}: {found:?}"
        );
    }
}

#[test]
fn only_the_crawler_touches_the_network() {
    for (module, text) in modules() {
        let networked = ["reqwest::", "TcpStream", "UdpSocket", "hickory"]
            .iter()
            .any(|word| text.contains(word));
        assert!(
            !networked || module.starts_with("crate::crawl") || module.starts_with("crate::web"),
            "{module} opens network connections; only crawl (out) and web (in) may"
        );
        if module.starts_with("crate::web") {
            assert!(
                !text.contains("reqwest"),
                "{module} makes outgoing requests"
            );
        }
    }
}

#[test]
fn no_request_reads_seed_files() {
    for (module, text) in modules() {
        // The curators' review queue is the one exception, and only behind a curator's
        // session: it lists crawl proposals and writes an accepted change into the seed
        // file the way `crawl --accept` does (issue 24). No public page or API does.
        if !module.starts_with("crate::web") || module == "crate::web::curate" {
            continue;
        }
        for reader in [
            "load_programs",
            "read_crawled_dir",
            "reconcile::read",
            "seed-data",
            "Synonyms::read",
        ] {
            assert!(
                !text.contains(reader),
                "{module} reads seed files ({reader}); requests are answered from the index generation"
            );
        }
    }
}

#[test]
fn pages_draw_what_they_are_given_and_never_call_back_into_the_app_state() {
    let pages: Vec<(String, String)> = modules()
        .into_iter()
        .filter(|(name, _)| name.starts_with("crate::web::pages"))
        .collect();
    assert!(
        pages.len() >= 10,
        "the pages were not found: {}",
        pages.len()
    );
    for (module, text) in pages {
        for reach in [
            "AppState",
            "app_data",
            "catalog()",
            "crate::index::search",
            "reports::ReportStore",
        ] {
            assert!(
                !text.contains(reach),
                "{module} reaches into the app ({reach}); its handler should pass what it draws"
            );
        }
    }
}
