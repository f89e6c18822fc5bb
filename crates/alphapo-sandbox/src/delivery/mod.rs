//! Callbacks: their bodies as AlphaPo writes them, the retry schedule, the
//! record of every delivery, and the dispatcher that signs, posts and
//! retries each on its own course. It reports each attempt to a
//! [`Witness`] and lets [`CallbackFaults`] bend a course: the live feed and
//! the fault set, which delivery knows only by these seams.

mod dispatcher;
mod log;
pub(crate) mod millis;
mod report;
mod schedule;
mod wire;

pub(crate) use dispatcher::{Courier, Dispatcher};
pub use log::{Attempt, Delivery, DeliveryLog, DeliveryOutcome};
pub(crate) use report::{Bent, CallbackFaults, Witness};
pub use report::{CallbackAttempt, CallbackRef};
pub use schedule::RedeliverySchedule;
