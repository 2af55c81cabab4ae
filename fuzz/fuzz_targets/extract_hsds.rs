#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    peerway::fuzzing::extract_hsds(data);
});
