//! Callbacks: their bodies as AlphaPo writes them, the retry schedule, the
//! record of every delivery, and the dispatcher that signs, posts and
//! retries each on its own course.

mod dispatcher;
mod log;
mod schedule;
mod wire;

pub(crate) use dispatcher::{Courier, Dispatcher};
pub use log::{Attempt, Delivery, DeliveryLog, DeliveryOutcome};
pub use schedule::RedeliverySchedule;
