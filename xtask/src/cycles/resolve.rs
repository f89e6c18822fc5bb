//! Which module a path takes an item from: `crate::`, `super::` and
//! `self::` paths, child modules, and the names a module binds with `use`
//! (followed to where they point). The item's module is the one that
//! defines it or, when the path reaches it through another module's `use`
//! (a re-export, a glob), that module: importing through a re-export
//! depends on the re-exporting module.

use super::tree::Tree;

/// Re-exports followed at most this deep (a `use` cycle ends the search).
const MAX_HOPS: usize = 32;

/// The module that `path` (as written in module `from`) takes its item
/// from, if it is in this crate and not `from` itself.
pub fn source_module(tree: &Tree, from: usize, path: &[String]) -> Option<usize> {
    let absolute = absolute(tree, from, path, 0)?;
    source(tree, &absolute, 0).filter(|&module| module != from)
}

/// `path` written in module `from`, from the crate root; `None` when it
/// starts outside the crate (another crate, the prelude, a local name).
fn absolute(tree: &Tree, from: usize, path: &[String], hops: usize) -> Option<Vec<String>> {
    if hops > MAX_HOPS {
        return None;
    }
    let module = &tree.modules[from];
    let (first, rest) = path.split_first()?;
    match first.as_str() {
        "crate" => Some(rest.to_vec()),
        "self" => Some(joined(&module.path, rest)),
        "super" => {
            let mut ancestor = module.parent?;
            let mut rest = rest;
            while let Some(("super", tail)) =
                rest.split_first().map(|(head, tail)| (head.as_str(), tail))
            {
                ancestor = tree.modules[ancestor].parent?;
                rest = tail;
            }
            Some(joined(&tree.modules[ancestor].path, rest))
        }
        _ if module.children.contains_key(first) || module.defs.contains(first) => {
            Some(joined(&module.path, path))
        }
        _ => {
            let bound = module.bindings.get(first)?;
            let mut target = absolute(tree, from, bound, hops + 1)?;
            target.extend_from_slice(rest);
            Some(target)
        }
    }
}

/// The module the crate-root path `path` takes its item from: the module
/// that defines it, or the first module on the way that binds its name
/// with `use`.
fn source(tree: &Tree, path: &[String], hops: usize) -> Option<usize> {
    if hops > MAX_HOPS {
        return None;
    }
    let mut current = 0;
    for segment in path {
        let module = &tree.modules[current];
        if let Some(&child) = module.children.get(segment) {
            current = child;
            continue;
        }
        if module.defs.contains(segment) {
            return Some(current);
        }
        // A name this module takes with `use` (a re-export, to whoever
        // names it here): the arrow ends at this module.
        if module.bindings.contains_key(segment) {
            return Some(current);
        }
        let found_by_glob = module.globs.iter().any(|glob| {
            absolute(tree, current, glob, hops + 1).is_some_and(|mut target| {
                target.push(segment.clone());
                source(tree, &target, hops + 1).is_some()
            })
        });
        return found_by_glob.then_some(current);
    }
    Some(current)
}

fn joined(base: &[String], rest: &[String]) -> Vec<String> {
    base.iter().chain(rest).cloned().collect()
}
