//! Synthetic programs are for benchmarks only: plainly marked, and never served
//! unless asked for.

use std::process::Command;

use crate::common::{geo, repo_path};
use peerway::index::{self, IndexStore};
use peerway::{seed, synth};

#[test]
fn synthetic_records_are_valid_and_plainly_marked() {
    let records = synth::synthetic_records(200, geo(), 7);
    assert_eq!(
        records,
        synth::synthetic_records(200, geo(), 7),
        "same seed, same programs"
    );
    for record in &records {
        let program =
            seed::validate(record, geo()).unwrap_or_else(|p| panic!("{}: {p:?}", record.id));
        assert!(program.name.starts_with("[SYNTHETIC] "));
        assert!(program
            .sources
            .iter()
            .all(|s| s.url.starts_with("https://synthetic.invalid/")));
        assert!(
            program.contact.phones[0].display[4..].starts_with("555-01"),
            "fictional 555-01xx numbers"
        );
    }
}

#[test]
fn an_index_built_from_synthetic_programs_is_refused_by_serve() {
    let dir = tempfile::tempdir().unwrap();
    let seed_dir = dir.path().join("seed");
    synth::write_seed_folder(&seed_dir, &synth::synthetic_records(30, geo(), 1)).unwrap();
    let index_dir = dir.path().join("index");
    let meta = index::build_from_seed(&seed_dir, geo(), &IndexStore::new(&index_dir), &mut |_| {
        Ok(())
    })
    .unwrap();
    assert!(meta.synthetic);
    let output = Command::new(env!("CARGO_BIN_EXE_peerway"))
        .current_dir(repo_path(""))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("PEERWAY_INDEX", &index_dir)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("SYNTHETIC"));
    // The real seed-data is not synthetic.
    assert!(!peerway::seed::is_synthetic(&repo_path("seed-data")));
}
