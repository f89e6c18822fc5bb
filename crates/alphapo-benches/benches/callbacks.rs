//! Verify + parse of a typical 1 KiB deposit callback, the verification
//! alone, and the bare HMAC checks it is compared with: keyed per call, as a
//! receiver would write it by hand, and keyed once (see `callback_ways`).
//!
//! ```text
//! cargo bench -p alphapo-benches --bench callbacks
//! ```
//!
//! For instruction counts, see `callbacks_instructions`.

use alphapo_benches::callback_ways::Ways;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn verify_and_parse(c: &mut Criterion) {
    let ways = Ways::signed();
    let mut group = c.benchmark_group("callbacks");
    group.throughput(Throughput::Elements(1));
    group.bench_function(
        format!("verify_and_parse_deposit_{}B", ways.body_len()),
        |b| b.iter(|| ways.verify_and_parse()),
    );
    group.bench_function(format!("verify_only_{}B", ways.body_len()), |b| {
        b.iter(|| ways.verify_only())
    });
    group.bench_function(format!("bare_hmac_{}B", ways.body_len()), |b| {
        b.iter(|| ways.bare_hmac())
    });
    group.bench_function(format!("prekeyed_hmac_{}B", ways.body_len()), |b| {
        b.iter(|| ways.prekeyed_hmac())
    });
    group.finish();
}

criterion_group!(benches, verify_and_parse);
criterion_main!(benches);
