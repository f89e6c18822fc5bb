//! `cargo xtask cycles`: fails when the modules of any crate of the
//! workspace import one another in a circle.
//!
//! The graph of a crate (its library, binary and `src/bin` targets; test
//! code under `#[cfg(test)]` left out) has a node per file (an inline
//! module belongs to its file) and an arrow from a file to the file of the
//! module it takes each item from (`use` declarations and qualified paths,
//! macro bodies included): the module that defines the item, or the module
//! whose `use` re-exports it to the path (importing through a re-export
//! depends on the re-exporting module). Declaring `mod child;` is not an
//! arrow; a visibility such as `pub(in crate::a)` is not either. Any circle
//! fails, so a module never imports back through the crate root or its
//! parent's re-exports, and two modules never use each other.

mod graph;
mod resolve;
mod tree;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tree::Tree;

/// Folders holding the workspace's crates, from the workspace root.
const CRATE_FOLDERS: [&str; 3] = ["crates", "xtask", "tests"];

/// Checks every crate under the workspace root; prints each crate's figures
/// and every cycle with what ties it.
pub fn run(root: &Path) -> Result<ExitCode, String> {
    let mut failed = 0;
    for (name, root_file) in crate_roots(root)? {
        let report = check(root, &root_file)?;
        let shown = root_file
            .strip_prefix(root)
            .unwrap_or(&root_file)
            .display()
            .to_string();
        println!("{name} ({shown}): {}", report.summary);
        if !report.cycles.is_empty() {
            failed += 1;
            println!("{}", report.cycles.join("\n"));
        }
    }
    if failed == 0 {
        println!("no import cycle in any crate");
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{failed} crate target(s) with import cycles");
        Ok(ExitCode::FAILURE)
    }
}

/// What the check found in one crate target.
struct Report {
    summary: String,
    /// Each cycle in words, empty when there is none.
    cycles: Vec<String>,
}

/// Reads the crate whose root file is `root_file` and finds its cycles;
/// files are named from the workspace `root`.
fn check(root: &Path, root_file: &Path) -> Result<Report, String> {
    let tree = Tree::read(root_file)?;
    let files = graph::files(&tree);
    let edges = graph::edges(&tree, &files);
    let cycles = graph::cycles(files.len(), &edges);
    let summary = format!(
        "{} files, {} modules, {} arrows, {} cycle(s)",
        files.len(),
        tree.modules.len(),
        edges.len(),
        cycles.len()
    );
    let name = |file: usize| {
        files[file]
            .strip_prefix(root)
            .unwrap_or(&files[file])
            .display()
            .to_string()
    };
    let cycles = cycles
        .iter()
        .map(|members| {
            let mut text = format!("  cycle of {} files:", members.len());
            for (&(from, to), names) in &edges {
                if members.contains(&from) && members.contains(&to) {
                    let names: Vec<&str> = names.iter().map(String::as_str).collect();
                    text.push_str(&format!(
                        "\n    {} -> {}: {}",
                        name(from),
                        name(to),
                        names.join(", ")
                    ));
                }
            }
            text
        })
        .collect();
    Ok(Report { summary, cycles })
}

/// The root files of every crate target: `src/lib.rs`, `src/main.rs` and
/// `src/bin/*.rs` of each package folder, named `package/file`.
fn crate_roots(root: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let mut packages = Vec::new();
    for folder in CRATE_FOLDERS {
        let folder = root.join(folder);
        if folder.join("Cargo.toml").is_file() {
            packages.push(folder.clone());
        }
        for entry in read_dir(&folder)? {
            if entry.join("Cargo.toml").is_file() {
                packages.push(entry);
            }
        }
    }
    let mut roots = Vec::new();
    for package in packages {
        let name = package
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let source = package.join("src");
        let bins = read_dir(&source.join("bin"))?;
        let files = [source.join("lib.rs"), source.join("main.rs")]
            .into_iter()
            .chain(bins);
        for file in
            files.filter(|file| file.is_file() && file.extension().is_some_and(|e| e == "rs"))
        {
            let label = format!(
                "{name}/{}",
                file.file_name().unwrap_or_default().to_string_lossy()
            );
            roots.push((label, file));
        }
    }
    Ok(roots)
}

/// The entries of a folder, sorted; none when it does not exist.
fn read_dir(folder: &Path) -> Result<Vec<PathBuf>, String> {
    if !folder.is_dir() {
        return Ok(Vec::new());
    }
    let mut entries = std::fs::read_dir(folder)
        .map_err(|e| format!("cannot list {}: {e}", folder.display()))?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("cannot list {}: {e}", folder.display()))?;
    entries.sort();
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes a crate of `(path, text)` files into a fresh folder under the
    /// system's temporary folder and checks it from `src/lib.rs`.
    fn check_crate(name: &str, files: &[(&str, &str)]) -> Report {
        let folder =
            std::env::temp_dir().join(format!("xtask-cycles-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        for (path, text) in files {
            let path = folder.join(path);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder created");
            std::fs::write(&path, text).expect("file written");
        }
        let report = check(&folder, &folder.join("src/lib.rs")).expect("the crate is read");
        std::fs::remove_dir_all(&folder).expect("folder removed");
        report
    }

    #[test]
    fn a_child_using_what_its_re_exporting_parent_defines_is_a_cycle() {
        let report = check_crate(
            "parent",
            &[
                ("src/lib.rs", "mod world;\npub use world::World;\n"),
                (
                    "src/world/mod.rs",
                    "mod ledger;\npub use ledger::Ledger;\npub struct World(Ledger);\npub fn money() {}\n",
                ),
                (
                    "src/world/ledger.rs",
                    "pub struct Ledger;\nfn f() { super::money() }\n",
                ),
            ],
        );
        assert_eq!(report.cycles.len(), 1, "{:?}", report.cycles);
        let cycle = &report.cycles[0];
        assert!(
            cycle.contains("src/world/ledger.rs -> src/world/mod.rs: money"),
            "{cycle}"
        );
        assert!(
            cycle.contains("src/world/mod.rs -> src/world/ledger.rs: Ledger"),
            "{cycle}"
        );
    }

    #[test]
    fn siblings_that_use_each_other_are_a_cycle_even_inside_macros() {
        let report = check_crate(
            "siblings",
            &[
                ("src/lib.rs", "mod api;\nmod engine;\n"),
                (
                    "src/api.rs",
                    "pub const LIMIT: u8 = 1;\nfn f() { crate::engine::run(); }\n",
                ),
                (
                    "src/engine.rs",
                    "pub fn run() { println!(\"{}\", crate::api::LIMIT); }\n",
                ),
            ],
        );
        assert_eq!(report.cycles.len(), 1, "{:?}", report.cycles);
        assert!(report.cycles[0].contains("src/engine.rs -> src/api.rs: LIMIT"));
        assert!(report.cycles[0].contains("src/api.rs -> src/engine.rs: run"));
    }

    #[test]
    fn a_name_taken_through_the_crate_root_is_taken_from_the_root() {
        let files = |path: &'static str| {
            [
                (
                    "src/lib.rs",
                    "mod error;\nmod state;\npub use error::Error;\npub use state::State;\n",
                ),
                ("src/error.rs", "pub struct Error;\n"),
                ("src/state.rs", path),
            ]
        };
        let through_root = check_crate(
            "root",
            &files("use crate::Error;\npub struct State(Error);\n"),
        );
        assert_eq!(through_root.cycles.len(), 1, "{:?}", through_root.cycles);
        assert!(through_root.cycles[0].contains("src/state.rs -> src/lib.rs: Error"));
        let from_definer = check_crate(
            "definer",
            &files("use crate::error::Error;\npub struct State(Error);\n"),
        );
        assert!(from_definer.cycles.is_empty(), "{:?}", from_definer.cycles);
        assert!(
            from_definer
                .summary
                .starts_with("3 files, 3 modules, 3 arrows"),
            "{}",
            from_definer.summary
        );
    }

    #[test]
    fn a_visibility_is_no_arrow() {
        let report = check_crate(
            "visibility",
            &[
                ("src/lib.rs", "mod a;\npub use a::f;\n"),
                (
                    "src/a.rs",
                    "pub(in crate) fn f() {}\nthread_local! { pub(in crate) static X: u8 = 0; }\n",
                ),
            ],
        );
        assert!(report.cycles.is_empty(), "{:?}", report.cycles);
    }

    #[test]
    fn test_modules_and_module_declarations_are_no_arrows() {
        let report = check_crate(
            "tests",
            &[
                (
                    "src/lib.rs",
                    "mod inner;\npub fn helper() {}\n#[cfg(test)]\nmod tests { use super::*; }\n",
                ),
                (
                    "src/inner.rs",
                    "pub fn f() { crate::helper() }\n#[cfg(test)]\nmod tests { fn g() { crate::inner::f() } }\n",
                ),
            ],
        );
        assert!(report.cycles.is_empty(), "{:?}", report.cycles);
        assert!(
            report.summary.starts_with("2 files, 2 modules, 1 arrows"),
            "{}",
            report.summary
        );
    }
}
