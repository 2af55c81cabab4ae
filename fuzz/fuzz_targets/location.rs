#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::LazyLock;

use peerway::fuzzing::Fixtures;

static FIXTURES: LazyLock<Fixtures> =
    LazyLock::new(|| Fixtures::load(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")), false));

fuzz_target!(|data: &[u8]| {
    peerway::fuzzing::location(&FIXTURES.geo, data);
});
