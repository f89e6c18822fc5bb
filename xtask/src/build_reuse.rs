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

/// A crate and version (`serde v1.0.229`), and whether it is compiled for
/// the build host (a proc macro, a build script's dependency, or what those
/// depend on), to the feature sets it is built with.
type FeatureSets = BTreeMap<(String, bool), BTreeSet<String>>;

/// Runs the check; `Ok(FAILURE)` lists the crates compiled twice.
pub fn run(root: &Path) -> Result<ExitCode, String> {
    let first = resolve(root, &["-p", "alphapo-cli", "-e", "normal,build"])?;
    let second = resolve(root, &["--workspace", "-e", "normal,build,dev"])?;
    let twice = compiled_twice(&first, &second);
    if twice.is_empty() {
        println!(
            "build reuse: the test build reuses all {} third-party crate builds of `cargo run -p alphapo-cli`",
            first.values().map(BTreeSet::len).sum::<usize>()
        );
        return Ok(ExitCode::SUCCESS);
    }
    for ((package, host), features) in &twice {
        let side = if *host { " for the build host" } else { "" };
        eprintln!("{package}: the demo builds it{side} with [{features}], the tests never do");
    }
    eprintln!(
        "{} third-party crate build(s) would compile twice between the README's two commands: \
         add their test-build features to crates/alphapo-workspace-hack/Cargo.toml \
         ([build-dependencies] for the build host)",
        twice.len()
    );
    Ok(ExitCode::FAILURE)
}

/// The feature sets of every third-party crate in one build, by `cargo tree`.
fn resolve(root: &Path, selection: &[&str]) -> Result<FeatureSets, String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .current_dir(root)
        .args(["tree", "--locked", "--offline", "--charset", "ascii"])
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

/// Reads `cargo tree --charset ascii --format '{p}|{f}'` (its indented
/// form), leaving out the workspace's own crates (their package id names a
/// path). A crate is built for the host when it is a proc macro, sits under
/// a `[build-dependencies]` heading, or hangs from a crate built for the host.
fn parse(tree: &str) -> FeatureSets {
    let mut sets = FeatureSets::new();
    // The host flag of the last crate seen at each depth.
    let mut hosts: Vec<bool> = Vec::new();
    // At each depth, whether the crates there sit under `[build-dependencies]`.
    let mut build_section: Vec<bool> = Vec::new();
    for line in tree.lines() {
        let start = line
            .find(|c: char| !matches!(c, ' ' | '|' | '`' | '-'))
            .unwrap_or(line.len());
        let text = &line[start..];
        if text.is_empty() {
            continue;
        }
        let depth = start / 4;
        if let Some(heading) = text.strip_prefix('[') {
            let children = depth + 1;
            build_section.resize(children + 1, false);
            build_section[children] = heading.starts_with("build-dependencies");
            continue;
        }
        build_section.resize(depth + 1, false);
        hosts.truncate(depth);
        let text = text.trim_end_matches(" (*)");
        let Some((package, features)) = text.split_once('|') else {
            continue;
        };
        let proc_macro = package.ends_with(" (proc-macro)");
        let parent_host = depth > 0 && hosts.get(depth - 1).copied().unwrap_or(false);
        let host = proc_macro || parent_host || build_section[depth];
        hosts.push(host);
        if package.contains(" (/") || package.is_empty() {
            continue;
        }
        let package = package.trim_end_matches(" (proc-macro)");
        sets.entry((package.to_owned(), host))
            .or_default()
            .insert(features.to_owned());
    }
    sets
}

/// The crate builds the first build makes with a feature set the second
/// never uses on the same side (host or target), with that set.
fn compiled_twice(first: &FeatureSets, second: &FeatureSets) -> Vec<((String, bool), String)> {
    let mut twice = Vec::new();
    for (key, sets) in first {
        let Some(reused) = second.get(key) else {
            continue;
        };
        for features in sets.difference(reused) {
            twice.push((key.clone(), features.clone()));
        }
    }
    twice
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crate_built_with_other_features_on_its_side_is_compiled_twice() {
        let first = parse(
            "alphapo-cli v0.1.0 (/w/crates/alphapo-cli)|default\n\
             |-- tokio v1.0.0|macros,rt\n\
             |-- bytes v1.0.0|std\n\
             `-- serde_derive v1.0.0 (proc-macro)|default\n    \
             `-- syn v2.0.0|full\n",
        );
        let second = parse(
            "alphapo-tests v0.1.0 (/w/tests)|\n\
             |-- tokio v1.0.0|macros,rt,test-util\n\
             |-- bytes v1.0.0|serde,std\n\
             |-- syn v2.0.0|full (*)\n\
             |-- serde_derive v1.0.0 (proc-macro)|default\n\
             |   `-- syn v2.0.0|full,visit\n\
             `-- foo v1.0.0|\n    \
             [build-dependencies]\n    \
             `-- bytes v1.0.0|std\n",
        );
        assert_eq!(
            compiled_twice(&first, &second),
            [
                (("bytes v1.0.0".to_owned(), false), "std".to_owned()),
                (("syn v2.0.0".to_owned(), true), "full".to_owned()),
                (("tokio v1.0.0".to_owned(), false), "macros,rt".to_owned()),
            ]
        );
        assert!(
            !first
                .keys()
                .any(|(package, _)| package.starts_with("alphapo-cli")),
            "a workspace crate was counted"
        );
    }
}
