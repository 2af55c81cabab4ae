//! Fuzz targets: one function per parser that reads text from outside.
//!
//! The `fuzz/` crate (cargo fuzz, nightly) feeds them random bytes; the test
//! `tests/fuzz_corpora.rs` runs every file of `fuzz/corpus/<target>/` through the
//! same functions on stable, so CI proves each target builds and its corpus passes.
//! Each target asserts what must hold for any input, not only "does not panic".

use std::collections::HashMap;
use std::path::Path;

use chrono::{TimeZone, Utc};

use crate::geo::Geo;
use crate::hours::{Hours, OpenState};
use crate::index::{self, Catalog, SearchParams};

/// The names of the targets, as folders of `fuzz/corpus/` and binaries of `fuzz/`.
pub const TARGETS: [&str; 8] = [
    "hours",
    "location",
    "query",
    "seed_record",
    "extract_jsonld",
    "extract_labelled",
    "extract_hsds",
    "extract_csv",
];

fn text_of(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// The hours parser: a schedule it states must be well-formed, and asking whether
/// it is open must answer at any moment.
pub fn hours(data: &[u8]) {
    let Some(text) = text_of(data) else { return };
    let parsed = Hours::parse(text, Some("America/New_York"));
    assert_eq!(parsed.text(), text, "the source text is kept as given");
    if let Hours::Weekly { spans, .. } = &parsed {
        assert!(!spans.is_empty());
        for span in spans {
            assert!(span.day < 7 && span.open_minute < 1440 && span.close_minute < 1440);
        }
    }
    for moment in [0_i64, 1_773_500_000, 1_793_000_000] {
        let now = Utc
            .timestamp_opt(moment, 0)
            .single()
            .expect("a valid moment");
        let state = parsed.open_state_at(now);
        if matches!(parsed, Hours::Unknown { .. }) {
            assert_eq!(state, OpenState::Unknown);
        }
        let _ = parsed.next_change(now);
        assert!(!parsed.status_line(now).is_empty());
    }
}

/// The place parser: whatever it finds is a place in the gazetteer's states.
pub fn location(geo: &Geo, data: &[u8]) {
    let Some(text) = text_of(data) else { return };
    if let Ok(place) = geo.locate(text) {
        assert!(place.lat.is_finite() && place.lon.is_finite());
        assert!((-90.0..=90.0).contains(&place.lat) && (-180.0..=180.0).contains(&place.lon));
    }
    let _ = geo.locate_exact(text);
}

/// The search request parser, read from a URL query string, and — when a catalog
/// is given — the search itself: a request that parses must be answerable.
pub fn query(geo: &Geo, catalog: Option<&Catalog>, data: &[u8]) {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(data).into_owned().collect();
    let Ok(params) = SearchParams::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    else {
        return;
    };
    let again = SearchParams::from_pairs(
        params
            .to_pairs()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str())),
    )
    .expect("parameters written back read again");
    assert_eq!(again.to_pairs(), params.to_pairs());
    let Ok(request) = index::parse_request(&params, geo) else {
        return;
    };
    if let Some(catalog) = catalog {
        let results = index::search(catalog, &request).expect("a parsed request searches");
        assert!(results.hits.len() <= results.total);
    }
}

/// The seed-data reader: a file it accepts is a program with the file's id; a file
/// it refuses is refused with at least one problem on a line inside the file.
pub fn seed_record(geo: &Geo, data: &[u8]) {
    let Some(text) = text_of(data) else { return };
    let file = Path::new("programs/xx/fuzz.toml");
    let lines = text.lines().count().max(1);
    match crate::seed::check_record_text(file, text, geo, &mut HashMap::new()) {
        Ok(program) => assert_eq!(program.id, "fuzz"),
        Err(problems) => {
            assert!(!problems.is_empty());
            for problem in problems {
                assert!(problem.line >= 1 && problem.line <= lines + 1, "{problem}");
            }
        }
    }
}

/// What the targets need from the repository: the gazetteer, and for `query` an
/// index of the real seed-data built once into a private temporary folder.
pub struct Fixtures {
    /// The gazetteer of the checkout.
    pub geo: Geo,
    /// The index of the real seed-data; `None` unless it was asked for.
    pub catalog: Option<Catalog>,
}

impl Fixtures {
    /// Load from a checkout at `repo`; `with_catalog` builds the index too.
    pub fn load(repo: &Path, with_catalog: bool) -> Fixtures {
        let geo = Geo::load(&repo.join("seed-data/geo")).expect("the gazetteer loads");
        let catalog = with_catalog.then(|| {
            let dir = std::env::temp_dir().join(format!("peerway-fuzz-{}", std::process::id()));
            let store = index::IndexStore::new(&dir);
            index::build_from_seed(&repo.join("seed-data"), &geo, &store, &mut |_| Ok(()))
                .expect("seed-data builds");
            store.open_current().expect("the index opens")
        });
        Fixtures { geo, catalog }
    }
}

fn page_url() -> url::Url {
    url::Url::parse("https://directory.example/list/").expect("a valid URL")
}

/// Every record an extractor yields has a name, and no field is empty or padded.
fn assert_tidy(extraction: &crate::crawl::extract::Extraction) {
    for record in &extraction.records {
        assert!(!record.get("name").is_empty());
        assert!(!record.get("website").contains(' '));
        for (field, value) in &record.fields {
            assert!(
                !value.is_empty() && value.trim() == value,
                "{field}: {value:?}"
            );
        }
    }
}

/// Bytes as the crawler reads them: decoded by their BOM or `<meta>` charset.
fn as_text(data: &[u8]) -> String {
    crate::crawl::extract::decode::decode(data, None)
        .text
        .into_owned()
}

/// schema.org JSON-LD pages.
pub fn extract_jsonld(data: &[u8]) {
    assert_tidy(&crate::crawl::extract::jsonld::extract(&as_text(data)));
}

/// Labelled directory pages, with the NEC directory's labels.
pub fn extract_labelled(data: &[u8]) {
    let layout = crate::crawl::sources::LabelledLayout {
        content_selector: "body".to_string(),
        heading_selector: "h1, h2, h3, h4".to_string(),
        name_selector: None,
        labels: [
            ("website", "Website:"),
            ("location", "Location:"),
            ("phone", "Phone:"),
        ]
        .into_iter()
        .map(|(f, l)| (f.to_string(), l.to_string()))
        .collect(),
    };
    let out = crate::crawl::extract::labelled::extract(&layout, &page_url(), &as_text(data));
    assert_tidy(&out);
    for record in &out.records {
        let website = record.get("website");
        assert!(!website.contains(' '), "{website:?}");
    }
}

/// HSDS API pages and services; every page it asks for next stays on the host.
pub fn extract_hsds(data: &[u8]) {
    let url = url::Url::parse("https://api.example/services?page=1").expect("a valid URL");
    let out = crate::crawl::extract::hsds::extract(&url, &as_text(data), true);
    assert_tidy(&out);
    for next in &out.follow {
        assert_eq!(next.host_str(), Some("api.example"));
    }
}

/// CSV with a column mapping.
pub fn extract_csv(data: &[u8]) {
    let layout = crate::crawl::sources::CsvLayout {
        key: vec!["Program".to_string()],
        filter: Default::default(),
        columns: [
            ("name", "Program"),
            ("phone", "Phone"),
            ("location", "Location"),
            ("hours", "Hours"),
        ]
        .into_iter()
        .map(|(f, c)| (f.to_string(), c.to_string()))
        .collect(),
    };
    assert_tidy(&crate::crawl::extract::csv::extract(
        &layout,
        &as_text(data),
    ));
}

/// Run the target named `name` on one input (the corpus test's dispatcher).
pub fn run_target(name: &str, fixtures: &Fixtures, data: &[u8]) {
    match name {
        "hours" => hours(data),
        "location" => location(&fixtures.geo, data),
        "query" => query(&fixtures.geo, fixtures.catalog.as_ref(), data),
        "seed_record" => seed_record(&fixtures.geo, data),
        "extract_jsonld" => extract_jsonld(data),
        "extract_labelled" => extract_labelled(data),
        "extract_hsds" => extract_hsds(data),
        "extract_csv" => extract_csv(data),
        other => panic!("no fuzz target {other}"),
    }
}
