//! The integration tests, gathered into one test binary (as ripgrep's `tests/`
//! are): one link instead of one per file, and one index shared by every test that
//! reads the real directory (`common::catalog`). Each file below is a module named
//! after what it pins down; `cargo test --release --test integration NAME::`
//! runs one of them.
//!
//! The suites that need more than the Rust toolchain are `#[ignore]`d here and run
//! by `.ci/run`: `browser` (chromium and node).

mod common;

mod architecture;
mod browser;
mod build;
mod cli;
mod clinicians;
mod counties;
mod crawl;
mod eval;
mod fuzz_corpora;
mod geocoding;
mod hardening;
mod hours;
mod hsds;
mod operators;
mod policymakers;
mod reliability;
mod search;
mod seed_data;
mod spanish;
mod synth;
mod understanding;
mod web;
