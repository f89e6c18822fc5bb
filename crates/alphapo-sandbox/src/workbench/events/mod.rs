//! The sandbox's live feed: one [`SandboxEvent`] per API or control request
//! it answered and per callback delivery attempt, broadcast to whoever
//! subscribed with [`SandboxHandle::events`](crate::SandboxHandle::events)
//! (the `alphapo sandbox` live log, a dashboard, a test).
//!
//! Events name what happened, never what was carried: no body, key,
//! signature or secret is ever part of one, and a callback target is shown
//! without its user name, password, query or fragment.

mod bus;
mod event;
mod line;
pub(super) mod struck;

pub(crate) use bus::Events;
pub use event::{ABANDONED, ApiRequest, SandboxEvent, missed_line};
pub(crate) use struck::note_fault;
