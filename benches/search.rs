//! Search latency on the real seed-data: `cargo bench --bench search`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use peerway::geo::Geo;
use peerway::index::{self, IndexStore, SearchParams};

fn bench_search(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let geo = Geo::load(&root.join("seed-data/geo")).expect("gazetteer");
    let dir = tempfile::tempdir().expect("temp dir");
    let store = IndexStore::new(dir.path());
    c.bench_function("build real seed-data", |b| {
        b.iter(|| {
            index::build_from_seed(&root.join("seed-data"), &geo, &store, &mut |_| Ok(()))
                .expect("build")
        })
    });
    let catalog = store.open_current().expect("index");
    let cases: [(&str, &[(&str, &str)]); 6] = [
        ("text only", &[("q", "peer respite")]),
        (
            "text + geo radius",
            &[
                ("q", "peer respite"),
                ("near", "01060"),
                ("radius", "100mi"),
            ],
        ),
        (
            "empty text + two facets",
            &[("kind", "warmline"), ("peer_role", "peer_run")],
        ),
        // Words no synonym takes: they are also compared with the Spanish phrases.
        ("text, words left over", &[("q", "respite charlotte")]),
        (
            "Spanish words near a ZIP",
            &[("q", "necesito ablar con alguien cerca de 78201")],
        ),
        (
            "distance sort over everything",
            &[
                ("near", "80202"),
                ("radius", "1000km"),
                ("sort", "distance"),
            ],
        ),
    ];
    for (name, pairs) in cases {
        let params = SearchParams::from_pairs(pairs.iter().copied()).expect("params");
        let request = index::parse_request(&params, &geo).expect("request");
        c.bench_function(name, |b| {
            b.iter(|| index::search(&catalog, &request).expect("search"))
        });
    }
    c.bench_function("locate 'Northampton, MA'", |b| {
        b.iter(|| geo.locate("Northampton, MA").expect("place"))
    });
}

criterion_group!(benches, bench_search);
criterion_main!(benches);
