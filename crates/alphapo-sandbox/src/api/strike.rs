//! What an armed fault does to a call, as the API sees it: the fault set
//! (the workbench's) implements [`CallFaults`], which [`respond`] consults
//! before any check, so the API does not know the faults.
//!
//! [`respond`]: super::respond

use std::fmt::Debug;
use std::time::Duration;

use axum::response::Response;

use crate::world::Clock;

/// What a struck call gets instead of its plain answer.
#[derive(Debug)]
pub(crate) enum Strike {
    /// This answer; the call does nothing.
    Instead(Response),
    /// The call takes effect (the object exists, balances move, callbacks
    /// go out), then this answer replaces its own.
    AfterCommit(Response),
    /// The plain answer, this much later on the sandbox's clock.
    Late(Duration),
}

/// The faults armed for API calls: the fault set.
pub(crate) trait CallFaults: Debug + Send + Sync {
    /// Strikes the armed faults on a call of operation `id` (its
    /// operationId): what the call gets instead, if one struck.
    fn strike(&self, id: &'static str) -> Option<Strike>;
}

/// Serves a call struck by `strike` (or not struck, `None`): `serve` is
/// what the call does, run unless the strike answers first.
pub(crate) async fn serve(
    strike: Option<Strike>,
    clock: &Clock,
    serve: impl FnOnce() -> Response,
) -> Response {
    match strike {
        None => serve(),
        Some(Strike::Instead(answer)) => answer,
        Some(Strike::AfterCommit(answer)) => {
            // The effect is committed (and its callbacks queued) before the
            // answer is replaced.
            drop(serve());
            answer
        }
        Some(Strike::Late(wait)) => {
            clock.sleep(wait).await;
            serve()
        }
    }
}
