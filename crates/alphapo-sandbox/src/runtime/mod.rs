//! The runtime every handler runs on: the world under its lock, the
//! delivery of the callbacks it causes, and the timers of its follow-ups on
//! the sandbox's clock ([`Engine`]). It uses the world and delivery only; a
//! timer that fails is reported through [`TimerWitness`], which the live
//! feed implements.

mod engine;
mod report;
mod timers;

pub(crate) use engine::{Engine, Parts};
pub use report::TimerFailure;
pub(crate) use report::TimerWitness;
