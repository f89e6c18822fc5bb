//! Loopback round trips through the sandbox with the generated, signed
//! client: a read (`accounts/list`) and a create (`addresses/take`, which
//! also runs validation and takes the world's lock for writing).

use std::hint::black_box;

use alphapo_auth::{Credentials, Signer};
use alphapo_gen::types;
use alphapo_sandbox::{Sandbox, SandboxConfig};
use criterion::{Criterion, criterion_group, criterion_main};

fn round_trips(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|error| panic!("runtime: {error}"));
    let credentials = Credentials::new("key", "secret").unwrap_or_else(|error| panic!("{error}"));
    let sandbox = runtime
        .block_on(Sandbox::start(SandboxConfig::new(credentials.clone())))
        .unwrap_or_else(|error| panic!("sandbox: {error}"));
    let client = alphapo_gen::Client::new(sandbox.base_url(), Some(Signer::new(&credentials)));

    c.bench_function("accounts_list_round_trip", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let response = client
                    .accounts_list()
                    .body(alphapo_gen::EmptyRequest)
                    .send()
                    .await;
                black_box(response.is_ok())
            })
        });
    });

    c.bench_function("addresses_take_round_trip", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let request = types::AddressTakeRequest::builder()
                    .currency("BTC")
                    .foreign_id("bench")
                    .end_user_reference("bench");
                let response = client.addresses_take().body(request).send().await;
                black_box(response.is_ok())
            })
        });
    });

    runtime.block_on(sandbox.shutdown());
}

criterion_group!(benches, round_trips);
criterion_main!(benches);
