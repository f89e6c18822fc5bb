//! The workbench: what a developer drives and watches the sandbox with,
//! beside the API. The control routes (`/_sandbox/...`), the pages (the
//! hosted checkouts and the dashboard), the triggers, the injected faults
//! and the live events.

pub(crate) mod control;
pub(crate) mod events;
pub(crate) mod extract;
pub(crate) mod faults;
pub(crate) mod pages;
pub(crate) mod paths;
pub(crate) mod requests;
mod state;
pub(crate) mod triggers;

pub(crate) use state::Workbench;
