//! The subcommands, one module each; the plumbing they share (parsing,
//! connecting, input, output, exit codes) lives beside this folder.

pub mod api;
pub mod callback;
pub mod demo;
pub mod payouts;
pub mod sandbox;
pub mod sign;
pub mod trigger;
