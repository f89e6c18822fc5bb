//! `cargo xtask build-reuse`: can the README's test command reuse every
//! third-party crate that its first command compiled?
//!
//! The README gives two commands, `cargo run -p alphapo-cli -- demo` and then
//! `cargo test --workspace --locked`. Cargo compiles a crate again whenever
//! a build asks for it with another set of features, and the test build adds
//! features through dev-dependencies (tokio's `test-util`, the mock server's
//! `tracing/log`, the inbox's sqlx, ...). `crates/alphapo-workspace-hack`
//! asks for those features in the first build already.
//!
//! This check asks `cargo tree` how each build resolves features (offline,
//! from `Cargo.lock`) and lists every third-party crate whose feature set in
//! the first build is not one the second build compiles; it fails when there
//! is one. What it cannot see (a profile difference, a changed environment)
//! the README's measurement shows: see "Two commands" there.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, ExitCode};

/// A crate and version (`serde v1.0.229`) to the feature sets it is built with.
type FeatureSets = BTreeMap<String, BTreeSet<String>>;

/// Runs the check; `Ok(FAILURE)` lists the crates compiled twice.
pub fn run(root: &Path) -> Result<ExitCode, String> {
    let first = resolve(root, &["-p", "alphapo-cli", "-e", "normal,build"])?;
    let second = resolve(root, &["--workspace", "-e", "normal,build,dev"])?;
    let twice = compiled_twice(&first, &second);
    if twice.is_empty() {
        println!(
            "build reuse: the test build reuses all {} third-party crates of `cargo run -p alphapo-cli`",
            first.len()
        );
        return Ok(ExitCode::SUCCESS);
    }
    for (package, features) in &twice {
        eprintln!("{package}: the demo builds it with [{features}], the tests never do");
    }
    eprintln!(
        "{} third-party crate(s) would compile twice between the README's two commands: \
         add their test-build features to crates/alphapo-workspace-hack/Cargo.toml",
        twice.len()
    );
    Ok(ExitCode::FAILURE)
}

/// The feature sets of every third-party crate in one build, by `cargo tree`.
fn resolve(root: &Path, selection: &[&str]) -> Result<FeatureSets, String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .current_dir(root)
        .args(["tree", "--locked", "--offline", "--prefix", "none"])
        .args(["--format", "{p}|{f}"])
        .args(selection)
        .output()
        .map_err(|error| format!("cannot run cargo tree: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo tree {} failed: {}",
            selection.join(" "),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(parse(&String::from_utf8_lossy(&output.stdout)))
}

/// Reads `cargo tree --prefix none --format '{p}|{f}'` lines, leaving out the
/// workspace's own crates (their package id names a path).
fn parse(tree: &str) -> FeatureSets {
    let mut sets = FeatureSets::new();
    for line in tree.lines() {
        let line = line.trim_end_matches(" (*)");
        let Some((package, features)) = line.split_once('|') else {
            continue;
        };
        if package.contains(" (/") || package.is_empty() {
            continue;
        }
        let package = package.trim_end_matches(" (proc-macro)");
        sets.entry(package.to_owned())
            .or_default()
            .insert(features.to_owned());
    }
    sets
}

/// The crates the first build compiles with a feature set the second never
/// uses, with that set.
fn compiled_twice(first: &FeatureSets, second: &FeatureSets) -> Vec<(String, String)> {
    let mut twice = Vec::new();
    for (package, sets) in first {
        let Some(reused) = second.get(package) else {
            continue;
        };
        for features in sets.difference(reused) {
            twice.push((package.clone(), features.clone()));
        }
    }
    twice
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crate_built_with_other_features_is_compiled_twice() {
        let first = parse(
            "alphapo-cli v0.1.0 (/w/crates/alphapo-cli)|default\n\
             tokio v1.0.0|macros,rt\n\
             serde v1.0.0|default,std\n\
             syn v2.0.0 (proc-macro)|full\n",
        );
        let second = parse(
            "tokio v1.0.0|macros,rt,test-util\n\
             serde v1.0.0|default,std\n\
             serde v1.0.0|std (*)\n\
             syn v2.0.0 (proc-macro)|full\n\
             httpmock v0.8.0|default\n",
        );
        assert_eq!(
            compiled_twice(&first, &second),
            [("tokio v1.0.0".to_owned(), "macros,rt".to_owned())]
        );
        assert!(
            !first.contains_key("alphapo-cli v0.1.0"),
            "a workspace crate was counted"
        );
    }
}
