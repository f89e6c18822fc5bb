//! A crate's module tree, read from its source files: which modules exist,
//! what each defines, what it imports and which qualified paths it names.
//!
//! Test code is left out: a module or item under `#[cfg(test)]` is not part
//! of the crate's layers.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit_mut::{self, VisitMut};

/// One module of a crate: the root file, a file module or an inline `mod`.
#[derive(Debug, Default)]
pub struct Module {
    /// The path from the crate root (`[]` for the root).
    pub path: Vec<String>,
    /// The file that holds the module's items.
    pub file: PathBuf,
    pub parent: Option<usize>,
    /// Declared child modules, by name.
    pub children: BTreeMap<String, usize>,
    /// Names of the items defined here (types, functions, traits, ...).
    pub defs: BTreeSet<String>,
    /// Names bound by `use` declarations at module level, with the path
    /// as written.
    pub bindings: BTreeMap<String, Vec<String>>,
    /// `use path::*` declarations at module level, the path as written.
    pub globs: Vec<Vec<String>>,
    /// Every path of two or more segments named in the module's code, and
    /// every path of a `use`, as written.
    pub paths: Vec<Vec<String>>,
}

/// Every module of one crate, the root first.
#[derive(Debug)]
pub struct Tree {
    pub modules: Vec<Module>,
}

impl Tree {
    /// Reads the crate whose root file is `root_file` (a `lib.rs`,
    /// `main.rs` or `src/bin/*.rs`).
    pub fn read(root_file: &Path) -> Result<Tree, String> {
        let mut tree = Tree {
            modules: vec![Module {
                file: root_file.to_path_buf(),
                ..Module::default()
            }],
        };
        let file = parse(root_file)?;
        let directory = root_file.parent().unwrap_or(Path::new(".")).to_path_buf();
        tree.add_items(0, &file.items, &directory)?;
        Ok(tree)
    }

    /// Adds `items` to module `index`; `directory` is where its child
    /// modules' files are looked for.
    fn add_items(
        &mut self,
        index: usize,
        items: &[syn::Item],
        directory: &Path,
    ) -> Result<(), String> {
        for item in items {
            if is_test_only(item_attributes(item)) {
                continue;
            }
            match item {
                syn::Item::Mod(module) => self.add_module(index, module, directory)?,
                syn::Item::Use(declaration) => {
                    let mut flat = Vec::new();
                    flatten_use(&declaration.tree, &mut Vec::new(), &mut flat);
                    let module = &mut self.modules[index];
                    for (path, binding) in flat {
                        match binding {
                            Some(name) => {
                                module.bindings.insert(name, path.clone());
                            }
                            None => module.globs.push(path.clone()),
                        }
                        module.paths.push(path);
                    }
                }
                other => {
                    let module = &mut self.modules[index];
                    if let Some(name) = defined_name(other) {
                        module.defs.insert(name);
                    }
                    let mut collector = PathCollector::default();
                    collector.visit_item_mut(&mut other.clone());
                    module.paths.extend(collector.paths);
                }
            }
        }
        Ok(())
    }

    fn add_module(
        &mut self,
        parent: usize,
        module: &syn::ItemMod,
        directory: &Path,
    ) -> Result<(), String> {
        let name = module.ident.to_string();
        let mut path = self.modules[parent].path.clone();
        path.push(name.clone());
        let index = self.modules.len();
        let parent_file = self.modules[parent].file.clone();
        self.modules[parent].children.insert(name.clone(), index);
        match &module.content {
            Some((_, items)) => {
                self.modules.push(Module {
                    path,
                    file: parent_file,
                    parent: Some(parent),
                    ..Module::default()
                });
                self.add_items(index, items, &directory.join(&name))
            }
            None => {
                let file = module_file(module, &name, directory, &parent_file)?;
                let syntax = parse(&file)?;
                self.modules.push(Module {
                    path,
                    file: file.clone(),
                    parent: Some(parent),
                    ..Module::default()
                });
                let child_directory = if file.file_name().is_some_and(|n| n == "mod.rs") {
                    file.parent().unwrap_or(Path::new(".")).to_path_buf()
                } else {
                    directory.join(&name)
                };
                self.add_items(index, &syntax.items, &child_directory)
            }
        }
    }
}

fn parse(file: &Path) -> Result<syn::File, String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    syn::parse_file(&text).map_err(|e| format!("cannot parse {}: {e}", file.display()))
}

/// Where `mod name;` lives: a `#[path]` attribute (relative to the
/// declaring file's folder), else `name.rs` or `name/mod.rs`.
fn module_file(
    module: &syn::ItemMod,
    name: &str,
    directory: &Path,
    parent_file: &Path,
) -> Result<PathBuf, String> {
    for attribute in &module.attrs {
        if attribute.path().is_ident("path")
            && let syn::Meta::NameValue(pair) = &attribute.meta
            && let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(text),
                ..
            }) = &pair.value
        {
            let folder = parent_file.parent().unwrap_or(Path::new("."));
            return Ok(folder.join(text.value()));
        }
    }
    [
        directory.join(format!("{name}.rs")),
        directory.join(name).join("mod.rs"),
    ]
    .into_iter()
    .find(|candidate| candidate.is_file())
    .ok_or_else(|| format!("no file for `mod {name};` in {}", parent_file.display()))
}

/// The paths a `use` tree names, each with the name it binds (`None` for a
/// glob).
fn flatten_use(
    tree: &syn::UseTree,
    prefix: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>)>,
) {
    match tree {
        syn::UseTree::Path(path) => {
            prefix.push(path.ident.to_string());
            flatten_use(&path.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(name) => out.push(leaf(prefix, &name.ident, &name.ident)),
        syn::UseTree::Rename(rename) => out.push(leaf(prefix, &rename.ident, &rename.rename)),
        syn::UseTree::Glob(_) => out.push((prefix.clone(), None)),
        syn::UseTree::Group(group) => {
            for tree in &group.items {
                flatten_use(tree, prefix, out);
            }
        }
    }
}

/// One named leaf of a `use` tree; `a::{self}` binds `a`.
fn leaf(
    prefix: &[String],
    ident: &syn::Ident,
    binding: &syn::Ident,
) -> (Vec<String>, Option<String>) {
    let mut path = prefix.to_vec();
    let binding = if ident == "self" {
        prefix.last().cloned().unwrap_or_default()
    } else {
        path.push(ident.to_string());
        binding.to_string()
    };
    (path, Some(binding))
}

/// The name an item defines in its module's namespace, if any.
fn defined_name(item: &syn::Item) -> Option<String> {
    let ident = match item {
        syn::Item::Const(item) => &item.ident,
        syn::Item::Enum(item) => &item.ident,
        syn::Item::Fn(item) => &item.sig.ident,
        syn::Item::Static(item) => &item.ident,
        syn::Item::Struct(item) => &item.ident,
        syn::Item::Trait(item) => &item.ident,
        syn::Item::TraitAlias(item) => &item.ident,
        syn::Item::Type(item) => &item.ident,
        syn::Item::Union(item) => &item.ident,
        syn::Item::Macro(item) => item.ident.as_ref()?,
        _ => return None,
    };
    Some(ident.to_string())
}

fn item_attributes(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Const(item) => &item.attrs,
        syn::Item::Enum(item) => &item.attrs,
        syn::Item::ExternCrate(item) => &item.attrs,
        syn::Item::Fn(item) => &item.attrs,
        syn::Item::ForeignMod(item) => &item.attrs,
        syn::Item::Impl(item) => &item.attrs,
        syn::Item::Macro(item) => &item.attrs,
        syn::Item::Mod(item) => &item.attrs,
        syn::Item::Static(item) => &item.attrs,
        syn::Item::Struct(item) => &item.attrs,
        syn::Item::Trait(item) => &item.attrs,
        syn::Item::TraitAlias(item) => &item.attrs,
        syn::Item::Type(item) => &item.attrs,
        syn::Item::Union(item) => &item.attrs,
        syn::Item::Use(item) => &item.attrs,
        _ => &[],
    }
}

/// `#[cfg(test)]` (alone; `cfg(any(test, ...))` items are part of the
/// crate).
fn is_test_only(attributes: &[syn::Attribute]) -> bool {
    attributes.iter().any(|attribute| {
        attribute.path().is_ident("cfg")
            && attribute
                .parse_args::<syn::Ident>()
                .is_ok_and(|ident| ident == "test")
    })
}

/// Collects the qualified paths of an item's code, macro bodies included
/// (as far as their tokens show `crate::`, `super::` or `self::` paths).
#[derive(Default)]
struct PathCollector {
    paths: Vec<Vec<String>>,
}

impl VisitMut for PathCollector {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if path.segments.len() >= 2 && path.leading_colon.is_none() {
            self.paths.push(
                path.segments
                    .iter()
                    .map(|segment| segment.ident.to_string())
                    .collect(),
            );
        }
        visit_mut::visit_path_mut(self, path);
    }

    fn visit_item_use_mut(&mut self, declaration: &mut syn::ItemUse) {
        let mut flat = Vec::new();
        flatten_use(&declaration.tree, &mut Vec::new(), &mut flat);
        self.paths.extend(flat.into_iter().map(|(path, _)| path));
    }

    fn visit_item_mut(&mut self, item: &mut syn::Item) {
        if !is_test_only(item_attributes(item)) {
            visit_mut::visit_item_mut(self, item);
        }
    }

    /// `pub(in crate::a)` names where an item is visible, not what it uses.
    fn visit_visibility_mut(&mut self, _visibility: &mut syn::Visibility) {}

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        visit_mut::visit_macro_mut(self, mac);
        scan_tokens(mac.tokens.clone(), &mut self.paths);
    }
}

/// Finds `crate::a::b`, `super::a` and `self::a` paths in raw tokens.
fn scan_tokens(tokens: proc_macro2::TokenStream, out: &mut Vec<Vec<String>>) {
    use proc_macro2::TokenTree;
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut index = 0;
    while index < tokens.len() {
        match &tokens[index] {
            TokenTree::Group(group) => scan_tokens(group.stream(), out),
            // `pub(in crate::a)` is a visibility, not a use.
            TokenTree::Ident(ident)
                if (ident == "crate" || ident == "super" || ident == "self")
                    && !matches!(index.checked_sub(1).and_then(|i| tokens.get(i)), Some(TokenTree::Ident(previous)) if previous == "in") =>
            {
                let mut path = vec![ident.to_string()];
                let mut next = index + 1;
                while let (
                    Some(TokenTree::Punct(first)),
                    Some(TokenTree::Punct(second)),
                    Some(TokenTree::Ident(segment)),
                ) = (tokens.get(next), tokens.get(next + 1), tokens.get(next + 2))
                {
                    if first.as_char() != ':' || second.as_char() != ':' {
                        break;
                    }
                    path.push(segment.to_string());
                    next += 3;
                }
                if path.len() >= 2 {
                    out.push(path);
                }
                index = next;
                continue;
            }
            _ => {}
        }
        index += 1;
    }
}
