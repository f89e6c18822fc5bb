//! The `alphapo` binary end to end, against an in-process sandbox. One test
//! binary, so the crate and its dependencies link once.

mod cli;
mod dev_loop;
mod exit_codes;
mod fields;
mod payouts;
mod readme;
mod sandbox_faults;
mod sandbox_log;
mod scoped_flags;
mod secrets_and_tracing;
mod support;
mod trigger;
