//! `-v`/`--verbose` and `RUST_LOG`: the SDK's tracing spans on stderr.
//!
//! The SDK records the operation, attempts, status and timings of every call
//! (`alphapo.call`, `alphapo.attempt`), never a body, key or signature.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

/// What `-v` shows when `RUST_LOG` is not set: the SDK's spans and events.
const VERBOSE_FILTER: &str = "alphapo=debug";

/// Installs a subscriber when `RUST_LOG` is set (its filter wins) or
/// `verbose` is; otherwise nothing is collected.
pub fn install(verbose: bool) {
    let filter = match std::env::var("RUST_LOG") {
        Ok(directives) if !directives.trim().is_empty() => EnvFilter::new(directives),
        _ if verbose => EnvFilter::new(VERBOSE_FILTER),
        _ => return,
    };
    // A subscriber installed earlier (none in this binary) keeps its place.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_span_events(FmtSpan::CLOSE)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}
