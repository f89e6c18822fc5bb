//! The calls of the `callbacks` bench, run a fixed number of times, for an
//! instruction counter: wall-clock figures are noisy on a shared machine,
//! instruction counts are not.
//!
//! ```text
//! cargo bench -p alphapo-benches --bench callbacks_instructions --no-run
//! valgrind --tool=callgrind target/release/deps/callbacks_instructions-* verify_and_parse 20000
//! ```
//!
//! The arguments are the way (`verify_and_parse`, `verify_only`,
//! `bare_hmac`, the baseline a receiver would write by hand, or
//! `prekeyed_hmac`, the same with the key schedule run once) and the
//! number of calls (default 10000). Without arguments (as `cargo bench`
//! runs it) it makes one call each way. Subtracting the counts of two call
//! numbers cancels the start-up: per call = (I(n2) - I(n1)) / (n2 - n1).

use std::hint::black_box;

use alphapo_benches::callback_ways::Ways;

fn main() {
    let mut args = std::env::args().skip(1).filter(|arg| arg != "--bench");
    let way = args.next();
    let calls: u32 = args
        .next()
        .map_or(10_000, |n| n.parse().expect("a number of calls"));
    let ways = Ways::signed();
    match way.as_deref() {
        None => {
            black_box(ways.verify_and_parse().expect("verified"));
            black_box(ways.verify_only()).expect("verified");
            assert!(black_box(ways.bare_hmac()), "the bare check passes");
            assert!(
                black_box(ways.prekeyed_hmac()),
                "the pre-keyed check passes"
            );
        }
        Some("verify_and_parse") => {
            for _ in 0..calls {
                black_box(ways.verify_and_parse().expect("verified"));
            }
        }
        Some("verify_only") => {
            for _ in 0..calls {
                black_box(ways.verify_only()).expect("verified");
            }
        }
        Some("bare_hmac") => {
            for _ in 0..calls {
                assert!(black_box(ways.bare_hmac()), "the bare check passes");
            }
        }
        Some("prekeyed_hmac") => {
            for _ in 0..calls {
                assert!(
                    black_box(ways.prekeyed_hmac()),
                    "the pre-keyed check passes"
                );
            }
        }
        Some(other) => {
            panic!("unknown way {other}: verify_and_parse, verify_only, bare_hmac or prekeyed_hmac")
        }
    }
    eprintln!(
        "{} of a {}-byte deposit callback",
        way.map_or_else(
            || "one call each way".to_owned(),
            |way| format!("{calls} calls of {way}")
        ),
        ways.body_len()
    );
}
