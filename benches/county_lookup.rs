//! The county of a point: `cargo bench --bench county_lookup`. The counties issue asks
//! for under 50 µs a look-up; points are real ZIP points spread over the country
//! (every 97th ZIP of the gazetteer), so the mix has dense east-coast counties and
//! large western ones, and a ZIP look-up for comparison.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use peerway::geo::Geo;

fn bench_county_lookup(c: &mut Criterion) {
    let geo = Geo::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("seed-data/geo"))
        .expect("seed-data/geo loads");
    let points: Vec<(f64, f64, String)> = geo
        .gazetteer
        .zips()
        .step_by(97)
        .map(|z| (z.lat, z.lon, z.zip.clone()))
        .collect();
    let mut i = 0;
    c.bench_function("county_of_point", |b| {
        b.iter(|| {
            let (lat, lon, _) = &points[i % points.len()];
            i += 1;
            std::hint::black_box(geo.counties.at(*lat, *lon).map(|c| c.fips))
        })
    });
    let mut j = 0;
    c.bench_function("county_of_zip", |b| {
        b.iter(|| {
            let (_, _, zip) = &points[j % points.len()];
            j += 1;
            std::hint::black_box(geo.counties.of_zip(zip).map(|c| c.fips))
        })
    });
}

criterion_group!(benches, bench_county_lookup);
criterion_main!(benches);
