//! What clinicians rely on: open now, eligibility at a glance, referral lists,
//! trust flags, and problem reports that are never lost.

use crate::common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use actix_web::web::Data;
use chrono::{DateTime, TimeZone, Utc};
use peerway::reports::{ReportReason, ReportStore};
use peerway::web::{app, AppState};

async fn call(request: TestRequest, now: DateTime<Utc>, data: &std::path::Path) -> common::Page {
    common::call_app(request, Some(now), data).await
}

fn noon_friday() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 17, 0, 0).unwrap() // 12:00 ET
}

#[actix_web::test]
async fn results_show_open_now_and_eligibility_at_a_glance() {
    let data = tempfile::tempdir().unwrap();
    let page = call(
        TestRequest::get().uri("/search?q=b-heard"),
        noon_friday(),
        data.path(),
    )
    .await;
    assert!(
        page.body.contains("Open now · closes Sat 1 am ET"),
        "B-HEARD at noon on Friday"
    );
    let page = call(
        TestRequest::get().uri("/search?q=afiya"),
        noon_friday(),
        data.path(),
    )
    .await;
    assert!(page
        .body
        .contains("Ages: 18+ · Cost: Free; no insurance required · Stay: Up to 7 nights"));
    assert!(page
        .body
        .contains("Sources: wildfloweralliance.org, power2u.org"));
    assert!(
        page.body
            .contains("name=\"ids\" value=\"afiya-peer-respite\""),
        "referral checkbox"
    );
    assert!(page
        .body
        .contains("<form id=\"referral-form\" method=\"get\" action=\"/referral\">"));
    let page = call(
        TestRequest::get().uri("/search?q=cahoots"),
        noon_friday(),
        data.path(),
    )
    .await;
    assert!(page
        .body
        .contains("Getting in: Sent through 911, 988, 211 or 311"));
}

#[actix_web::test]
async fn open_now_filter_on_the_page_uses_the_clock() {
    let data = tempfile::tempdir().unwrap();
    let three_am = Utc.with_ymd_and_hms(2026, 11, 27, 8, 0, 0).unwrap();
    let page = call(
        TestRequest::get().uri("/search?state=NY&open=now&per_page=100"),
        three_am,
        data.path(),
    )
    .await;
    assert!(!page.body.contains("B-HEARD"));
    let page = call(
        TestRequest::get().uri("/search?state=NY&open=now&per_page=100"),
        noon_friday(),
        data.path(),
    )
    .await;
    assert!(page.body.contains("B-HEARD"));
    assert!(page
        .body
        .contains("aria-label=\"Remove filter Hours: Open now\""));
}

#[actix_web::test]
async fn listings_older_than_a_year_are_flagged() {
    let data = tempfile::tempdir().unwrap();
    let later = Utc.with_ymd_and_hms(2028, 1, 15, 12, 0, 0).unwrap();
    let page = call(
        TestRequest::get().uri("/programs/afiya-peer-respite"),
        later,
        data.path(),
    )
    .await;
    assert!(page.body.contains("May be out of date"));
    let page = call(
        TestRequest::get().uri("/programs/afiya-peer-respite"),
        noon_friday(),
        data.path(),
    )
    .await;
    assert!(!page.body.contains("May be out of date"));
}

#[actix_web::test]
async fn referral_page_lists_the_programs_and_the_removed_ids() {
    let data = tempfile::tempdir().unwrap();
    let page = call(
        TestRequest::get().uri("/referral?ids=afiya-peer-respite,gone-program&ids=cahoots"),
        noon_friday(),
        data.path(),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Afiya Peer Respite"));
    assert!(page.body.contains("CAHOOTS"));
    assert!(page.body.contains("No longer in the directory:"));
    assert!(page.body.contains("<code>gone-program</code>"));
    assert!(
        page.body
            .contains("href=\"/referral?ids=afiya-peer-respite%2Cgone-program%2Ccahoots\""),
        "share link"
    );
    assert!(page
        .body
        .contains("href=\"/referral.vcf?ids=afiya-peer-respite,cahoots\""));
    // The copy-as-text block carries phones, hours and the 988/911 line.
    let text_start = page.body.find("<textarea id=\"as-text\"").unwrap();
    let text = &page.body[text_start..];
    assert!(text.contains("In danger now: call 911."));
    assert!(text.contains("Call 413-570-2990"));
    assert!(text.contains("Call 911 and ask for CAHOOTS"));
    assert!(text.contains("Checked 2026-12-02 by desk review of "));
    assert!(!text.contains("Last verified"));
}

#[actix_web::test]
async fn referral_vcard_download() {
    let data = tempfile::tempdir().unwrap();
    let page = call(
        TestRequest::get().uri("/referral.vcf?ids=afiya-peer-respite"),
        noon_friday(),
        data.path(),
    )
    .await;
    assert_eq!(
        page.headers.get("content-type").unwrap(),
        "text/vcard; charset=utf-8"
    );
    assert!(page
        .headers
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap()
        .contains("peerway-referral.vcf"));
    assert!(page
        .body
        .starts_with("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Afiya Peer Respite\r\n"));
    assert!(page.body.contains("TEL;TYPE=VOICE:+14135702990\r\n"));
    assert!(page
        .body
        .contains("ADR;TYPE=WORK:;;;Northampton;MA;;USA\r\n"));
    assert!(page.body.ends_with("END:VCARD\r\n"));
}

fn report_request(id: &str, body: &str) -> TestRequest {
    TestRequest::post()
        .uri(&format!("/programs/{id}/report"))
        .peer_addr("10.9.8.7:5555".parse().unwrap())
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(body.to_string())
}

#[actix_web::test]
async fn a_report_is_stored_before_the_thank_you() {
    let data = tempfile::tempdir().unwrap();
    let page = call(
        report_request(
            "afiya-peer-respite",
            "reason=wrong_phone&note=synthetic+test+note&website=",
        ),
        noon_friday(),
        data.path(),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Thank you"));
    let log = ReportStore::new(data.path()).read().unwrap();
    assert_eq!(log.reports.len(), 1);
    assert_eq!(log.reports[0].program_id, "afiya-peer-respite");
    assert_eq!(log.reports[0].reason, ReportReason::WrongPhone);
    let mut raw = std::fs::read(data.path().join("peerway.db")).unwrap();
    raw.extend(std::fs::read(data.path().join("peerway.db-wal")).unwrap_or_default());
    assert!(
        !String::from_utf8_lossy(&raw).contains("10.9.8.7"),
        "the IP is never written"
    );
}

#[actix_web::test]
async fn honeypot_and_bad_reports_store_nothing() {
    let data = tempfile::tempdir().unwrap();
    let bot = call(
        report_request(
            "afiya-peer-respite",
            "reason=closed&website=http%3A%2F%2Fspam",
        ),
        noon_friday(),
        data.path(),
    )
    .await;
    assert_eq!(bot.status, StatusCode::OK);
    let unknown_reason = call(
        report_request("afiya-peer-respite", "reason=bored"),
        noon_friday(),
        data.path(),
    )
    .await;
    assert_eq!(unknown_reason.status, StatusCode::BAD_REQUEST);
    let long = format!("reason=other&note={}", "a".repeat(1200));
    let too_long = call(
        report_request("afiya-peer-respite", &long),
        noon_friday(),
        data.path(),
    )
    .await;
    assert_eq!(too_long.status, StatusCode::BAD_REQUEST);
    let huge = format!("reason=other&note={}", "a".repeat(20_000));
    let too_big = call(
        report_request("afiya-peer-respite", &huge),
        noon_friday(),
        data.path(),
    )
    .await;
    // Refused before any handler reads it: larger than the 16 KB body limit.
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    let missing = call(
        report_request("gone-program", "reason=closed"),
        noon_friday(),
        data.path(),
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(ReportStore::new(data.path())
        .read()
        .unwrap()
        .reports
        .is_empty());
}

#[actix_web::test]
async fn too_many_reports_from_one_address_get_a_429_page() {
    let data = tempfile::tempdir().unwrap();
    let (_dir, catalog) = common::fresh_catalog();
    let now = noon_friday();
    let state = Data::new(
        AppState::new(catalog, common::shared_geo(), data.path()).with_clock(move || now),
    );
    let service = test::init_service(app(state)).await;
    let mut statuses = Vec::new();
    let mut last = None;
    for _ in 0..6 {
        let response = test::call_service(
            &service,
            report_request("afiya-peer-respite", "reason=other").to_request(),
        )
        .await;
        statuses.push(response.status());
        last = Some(response);
    }
    assert_eq!(&statuses[..5], &[StatusCode::OK; 5]);
    assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS);
    let last = last.unwrap();
    assert!(last.headers().get("retry-after").is_some());
    let body = String::from_utf8(test::read_body(last).await.to_vec()).unwrap();
    assert!(body.contains("please wait about"));
    assert_eq!(
        ReportStore::new(data.path()).read().unwrap().reports.len(),
        5
    );
}

/// A report acknowledged by a real server is still there after the server is
/// killed (SIGKILL, no chance to flush anything).
#[test]
fn reports_survive_a_killed_server() {
    let bin = env!("CARGO_BIN_EXE_peerway");
    let root = common::repo_path("");
    let index = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let env = |cmd: &mut Command| {
        cmd.current_dir(&root)
            .env("PEERWAY_INDEX", index.path())
            .env("PEERWAY_DATA", data.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
    };
    let mut build = Command::new(bin);
    env(&mut build);
    assert!(build.arg("build").status().unwrap().success());
    let mut serve = Command::new(bin);
    env(&mut serve);
    serve.env("RUST_LOG", "info");
    let log = data.path().join("server.log");
    let (mut server, port) = common::serve_on_free_port(serve, &log, |port| {
        TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    let body = "reason=closed&note=synthetic+durability+test";
    let request = format!(
        "POST /programs/afiya-peer-respite/report HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut response = String::new();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    server.kill().unwrap();
    server.wait().unwrap();
    let mut list = Command::new(bin);
    list.current_dir(&root).env("PEERWAY_DATA", data.path());
    let output = list.arg("reports").output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("afiya-peer-respite"), "{stdout}");
    assert!(stdout.contains("synthetic durability test"));
    assert!(stdout.contains("1 report(s)"));
}

/// A clinician building a list: "add" on a program page keeps the list in its
/// address, the copied text carries who it is for and what it costs, and no page
/// shows our research files' references.
#[actix_web::test]
async fn a_list_being_built_is_kept_and_its_text_says_who_it_is_for() {
    let added = common::get_page("/programs/karaya-peer-run-respite?list=afiya-peer-respite").await;
    assert!(
        added
            .body
            .contains("/referral?ids=afiya-peer-respite,karaya-peer-run-respite"),
        "the program is added to the list being built"
    );
    let again =
        common::get_page("/programs/afiya-peer-respite?list=afiya-peer-respite,bad%20id").await;
    assert!(
        again.body.contains("Back to the referral list (1)"),
        "ill-formed ids are dropped"
    );

    let list = common::get_page("/referral?ids=afiya-peer-respite,karaya-peer-run-respite").await;
    assert!(list
        .body
        .contains("/programs/afiya-peer-respite?list=afiya-peer-respite,karaya-peer-run-respite"));
    let text = list.body.split("id=\"as-text\"").nth(1).unwrap();
    let afiya = common::seed_programs()
        .iter()
        .find(|p| p.id == "afiya-peer-respite")
        .unwrap();
    for (label, value) in [
        ("Ages", &afiya.eligibility.ages),
        ("Cost", &afiya.eligibility.cost),
        ("Stay", &afiya.eligibility.length_of_stay),
    ] {
        if !value.is_empty() {
            assert!(
                text.contains(&format!("{label}: {value}")),
                "{label} in the copied text"
            );
        }
    }
    assert!(
        list.body.contains("Made "),
        "the list says when it was made"
    );

    let with_research_note = common::seed_programs()
        .iter()
        .find(|p| p.notes.iter().any(|n| n.contains(".csv:")))
        .expect("a program whose notes name a research file");
    let page = common::get_page(&format!("/programs/{}", with_research_note.id)).await;
    assert!(
        !page.body.contains(".csv:"),
        "no research-file reference on the page"
    );
}
