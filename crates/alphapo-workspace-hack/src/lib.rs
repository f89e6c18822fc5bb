//! Feature alignment for the alphapo-rs workspace, and nothing else: see
//! this crate's `Cargo.toml`. `cargo xtask build-reuse` keeps it exact.
#![forbid(unsafe_code)]
