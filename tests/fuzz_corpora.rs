//! Every fuzz target run on every file of its corpus (`fuzz/corpus/<target>/`),
//! on stable: CI proves the targets build and that nothing the fuzzers found (the
//! corpora keep the inputs that once failed) fails again. The long runs are
//! `cargo +nightly fuzz run <target>` (see fuzz/README.md).

use crate::common;

use peerway::fuzzing::{run_target, Fixtures, TARGETS};

#[test]
fn every_corpus_input_passes_its_target() {
    let fixtures = Fixtures {
        geo: peerway::geo::Geo::load(&common::repo_path("seed-data/geo"))
            .expect("the gazetteer loads"),
        catalog: Some(common::fresh_catalog().1),
    };
    let mut ran = 0;
    for target in TARGETS {
        let dir = common::repo_path("fuzz/corpus").join(target);
        let mut inputs: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        inputs.sort();
        assert!(inputs.len() >= 2, "{target} has a corpus");
        for input in inputs {
            let data = std::fs::read(&input).unwrap();
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                run_target(target, &fixtures, &data)
            }));
            assert!(outcome.is_ok(), "{target} fails on {}", input.display());
            ran += 1;
        }
    }
    assert!(ran >= 40, "{ran} inputs");
}
