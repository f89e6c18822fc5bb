//! The world: balances, deposit addresses, invoices, withdrawals,
//! exchanges, payment requests, fees, transactions, the currency catalog,
//! the chains' address formats and the clock. It knows no HTTP, no
//! configuration and no tasks: its operations take commands and return
//! outcomes or domain refusals, leaving the callbacks they cause in an
//! outbox and the timers they start in a list for the server to drain.

mod callbacks;
pub(crate) mod catalog;
pub(crate) mod chain;
mod clock;
mod deposits;
mod error;
mod exchanges;
mod fees;
mod follow_up;
mod invoices;
mod ledger;
mod money;
mod payment_requests;
mod random;
pub(crate) mod refusal;
mod state;
mod transactions;
mod trigger_events;
mod withdrawals;

pub use callbacks::CallbackPayload;
pub use clock::Clock;
pub use deposits::DepositReceipt;
pub use error::DriveError;
pub(crate) use exchanges::Order;
pub(crate) use follow_up::{Delay, FollowUp};
pub(crate) use invoices::{CancelRefusal, InvoiceCheckout};
pub(crate) use money::{MAX_AMOUNT, money};
pub(crate) use payment_requests::PaymentRequestCheckout;
pub(crate) use random::random_hex;
pub(crate) use state::World;
pub use trigger_events::{
    EVENTS, ExpectedCallback, TriggerDefinition, TriggerEvent, UnknownTrigger,
};
