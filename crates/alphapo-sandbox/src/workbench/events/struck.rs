//! The fault that struck the request being served, noted by the fault
//! layer for the request's line in the live feed.

use std::sync::{Arc, OnceLock};

tokio::task_local! {
    /// The fault that struck the request being served, if one did.
    pub(in crate::workbench) static STRUCK: Arc<OnceLock<&'static str>>;
}

/// Notes that the injected fault `mode` struck the request being served,
/// for its line in the live log. Outside a recorded request it does nothing.
pub(crate) fn note_fault(mode: &'static str) {
    let _ = STRUCK.try_with(|struck| struck.set(mode));
}
