//! The callbacks the world's changes cause, as the generated callback
//! types: what the world leaves in its outbox for delivery to send.

use alphapo_gen::types;
use serde::Serialize;

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
