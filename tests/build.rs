//! Building and swapping indexes: a failed build never disturbs the one in service.

use std::fs;

use crate::common::{geo, repo_path};
use peerway::index::{self, IndexError, IndexStore};

fn build(store: &IndexStore) -> Result<index::BuildMeta, IndexError> {
    index::build_from_seed(&repo_path("seed-data"), geo(), store, &mut |_| Ok(()))
}

#[test]
fn build_that_fails_half_way_leaves_the_old_index_serving() {
    let dir = tempfile::tempdir().unwrap();
    let store = IndexStore::new(dir.path());
    let first = build(&store).unwrap();
    let serving = store.open_current().unwrap();

    let result = index::build_from_seed(&repo_path("seed-data"), geo(), &store, &mut |n| {
        if n == 100 {
            Err(IndexError::Aborted(
                "simulated crash after 100 programs".into(),
            ))
        } else {
            Ok(())
        }
    });
    assert!(matches!(result, Err(IndexError::Aborted(_))));
    assert_eq!(
        store.current_generation().as_deref(),
        Some(first.generation.as_str())
    );
    // The reader opened before still answers, and so does a fresh one.
    assert_eq!(serving.program_count().unwrap(), first.program_count);
    assert_eq!(
        store.open_current().unwrap().program_count().unwrap(),
        first.program_count
    );
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".building"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "a failed build cleans up after itself"
    );
}

#[test]
fn build_killed_half_way_is_ignored_and_cleaned_by_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let store = IndexStore::new(dir.path());
    let first = build(&store).unwrap();
    // What a killed build leaves: a half-written folder, never named in CURRENT.
    let stale = dir.path().join(".building-gen-killed");
    fs::create_dir_all(&stale).unwrap();
    fs::write(stale.join("meta.json"), "{ half").unwrap();
    assert_eq!(
        store.current_generation().as_deref(),
        Some(first.generation.as_str())
    );
    let second = build(&store).unwrap();
    assert!(!stale.exists());
    assert_ne!(first.generation, second.generation);
    assert_eq!(
        store.current_generation().as_deref(),
        Some(second.generation.as_str())
    );
}

#[test]
fn seed_problems_refuse_the_build() {
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed");
    let folder = seed.join("programs/ma");
    fs::create_dir_all(&folder).unwrap();
    let original =
        fs::read_to_string(repo_path("seed-data/programs/ma/afiya-peer-respite.toml")).unwrap();
    fs::write(
        folder.join("afiya-peer-respite.toml"),
        original.replace("413-570-2990", "413"),
    )
    .unwrap();
    let store = IndexStore::new(dir.path().join("index"));
    let result = index::build_from_seed(&seed, geo(), &store, &mut |_| Ok(()));
    assert!(matches!(result, Err(IndexError::SeedProblems(ref p)) if p.len() == 1));
    assert!(store.current_generation().is_none());
}

#[test]
fn old_generations_are_pruned() {
    let dir = tempfile::tempdir().unwrap();
    let store = IndexStore::new(dir.path());
    for _ in 0..4 {
        build(&store).unwrap();
    }
    let generations = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("gen-"))
        .count();
    assert_eq!(generations, 2);
}
