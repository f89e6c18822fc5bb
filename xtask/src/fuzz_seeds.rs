//! `cargo xtask fuzz-seeds`: the starting corpus of the callback fuzz target,
//! made from the documented callback fixtures instead of kept as a copy.
//!
//! Each fixture `tests/fixtures/callbacks/NAME.json` becomes
//! `crates/alphapo/fuzz/corpus/verify_and_parse/NAME` (gitignored, where
//! `cargo fuzz run verify_and_parse` looks first): the target's mode byte
//! for "signed with the right secret", then the fixture's exact bytes.

use std::path::{Path, PathBuf};

/// The documented callback payloads, relative to the workspace root.
const FIXTURES: &str = "tests/fixtures/callbacks";
/// The fuzz target's corpus, relative to the workspace root.
const CORPUS: &str = "crates/alphapo/fuzz/corpus/verify_and_parse";
/// The first input byte of `verify_and_parse`: below 224, the rest is a
/// body signed with the right secret, so the parser sees it.
const SIGNED: u8 = 0;

/// Writes one seed per fixture into the corpus.
pub fn write(root: &Path) -> Result<(), String> {
    let seeds = seeds(&root.join(FIXTURES))?;
    let corpus = root.join(CORPUS);
    std::fs::create_dir_all(&corpus)
        .map_err(|e| format!("cannot create {}: {e}", corpus.display()))?;
    for (name, bytes) in &seeds {
        let path = corpus.join(name);
        std::fs::write(&path, bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    println!("wrote {} seeds into {CORPUS}", seeds.len());
    Ok(())
}

/// The seeds made from the `*.json` files of `dir`, by name, sorted.
fn seeds(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut fixtures: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    fixtures.sort();
    if fixtures.is_empty() {
        return Err(format!("no callback fixtures in {}", dir.display()));
    }
    fixtures
        .iter()
        .map(|path| {
            let name = path
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_default();
            let body =
                std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let mut seed = Vec::with_capacity(body.len() + 1);
            seed.push(SIGNED);
            seed.extend_from_slice(&body);
            Ok((name, seed))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fixture_becomes_a_signed_seed_of_its_exact_bytes() {
        let root = crate::workspace_root();
        let dir = root.join(FIXTURES);
        let seeds = seeds(&dir).expect("the fixtures read");
        let fixtures = std::fs::read_dir(&dir).expect("readable").count();
        assert_eq!(seeds.len(), fixtures, "one seed per fixture");
        for (name, seed) in &seeds {
            let body = std::fs::read(dir.join(format!("{name}.json"))).expect("readable");
            assert_eq!(seed[0], SIGNED, "{name}");
            assert_eq!(&seed[1..], body.as_slice(), "{name}");
        }
    }

    #[test]
    fn a_folder_without_fixtures_is_an_error() {
        let empty = std::env::temp_dir().join(format!("xtask-seeds-{}", std::process::id()));
        std::fs::create_dir_all(&empty).expect("a temp dir");
        let error = seeds(&empty).expect_err("no fixtures accepted");
        assert!(error.contains("no callback fixtures"), "{error}");
        std::fs::remove_dir_all(&empty).expect("removable");
    }
}
