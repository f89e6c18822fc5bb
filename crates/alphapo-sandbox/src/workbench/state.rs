//! What every workbench route shares: the runtime, the live feed, the
//! fault set, and the signal that the sandbox stops.

use std::sync::Arc;

use axum::extract::FromRef;
use tokio::sync::watch;

use super::events::Events;
use super::faults::Faults;
use crate::runtime::Engine;

/// The state of the control routes and the pages.
#[derive(Debug, Clone)]
pub(crate) struct Workbench {
    /// What every route runs on.
    pub(crate) engine: Arc<Engine>,
    /// The live feed.
    pub(crate) events: Events,
    /// The armed faults.
    pub(crate) faults: Faults,
    /// Turns `true` when the sandbox stops: what ends a live stream (`GET
    /// /_sandbox/events`), which would otherwise hold its connection open.
    pub(crate) stopping: watch::Receiver<bool>,
}

/// A route that needs only the runtime takes it as its state.
impl FromRef<Workbench> for Arc<Engine> {
    fn from_ref(workbench: &Workbench) -> Self {
        Arc::clone(&workbench.engine)
    }
}
