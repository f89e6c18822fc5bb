//! The tables this crate keeps in the merchant's database (the callback
//! inbox and the payouts outbox) and the databases they run on.

mod backend;
pub(crate) mod payouts;

pub use backend::Backend;
