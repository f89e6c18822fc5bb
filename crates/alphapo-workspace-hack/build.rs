//! Empty: a build script is what makes cargo resolve the
//! `[build-dependencies]` this crate aligns (see `Cargo.toml`).

fn main() {}
