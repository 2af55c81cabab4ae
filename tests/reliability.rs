//! Holding up: limits that answer with a clear 4xx, a new index swapped in under a
//! running server without a failed request, and logs that say nothing about who
//! searched for what.

use crate::common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::repo_path;
use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use actix_web::web::Data;
use peerway::web::{app, AppState};

#[actix_web::test]
async fn api_rate_limit_answers_429_with_retry_after_and_spares_pages() {
    let (_dir, catalog) = common::fresh_catalog();
    let data = tempfile::tempdir().unwrap();
    let state =
        Data::new(AppState::new(catalog, common::shared_geo(), data.path()).with_rate_limit(3));
    let service = test::init_service(app(state)).await;
    let from = |uri: &str| {
        TestRequest::get()
            .uri(uri)
            .peer_addr("10.1.2.3:4000".parse().unwrap())
            .to_request()
    };
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(
            test::call_service(&service, from("/api/v1/search?q=respite"))
                .await
                .status(),
        );
    }
    assert_eq!(
        statuses,
        [
            StatusCode::OK,
            StatusCode::OK,
            StatusCode::OK,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
    let limited = test::call_service(&service, from("/hsds/services")).await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers().get("retry-after").is_some());
    let body: serde_json::Value = serde_json::from_slice(&test::read_body(limited).await).unwrap();
    assert!(body["error"].as_str().unwrap().contains("try again"));
    // People browsing pages are not counted against the API limit.
    assert_eq!(
        test::call_service(&service, from("/search?q=respite"))
            .await
            .status(),
        StatusCode::OK
    );
}

#[actix_web::test]
async fn oversized_queries_are_refused_clearly() {
    let long = common::get_page(&format!("/search?q={}", "a".repeat(20_000))).await;
    assert_eq!(long.status, StatusCode::BAD_REQUEST);
    assert!(
        long.body.contains("the address is too long"),
        "an HTML page that says what to fix"
    );
    assert!(long.body.contains("In danger now"));
    let many: String = (0..70)
        .map(|i| format!("kind=warmline&x{i}=1"))
        .collect::<Vec<_>>()
        .join("&");
    let crowded = common::get_page(&format!("/api/v1/search?{many}")).await;
    assert_eq!(crowded.status, StatusCode::BAD_REQUEST);
    assert!(crowded.body.contains("too many parameters"));
}

fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.get(9..12)?.parse().ok()?;
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Some((status, body))
}

fn peerway(index: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_peerway"));
    command
        .current_dir(repo_path(""))
        .env("PEERWAY_INDEX", index)
        .env("RUST_LOG", "info");
    command
}

fn start_server(index: &Path, data: &Path, log: &Path) -> (Child, u16) {
    start_server_on_free_port(index, data, log, &[])
}

/// The server on a port the system picks, with `RUST_LOG` at `level`, its log in `log`.
fn start_server_logging(index: &Path, data: &Path, log: &Path, level: &str) -> (Child, u16) {
    let mut command = peerway(index);
    command
        .env("RUST_LOG", level)
        .env("PEERWAY_DATA", data)
        // These tests drive the server harder than a person would.
        .env("PEERWAY_RATE_LIMIT", "0");
    common::serve_on_free_port(command, log, |port| http_get(port, "/healthz").is_some())
}

/// The server on a port the system picks, with `extra` arguments.
fn start_server_on_free_port(
    index: &Path,
    data: &Path,
    log: &Path,
    extra: &[&str],
) -> (Child, u16) {
    let mut command = peerway(index);
    command
        .env("PEERWAY_DATA", data)
        .env("PEERWAY_RATE_LIMIT", "0")
        .args(extra);
    common::serve_on_free_port(command, log, |port| http_get(port, "/healthz").is_some())
}

/// A temporary folder holding an index built by the real binary.
fn built_index() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let built = peerway(&index)
        .arg("build")
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(built.success());
    (dir, index)
}

fn generation(port: u16) -> String {
    let (_, body) = http_get(port, "/healthz").unwrap();
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    json["generation"].as_str().unwrap().to_string()
}

#[test]
fn a_new_index_is_picked_up_without_a_restart_or_a_failed_request() {
    let (dir, index) = built_index();
    let (mut server, port) = start_server(&index, dir.path(), &dir.path().join("server.log"));
    let first = generation(port);

    let builder = std::thread::spawn({
        let index = index.clone();
        move || {
            // --offline: no test touches the internet (the crawl step is tested in crawl.rs).
            peerway(&index)
                .args(["refresh", "--offline"])
                .stdout(Stdio::null())
                .status()
                .unwrap()
                .success()
        }
    });
    let started = Instant::now();
    let mut answered = 0;
    while generation(port) == first {
        let (status, _) =
            http_get(port, "/api/v1/search?q=respite&near=01060").expect("the server answers");
        assert_eq!(status, 200, "a request failed during the swap");
        answered += 1;
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the new index was never picked up"
        );
    }
    assert!(builder.join().unwrap());
    assert!(answered > 0);
    assert_eq!(http_get(port, "/api/v1/search?q=respite").unwrap().0, 200);

    // A broken generation made current is refused; the good one keeps serving.
    let serving = generation(port);
    std::fs::create_dir_all(index.join("gen-broken")).unwrap();
    std::fs::write(index.join("gen-broken/meta.json"), "not an index").unwrap();
    std::fs::write(index.join("CURRENT"), "gen-broken").unwrap();
    // /healthz names the refused generation once the watcher has looked (no fixed sleep).
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (_, body) = http_get(port, "/healthz").unwrap();
        let health: serde_json::Value = serde_json::from_str(&body).unwrap();
        if health["refused"]["generation"] == "gen-broken" {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the broken generation was never reported: {health}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(generation(port), serving);
    assert_eq!(http_get(port, "/search?q=respite").unwrap().0, 200);
    server.kill().unwrap();
    server.wait().unwrap();
    let log = std::fs::read_to_string(dir.path().join("server.log")).unwrap();
    assert!(
        log.contains("index gen-broken refused") && log.contains("still serving"),
        "{log}"
    );
}

#[test]
fn logs_carry_no_query_place_coordinates_or_address() {
    let (dir, index) = built_index();
    let log_path = dir.path().join("server.log");
    // At debug level too: no crate may log a place, a query or an error body.
    let (mut server, port) = start_server_logging(&index, dir.path(), &log_path, "debug");
    for path in [
        "/search?q=zqprivacyword&near=01060",
        "/search?q=respite&lat=42.3213&lon=-72.6304",
        "/api/v1/search?q=zqprivacyword&near=Northampton%2C+MA",
        "/search?near=Nothampton+MA",
    ] {
        assert!(http_get(port, path).is_some());
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let log = std::fs::read_to_string(&log_path).unwrap();
    let access: Vec<&str> = log.lines().filter(|l| l.contains("GET ")).collect();
    assert!(access.len() >= 4, "the access log records requests: {log}");
    for needle in [
        "zqprivacyword",
        "01060",
        "42.3213",
        "-72.6304",
        "Northampton",
        "Nothampton",
        "127.0.0.1",
        "lat=",
        "q=",
    ] {
        assert!(
            access.iter().all(|l| !l.contains(needle)),
            "{needle} appears in the access log: {access:#?}"
        );
    }
    for needle in ["zqprivacyword", "Nothampton", "42.3213", "-72.6304"] {
        assert!(!log.contains(needle), "{needle} appears in the debug log");
    }
}

/// An index this version cannot open (left by an older version, or damaged) is
/// rebuilt from seed-data at start-up instead of stopping the site.
#[test]
fn an_unusable_index_at_start_up_is_rebuilt_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    std::fs::create_dir_all(index.join("gen-old")).unwrap();
    std::fs::write(
        index.join("gen-old/peerway-build.json"),
        "{ from an older version",
    )
    .unwrap();
    std::fs::write(index.join("CURRENT"), "gen-old").unwrap();
    let (mut server, port) = start_server(&index, dir.path(), &dir.path().join("server.log"));
    assert_eq!(http_get(port, "/search?q=respite").unwrap().0, 200);
    assert_ne!(generation(port), "gen-old");
    server.kill().unwrap();
    server.wait().unwrap();
}

/// The probe's slow-body attack: a report post whose body never comes held a
/// connection (and a file descriptor) for 125 s+. Now it is answered 408 within
/// the body timeout, and one address cannot hold more than its share of connections.
#[test]
fn a_body_that_never_arrives_is_cut_off_and_one_address_cannot_hoard_connections() {
    let (dir, index) = built_index();
    let (mut server, port) =
        start_server_on_free_port(&index, dir.path(), &dir.path().join("server.log"), &[]);

    let mut stalled = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stalled
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stalled,
        "POST /programs/afiya-peer-respite/report HTTP/1.1\r\nHost: 127.0.0.1\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n"
    )
    .unwrap();
    let started = Instant::now();
    let mut answer = String::new();
    let _ = stalled.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );

    // Hold every connection one address may have, then one more.
    let cap = peerway::web::connections::MAX_CONNECTIONS_PER_ADDRESS as usize;
    let held: Vec<TcpStream> = (0..cap)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    // The server counts a connection once it accepts it: poll until the extra one is refused.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (status, _) = http_get(port, "/healthz").expect("an answer");
        if status == 429 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the extra connection was never refused"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(held);
    let deadline = Instant::now() + Duration::from_secs(20);
    while http_get(port, "/healthz").map(|(status, _)| status) != Some(200) {
        assert!(
            Instant::now() < deadline,
            "closed connections never gave their places back"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server.kill().unwrap();
    server.wait().unwrap();
}

/// A trusted reverse proxy holds everyone's connections: it is not capped.
#[test]
fn a_trusted_proxy_may_hold_more_connections_than_one_address() {
    let (dir, index) = built_index();
    let (mut server, port) = start_server_on_free_port(
        &index,
        dir.path(),
        &dir.path().join("server.log"),
        &["--trusted-proxy", "127.0.0.1"],
    );
    let cap = peerway::web::connections::MAX_CONNECTIONS_PER_ADDRESS as usize;
    let held: Vec<TcpStream> = (0..cap + 10)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    let (status, _) = http_get(port, "/healthz").expect("an answer");
    assert_eq!(status, 200, "the proxy's connection over the cap is served");
    drop(held);
    server.kill().unwrap();
    server.wait().unwrap();
}
