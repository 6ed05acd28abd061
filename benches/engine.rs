//! Criterion benchmarks of the engine, on generated estates of 1,000 and
//! 10,000 VPNs (1 % of them linking a device configuration):
//!
//! - `load/FORMAT/N`: find, parse and validate the files, and compile the
//!   rules (`load` + `audit::prepare`: what `vpnaudit validate` does);
//! - `evaluate/N`: configs read (`audit::read_evidence`), every rule on
//!   every VPN, waivers applied, findings sorted (`audit::run`), on an
//!   estate loaded once.
//!
//! `cargo bench --bench engine`; the whole-process figures (reports
//! written, memory) come from `benches/run.sh`.

#[allow(dead_code)]
#[path = "support/estate_gen.rs"]
mod estate_gen;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use estate_gen::{Format, Options, generate};
use jiff::civil::date;
use vpnaudit::audit::{self, AuditOptions};
use vpnaudit::load::estate::load;
use vpnaudit::load::request::LoadRequest;

const SIZES: [usize; 2] = [1_000, 10_000];

fn estate(root: &Path, vpns: usize, format: Format) -> PathBuf {
    let dir = root.join(format!("{format:?}-{vpns}").to_lowercase());
    let mut opts = Options::new(vpns, format);
    opts.configs = vpns / 100;
    generate(&dir, &opts).expect("generate the estate");
    dir
}

fn request(dir: &Path) -> LoadRequest {
    LoadRequest {
        paths: vec![dir.to_path_buf()],
        as_of: options().as_of,
        ..LoadRequest::default()
    }
}

fn options() -> AuditOptions {
    AuditOptions {
        as_of: date(2026, 11, 28),
        record_passes: false,
    }
}

fn engine(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("a temporary directory");

    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    for format in [Format::Json, Format::Yaml] {
        for n in SIZES {
            let dir = estate(tmp.path(), n, format);
            let req = request(&dir);
            group.bench_function(format!("{format:?}/{n}").to_lowercase(), |b| {
                b.iter(|| {
                    let loaded = load(black_box(&req));
                    assert!(
                        !loaded.diags.has_errors(),
                        "the generated estate loads cleanly"
                    );
                    black_box(loaded)
                })
            });
        }
    }
    group.finish();

    let mut group = c.benchmark_group("evaluate");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    for n in SIZES {
        let dir = estate(tmp.path(), n, Format::Json);
        let loaded = load(&request(&dir));
        let opts = options();
        group.bench_function(n.to_string(), |b| {
            b.iter(|| {
                let evidence = audit::read_evidence(&loaded.estate, false);
                black_box(audit::run(&loaded.estate, &loaded.rules, &evidence, &opts))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
