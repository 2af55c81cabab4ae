//! Hardening, as the hardening issue's probe found: HEAD answered for GET routes,
//! a report note of 1,000 characters in any script accepted, and reports posted
//! from another site's page refused with nothing kept. In process, loopback only.

mod common;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use common::call_app;
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
    assert!(title.contains("near Northampton, MA"), "{title}");
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
