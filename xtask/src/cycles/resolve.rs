//! Which module defines the item a path names: `crate::`, `super::` and
//! `self::` paths, child modules, and names bound by `use`, followed through
//! re-exports and globs to the module whose code defines the item.

use super::tree::Tree;

/// Re-exports followed at most this deep (a `use` cycle ends the search).
const MAX_HOPS: usize = 32;

/// The module that defines what `path` (as written in module `from`)
/// names, if it is in this crate and not `from` itself.
pub fn defining_module(tree: &Tree, from: usize, path: &[String]) -> Option<usize> {
    let absolute = absolute(tree, from, path, 0)?;
    definer(tree, &absolute, 0).filter(|&module| module != from)
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

/// The module whose code defines the item at the crate-root path `path`.
fn definer(tree: &Tree, path: &[String], hops: usize) -> Option<usize> {
    if hops > MAX_HOPS {
        return None;
    }
    let mut current = 0;
    for (index, segment) in path.iter().enumerate() {
        let module = &tree.modules[current];
        if let Some(&child) = module.children.get(segment) {
            current = child;
            continue;
        }
        if module.defs.contains(segment) {
            return Some(current);
        }
        let rest = &path[index + 1..];
        if let Some(bound) = module.bindings.get(segment) {
            let mut target = absolute(tree, current, bound, hops + 1)?;
            target.extend_from_slice(rest);
            return definer(tree, &target, hops + 1);
        }
        return module.globs.iter().find_map(|glob| {
            let mut target = absolute(tree, current, glob, hops + 1)?;
            target.push(segment.clone());
            target.extend_from_slice(rest);
            definer(tree, &target, hops + 1)
        });
    }
    Some(current)
}

fn joined(base: &[String], rest: &[String]) -> Vec<String> {
    base.iter().chain(rest).cloned().collect()
}
