//! Hardening, as the hardening issue's probe found: HEAD answered for GET routes,
//! a report note of 1,000 characters in any script accepted, and reports posted
//! from another site's page refused with nothing kept. In process, loopback only.

use crate::common;

use crate::common::call_app;
use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use peerway::reports::ReportStore;

#[actix_web::test]
async fn head_is_answered_for_get_routes() {
    let data = tempfile::tempdir().unwrap();
    for uri in ["/", "/healthz", "/api/v1/search?q=respite", "/states/MA"] {
        let page = call_app(
            TestRequest::default()
                .method(actix_web::http::Method::HEAD)
                .uri(uri),
            None,
            data.path(),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK, "HEAD {uri}");
    }
    let missing = call_app(
        TestRequest::default()
            .method(actix_web::http::Method::HEAD)
            .uri("/no-such-page"),
        None,
        data.path(),
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

fn report(body: &str) -> TestRequest {
    TestRequest::post()
        .uri("/programs/afiya-peer-respite/report")
        .peer_addr("10.9.8.7:5555".parse().unwrap())
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(body.to_string())
}

fn encoded(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

#[actix_web::test]
async fn a_note_of_1000_characters_in_any_script_is_accepted() {
    let data = tempfile::tempdir().unwrap();
    // 1,000 three-byte characters: 9,000 bytes once percent-encoded.
    let note = "\u{8a66}".repeat(1000);
    let body = format!("reason=other&note={}&website=", encoded(&note));
    assert!(body.len() > 9000);
    let page = call_app(report(&body), None, data.path()).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let stored = ReportStore::new(data.path()).read().unwrap().reports;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].note.chars().count(), 1000);
}

#[actix_web::test]
async fn reports_posted_from_another_site_are_refused_and_not_kept() {
    let data = tempfile::tempdir().unwrap();
    let body = "reason=closed&note=SYNTHETIC+relay&website=";
    let cross = call_app(
        report(body).insert_header(("sec-fetch-site", "cross-site")),
        None,
        data.path(),
    )
    .await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
    let other_origin = call_app(
        report(body).insert_header(("origin", "https://evil.example")),
        None,
        data.path(),
    )
    .await;
    assert_eq!(other_origin.status, StatusCode::FORBIDDEN);
    assert!(ReportStore::new(data.path())
        .read()
        .unwrap()
        .reports
        .is_empty());
    // The site's own form (and a browser that sends neither header) still works.
    let own = call_app(
        report(body).insert_header(("sec-fetch-site", "same-origin")),
        None,
        data.path(),
    )
    .await;
    assert_eq!(own.status, StatusCode::OK);
    let plain = call_app(report(body), None, data.path()).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(
        ReportStore::new(data.path()).read().unwrap().reports.len(),
        2
    );
}

#[actix_web::test]
async fn a_position_is_carried_to_about_a_kilometre_and_shown_by_its_town() {
    let page = common::get_page("/search?q=respite&lat=42.321345&lon=-72.630412").await;
    assert_eq!(page.status, StatusCode::OK);
    for precise in ["42.3213", "72.6304", "42.321345"] {
        assert!(!page.body.contains(precise), "{precise} is in the page");
    }
    assert!(
        page.body.contains("lat=42.32&amp;lon=-72.63"),
        "links carry 2 decimals"
    );
    let title = page
        .body
        .split("<title>")
        .nth(1)
        .unwrap()
        .split("</title>")
        .next()
        .unwrap();
    assert_eq!(
        title, "Search results · Peerway",
        "no place or query in the title"
    );
    let heading = page
        .body
        .split("<h1 class=\"query\">")
        .nth(1)
        .unwrap()
        .split("</h1>")
        .next()
        .unwrap();
    assert!(heading.contains("near Northampton, MA"), "{heading}");
}

#[actix_web::test]
async fn absolute_links_never_come_from_request_headers() {
    let data = tempfile::tempdir().unwrap();
    for uri in ["/data", "/hsds/"] {
        let page = call_app(
            TestRequest::get()
                .uri(uri)
                .insert_header(("host", "evil.example"))
                .insert_header(("x-forwarded-host", "evil.example"))
                .insert_header(("x-forwarded-proto", "https"))
                .insert_header(("forwarded", "host=evil.example;proto=https")),
            None,
            data.path(),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        assert!(!page.body.contains("evil.example"), "{uri}: {}", page.body);
        assert!(
            page.body.contains(peerway::web::DEFAULT_BASE_URL),
            "{uri} links from the configured base"
        );
    }
}

#[test]
fn a_base_url_with_a_path_or_another_scheme_is_refused() {
    let state = || {
        let (_dir, catalog) = common::fresh_catalog();
        peerway::web::AppState::new(catalog, common::shared_geo(), std::path::Path::new("."))
    };
    assert!(state().with_base_url("https://peerway.example").is_ok());
    assert!(state().with_base_url("https://peerway.example/").is_ok());
    for bad in [
        "ftp://peerway.example",
        "https://peerway.example/app",
        "peerway.example",
        "",
    ] {
        assert!(state().with_base_url(bad).is_err(), "{bad}");
    }
}

/// Copy generation `good` to a newer name with every fast-field file garbled in
/// place (same length), and make the copy current, as the probe did.
fn garbled_copy(root: &std::path::Path, good: &str) -> String {
    let bad = "gen-99990101T000000.000000".to_string();
    let from = root.join(good);
    let to = root.join(&bad);
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(&from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        let mut bytes = std::fs::read(entry.path()).unwrap();
        if entry.path().extension().is_some_and(|e| e == "fast") {
            let (start, end) = (bytes.len() / 4, bytes.len() * 3 / 4);
            for (i, byte) in bytes[start..end].iter_mut().enumerate() {
                *byte = (i as u8).wrapping_mul(37) ^ 0xA5;
            }
        }
        std::fs::write(target, bytes).unwrap();
    }
    std::fs::write(root.join("CURRENT"), &bad).unwrap();
    bad
}

fn build_into(store: &peerway::index::IndexStore) -> String {
    peerway::index::build_from_seed(
        &common::repo_path("seed-data"),
        common::geo(),
        store,
        &mut |_| Ok(()),
    )
    .expect("seed-data builds")
    .generation
}

#[actix_web::test]
async fn a_garbled_generation_is_refused_reported_and_a_later_good_one_served() {
    use actix_web::test;
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let store = peerway::index::IndexStore::new(dir.path());
    let good = build_into(&store);
    let state = actix_web::web::Data::new(
        peerway::web::AppState::new(
            store.open_current().unwrap(),
            common::shared_geo(),
            data.path(),
        )
        .with_stale_after(std::time::Duration::ZERO),
    );
    let bad = garbled_copy(dir.path(), &good);

    // The watcher looks (twice: a refused generation is not retried) and lives on.
    peerway::web::watch::look_once(&state, &store);
    peerway::web::watch::look_once(&state, &store);
    assert_eq!(state.catalog().meta().generation, good);
    assert_eq!(state.generations.refusals(), 1);
    let refusal = state.generations.pending().expect("a pending refusal");
    assert_eq!(refusal.generation, bad);
    assert!(
        refusal.reason.contains("still serving"),
        "{}",
        refusal.reason
    );

    // /healthz says so, with a non-200 status once the refusal is older than allowed.
    let service = test::init_service(peerway::web::app(state.clone())).await;
    let health =
        test::call_service(&service, TestRequest::get().uri("/healthz").to_request()).await;
    assert_eq!(health.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = test::read_body_json(health).await;
    assert_eq!(body["status"], "stale");
    assert_eq!(body["generation"], good.as_str());
    assert_eq!(body["refused"]["generation"], bad.as_str());

    // A restart on that CURRENT serves the newest generation that reads whole.
    let (restarted, refused) = store.open_newest_good().expect("a good generation");
    assert_eq!(restarted.meta().generation, good);
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].0, bad);

    // The next good build is put in service and health is "ok" again.
    let newer = build_into(&store);
    peerway::web::watch::look_once(&state, &store);
    assert_eq!(state.catalog().meta().generation, newer);
    assert!(state.generations.pending().is_none());
    let health =
        test::call_service(&service, TestRequest::get().uri("/healthz").to_request()).await;
    assert_eq!(health.status(), StatusCode::OK);
}

#[test]
fn a_damaged_doc_store_fails_the_check_instead_of_a_later_search() {
    let dir = tempfile::tempdir().unwrap();
    let store = peerway::index::IndexStore::new(dir.path());
    let good = build_into(&store);
    let root = dir.path().join(&good);
    for entry in std::fs::read_dir(&root).unwrap().flatten() {
        if entry.path().extension().is_some_and(|e| e == "store") {
            let mut bytes = std::fs::read(entry.path()).unwrap();
            let end = bytes.len() / 2;
            for byte in &mut bytes[8..end] {
                *byte = !*byte;
            }
            std::fs::write(entry.path(), bytes).unwrap();
        }
    }
    let refused = peerway::index::verify::open_verified(&root);
    assert!(
        refused.is_err(),
        "a garbled doc store must not pass the check"
    );
}

/// Behind a reverse proxy every connection comes from the proxy: with
/// `--trusted-proxy` the API budget is counted per client (`X-Forwarded-For`), and
/// without it the header is ignored (a client cannot pick its own address).
#[actix_web::test]
async fn budgets_count_the_client_behind_a_trusted_proxy_only() {
    use actix_web::test;
    let data = tempfile::tempdir().unwrap();
    let proxy: std::net::IpAddr = "127.0.0.1".parse().unwrap();
    let api = |client: &str| {
        TestRequest::get()
            .uri("/api/v1/search?q=respite")
            .peer_addr("127.0.0.1:4000".parse().unwrap())
            .insert_header(("x-forwarded-for", format!("203.0.113.50, {client}")))
            .to_request()
    };
    let (_dir, catalog) = common::fresh_catalog();
    let behind = test::init_service(peerway::web::app(actix_web::web::Data::new(
        peerway::web::AppState::new(catalog, common::shared_geo(), data.path())
            .with_rate_limit(1)
            .with_trusted_proxies(vec![proxy]),
    )))
    .await;
    assert_eq!(
        test::call_service(&behind, api("198.51.100.1"))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        test::call_service(&behind, api("198.51.100.1"))
            .await
            .status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the same client again"
    );
    assert_eq!(
        test::call_service(&behind, api("198.51.100.2"))
            .await
            .status(),
        StatusCode::OK,
        "another client behind the same proxy has its own budget"
    );

    let (_dir, catalog) = common::fresh_catalog();
    let direct = test::init_service(peerway::web::app(actix_web::web::Data::new(
        peerway::web::AppState::new(catalog, common::shared_geo(), data.path()).with_rate_limit(1),
    )))
    .await;
    assert_eq!(
        test::call_service(&direct, api("198.51.100.1"))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        test::call_service(&direct, api("198.51.100.2"))
            .await
            .status(),
        StatusCode::TOO_MANY_REQUESTS,
        "an untrusted peer cannot choose its address with the header"
    );
}
