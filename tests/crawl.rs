//! The crawler against servers on 127.0.0.1 only: politeness (robots.txt, rate,
//! User-Agent), limits (redirects, body size, timeouts), conditional GET, retries,
//! each extractor end to end, and what lands in seed-data — provenance, proposed
//! changes, stale marks — including when fetches fail.
//!
//! Fixture pages are written here. Real listings appear only where a test needs a
//! curated record to match (Afiya Peer Respite, copied from seed-data with its real
//! phone number); every other program in them is named SYNTHETIC with a 555-01xx
//! number, and nothing here reaches the served index.

use crate::common;
#[path = "crawl/fixture_server.rs"]
mod fixture_server;

use std::path::{Path, PathBuf};
use std::time::Duration;

use fixture_server::{FixtureServer, Reply};
use peerway::crawl::{self, CrawlOptions, CrawlReport, FetchFailure, FetchPolicy};
use peerway::seed::crawled::{read_crawled, ChangeStatus, RecordStatus};

const CONTACT: &str = "https://peerway.example/about#crawler";
const AFIYA_FILE: &str = "seed-data/programs/ma/afiya-peer-respite.toml";

/// A seed folder holding the real Afiya record and the synonyms the build needs.
fn seed_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let programs = dir.path().join("programs/ma");
    std::fs::create_dir_all(&programs).unwrap();
    std::fs::copy(
        common::repo_path(AFIYA_FILE),
        programs.join("afiya-peer-respite.toml"),
    )
    .unwrap();
    std::fs::copy(
        common::repo_path("seed-data/synonyms.toml"),
        dir.path().join("synonyms.toml"),
    )
    .unwrap();
    dir
}

fn write_sources(seed: &Path, sources: &str) -> PathBuf {
    let path = seed.join("sources.toml");
    std::fs::write(&path, format!("contact_url = \"{CONTACT}\"\n{sources}")).unwrap();
    path
}

fn test_policy() -> FetchPolicy {
    FetchPolicy {
        contact_url: CONTACT.to_string(),
        connect_timeout: Duration::from_secs(2),
        read_timeout: Duration::from_secs(1),
        total_timeout: Duration::from_secs(2),
        backoff: Duration::from_millis(20),
        max_wait: Duration::from_secs(5),
        allow_private: true,
        ..FetchPolicy::default()
    }
}

fn options(seed: &Path) -> CrawlOptions {
    CrawlOptions {
        seed_dir: seed.to_path_buf(),
        sources_path: seed.join("sources.toml"),
        cache_dir: seed.join("../cache").join(seed.file_name().unwrap()),
        only_source: None,
        dry_run: false,
        policy: test_policy(),
        progress: false,
    }
}

fn run(seed: &Path) -> CrawlReport {
    crawl::crawl(&options(seed), common::geo()).expect("the crawl runs")
}

/// A source on the fixture server (fast rate: tests are not real hosts), with the
/// extractor's layout appended.
fn fixture_source(id: &str, extractor: &str, urls: &[String], layout: &str) -> String {
    let urls: Vec<String> = urls.iter().map(|u| format!("\"{u}\"")).collect();
    format!(
        "[[source]]\nid = \"{id}\"\nname = \"Fixture {id}\"\nstart_urls = [{}]\nextractor = \"{extractor}\"\nallowed_hosts = [\"127.0.0.1\"]\nrecrawl_days = 30\nterms = \"Test fixture.\"\nrequests_per_second = 50\n{layout}",
        urls.join(", ")
    )
}

/// The NEC-like directory source, reading `paths` of the fixture server.
fn labelled_source(server: &FixtureServer, paths: &[&str]) -> String {
    let urls: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
    fixture_source(
        "directory",
        "labelled",
        &urls,
        r#"[source.defaults]
kind = "peer_respite"
peer_role = "peer_run"
[source.labelled]
heading_selector = "h3"
[source.labelled.labels]
website = "Website:"
location = "Location:"
phone = "Phone:"
"#,
    )
}

fn directory_page(afiya_phone: &str, with_afiya: bool, with_synthetic: bool) -> String {
    let mut page =
        String::from("<html><body><h2>Directory of Peer Respites</h2><p>Compiled for a test.</p>");
    if with_afiya {
        page.push_str(&format!(
            "<h3>Massachusetts</h3><p><strong>AFIYA PEER RESPITE</strong><br>Website: <a href=\"https://wildfloweralliance.org/afiya/\">wildfloweralliance.org/afiya</a><br>Location: Northampton, MA<br>Phone: {afiya_phone}</p><p>A peer respite house.</p>"
        ));
    }
    if with_synthetic {
        page.push_str("<h3>Oregon</h3><p><strong>SYNTHETIC TEST RESPITE</strong><br>Location: Eugene, OR<br>Phone: 541-555-0100</p><p>Not a real program.</p>");
    }
    page.push_str("</body></html>");
    page
}

/// The directory page served with an ETag, and a seed folder whose source reads it.
fn directory_with_etag() -> (FixtureServer, tempfile::TempDir) {
    let server = FixtureServer::start();
    server.set(
        "/dir",
        Reply::html(directory_page("413-570-2990", true, true)).with_etag("\"v1\""),
    );
    let seed = seed_folder();
    write_sources(seed.path(), &labelled_source(&server, &["/dir"]));
    (server, seed)
}

/// `peerway crawl --accept ID` on a test's seed folder, on `today`.
fn accept_change(seed: &Path, id: &str, today: chrono::NaiveDate) -> crawl::accept::AcceptReport {
    let sources = crawl::sources::read_sources(&seed.join("sources.toml")).unwrap();
    crawl::accept::accept(
        seed,
        common::geo(),
        &sources,
        &[id.to_string()],
        None,
        today,
    )
    .unwrap()
}

fn crawled_file(seed: &Path, source: &str) -> PathBuf {
    seed.join("crawled").join(format!("{source}.toml"))
}

fn source_report<'a>(report: &'a CrawlReport, id: &str) -> &'a crawl::SourceReport {
    report
        .sources
        .iter()
        .find(|s| s.source == id)
        .expect("the source was crawled")
}

#[test]
fn a_labelled_directory_lands_in_seed_data_with_provenance_and_proposals() {
    let server = FixtureServer::start();
    server.set(
        "/dir",
        Reply::html(directory_page("413-570-2990", true, true)),
    );
    let seed = seed_folder();
    write_sources(seed.path(), &labelled_source(&server, &["/dir"]));
    let report = run(seed.path());
    let source = source_report(&report, "directory");
    assert_eq!(
        (source.fetched, source.failed.len()),
        (1, 0),
        "{:?}",
        source.failed
    );
    assert_eq!((source.counts.new, source.counts.missing), (2, 0));
    let file = read_crawled(&crawled_file(seed.path(), "directory")).unwrap();
    assert_eq!(file.records.len(), 2);
    let afiya = file
        .records
        .iter()
        .find(|r| r.program == "afiya-peer-respite")
        .expect("Afiya matched by its phone in its state");
    let phone = &afiya.fields["phone"];
    assert_eq!(phone.value, "413-570-2990");
    assert_eq!(phone.url, server.url("/dir"));
    assert!(
        phone.fetched.starts_with("20"),
        "fetch time recorded: {}",
        phone.fetched
    );
    assert_eq!(afiya.value("state"), "MA");
    let synthetic = file.records.iter().find(|r| r.program.is_empty()).unwrap();
    assert_eq!(
        (synthetic.value("city"), synthetic.value("state")),
        ("Eugene", "OR")
    );
    // The same phone: no change proposed for Afiya; the unknown program is proposed as new.
    let kinds: Vec<(&str, &str)> = file
        .changes
        .iter()
        .map(|c| (c.field.as_str(), c.record.as_str()))
        .collect();
    assert_eq!(kinds, [("new_program", synthetic.key.as_str())]);
    // The curated website differs only by how it is written: no change either.
    assert!(!file.changes.iter().any(|c| c.field == "website"));
}

#[test]
fn the_crawler_names_itself_and_obeys_robots_txt() {
    let server = FixtureServer::start();
    server.set(
        "/robots.txt",
        Reply::ok("text/plain", "User-agent: *\nDisallow: /private/\n"),
    );
    server.set(
        "/private/dir",
        Reply::html(directory_page("413-570-2990", true, false)),
    );
    server.set(
        "/dir",
        Reply::html(directory_page("413-570-2990", true, false)),
    );
    let seed = seed_folder();
    write_sources(
        seed.path(),
        &labelled_source(&server, &["/private/dir", "/dir"]),
    );
    let report = run(seed.path());
    let source = source_report(&report, "directory");
    assert_eq!(
        source.failed,
        [(server.url("/private/dir"), FetchFailure::RobotsDisallowed)]
    );
    assert!(
        server.seen("/private/dir").is_empty(),
        "a disallowed page is never requested"
    );
    assert_eq!(
        server.seen("/robots.txt").len(),
        1,
        "robots.txt read once per host"
    );
    let agent = &server.seen("/dir")[0].headers["user-agent"];
    assert!(
        agent.starts_with("Peerway/") && agent.contains(CONTACT),
        "{agent}"
    );
}

#[test]
fn an_unreadable_robots_txt_means_nothing_is_fetched_from_the_host() {
    let server = FixtureServer::start();
    server.set("/robots.txt", Reply::status(500, &[]));
    server.set(
        "/dir",
        Reply::html(directory_page("413-570-2990", true, false)),
    );
    let seed = seed_folder();
    write_sources(seed.path(), &labelled_source(&server, &["/dir"]));
    let report = run(seed.path());
    assert!(matches!(
        source_report(&report, "directory").failed[0].1,
        FetchFailure::RobotsUnavailable(_)
    ));
    assert!(server.seen("/dir").is_empty());
    assert!(!crawled_file(seed.path(), "directory").exists());
}

#[test]
fn requests_to_one_host_keep_to_the_source_rate() {
    let server = FixtureServer::start();
    for path in ["/a", "/b", "/c"] {
        server.set(path, Reply::html("<p>x</p>"));
    }
    let seed = seed_folder();
    let sources = labelled_source(&server, &["/a", "/b", "/c"])
        .replace("requests_per_second = 50", "requests_per_second = 5");
    write_sources(seed.path(), &sources);
    run(seed.path());
    let mut times: Vec<_> = server.all_seen().iter().map(|s| s.at).collect();
    times.sort();
    assert_eq!(times.len(), 4, "robots.txt and three pages");
    for pair in times.windows(2) {
        let gap = pair[1] - pair[0];
        assert!(
            gap >= Duration::from_millis(180),
            "requests {gap:?} apart at 5 per second"
        );
    }
}

#[test]
fn a_429_is_retried_after_the_wait_it_asks_for_and_a_long_wait_is_refused() {
    let server = FixtureServer::start();
    server.set_sequence(
        "/dir",
        vec![
            Reply::status(429, &[("Retry-After", "1")]),
            Reply::html(directory_page("413-570-2990", true, false)),
        ],
    );
    server.set("/later", Reply::status(503, &[("Retry-After", "3600")]));
    let seed = seed_folder();
    write_sources(seed.path(), &labelled_source(&server, &["/dir", "/later"]));
    let report = run(seed.path());
    let source = source_report(&report, "directory");
    assert_eq!(source.fetched, 1);
    assert_eq!(
        source.failed,
        [(server.url("/later"), FetchFailure::WaitTooLong(3600))]
    );
    let tries = server.seen("/dir");
    assert_eq!(tries.len(), 2);
    assert!(
        tries[1].at - tries[0].at >= Duration::from_millis(950),
        "waited as asked"
    );
    assert_eq!(
        server.seen("/later").len(),
        1,
        "no retry when the wait is too long"
    );
}

#[test]
fn server_errors_are_retried_with_backoff_then_reported() {
    let server = FixtureServer::start();
    server.set("/dir", Reply::status(502, &[]));
    let seed = seed_folder();
    write_sources(seed.path(), &labelled_source(&server, &["/dir"]));
    let report = run(seed.path());
    assert_eq!(
        source_report(&report, "directory").failed[0].1,
        FetchFailure::Status(502)
    );
    assert_eq!(server.seen("/dir").len(), 4, "one try and three retries");
}

#[test]
fn an_unchanged_page_is_not_downloaded_again() {
    let (server, seed) = directory_with_etag();
    run(seed.path());
    let second = run(seed.path());
    let source = source_report(&second, "directory");
    assert_eq!((source.fetched, source.unchanged), (0, 1));
    assert_eq!((source.counts.new, source.counts.unchanged), (0, 2));
    let requests = server.seen("/dir");
    assert_eq!(
        requests[1].headers.get("if-none-match").map(String::as_str),
        Some("\"v1\"")
    );
}

#[test]
fn redirect_loops_and_redirects_off_the_allowed_hosts_fail() {
    let server = FixtureServer::start();
    server.set("/loop-a", Reply::status(302, &[("Location", "/loop-b")]));
    server.set("/loop-b", Reply::status(301, &[("Location", "/loop-a")]));
    let elsewhere = format!("http://localhost:{}/dir", server.addr.port());
    server.set(
        "/away",
        Reply::status(302, &[("Location", elsewhere.as_str())]),
    );
    server.set("/moved", Reply::status(301, &[("Location", "/dir")]));
    server.set(
        "/dir",
        Reply::html(directory_page("413-570-2990", true, false)),
    );
    let seed = seed_folder();
    write_sources(
        seed.path(),
        &labelled_source(&server, &["/loop-a", "/away", "/moved"]),
    );
    let report = run(seed.path());
    let source = source_report(&report, "directory");
    let mut failed = source.failed.clone();
    failed.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        failed,
        [
            (
                server.url("/away"),
                FetchFailure::HostNotAllowed("localhost".into())
            ),
            (
                server.url("/loop-a"),
                FetchFailure::RedirectLoop(server.url("/loop-a"))
            ),
        ]
    );
    assert_eq!(
        source.fetched, 1,
        "a redirect on the allowed host is followed"
    );
    let file = read_crawled(&crawled_file(seed.path(), "directory")).unwrap();
    assert_eq!(
        file.records[0].fields["phone"].url,
        server.url("/dir"),
        "provenance is where it was read"
    );
}

#[test]
fn a_20_mb_body_and_a_slow_answer_are_given_up() {
    let server = FixtureServer::start();
    server.set("/huge", Reply::Huge(20 * 1024 * 1024));
    server.set(
        "/slow",
        Reply::Slow(Duration::from_secs(4), Box::new(Reply::html("<p>late</p>"))),
    );
    let seed = seed_folder();
    write_sources(seed.path(), &labelled_source(&server, &["/huge", "/slow"]));
    let report = run(seed.path());
    let mut failed = source_report(&report, "directory").failed.clone();
    failed.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        failed,
        [
            (server.url("/huge"), FetchFailure::TooLarge(5 * 1024 * 1024)),
            (server.url("/slow"), FetchFailure::Timeout),
        ]
    );
}

#[test]
fn private_addresses_are_refused_without_the_test_flag() {
    let server = FixtureServer::start();
    server.set(
        "/dir",
        Reply::html(directory_page("413-570-2990", true, false)),
    );
    let seed = seed_folder();
    write_sources(seed.path(), &labelled_source(&server, &["/dir"]));
    let mut options = options(seed.path());
    options.policy.allow_private = false;
    let report = crawl::crawl(&options, common::geo()).unwrap();
    assert!(matches!(
        source_report(&report, "directory").failed[0].1,
        FetchFailure::PrivateAddress(_)
    ));
    assert!(server.all_seen().is_empty());
    // A name that resolves to loopback is refused after DNS as well.
    let by_name = labelled_source(&server, &["/dir"])
        .replace("127.0.0.1:", "localhost:")
        .replace("[\"127.0.0.1\"]", "[\"localhost\"]");
    write_sources(seed.path(), &by_name);
    let report = crawl::crawl(&options, common::geo()).unwrap();
    let failure = &source_report(&report, "directory").failed[0].1;
    assert!(
        matches!(failure, FetchFailure::PrivateAddress(_)),
        "{failure}"
    );
    assert!(server.all_seen().is_empty());
}

#[test]
fn a_changed_phone_is_proposed_never_applied_until_accepted() {
    let server = FixtureServer::start();
    server.set(
        "/dir",
        Reply::html(directory_page("413-570-2990", true, false)),
    );
    let seed = seed_folder();
    write_sources(seed.path(), &labelled_source(&server, &["/dir"]));
    run(seed.path());
    let curated_path = seed.path().join("programs/ma/afiya-peer-respite.toml");
    let curated_before = std::fs::read_to_string(&curated_path).unwrap();

    server.set(
        "/dir",
        Reply::html(directory_page("413-555-0199", true, false)),
    );
    let report = run(seed.path());
    assert_eq!(source_report(&report, "directory").counts.changed, 1);
    assert_eq!(
        std::fs::read_to_string(&curated_path).unwrap(),
        curated_before,
        "the curated value wins"
    );
    let file = read_crawled(&crawled_file(seed.path(), "directory")).unwrap();
    let change = file
        .changes
        .iter()
        .find(|c| c.field == "phone")
        .expect("a phone diff is reported");
    assert_eq!(
        (change.curated.as_str(), change.crawled.as_str()),
        ("413-570-2990", "413-555-0199")
    );
    assert_eq!(
        (change.program.as_str(), change.status),
        ("afiya-peer-respite", ChangeStatus::Pending)
    );
    // A served index built now still has the curated number.
    let load = peerway::seed::load_programs(seed.path(), common::geo()).unwrap();
    assert_eq!(load.programs[0].contact.phones[0].display, "413-570-2990");

    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let accepted = accept_change(seed.path(), &change.id, today);
    assert_eq!(accepted.applied.len(), 1, "{:?}", accepted.refused);
    let curated_after = std::fs::read_to_string(&curated_path).unwrap();
    assert!(curated_after.contains("number = \"413-555-0199\""));
    assert!(curated_after.contains("method = \"crawl\""));
    assert!(
        curated_after.contains(&server.url("/dir")),
        "the source is added to the record's sources"
    );
    assert!(
        curated_after.starts_with("# Afiya Peer Respite"),
        "the rest of the file is kept as it was"
    );
    let load = peerway::seed::load_programs(seed.path(), common::geo()).unwrap();
    assert!(load.problems.is_empty(), "{:?}", load.problems);
    let file = read_crawled(&crawled_file(seed.path(), "directory")).unwrap();
    let change = file.changes.iter().find(|c| c.field == "phone").unwrap();
    assert_eq!(change.status, ChangeStatus::Accepted);
    // The next crawl finds nothing to propose for the phone.
    let report = run(seed.path());
    assert_eq!(
        source_report(&report, "directory").counts.pending_changes,
        0
    );
}

#[test]
fn a_program_the_source_stops_listing_is_marked_stale_never_deleted() {
    let server = FixtureServer::start();
    server.set(
        "/dir",
        Reply::html(directory_page("413-570-2990", true, true)),
    );
    let seed = seed_folder();
    // Two records, one gone: a 50% drop this small source is allowed.
    let source = labelled_source(&server, &["/dir"]).replace(
        "[source.defaults]",
        "max_record_drop = 0.6\n[source.defaults]",
    );
    write_sources(seed.path(), &source);
    run(seed.path());
    // A failed fetch is not a disappearance.
    server.set("/dir", Reply::status(500, &[]));
    let report = run(seed.path());
    assert_eq!(source_report(&report, "directory").counts.missing, 0);
    let file = read_crawled(&crawled_file(seed.path(), "directory")).unwrap();
    assert!(file
        .records
        .iter()
        .all(|r| r.status == RecordStatus::Current));

    server.set(
        "/dir",
        Reply::html(directory_page("413-570-2990", false, true)),
    );
    // One read without it only notes the day; the second confirms the absence.
    let report = run(seed.path());
    let counts = &source_report(&report, "directory").counts;
    assert_eq!((counts.missing_once, counts.missing), (1, 0));
    let file = read_crawled(&crawled_file(seed.path(), "directory")).unwrap();
    assert!(file
        .records
        .iter()
        .all(|r| r.status == RecordStatus::Current));
    let report = run(seed.path());
    let counts = &source_report(&report, "directory").counts;
    assert_eq!((counts.missing_once, counts.missing), (0, 1));
    let file = read_crawled(&crawled_file(seed.path(), "directory")).unwrap();
    let afiya = file
        .records
        .iter()
        .find(|r| r.program == "afiya-peer-respite")
        .expect("kept");
    assert_eq!(afiya.status, RecordStatus::Stale);
    assert!(!afiya.missing_since.is_empty());
    assert!(seed
        .path()
        .join("programs/ma/afiya-peer-respite.toml")
        .exists());
    let load = peerway::seed::load_programs(seed.path(), common::geo()).unwrap();
    let program = &load.programs[0];
    assert_eq!(
        program.missing_from.len(),
        1,
        "the served listing says a source stopped listing it"
    );
    assert_eq!(program.missing_from[0].source, "Fixture directory");
}

#[test]
fn broken_json_ld_and_malformed_html_are_warnings_not_failures() {
    let server = FixtureServer::start();
    let page = r#"<html><head><title>Synthetic</span></title><script type="application/ld+json">{"@type": "MedicalOrganization", "name": </script>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "EmergencyService", "name": "SYNTHETIC MOBILE TEAM", "telephone": "503-555-0101",
"address": {"addressLocality": "Salem", "addressRegion": "OR"}}</script></head><body><div><p>unclosed"#;
    server.set("/team", Reply::html(page));
    let seed = seed_folder();
    write_sources(
        seed.path(),
        &fixture_source("sites", "jsonld", &[server.url("/team")], ""),
    );
    let report = run(seed.path());
    let source = source_report(&report, "sites");
    assert_eq!(
        (source.fetched, source.failed.len(), source.warnings.len()),
        (1, 0, 1),
        "{:?}",
        source.warnings
    );
    let file = read_crawled(&crawled_file(seed.path(), "sites")).unwrap();
    assert_eq!(file.records[0].value("phone"), "503-555-0101");
    assert_eq!(file.records[0].value("state"), "OR");
}

#[test]
fn an_hsds_api_is_read_page_by_page_and_service_by_service() {
    let server = FixtureServer::start();
    let page = |number: u64, ids: &[&str]| {
        let contents: Vec<_> = ids
            .iter()
            .map(|id| serde_json::json!({"id": id, "name": format!("SYNTHETIC {id}")}))
            .collect();
        serde_json::json!({"total_items": 3, "total_pages": 2, "page_number": number, "size": 2, "first_page": number == 1, "last_page": number == 2, "empty": false, "contents": contents}).to_string()
    };
    server.set(
        "/api/services?page=1",
        Reply::ok("application/json", page(1, &["s-1", "s-2"])),
    );
    server.set(
        "/api/services?page=2",
        Reply::ok("application/json", page(2, &["s-3"])),
    );
    for (id, phone) in [
        ("s-1", "503-555-0102"),
        ("s-2", "503-555-0103"),
        ("s-3", "503-555-0104"),
    ] {
        let service = serde_json::json!({"id": id, "name": format!("SYNTHETIC {id}"), "phones": [{"number": phone}],
            "service_at_locations": [{"location": {"addresses": [{"address_1": "1 Test St", "city": "Salem", "state_province": "OR", "postal_code": "97301", "country": "US"}]}}]});
        server.set(
            &format!("/api/services/{id}"),
            Reply::ok("application/json", service.to_string()),
        );
    }
    let seed = seed_folder();
    write_sources(
        seed.path(),
        &fixture_source("api", "hsds", &[server.url("/api/services?page=1")], ""),
    );
    let report = run(seed.path());
    let source = source_report(&report, "api");
    assert_eq!(
        (source.fetched, source.failed.len()),
        (5, 0),
        "{:?}",
        source.failed
    );
    let file = read_crawled(&crawled_file(seed.path(), "api")).unwrap();
    let keyed: Vec<(&str, &str)> = file
        .records
        .iter()
        .map(|r| (r.key.as_str(), r.value("phone")))
        .collect();
    assert_eq!(
        keyed,
        [
            ("s-1", "503-555-0102"),
            ("s-2", "503-555-0103"),
            ("s-3", "503-555-0104")
        ]
    );
    assert_eq!(
        file.records[2].fields["phone"].url,
        server.url("/api/services/s-3")
    );
}

#[test]
fn a_csv_source_is_read_through_its_column_mapping() {
    let server = FixtureServer::start();
    let body = "Program Name,Telephone,City and State,When\nSYNTHETIC WARMLINE,208-555-0105,\"Boise, ID\",Mon-Fri 09:00-17:00\nAfiya Peer Respite,413-570-2990,\"Northampton, MA\",24/7\n";
    server.set("/list.csv", Reply::ok("text/csv", body));
    let seed = seed_folder();
    write_sources(
        seed.path(),
        &fixture_source("table", "csv", &[server.url("/list.csv")], "[source.csv.columns]\nname = \"Program Name\"\nphone = \"Telephone\"\nlocation = \"City and State\"\nhours = \"When\"\n"),
    );
    run(seed.path());
    let file = read_crawled(&crawled_file(seed.path(), "table")).unwrap();
    assert_eq!(file.records.len(), 2);
    let warmline = file
        .records
        .iter()
        .find(|r| r.value("name_as_published") == "SYNTHETIC WARMLINE")
        .unwrap();
    assert_eq!(warmline.value("name"), "Synthetic Warmline");
    assert_eq!(
        (
            warmline.value("city"),
            warmline.value("state"),
            warmline.value("hours")
        ),
        ("Boise", "ID", "Mon-Fri 09:00-17:00")
    );
    let afiya = file
        .records
        .iter()
        .find(|r| r.program == "afiya-peer-respite")
        .expect("matched");
    assert_eq!(afiya.value("hours"), "24/7");
    assert!(
        file.changes
            .iter()
            .all(|c| c.program != "afiya-peer-respite"),
        "same phone and hours: {:?}",
        file.changes
    );
}

/// Issue 10: network faults are failed fetches; the crawl goes on; seed-data is
/// left exactly as it was.
#[test]
fn network_faults_are_failed_fetches_and_leave_seed_data_untouched() {
    let server = FixtureServer::start();
    server.set(
        "/dir",
        Reply::html(directory_page("413-570-2990", true, true)),
    );
    let seed = seed_folder();
    write_sources(seed.path(), &labelled_source(&server, &["/dir"]));
    run(seed.path());
    let crawled_before = std::fs::read(crawled_file(seed.path(), "directory")).unwrap();

    server.set("/dir", Reply::Close);
    server.set(
        "/cut",
        Reply::Truncated {
            claimed: 5000,
            body: b"<html><body><h3>Ohio</h3>".to_vec(),
        },
    );
    let tls = format!("https://127.0.0.1:{}/dir", server.addr.port());
    let sources = labelled_source(&server, &["/dir", "/cut"])
        .replace(
            "start_urls = [",
            &format!("start_urls = [\"http://peerway-fixture.invalid/dir\", \"{tls}\", "),
        )
        .replace(
            "allowed_hosts = [\"127.0.0.1\"]",
            "allowed_hosts = [\"127.0.0.1\", \"peerway-fixture.invalid\"]",
        );
    write_sources(seed.path(), &sources);
    let report = run(seed.path());
    let source = source_report(&report, "directory");
    assert_eq!(
        source.failed.len(),
        4,
        "every page was tried: {:?}",
        source.failed
    );
    let why = |url: &str| {
        source
            .failed
            .iter()
            .find(|(u, _)| u == url)
            .map(|(_, f)| f.clone())
            .unwrap()
    };
    assert!(
        matches!(
            why("http://peerway-fixture.invalid/dir"),
            FetchFailure::Dns(_)
        ),
        "{}",
        why("http://peerway-fixture.invalid/dir")
    );
    assert!(matches!(why(&tls), FetchFailure::Tls(_)), "{}", why(&tls));
    assert!(
        matches!(why(&server.url("/dir")), FetchFailure::Connect(_)),
        "{}",
        why(&server.url("/dir"))
    );
    assert!(
        matches!(why(&server.url("/cut")), FetchFailure::Body(_)),
        "{}",
        why(&server.url("/cut"))
    );
    assert_eq!(
        std::fs::read(crawled_file(seed.path(), "directory")).unwrap(),
        crawled_before
    );
    let leftovers: Vec<_> = std::fs::read_dir(seed.path().join("crawled"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary files: {leftovers:?}");
}

#[test]
fn a_dry_run_writes_nothing() {
    let server = FixtureServer::start();
    server.set(
        "/dir",
        Reply::html(directory_page("413-570-2990", true, true)),
    );
    let seed = seed_folder();
    write_sources(seed.path(), &labelled_source(&server, &["/dir"]));
    let mut options = options(seed.path());
    options.dry_run = true;
    let report = crawl::crawl(&options, common::geo()).unwrap();
    assert_eq!(source_report(&report, "directory").counts.new, 2);
    assert!(!seed.path().join("crawled").exists());
}

#[test]
fn refresh_crawls_checks_builds_and_a_killed_crawl_leaves_seed_data_as_it_was() {
    let server = FixtureServer::start();
    server.set(
        "/dir",
        Reply::html(directory_page("413-570-2990", true, true)),
    );
    let seed = seed_folder();
    write_sources(seed.path(), &labelled_source(&server, &["/dir"]));
    let work = tempfile::tempdir().unwrap();
    let peerway = |args: &[&str]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_peerway"));
        command
            .args([
                "--seed",
                seed.path().to_str().unwrap(),
                "--geo",
                common::repo_path("seed-data/geo").to_str().unwrap(),
            ])
            .args([
                "--index",
                work.path().join("index").to_str().unwrap(),
                "--data",
                work.path().join("data").to_str().unwrap(),
            ])
            .args(args);
        command
    };
    let out = peerway(&["refresh", "--allow-private"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("directory: pages fetched 1, unchanged 0, failed 0; records new 2"),
        "{stdout}"
    );
    assert!(stdout.contains("built gen-"), "{stdout}");
    let crawled_before = std::fs::read(crawled_file(seed.path(), "directory")).unwrap();

    // A crawl killed while it waits on a slow page changes nothing.
    server.set(
        "/dir",
        Reply::Slow(
            Duration::from_secs(30),
            Box::new(Reply::html("<p>late</p>")),
        ),
    );
    let mut child = peerway(&["crawl", "--allow-private", "--timeout", "60"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let waited = std::time::Instant::now();
    while server.seen("/dir").len() < 2 && waited.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        std::fs::read(crawled_file(seed.path(), "directory")).unwrap(),
        crawled_before
    );

    // --accept through the command line: the new synthetic program cannot be
    // accepted twice, and an unknown id is reported.
    let out = peerway(&["crawl", "--accept", "nope"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("not accepted nope: no pending change has this id"));
}

// ---- Issue 20: real layouts, never a mass stale, matching, JSON-LD, encodings ----

/// A SYNTHETIC curated program (555-01xx) made from the Afiya record's shape, for
/// tests that need a second match target; it lives in the test's seed folder only.
fn add_synthetic_curated(
    seed: &Path,
    id: &str,
    name: &str,
    city: &str,
    state: &str,
    phone: &str,
    website: &str,
) {
    let afiya = std::fs::read_to_string(common::repo_path(AFIYA_FILE)).unwrap();
    let text = afiya
        .replace("id = \"afiya-peer-respite\"", &format!("id = \"{id}\""))
        .replace(
            "name = \"Afiya Peer Respite\"",
            &format!("name = \"{name}\""),
        )
        .replace("\"413-570-2990\"", &format!("\"{phone}\""))
        .replace(
            "website = \"https://wildfloweralliance.org/afiya/\"",
            &format!("website = \"{website}\""),
        )
        .replace("city = \"Northampton\"", &format!("city = \"{city}\""))
        .replace("state = \"MA\"", &format!("state = \"{state}\""))
        .replace("states = [\"MA\"]", &format!("states = [\"{state}\"]"));
    let dir = seed.join("programs").join(state.to_lowercase());
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{id}.toml")), text).unwrap();
}

/// One entry in the NEC directory's layout: an `<h4>` name, then one paragraph of
/// `<br>`-separated labelled lines, then description paragraphs.
fn nec_entry(name: &str, website: &str, location: &str, phone: &str, email: &str) -> String {
    format!(
        "<h4>{name}</h4><p>Website: <a href=\"{website}\">{website}</a><br>Location: {location}<br>Phone: {phone}<br>Email: <a href=\"mailto:{email}\">{email}</a></p><p>SYNTHETIC description of {name}, written for a test.</p><p>A second paragraph.</p>"
    )
}

/// The NEC layout fixture: 9 entries under 3 states, state headings and names both
/// `<h4>`, full state names, three entries of one operator sharing a phone, a
/// network sharing Afiya's website, Email: lines and a footer `<h4>`. `keep` says
/// which entries (by position) are on the page.
fn nec_page(keep: &dyn Fn(usize) -> bool) -> String {
    let sections: [(&str, Vec<String>); 3] = [
        (
            "Massachusetts",
            vec![
                nec_entry(
                    "AFIYA PEER RESPITE",
                    "https://wildfloweralliance.org/afiya/",
                    "Northampton, Massachusetts",
                    "413-570-2990",
                    "afiya@synthetic.example",
                ),
                nec_entry(
                    "SYNTHETIC PEER NETWORK OF MASSACHUSETTS",
                    "https://wildfloweralliance.org/afiya/",
                    "Springfield, Massachusetts",
                    "413-555-0160",
                    "network@synthetic.example",
                ),
                nec_entry(
                    "SYNTHETIC HARBOR RESPITE",
                    "https://harbor.synthetic.example",
                    "Boston, MA 02108",
                    "617-555-0161",
                    "harbor@synthetic.example",
                ),
            ],
        ),
        (
            "New Hampshire",
            vec![
                nec_entry(
                    "SYNTHETIC OPERATOR RESPITE NORTH",
                    "https://operator.synthetic.example/north",
                    "Keene, New Hampshire",
                    "603-555-0150",
                    "north@synthetic.example",
                ),
                nec_entry(
                    "SYNTHETIC OPERATOR RESPITE SOUTH",
                    "https://operator.synthetic.example/south",
                    "Nashua, New Hampshire",
                    "603-555-0150",
                    "south@synthetic.example",
                ),
                nec_entry(
                    "SYNTHETIC OPERATOR RESPITE WEST",
                    "https://operator.synthetic.example/west",
                    "Claremont, New Hampshire",
                    "603-555-0150",
                    "west@synthetic.example",
                ),
            ],
        ),
        (
            "New Mexico",
            vec![
                nec_entry(
                    "SYNTHETIC MESA HOUSE",
                    "https://mesa.synthetic.example",
                    "Santa Fe, New Mexico",
                    "505-555-0162",
                    "mesa@synthetic.example",
                ),
                nec_entry(
                    "SYNTHETIC RIO RESPITE",
                    "https://rio.synthetic.example",
                    "Las Cruces, NM",
                    "575-555-0163",
                    "rio@synthetic.example",
                ),
                nec_entry(
                    "SYNTHETIC LLANO RESPITE",
                    "https://llano.synthetic.example",
                    "Clovis, New Mexico 88101",
                    "575-555-0164",
                    "llano@synthetic.example",
                ),
            ],
        ),
    ];
    let mut page = String::from("<html><body><header><h4>Menu</h4></header><h2>Directory of Peer Respites</h2><p>SYNTHETIC introduction for a test.</p>");
    let mut at = 0;
    for (state, entries) in sections {
        page.push_str(&format!("<h4>{state}</h4>"));
        for entry in entries {
            if keep(at) {
                page.push_str(&entry);
            }
            at += 1;
        }
    }
    page.push_str(
        "<footer><h4>Stay Connected</h4><p>Sign up for our newsletter.</p></footer></body></html>",
    );
    page
}

/// The shipped `nec-peer-respites` entry of seed-data/sources.toml, pointed at the
/// fixture server (and allowed a test's request rate).
fn shipped_nec_source(server: &FixtureServer) -> String {
    let text = std::fs::read_to_string(common::repo_path("seed-data/sources.toml")).unwrap();
    let start = text
        .find("[[source]]\nid = \"nec-peer-respites\"")
        .expect("the NEC entry ships");
    let end = text[start + 10..]
        .find("[[source]]")
        .map_or(text.len(), |e| start + 10 + e);
    text[start..end]
        .replace(
            "https://power2u.org/directory-of-peer-respites/",
            &server.url("/nec"),
        )
        .replace("[\"power2u.org\", \"www.power2u.org\"]", "[\"127.0.0.1\"]")
        .replace("requests_per_second = 0.5", "requests_per_second = 50")
}

/// The seed folder for the NEC tests: Afiya (real) and one SYNTHETIC curated respite.
fn nec_seed() -> tempfile::TempDir {
    let seed = seed_folder();
    add_synthetic_curated(
        seed.path(),
        "synthetic-operator-respite-north",
        "Synthetic Operator Respite North",
        "Keene",
        "NH",
        "603-555-0150",
        "https://operator.synthetic.example/north",
    );
    seed
}

#[test]
fn the_shipped_nec_entry_reads_the_directory_as_it_is_laid_out() {
    let server = FixtureServer::start();
    server.set("/nec", Reply::html(nec_page(&|_| true)));
    let seed = nec_seed();
    write_sources(seed.path(), &shipped_nec_source(&server));
    let report = run(seed.path());
    let source = source_report(&report, "nec-peer-respites");
    assert_eq!(source.extraction_failed, None);
    let file = read_crawled(&crawled_file(seed.path(), "nec-peer-respites")).unwrap();
    let mut read: Vec<(&str, &str, &str, &str)> = file
        .records
        .iter()
        .map(|r| {
            (
                r.value("name"),
                r.value("city"),
                r.value("state"),
                r.value("phone"),
            )
        })
        .collect();
    read.sort();
    assert_eq!(
        read,
        [
            ("Afiya Peer Respite", "Northampton", "MA", "413-570-2990"),
            ("Synthetic Harbor Respite", "Boston", "MA", "617-555-0161"),
            ("Synthetic Llano Respite", "Clovis", "NM", "575-555-0164"),
            ("Synthetic Mesa House", "Santa Fe", "NM", "505-555-0162"),
            (
                "Synthetic Operator Respite North",
                "Keene",
                "NH",
                "603-555-0150"
            ),
            (
                "Synthetic Operator Respite South",
                "Nashua",
                "NH",
                "603-555-0150"
            ),
            (
                "Synthetic Operator Respite West",
                "Claremont",
                "NH",
                "603-555-0150"
            ),
            (
                "Synthetic Peer Network of Massachusetts",
                "Springfield",
                "MA",
                "413-555-0160"
            ),
            ("Synthetic Rio Respite", "Las Cruces", "NM", "575-555-0163"),
        ],
        "9 of 9 entries, with the state of each"
    );
    for record in &file.records {
        let description = record.value("description");
        assert!(
            description.starts_with("SYNTHETIC description of"),
            "{description:?}"
        );
        for leak in [
            "Email",
            "@",
            "New Hampshire",
            "New Mexico",
            "Stay Connected",
            "newsletter",
        ] {
            assert!(!description.contains(leak), "{leak:?} in {description:?}");
        }
        assert!(record.value("email").ends_with("@synthetic.example"));
        assert!(
            !record.value("name_as_published").is_empty(),
            "the page's own text is kept"
        );
    }
    assert_eq!(
        file.records
            .iter()
            .find(|r| r.value("city") == "Clovis")
            .unwrap()
            .value("zip"),
        "88101"
    );
    // Matching: two agreeing identifiers, or only "related".
    let by_name = |name: &str| {
        file.records
            .iter()
            .find(|r| r.value("name") == name)
            .unwrap()
    };
    let afiya = by_name("Afiya Peer Respite");
    assert_eq!(
        (afiya.program.as_str(), afiya.matched_by.as_str()),
        ("afiya-peer-respite", "name + phone + website + city")
    );
    let north = by_name("Synthetic Operator Respite North");
    assert_eq!(north.program, "synthetic-operator-respite-north");
    for sibling in [
        "Synthetic Operator Respite South",
        "Synthetic Operator Respite West",
    ] {
        let record = by_name(sibling);
        assert_eq!(record.program, "", "{sibling} shares only a phone");
        assert_eq!(
            record.related,
            ["synthetic-operator-respite-north: same phone"]
        );
    }
    let network = by_name("Synthetic Peer Network of Massachusetts");
    assert_eq!(network.program, "");
    assert_eq!(network.related, ["afiya-peer-respite: same website"]);
    // No change to a curated record: Afiya and North agree; the others are new.
    let changes: Vec<(&str, &str)> = file
        .changes
        .iter()
        .map(|c| (c.field.as_str(), c.program.as_str()))
        .collect();
    assert!(
        changes
            .iter()
            .all(|(field, program)| *field == "new_program" && program.is_empty()),
        "{changes:?}"
    );
    assert_eq!(changes.len(), 7);
    let sibling_change = file
        .changes
        .iter()
        .find(|c| c.crawled == "Synthetic Operator Respite South")
        .unwrap();
    assert_eq!(
        sibling_change.why,
        "related to synthetic-operator-respite-north: same phone"
    );
}

#[test]
fn a_page_that_yields_nothing_or_half_is_a_failed_extraction_and_nothing_goes_stale() {
    let server = FixtureServer::start();
    server.set("/nec", Reply::html(nec_page(&|_| true)));
    let seed = nec_seed();
    write_sources(seed.path(), &shipped_nec_source(&server));
    run(seed.path());
    let path = crawled_file(seed.path(), "nec-peer-respites");
    let before = std::fs::read_to_string(&path).unwrap();
    for (what, page) in [
        ("no entries", nec_page(&|_| false)),
        ("half of them", nec_page(&|at| at % 2 == 0)),
    ] {
        server.set("/nec", Reply::html(page));
        let report = run(seed.path());
        let source = source_report(&report, "nec-peer-respites");
        let why = source
            .extraction_failed
            .as_deref()
            .unwrap_or_else(|| panic!("{what}: not failed"));
        assert!(why.contains("nothing was marked stale"), "{what}: {why}");
        assert_eq!(report.failed_extractions(), 1);
        assert_eq!(source.written, None, "{what}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            before,
            "{what}: the file is as it was"
        );
        assert!(source
            .summary()
            .iter()
            .any(|l| l.contains("extraction failed")));
    }
    let data = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_peerway"))
        .args(["crawl", "--allow-private", "--seed"])
        .arg(seed.path())
        .arg("--data")
        .arg(data.path())
        .output()
        .unwrap();
    assert_eq!(
        status.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&status.stdout)
    );
}

#[test]
fn review_lists_each_proposal_and_accepting_a_new_program_copies_no_description() {
    let server = FixtureServer::start();
    server.set("/nec", Reply::html(nec_page(&|_| true)));
    let seed = nec_seed();
    write_sources(seed.path(), &shipped_nec_source(&server));
    run(seed.path());
    let lines = crawl::review::review_lines(seed.path(), None)
        .unwrap()
        .join("\n");
    assert!(
        lines.contains("read: Synthetic Operator Respite South · Nashua, NH · 603-555-0150"),
        "{lines}"
    );
    assert!(
        lines.contains("why: related to synthetic-operator-respite-north: same phone"),
        "{lines}"
    );
    let file = read_crawled(&crawled_file(seed.path(), "nec-peer-respites")).unwrap();
    let change = file
        .changes
        .iter()
        .find(|c| c.crawled == "Synthetic Harbor Respite")
        .unwrap();
    let report = accept_change(seed.path(), &change.id, chrono::Utc::now().date_naive());
    assert!(report.refused.is_empty(), "{:?}", report.refused);
    let written = std::fs::read_to_string(&report.applied[0].1).unwrap();
    assert!(!written.contains("SYNTHETIC description"), "{written}");
    assert!(
        written.contains("name = \"Synthetic Harbor Respite\""),
        "{written}"
    );
    assert!(written.contains("617-555-0161"));
}

#[test]
fn json_ld_graphs_nested_nodes_and_odd_encodings_are_read() {
    let server = FixtureServer::start();
    // A parent organisation and the program's own LocalBusiness, linked by @id.
    let graph = r##"<html><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"Organization","@id":"#parent","name":"SYNTHETIC HEALTH SYSTEM","telephone":"603-555-0199","url":"https://system.synthetic.example/"},
 {"@type":"LocalBusiness","@id":"#north","name":"Synthetic Operator Respite North","telephone":"603-555-0150","parentOrganization":{"@id":"#parent"},
  "address":{"@id":"#addr"},"openingHoursSpecification":{"dayOfWeek":["Monday","Tuesday","Wednesday","Thursday","Friday","Saturday","Sunday"],"opens":"00:00","closes":"23:59"}},
 {"@type":"PostalAddress","@id":"#addr","streetAddress":"1 Synthetic Way","addressLocality":"Keene","addressRegion":"NH"}]}</script></head><body></body></html>"##;
    server.set("/north", Reply::html(graph));
    // A WebPage whose mainEntity is the program: schema: prefixes, a language-tagged
    // name, a numeric telephone, a CDATA wrapper and a byte order mark.
    let nested = "<html><head><script type=\"application/ld+json\">\u{feff}//<![CDATA[\n{\"@context\":{\"schema\":\"https://schema.org/\"},\"@type\":\"schema:WebPage\",\"schema:mainEntity\":{\"@type\":\"schema:ProfessionalService\",\"schema:name\":[{\"@value\":\"Servicio SYNTHETIC\",\"@language\":\"es\"},{\"@value\":\"Synthetic Warm Line\",\"@language\":\"en\"}],\"schema:telephone\":5035550170,\"schema:address\":{\"@type\":\"schema:PostalAddress\",\"schema:addressLocality\":\"Salem\",\"schema:addressRegion\":\"Oregon\"}}}\n//]]></script></head><body></body></html>";
    server.set("/warm", Reply::html(nested));
    // A page with JSON-LD but no program in it.
    server.set(
        "/blog",
        Reply::html(
            r#"<script type="application/ld+json">{"@type":"BlogPosting","headline":"x"}</script>"#,
        ),
    );
    let seed = nec_seed();
    // Two curated programs share the North website: it is fetched once, read for both.
    add_synthetic_curated(
        seed.path(),
        "synthetic-operator-respite-north-annex",
        "Synthetic Operator Respite North Annex",
        "Keene",
        "NH",
        "603-555-0151",
        &server.url("/north"),
    );
    let north = seed
        .path()
        .join("programs/nh/synthetic-operator-respite-north.toml");
    let text = std::fs::read_to_string(&north).unwrap().replace(
        "https://operator.synthetic.example/north",
        &server.url("/north"),
    );
    std::fs::write(&north, text).unwrap();
    write_sources(
        seed.path(),
        &format!(
            "[[source]]\nid = \"websites\"\nname = \"Program websites\"\nurls_from_program_websites = true\nextractor = \"jsonld\"\nrecrawl_days = 30\nterms = \"Test.\"\nrequests_per_second = 50\n\n{}\n{}",
            fixture_source("pages", "jsonld", &[server.url("/warm")], ""),
            fixture_source("blog", "jsonld", &[server.url("/blog")], "")
        ),
    );
    let report = run(seed.path());
    assert_eq!(
        server.seen("/north").len(),
        1,
        "a shared website is fetched once"
    );
    let file = read_crawled(&crawled_file(seed.path(), "websites")).unwrap();
    let for_program = |id: &str| {
        file.records
            .iter()
            .find(|r| r.program == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    for id in [
        "synthetic-operator-respite-north",
        "synthetic-operator-respite-north-annex",
    ] {
        let record = for_program(id);
        assert_eq!(record.matched_by, "read from its website");
        assert_eq!(
            record.value("name"),
            "Synthetic Operator Respite North",
            "the program's node, not its parent"
        );
        assert_eq!(
            (record.value("phone"), record.value("hours")),
            ("603-555-0150", "24/7")
        );
        assert_eq!(
            (
                record.value("street"),
                record.value("city"),
                record.value("state")
            ),
            ("1 Synthetic Way", "Keene", "NH")
        );
        assert_eq!(record.value("organization"), "Synthetic Health System");
    }
    let pages = read_crawled(&crawled_file(seed.path(), "pages")).unwrap();
    let warm = &pages.records[0];
    assert_eq!(
        (warm.value("name"), warm.value("phone"), warm.value("state")),
        ("Synthetic Warm Line", "5035550170", "OR")
    );
    // A page with no program on it is reported, and its source not trusted.
    let blog = source_report(&report, "blog");
    assert!(
        blog.warnings
            .iter()
            .any(|w| w.contains("/blog") && w.contains("no program node")),
        "{:?}",
        blog.warnings
    );
    assert!(blog.extraction_failed.is_some());
}

#[test]
fn a_windows_1252_page_is_decoded_and_a_page_cut_mid_number_keeps_no_number() {
    let server = FixtureServer::start();
    let mut page = b"<html><body><h4>Oregon</h4><h4>SYNTHETIC CAF\xc9 RESPITE</h4><p>Location: Eugene, Oregon<br>Phone: 541-555-0180</p><p>Open Monday\x96Friday.</p>".to_vec();
    page.extend_from_slice(
        b"<h4>SYNTHETIC SHORT RESPITE</h4><p>Location: Bend, Oregon<br>Phone: 71",
    );
    server.set("/dir", Reply::ok("text/html; charset=windows-1252", page));
    let seed = seed_folder();
    let source = shipped_nec_source(&server).replace(&server.url("/nec"), &server.url("/dir"));
    write_sources(seed.path(), &source);
    let report = run(seed.path());
    let file = read_crawled(&crawled_file(seed.path(), "nec-peer-respites")).unwrap();
    let cafe = file
        .records
        .iter()
        .find(|r| r.value("city") == "Eugene")
        .unwrap();
    assert_eq!(cafe.value("name"), "Synthetic Café Respite");
    assert_eq!(cafe.value("description"), "Open Monday–Friday.");
    let short = file
        .records
        .iter()
        .find(|r| r.value("city") == "Bend")
        .unwrap();
    assert_eq!(short.value("phone"), "", "a cut number is not kept");
    let warnings = &source_report(&report, "nec-peer-respites").warnings;
    assert!(
        warnings.iter().any(|w| w.contains("\"71\"")),
        "{warnings:?}"
    );
    assert!(
        !warnings.iter().any(|w| w.contains("replaced")),
        "{warnings:?}"
    );
    // Bytes that are not UTF-8 on a page that says UTF-8 are counted.
    server.set(
        "/dir",
        Reply::ok(
            "text/html; charset=utf-8",
            b"<h4>Oregon</h4><h4>SYNTHETIC CAF\xc9</h4><p>Phone: 541-555-0181</p>".to_vec(),
        ),
    );
    let report = run(seed.path());
    let warnings = &source_report(&report, "nec-peer-respites").warnings;
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("1 character(s) could not be read as UTF-8")),
        "{warnings:?}"
    );
}

#[test]
fn csv_keys_and_filters_and_hsds_values_are_checked() {
    let server = FixtureServer::start();
    let body = "Facility ID,Name,Street,City,State,Type,Phone\n1,SYNTHETIC CRISIS CENTER,1 A St,Salem,OR,Crisis Stabilization,503-555-0190\n2,SYNTHETIC CRISIS CENTER,2 B St,Salem,OR,Crisis Stabilization,503-555-0191\n3,SYNTHETIC CLINIC,3 C St,Salem,OR,Outpatient,503-555-0192\n";
    server.set("/f.csv", Reply::ok("text/csv", body));
    let service = serde_json::json!({"id": "s-1", "name": "SYNTHETIC LINE", "organization": {"id": "o-1", "name": "SYNTHETIC ORG"},
        "phones": [{"number": "\"503-555-0193\"", "type": "voice"}, {"number": "503-555-0194", "type": "text"}],
        "service_at_locations": [{"location": {"latitude": 100, "longitude": 101, "addresses": [{"address_1": "1 Test St", "city": "Salem", "state_province": "OR", "postal_code": "97301", "country": "US"}]}}]});
    server.set(
        "/api/services/s-1",
        Reply::ok("application/json", service.to_string()),
    );
    let seed = seed_folder();
    let csv_layout = "[source.csv]\nkey = [\"Facility ID\"]\n[source.csv.columns]\nname = \"Name\"\nstreet = \"Street\"\ncity = \"City\"\nstate = \"State\"\nphone = \"Phone\"\n[source.csv.filter]\n\"Type\" = [\"crisis stabilization\"]\n";
    write_sources(
        seed.path(),
        &format!(
            "{}\n{}",
            fixture_source("facilities", "csv", &[server.url("/f.csv")], csv_layout),
            fixture_source("api", "hsds", &[server.url("/api/services/s-1")], "")
        ),
    );
    let report = run(seed.path());
    let file = read_crawled(&crawled_file(seed.path(), "facilities")).unwrap();
    let streets: Vec<&str> = file.records.iter().map(|r| r.value("street")).collect();
    assert_eq!(
        streets,
        ["1 A St", "2 B St"],
        "two branches of one name; the clinic filtered out"
    );
    let api = read_crawled(&crawled_file(seed.path(), "api")).unwrap();
    let line = &api.records[0];
    assert_eq!(line.value("phone"), "503-555-0193", "quotes stripped");
    assert_eq!(line.value("organization"), "Synthetic Org");
    assert!(
        line.value("phones").contains("text 503-555-0194"),
        "{:?}",
        line.value("phones")
    );
    assert_eq!(
        (line.value("lat"), line.value("lon")),
        ("", ""),
        "coordinates off the Earth are refused"
    );
    let warnings = &source_report(&report, "api").warnings;
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("lat") && w.contains("100")),
        "{warnings:?}"
    );
}

#[test]
fn a_dry_run_leaves_the_page_cache_untouched() {
    let (_server, seed) = directory_with_etag();
    let dry = CrawlOptions {
        dry_run: true,
        ..options(seed.path())
    };
    crawl::crawl(&dry, common::geo()).unwrap();
    let report = run(seed.path());
    let source = source_report(&report, "directory");
    assert_eq!(
        (source.fetched, source.unchanged),
        (1, 0),
        "the real crawl reads the page"
    );
    assert!(crawled_file(seed.path(), "directory").exists());
}
