//! Shared set-up for integration tests: the real gazetteer and an index built from
//! the real seed-data into a temporary folder, once per test binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use peerway::geo::Geo;
use peerway::index::{self, Catalog, IndexStore, SearchParams, SearchResults};

pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

pub fn shared_geo() -> Arc<Geo> {
    static GEO: OnceLock<Arc<Geo>> = OnceLock::new();
    GEO.get_or_init(|| Arc::new(Geo::load(&repo_path("seed-data/geo")).expect("gazetteer loads")))
        .clone()
}

pub fn geo() -> &'static Geo {
    static GEO: OnceLock<Arc<Geo>> = OnceLock::new();
    GEO.get_or_init(shared_geo)
}

/// The real seed-data indexed once per test binary (building it is most of what an
/// in-process app test costs); each caller gets its own `Catalog` opened from it,
/// so per-generation caches start empty as in a new server.
fn shared_index() -> &'static std::path::Path {
    static BUILT: OnceLock<tempfile::TempDir> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            let store = IndexStore::new(dir.path());
            index::build_from_seed(&repo_path("seed-data"), geo(), &store, &mut |_| Ok(()))
                .expect("seed-data builds");
            dir
        })
        .path()
}

/// A `Catalog` of the real seed-data, opened afresh from the binary's one index
/// (the folder returned is only kept for callers that hold it).
pub fn fresh_catalog() -> (tempfile::TempDir, Catalog) {
    let catalog = IndexStore::new(shared_index())
        .open_current()
        .expect("index opens");
    (tempfile::tempdir().expect("temp dir"), catalog)
}

struct Built {
    catalog: Catalog,
}

/// The real seed-data, indexed once into a temporary folder.
pub fn catalog() -> &'static Catalog {
    static BUILT: OnceLock<Built> = OnceLock::new();
    &BUILT
        .get_or_init(|| {
            let catalog = IndexStore::new(shared_index())
                .open_current()
                .expect("index opens");
            Built { catalog }
        })
        .catalog
}

/// Every program in seed-data (closed ones included), read once per test binary: the
/// counts tests compare with come from the data, never typed in.
pub fn seed_programs() -> &'static [peerway::model::Program] {
    static PROGRAMS: OnceLock<Vec<peerway::model::Program>> = OnceLock::new();
    PROGRAMS.get_or_init(|| {
        peerway::seed::load_programs(&repo_path("seed-data"), geo())
            .expect("seed-data loads")
            .programs
    })
}

/// Programs search, maps and counts show: everything but closed ones.
pub fn listed_programs() -> Vec<&'static peerway::model::Program> {
    seed_programs()
        .iter()
        .filter(|p| p.status.listed_by_default())
        .collect()
}

/// Run a search from URL-style pairs, as the CLI and the web do.
pub fn search(pairs: &[(&str, &str)]) -> SearchResults {
    let params = SearchParams::from_pairs(pairs.iter().copied()).expect("known parameters");
    let mut request = index::parse_request(&params, geo()).expect("valid request");
    // A fixed moment, so "open now" counts cannot change between two searches.
    request.now = chrono::DateTime::parse_from_rfc3339("2026-11-27T17:00:00Z")
        .expect("a valid instant")
        .with_timezone(&chrono::Utc);
    index::search(catalog(), &request).expect("search runs")
}

pub fn hit_ids(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.id.as_str()).collect()
}

/// A response from the in-process app.
pub struct Page {
    pub status: actix_web::http::StatusCode,
    pub headers: actix_web::http::header::HeaderMap,
    pub body: String,
}

/// Call the whole app in process with a fresh index of the real seed-data, a
/// temporary data folder and the given clock.
pub async fn call_app(
    request: actix_web::test::TestRequest,
    now: Option<chrono::DateTime<chrono::Utc>>,
    data: &Path,
) -> Page {
    use actix_web::test;
    let (_dir, catalog) = fresh_catalog();
    let mut state = peerway::web::AppState::new(catalog, shared_geo(), data);
    if let Some(now) = now {
        state = state.with_clock(move || now);
    }
    let service = test::init_service(peerway::web::app(actix_web::web::Data::new(state))).await;
    let response = test::call_service(&service, request.to_request()).await;
    Page {
        status: response.status(),
        headers: response.headers().clone(),
        body: String::from_utf8(test::read_body(response).await.to_vec()).expect("UTF-8 body"),
    }
}

/// GET a URI from the in-process app (real clock, throwaway data folder).
pub async fn get_page(uri: &str) -> Page {
    let data = tempfile::tempdir().expect("temp dir");
    call_app(
        actix_web::test::TestRequest::get().uri(uri),
        None,
        data.path(),
    )
    .await
}

/// The fields every search hit carries, in the CLI's `--json` and the HTTP API alike.
pub const HIT_KEYS: [&str; 8] = [
    "id",
    "name",
    "kind",
    "peer_role",
    "city",
    "state",
    "distance_km",
    "serves_your_area",
];

/// Start `command` as `serve --addr 127.0.0.1:0` with its log in `log`, read the
/// port the system picked from the log, and wait (with a deadline, no fixed sleep)
/// until `answers(port)`. The caller kills and waits for the child it gets back.
#[allow(dead_code, clippy::zombie_processes)]
pub fn serve_on_free_port(
    mut command: std::process::Command,
    log: &std::path::Path,
    answers: impl Fn(u16) -> bool,
) -> (std::process::Child, u16) {
    use std::time::{Duration, Instant};
    let mut child = command
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(log).expect("log file"))
        .spawn()
        .expect("the server starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let port = text
            .split("listening on http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|port| port.parse().ok());
        if let Some(port) = port {
            if answers(port) {
                return (child, port);
            }
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("server did not start: {text}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
