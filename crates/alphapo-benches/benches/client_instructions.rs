//! The calls of the `client` bench, run a fixed number of times, for an
//! instruction counter: wall-clock figures are noisy on a shared machine,
//! instruction counts are not.
//!
//! ```text
//! cargo bench -p alphapo-benches --bench client_instructions --no-run
//! valgrind --tool=callgrind target/release/deps/client_instructions-* sdk 2000
//! ```
//!
//! The arguments are the way (`sdk`, `generated` or `raw`) and the number
//! of calls (default 1000). Without arguments (as `cargo bench` runs it) it
//! makes one call each way. Subtracting the counts of two call numbers
//! cancels the start-up: per call = (I(n2) - I(n1)) / (n2 - n1).

use std::hint::black_box;

use alphapo_benches::client_ways::{self, Ways};

fn main() {
    let mut args = std::env::args().skip(1).filter(|arg| arg != "--bench");
    let way = args.next();
    let calls: u32 = args
        .next()
        .map_or(1000, |n| n.parse().expect("a number of calls"));
    let runtime = client_ways::runtime();
    runtime.block_on(async {
        let ways = Ways::start().await;
        match way.as_deref() {
            None => {
                black_box(ways.sdk().await);
                black_box(ways.generated().await);
                black_box(ways.raw().await);
            }
            Some(way) => {
                for _ in 0..calls {
                    black_box(match way {
                        "sdk" => ways.sdk().await,
                        "generated" => ways.generated().await,
                        "raw" => ways.raw().await,
                        other => panic!("unknown way {other}: sdk, generated or raw"),
                    });
                }
            }
        }
    });
}
