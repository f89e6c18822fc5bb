//! Triggers, as `stripe trigger` has them: one call creates what an outcome
//! needs (an address, an invoice, a withdrawal, ...) and drives it there at
//! once, so a merchant's callback handler can be exercised without writing
//! the steps. The events themselves are the world's
//! ([`EVENTS`](crate::EVENTS)); here they run.

mod drive;
mod report;

pub use report::{TriggerReport, TriggeredObject};
