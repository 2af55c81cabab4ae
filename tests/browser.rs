//! Runs the real-browser tests (tests/browser/*.test.mjs: the pages in English, and
//! the Spanish site at /es/) against the binary this
//! build produced. They need Debian's chromium, node and `npm ci` in tests/browser, so
//! the test is `#[ignore]`d: `cargo test --release` passes on a machine with only the
//! Rust toolchain, and `.ci/run` installs the tools and runs it with
//! `cargo test --release --test integration -- --ignored browser::`. When run, a missing tool fails
//! the test with what to install; it never passes silently.

use std::process::Command;

#[test]
#[ignore = "needs chromium, node and `npm ci` in tests/browser; run by .ci/run"]
fn pages_work_in_a_real_browser() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    assert!(
        dir.join("node_modules/playwright-core").is_dir(),
        "run `npm ci` in tests/browser (and install Debian's chromium) first; .ci/run does both"
    );
    let output = Command::new("node")
        .args([
            "--test",
            "--test-reporter=spec",
            "pages.test.mjs",
            "spanish.test.mjs",
            "operators.test.mjs",
        ])
        .current_dir(&dir)
        .env("PEERWAY_BIN", env!("CARGO_BIN_EXE_peerway"))
        .env(
            "PEERWAY_SEED",
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seed-data"),
        )
        .env(
            "PEERWAY_GEO",
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seed-data/geo"),
        )
        .output()
        .expect("node runs");
    let report = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    println!("{report}");
    assert!(output.status.success(), "browser tests failed:\n{report}");
}
