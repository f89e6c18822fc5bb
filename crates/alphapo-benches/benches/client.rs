//! `invoices/create` through the SDK versus a hand-signed raw reqwest call,
//! against the same local server, in the same run (and the generated client
//! alone, for reference). See `client_ways` for the three calls and the
//! server; `client_instructions` counts their instructions instead.
//!
//! ```text
//! cargo bench -p alphapo-benches --bench client
//! ```

use std::hint::black_box;
use std::time::Duration;

use alphapo_benches::client_ways::{self, Ways};
use criterion::{Criterion, criterion_group, criterion_main};

fn create_invoice(c: &mut Criterion) {
    let runtime = client_ways::runtime();
    let ways = runtime.block_on(Ways::start());

    let mut group = c.benchmark_group("invoices_create");
    group.bench_function("sdk", |b| {
        b.iter(|| black_box(runtime.block_on(ways.sdk())));
    });
    group.bench_function("raw_reqwest_signed_by_hand", |b| {
        b.iter(|| black_box(runtime.block_on(ways.raw())));
    });
    group.bench_function("generated_client", |b| {
        b.iter(|| black_box(runtime.block_on(ways.generated())));
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = create_invoice
}
criterion_main!(benches);
