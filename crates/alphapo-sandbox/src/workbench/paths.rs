//! The sandbox's own paths, beside AlphaPo's.

/// Whether `path` is the sandbox's own (the control API and the pages,
/// under `/_sandbox`), not AlphaPo's.
pub(crate) fn is_sandbox_path(path: &str) -> bool {
    path == "/_sandbox" || path.starts_with("/_sandbox/")
}
