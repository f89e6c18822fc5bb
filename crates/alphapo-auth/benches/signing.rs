//! Signing against bare HMAC-SHA512 + hex of the same bytes, and callback
//! verification. Figures only; nothing here asserts a timing.

use std::hint::black_box;

use alphapo_auth::{Credentials, Signer, Verifier};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hmac::{Hmac, Mac};
use sha2::Sha512;

const SECRET: &str = "AbCdEfG123456";

fn credentials() -> Credentials {
    Credentials::new("merchant-key", SECRET).expect("valid credentials")
}

/// A JSON-ish body of `len` bytes.
fn body(len: usize) -> Vec<u8> {
    br#"{"currency":"BTC","foreign_id":"123456","amount":"0.01"}"#
        .iter()
        .copied()
        .cycle()
        .take(len)
        .collect()
}

fn sign(c: &mut Criterion) {
    let signer = Signer::new(&credentials());
    // The least work that produces the same header: a pre-keyed state
    // cloned, fed, finalized and hex-encoded.
    let keyed = Hmac::<Sha512>::new_from_slice(SECRET.as_bytes()).expect("any key length");

    let mut group = c.benchmark_group("sign");
    for len in [64, 1024, 64 * 1024] {
        let body = body(len);
        group.throughput(Throughput::Bytes(len as u64));
        group.bench_with_input(BenchmarkId::new("signer", len), &body, |b, body| {
            b.iter(|| signer.sign(black_box(body)));
        });
        group.bench_with_input(BenchmarkId::new("bare_hmac_hex", len), &body, |b, body| {
            b.iter(|| {
                let mut mac = keyed.clone();
                mac.update(black_box(body));
                hex::encode(mac.finalize().into_bytes())
            });
        });
        group.bench_with_input(
            BenchmarkId::new("bare_hmac_hex_keyed_per_call", len),
            &body,
            |b, body| {
                b.iter(|| {
                    let mut mac = Hmac::<Sha512>::new_from_slice(black_box(SECRET.as_bytes()))
                        .expect("any key length");
                    mac.update(black_box(body));
                    hex::encode(mac.finalize().into_bytes())
                });
            },
        );
    }
    group.finish();
}

fn verify(c: &mut Criterion) {
    let credentials = credentials();
    let verifier = Verifier::new(&credentials);
    let body = body(1024);
    let headers = alphapo_auth::testing::sign_callback(&credentials, &body);

    let mut group = c.benchmark_group("verify");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("1024", |b| {
        b.iter(|| verifier.verify(black_box(&headers), black_box(&body)));
    });
    group.finish();
}

criterion_group!(benches, sign, verify);
criterion_main!(benches);
