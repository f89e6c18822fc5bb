//! The import graph of one crate's files and its cycles.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::resolve::source_module;
use super::tree::Tree;

/// The source files of a crate, each once, in the order its modules were
/// read (the root file first).
pub fn files(tree: &Tree) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = Vec::new();
    for module in &tree.modules {
        if !files.contains(&module.file) {
            files.push(module.file.clone());
        }
    }
    files
}

/// What one file takes from another: the names of the items, keyed by
/// (user, source) as indexes into [`files`].
pub type Edges = BTreeMap<(usize, usize), BTreeSet<String>>;

/// Every arrow between two files of the crate: from the file of a module
/// to the file of the module it takes an item from (see [`source_module`]).
/// Declaring a child module is not an arrow (a parent owns its children; it uses one
/// only by naming its items, a re-export included).
pub fn edges(tree: &Tree, files: &[PathBuf]) -> Edges {
    let file_of: Vec<usize> = tree
        .modules
        .iter()
        .map(|module| {
            files
                .iter()
                .position(|known| *known == module.file)
                .unwrap_or(0)
        })
        .collect();
    let mut edges = Edges::new();
    for (from, module) in tree.modules.iter().enumerate() {
        for path in &module.paths {
            if let Some(to) = source_module(tree, from, path)
                && file_of[from] != file_of[to]
            {
                let name = path.last().cloned().unwrap_or_default();
                edges
                    .entry((file_of[from], file_of[to]))
                    .or_default()
                    .insert(name);
            }
        }
    }
    edges
}

/// The cycles: every strongly connected set of two or more files, each
/// sorted, in order of their first file.
pub fn cycles(node_count: usize, edges: &Edges) -> Vec<Vec<usize>> {
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); node_count];
    for &(from, to) in edges.keys() {
        next[from].push(to);
    }
    let mut search = Tarjan {
        next: &next,
        index: vec![None; node_count],
        low: vec![0; node_count],
        stack: Vec::new(),
        on_stack: vec![false; node_count],
        counter: 0,
        components: Vec::new(),
    };
    for module in 0..node_count {
        if search.index[module].is_none() {
            search.visit(module);
        }
    }
    let mut cycles: Vec<Vec<usize>> = search
        .components
        .into_iter()
        .filter(|component| component.len() > 1)
        .map(|mut component| {
            component.sort_unstable();
            component
        })
        .collect();
    cycles.sort();
    cycles
}

/// Tarjan's strongly connected components (the graphs are small: a
/// recursive walk is enough).
struct Tarjan<'a> {
    next: &'a [Vec<usize>],
    index: Vec<Option<usize>>,
    low: Vec<usize>,
    stack: Vec<usize>,
    on_stack: Vec<bool>,
    counter: usize,
    components: Vec<Vec<usize>>,
}

impl Tarjan<'_> {
    fn visit(&mut self, module: usize) {
        self.index[module] = Some(self.counter);
        self.low[module] = self.counter;
        self.counter += 1;
        self.stack.push(module);
        self.on_stack[module] = true;
        for &target in &self.next[module] {
            match self.index[target] {
                None => {
                    self.visit(target);
                    self.low[module] = self.low[module].min(self.low[target]);
                }
                Some(index) if self.on_stack[target] => {
                    self.low[module] = self.low[module].min(index);
                }
                Some(_) => {}
            }
        }
        if Some(self.low[module]) == self.index[module] {
            let mut component = Vec::new();
            while let Some(member) = self.stack.pop() {
                self.on_stack[member] = false;
                component.push(member);
                if member == module {
                    break;
                }
            }
            self.components.push(component);
        }
    }
}
