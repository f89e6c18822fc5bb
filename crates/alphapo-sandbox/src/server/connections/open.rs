//! The count of open connections, which the handle reports and shutdown
//! waits on.

use std::sync::Arc;

use tokio::sync::watch;

/// How many connections are open right now.
#[derive(Debug, Clone)]
pub(crate) struct OpenConnections(Arc<watch::Sender<usize>>);

impl Default for OpenConnections {
    fn default() -> Self {
        Self(Arc::new(watch::Sender::new(0)))
    }
}

impl OpenConnections {
    /// The number open now.
    pub(crate) fn count(&self) -> usize {
        *self.0.borrow()
    }

    /// Counts one more, until the returned guard is dropped.
    pub(super) fn opened(&self) -> Opened {
        self.0.send_modify(|open| *open += 1);
        Opened(Arc::clone(&self.0))
    }

    /// Resolves once none is open.
    pub(super) async fn all_closed(&self) {
        // The sender lives in `self`, so the channel cannot close under us.
        let _ = self.0.subscribe().wait_for(|open| *open == 0).await;
    }
}

/// One open connection in the count.
#[derive(Debug)]
pub(super) struct Opened(Arc<watch::Sender<usize>>);

impl Drop for Opened {
    fn drop(&mut self) {
        self.0.send_modify(|open| *open -= 1);
    }
}
