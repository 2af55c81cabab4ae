//! Runs the real-browser tests (tests/browser/*.test.mjs) against the binary this
//! build produced. `.ci/run` installs chromium and the npm packages they need.

use std::process::Command;

#[test]
fn pages_work_in_a_real_browser() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    assert!(
        dir.join("node_modules/playwright-core").is_dir(),
        "run `npm ci` in tests/browser (and install Debian's chromium) first; .ci/run does both"
    );
    let output = Command::new("node")
        .args(["--test", "--test-reporter=spec", "pages.test.mjs"])
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
