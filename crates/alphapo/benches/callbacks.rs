//! Verify + parse of a typical 1 KiB deposit callback (see `callback_ways`).
//!
//! ```text
//! cargo bench -p alphapo --bench callbacks
//! ```
//!
//! For instruction counts, see `callbacks_instructions`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

mod callback_ways;

use callback_ways::Ways;

fn verify_and_parse(c: &mut Criterion) {
    let ways = Ways::new();
    let mut group = c.benchmark_group("callbacks");
    group.throughput(Throughput::Elements(1));
    group.bench_function(
        format!("verify_and_parse_deposit_{}B", ways.body_len()),
        |b| b.iter(|| ways.verify_and_parse()),
    );
    group.bench_function(format!("verify_only_{}B", ways.body_len()), |b| {
        b.iter(|| ways.verify_only())
    });
    group.finish();
}

criterion_group!(benches, verify_and_parse);
criterion_main!(benches);
