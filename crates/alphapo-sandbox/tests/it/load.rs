//! A bounded load test on loopback: 1,000 concurrent calls through one
//! shared generated client.

use std::time::Instant;

use futures::future::join_all;

use crate::support::{self, client, start};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_signed_calls_all_succeed() {
    let sandbox = start(support::config()).await;
    let client = client(&sandbox);
    let started = Instant::now();
    let calls = (0..1_000).map(|_| async {
        client
            .accounts_list()
            .body(alphapo_gen::EmptyRequest)
            .send()
            .await
    });
    let results = join_all(calls).await;
    let elapsed = started.elapsed();
    let mismatches = results
        .iter()
        .filter(|result| {
            matches!(result, Err(progenitor_client::Error::ErrorResponse(body))
                if body.code.as_deref() == Some("bad_header_signature"))
        })
        .count();
    let failures = results.iter().filter(|result| result.is_err()).count();
    println!(
        "1000 concurrent accounts/list calls in {elapsed:?}: {:.0} calls/s, {failures} failures, {mismatches} signature mismatches",
        1_000.0 / elapsed.as_secs_f64()
    );
    assert_eq!((failures, mismatches), (0, 0));
    sandbox.shutdown().await;
}
