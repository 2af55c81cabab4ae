//! Search and build cost as the directory grows: `cargo bench --bench scale`.
//!
//! Sizes come from `PEERWAY_BENCH_SIZES` (default `1000,10000`; the table in
//! benches/README.md also used 100000 and 1000000). Programs are synthetic
//! (`peerway::synth`), indexed into a temporary folder, never served.

use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use peerway::geo::Geo;
use peerway::index::{self, IndexStore, SearchParams, StateName};
use peerway::model::Program;

fn sizes() -> Vec<usize> {
    std::env::var("PEERWAY_BENCH_SIZES")
        .unwrap_or_else(|_| "1000,10000".to_string())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

fn programs(geo: &Geo, count: usize) -> Vec<Program> {
    peerway::synth::synthetic_records(count, geo, 1)
        .iter()
        .map(|record| peerway::seed::validate(record, geo).expect("synthetic records are valid"))
        .collect()
}

fn states(geo: &Geo) -> Vec<StateName> {
    geo.gazetteer
        .states()
        .iter()
        .map(|s| StateName {
            code: s.code.clone(),
            name: s.name.clone(),
        })
        .collect()
}

fn bench_scale(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let geo = Geo::load(&root.join("seed-data/geo")).expect("gazetteer");
    let synonyms = index::words::synonyms::Synonyms::read(&root.join("seed-data/synonyms.toml"))
        .expect("synonyms");
    for size in sizes() {
        let programs = programs(&geo, size);
        let dir = tempfile::tempdir().expect("temp dir");
        let store = IndexStore::new(dir.path());
        let mut build = c.benchmark_group("index build");
        build
            .sample_size(10)
            .throughput(Throughput::Elements(size as u64));
        build.bench_with_input(BenchmarkId::from_parameter(size), &size, |b, _| {
            b.iter(|| {
                store
                    .build(
                        &programs,
                        &states(&geo),
                        &synonyms,
                        &Default::default(),
                        true,
                        &mut |_| Ok(()),
                    )
                    .expect("build")
            })
        });
        build.finish();
        let catalog = store.open_current().expect("index");
        let cases: [(&str, &[(&str, &str)]); 5] = [
            ("text only", &[("q", "peer respite")]),
            (
                "text + geo radius",
                &[("q", "crisis team"), ("near", "80202"), ("radius", "50mi")],
            ),
            (
                "empty text + two facets",
                &[("kind", "warmline"), ("peer_role", "peer_run")],
            ),
            (
                "distance sort over everything",
                &[
                    ("near", "01060"),
                    ("radius", "1000km"),
                    ("sort", "distance"),
                ],
            ),
            ("facet counts alone", &[("per_page", "1")]),
        ];
        let mut group = c.benchmark_group(format!("search {size}"));
        for (name, pairs) in cases {
            let params = SearchParams::from_pairs(pairs.iter().copied()).expect("params");
            let request = index::parse_request(&params, &geo).expect("request");
            group.bench_function(name, |b| {
                b.iter(|| index::search(&catalog, &request).expect("search"))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench_scale);
criterion_main!(benches);
