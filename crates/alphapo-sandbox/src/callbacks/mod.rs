//! Callbacks: the payloads the sandbox sends, their bodies as AlphaPo writes
//! them, the record of every delivery, and the dispatcher that signs, posts
//! and retries each on its own course.

mod dispatcher;
mod log;
mod wire;

use alphapo_gen::types;
use serde::Serialize;

pub(crate) use dispatcher::{Courier, Dispatcher};
pub use log::DeliveryLog;

/// A callback body, as one of the generated callback types.
///
/// ```
/// use alphapo_gen::{CallbackType, InvoiceStatus, types};
/// use alphapo_sandbox::CallbackPayload;
///
/// let payload = CallbackPayload::Invoice(types::InvoiceCallback {
///     id: 7,
///     type_: CallbackType::Invoice,
///     status: InvoiceStatus::Failed,
///     crypto_address: None,
///     currency_sent: None,
///     currency_received: None,
///     end_user_reference: None,
///     error: Some("Timer expired. User not paid.".into()),
///     expires_at: None,
///     fees: vec![],
///     fixed_at: None,
///     foreign_id: None,
///     transactions: vec![],
/// });
/// assert_eq!(payload.status(), "failed");
/// assert_eq!(payload.id(), "7");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum CallbackPayload {
    /// A deposit, withdrawal or exchange callback.
    Transaction(types::TransactionCallback),
    /// An invoice callback.
    Invoice(types::InvoiceCallback),
    /// A payment-request callback.
    PaymentRequest(types::PaymentRequestCallback),
}

impl CallbackPayload {
    /// The id of what the callback is about (a payment request's UUID).
    ///
    /// See [`CallbackPayload`] for an example.
    pub fn id(&self) -> String {
        match self {
            Self::Transaction(callback) => callback.id.to_string(),
            Self::Invoice(callback) => callback.id.to_string(),
            Self::PaymentRequest(callback) => callback.payment_request_id.clone(),
        }
    }

    /// The `status` field.
    ///
    /// See [`CallbackPayload`] for an example.
    pub fn status(&self) -> &str {
        match self {
            Self::Transaction(callback) => callback.status.as_str(),
            Self::Invoice(callback) => callback.status.as_str(),
            Self::PaymentRequest(callback) => callback.status.as_str(),
        }
    }

    /// The `type` field (`deposit`, `withdrawal`, `invoice`, ...).
    ///
    /// ```
    /// # use alphapo_gen::{CallbackType, PaymentRequestStatus, types};
    /// # use alphapo_sandbox::CallbackPayload;
    /// let payload = CallbackPayload::PaymentRequest(types::PaymentRequestCallback {
    ///     payment_request_id: "0f0e".into(),
    ///     type_: CallbackType::PaymentRequest,
    ///     status: PaymentRequestStatus::Paid,
    ///     currency_sent: None, end_user_email: None, end_user_reference: None,
    ///     error: None, expires_at: None, fixed_at: None, foreign_id: None,
    ///     payment_request_address: None, payment_request_amount: None, valid_until: None,
    /// });
    /// assert_eq!(payload.kind(), "payment_request");
    /// ```
    pub fn kind(&self) -> &str {
        match self {
            Self::Transaction(callback) => callback.type_.as_str(),
            Self::Invoice(callback) => callback.type_.as_str(),
            Self::PaymentRequest(callback) => callback.type_.as_str(),
        }
    }
}

macro_rules! payload_from {
    ($($variant:ident($type:ident)),+ $(,)?) => {
        $(
            impl From<types::$type> for CallbackPayload {
                fn from(callback: types::$type) -> Self {
                    Self::$variant(callback)
                }
            }
        )+
    };
}

payload_from!(
    Transaction(TransactionCallback),
    Invoice(InvoiceCallback),
    PaymentRequest(PaymentRequestCallback),
);

/// One callback and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Delivery {
    /// Its number in the [`DeliveryLog`], from 1 (what
    /// `POST /_sandbox/callbacks/{id}/resend` takes).
    pub id: u64,
    /// The callback, typed.
    pub payload: CallbackPayload,
    /// The exact body that was signed and sent.
    pub body: String,
    /// The `X-Processing-Signature` sent with it.
    pub signature: String,
    /// Every attempt, in order (empty when there is no callback URL).
    pub attempts: Vec<Attempt>,
    /// How it ended.
    pub outcome: DeliveryOutcome,
    /// The injected [fault](crate::Fault) that sent this delivery:
    /// `deliver-twice` on the repeat, `out-of-order` on a callback that was
    /// held back; `None` for an ordinary delivery.
    pub fault: Option<&'static str>,
}

/// One attempt to deliver a callback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attempt {
    /// When it was made, in Unix seconds by the sandbox's clock.
    pub at: i64,
    /// The URL it was posted to, without its user, password, query and
    /// fragment (which may carry a secret).
    pub target: String,
    /// The receiver's HTTP status, if it answered.
    pub status: Option<u16>,
    /// Why no status was received (connection refused, timeout...).
    pub error: Option<String>,
    /// Why the attempt counts as failed although the receiver may have
    /// answered 200: an injected `fail-delivery` [fault](crate::Fault).
    pub fault: Option<String>,
}

/// How a delivery ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryOutcome {
    /// Queued, or being retried: not finished yet.
    Pending,
    /// The receiver answered 200.
    Delivered,
    /// Every attempt failed.
    GaveUp,
    /// No callback URL is configured; the callback was only recorded.
    NotSent,
}
