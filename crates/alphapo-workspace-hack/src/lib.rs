//! Feature alignment for the alphapo-rs workspace, and nothing else: see
//! this crate's `Cargo.toml`. `.ci/build-reuse.sh` (a CI step) measures that
//! it is exact.
#![forbid(unsafe_code)]
