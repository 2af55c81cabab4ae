//! Architecture invariant: no two modules of `src/web` or `src/hsds` import each
//! other. When two do, one of them holds something that belongs to neither (the
//! query parser once lived in `routes`, which `api` and `hsds_api` then imported
//! while `routes` imported them): the shared piece gets its own module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The modules directly under `dir` (a file `x.rs` or a folder `x/`), each with the
/// sibling modules its code names — through `super::x` from a top-level file,
/// `super::super::x` from a file in a folder, or `crate::<area>::x` from anywhere.
/// Unit tests at the end of a file are left out (a test may use anything).
fn sibling_imports(dir: &Path, area: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.expect("the source folder reads");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(dir).expect("under the folder");
        let depth = relative.components().count();
        let module = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .map(|name| name.trim_end_matches(".rs").to_string())
            .expect("a file name");
        if module == "mod" {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("a source file reads");
        let code = text
            .split("#[cfg(test)]\nmod tests")
            .next()
            .unwrap_or_default();
        let own = format!("crate::{area}::");
        let up = if depth == 1 {
            "super::"
        } else {
            "super::super::"
        };
        let named = imports.entry(module.clone()).or_default();
        for prefix in [own.as_str(), up] {
            for (at, _) in code.match_indices(prefix) {
                let before = code[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                    continue;
                }
                named.extend(names_after(&code[at + prefix.len()..]));
            }
        }
        named.remove(&module);
    }
    imports
}

/// The module names a path continues with: `x::…` gives `x`; `{x, y::z}` both.
fn names_after(rest: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    match rest.strip_prefix('{') {
        Some(group) => group
            .split('}')
            .next()
            .unwrap_or_default()
            .split(',')
            .map(|item| ident(item.trim()))
            .filter(|name| !name.is_empty() && name != "self")
            .collect(),
        None => vec![ident(rest)],
    }
}

/// Pairs of modules under `dir` (the folder of `crate::<area>`) that import each other.
fn mutual_imports_in(dir: &Path, area: &str) -> Vec<(String, String)> {
    let imports = sibling_imports(dir, area);
    let mut pairs = Vec::new();
    for (module, named) in &imports {
        for other in named {
            let back = imports.get(other).is_some_and(|o| o.contains(module));
            if back && module < other {
                pairs.push((module.clone(), other.clone()));
            }
        }
    }
    pairs
}

fn mutual_imports(area: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(area);
    mutual_imports_in(&dir, area)
}

#[test]
fn no_two_web_modules_import_each_other() {
    assert_eq!(mutual_imports("web"), Vec::<(String, String)>::new());
}

#[test]
fn no_two_hsds_modules_import_each_other() {
    assert_eq!(mutual_imports("hsds"), Vec::<(String, String)>::new());
}

#[test]
fn imports_are_read_from_paths_and_groups() {
    assert_eq!(names_after("routes::query_pairs;"), ["routes"]);
    assert_eq!(
        names_after("{api, headers::x, self, AppState};"),
        ["api", "headers", "AppState"]
    );
}

/// The check finds a circle when there is one: SYNTHETIC modules, one importing
/// the other by path and the other naming it in a group from a nested file.
#[test]
fn a_circle_between_two_modules_is_found() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
        std::fs::write(path, text).expect("written");
    };
    write("alpha.rs", "use super::beta::parse;\n");
    write("beta/mod.rs", "mod inner;\n");
    write("beta/inner.rs", "use super::super::{alpha, gamma};\n");
    write(
        "gamma.rs",
        "use crate::area::delta::X;\n#[cfg(test)]\nmod tests { use super::alpha; }\n",
    );
    assert_eq!(
        mutual_imports_in(dir.path(), "area"),
        [("alpha".to_string(), "beta".to_string())]
    );
}
