//! The key that tells a new callback from one delivered again.

use std::fmt;

/// Which kind of id a [`DedupKey`] holds. Transaction ids, invoice ids and
/// payment-request ids are separate sequences on AlphaPo's side (invoice 588
/// and transaction 588 can both exist), so the scope is part of the key.
///
/// ```
/// use alphapo::callbacks::DedupScope;
/// assert_eq!(DedupScope::Invoice.as_str(), "invoice");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum DedupScope {
    /// The root `id` of a deposit, withdrawal or exchange callback.
    Transaction,
    /// The root `id` of an invoice callback (the invoice id).
    Invoice,
    /// The `payment_request_id` of a payment-request callback.
    PaymentRequest,
    /// The id of a callback of a type this version does not know, scoped by
    /// that type.
    Other(String),
}

impl DedupScope {
    /// The scope as text, for a database column.
    ///
    /// ```
    /// use alphapo::callbacks::DedupScope;
    /// assert_eq!(DedupScope::Other("staking".into()).as_str(), "staking");
    /// ```
    pub fn as_str(&self) -> &str {
        match self {
            Self::Transaction => "transaction",
            Self::Invoice => "invoice",
            Self::PaymentRequest => "payment_request",
            Self::Other(callback_type) => callback_type,
        }
    }
}

/// The de-duplication key of a callback: scope, id and status.
///
/// AlphaPo signs no timestamp and retries until it gets a 200, so the same
/// callback can arrive many times, and an attacker who saw one can replay
/// it. A deposit sends one callback per status (`not_confirmed`, then
/// `confirmed`), so the status is part of the key. Store the key with a
/// unique constraint on all three parts, in the same database transaction as
/// the credit (see [`SeenKeys`](super::SeenKeys)).
///
/// ```
/// use alphapo::callbacks::{DedupKey, DedupScope};
///
/// let key = DedupKey::new(DedupScope::Transaction, "2686563", "confirmed");
/// assert_eq!((key.scope(), key.id(), key.status()), (&DedupScope::Transaction, "2686563", "confirmed"));
/// assert_ne!(key, DedupKey::new(DedupScope::Invoice, "2686563", "confirmed"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DedupKey {
    scope: DedupScope,
    id: String,
    status: String,
}

impl DedupKey {
    /// Builds a key (callbacks build theirs with
    /// [`Callback::dedup_key`](super::Callback::dedup_key)).
    ///
    /// ```
    /// use alphapo::callbacks::{DedupKey, DedupScope};
    /// let key = DedupKey::new(DedupScope::PaymentRequest, "9b2f3a0e", "paid");
    /// assert_eq!(key.to_string(), "payment_request:9b2f3a0e:paid");
    /// ```
    pub fn new(scope: DedupScope, id: impl Into<String>, status: impl Into<String>) -> Self {
        Self {
            scope,
            id: id.into(),
            status: status.into(),
        }
    }

    /// The kind of id.
    ///
    /// ```
    /// use alphapo::callbacks::{DedupKey, DedupScope};
    /// assert_eq!(DedupKey::new(DedupScope::Invoice, "1", "failed").scope(), &DedupScope::Invoice);
    /// ```
    pub fn scope(&self) -> &DedupScope {
        &self.scope
    }

    /// The id, as text (transaction and invoice ids are decimal integers).
    ///
    /// ```
    /// use alphapo::callbacks::{DedupKey, DedupScope};
    /// assert_eq!(DedupKey::new(DedupScope::Invoice, "588", "failed").id(), "588");
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The status, as sent.
    ///
    /// ```
    /// use alphapo::callbacks::{DedupKey, DedupScope};
    /// assert_eq!(DedupKey::new(DedupScope::Invoice, "588", "failed").status(), "failed");
    /// ```
    pub fn status(&self) -> &str {
        &self.status
    }
}

impl fmt::Display for DedupKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.scope.as_str(), self.id, self.status)
    }
}
