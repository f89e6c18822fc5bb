//! Helpers shared by the cross-crate integration tests in `tests/tests/`.
//!
//! - [`spec`]: the OpenAPI document and every example in it.
//! - [`fixtures`]: the documented callback payloads and the vendor's examples.
//! - [`json`]: comparing JSON documents the way the API means them.
//! - [`required`]: checking a value against the spec's `required` lists.
//! - [`wire`]: recording what a mock server received, checking signatures,
//!   and a loopback URL where nothing listens.

pub mod fixtures;
pub mod json;
pub mod required;
pub mod spec;
pub mod wire;

/// The workspace root (the parent of this package).
pub fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests package sits inside the workspace")
        .to_path_buf()
}

/// The workspace README's Rust examples, compiled as doctests so they stay
/// true. They live here, in the workspace's own test package, because the
/// README is the workspace's: no published crate includes a file outside
/// itself.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
