//! The typed callback: one variant per documented `type`, plus the unknown.

use alphapo_gen::CallbackType;
use alphapo_gen::types::{InvoiceCallback, PaymentRequestCallback, TransactionCallback};
use serde_json::{Map, Value};

use super::dedup::{DedupKey, DedupScope};
use super::error::CallbackError;
use super::settlement::{self, Money, NonPositive, Settlement, Side};
use super::status::CallbackStatus;

/// A verified callback, parsed by its `type`.
///
/// Deposits, withdrawals and exchanges share the payload
/// [`TransactionCallback`]; invoices and payment requests have their own. A
/// `type` this version does not know parses as [`Callback::Unknown`] with its
/// JSON, so a new kind of callback never fails (answer it 200 and keep it).
///
/// Get one from [`VerifiedCallback::verify`](super::VerifiedCallback::verify);
/// the helpers ([`Callback::is_confirmed`], [`Callback::settlement`],
/// [`Callback::dedup_key`]) answer what a merchant must decide.
///
/// ```
/// use alphapo::callbacks::{Callback, VerifiedCallback};
/// use alphapo::{Credentials, callbacks::{Verifier, testing}};
///
/// let credentials = Credentials::new("key", "secret")?;
/// let body = br#"{"id":7,"type":"deposit","status":"confirmed",
///     "currency_received":{"currency":"BTC","amount":"0.5","amount_minus_fee":"0.49"}}"#;
/// let headers = testing::sign_callback(&credentials, body);
/// let verified = VerifiedCallback::verify(&Verifier::new(&credentials), &headers, &body[..])?;
///
/// match verified.callback() {
///     Callback::Deposit(deposit) => assert_eq!(deposit.id, 7),
///     other => panic!("not a deposit: {other:?}"),
/// }
/// assert!(verified.callback().is_confirmed());
/// let incoming = verified.callback().settlement().and_then(|s| s.incoming());
/// assert_eq!(incoming.unwrap().amount.to_string(), "0.49");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Callback {
    /// `deposit`: money arrived at a deposit address.
    Deposit(TransactionCallback),
    /// `deposit_exchange`: a deposit converted to another currency on arrival.
    DepositExchange(TransactionCallback),
    /// `withdrawal`: a crypto withdrawal.
    Withdrawal(TransactionCallback),
    /// `withdrawal_exchange`: a withdrawal paid from another currency's balance.
    WithdrawalExchange(TransactionCallback),
    /// `withdrawal_instant`: a priority withdrawal.
    WithdrawalInstant(TransactionCallback),
    /// `withdrawal_instant_exchange`: a priority withdrawal paid from another
    /// currency's balance.
    WithdrawalInstantExchange(TransactionCallback),
    /// `exchange`: an exchange between two balances.
    Exchange(TransactionCallback),
    /// `invoice`: a hosted invoice changed status.
    Invoice(InvoiceCallback),
    /// `payment_request`: a payment request changed status.
    PaymentRequest(PaymentRequestCallback),
    /// A `type` this version does not know, with its JSON.
    Unknown(UnknownCallback),
}

/// A callback whose `type` this version does not know: the type and the
/// whole JSON object, unchanged.
///
/// ```
/// use alphapo::callbacks::{Callback, VerifiedCallback};
/// use alphapo::{Credentials, callbacks::{Verifier, testing}};
///
/// let credentials = Credentials::new("key", "secret")?;
/// let body = br#"{"id":1,"type":"staking_reward","status":"confirmed"}"#;
/// let headers = testing::sign_callback(&credentials, body);
/// let verified = VerifiedCallback::verify(&Verifier::new(&credentials), &headers, &body[..])?;
/// let Callback::Unknown(unknown) = verified.callback() else { panic!("known?") };
/// assert_eq!(unknown.callback_type, "staking_reward");
/// assert_eq!(unknown.json["id"], 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownCallback {
    /// The `type` field as sent.
    pub callback_type: String,
    /// The whole callback object, `type` included.
    pub json: Map<String, Value>,
}

/// A borrowed view of a callback by payload shape.
enum Payload<'a> {
    Transaction(&'a TransactionCallback),
    Invoice(&'a InvoiceCallback),
    PaymentRequest(&'a PaymentRequestCallback),
    Unknown(&'a UnknownCallback),
}

impl Callback {
    /// The callback's `type`.
    ///
    /// ```
    /// use alphapo::callbacks::VerifiedCallback;
    /// use alphapo::{Credentials, callbacks::{Verifier, testing}};
    /// use alphapo::CallbackType;
    ///
    /// let credentials = Credentials::new("key", "secret")?;
    /// let body = br#"{"id":1,"type":"exchange","status":"confirmed"}"#;
    /// let headers = testing::sign_callback(&credentials, body);
    /// let verified = VerifiedCallback::verify(&Verifier::new(&credentials), &headers, &body[..])?;
    /// assert_eq!(verified.callback().callback_type(), CallbackType::Exchange);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn callback_type(&self) -> CallbackType {
        match self {
            Self::Deposit(_) => CallbackType::Deposit,
            Self::DepositExchange(_) => CallbackType::DepositExchange,
            Self::Withdrawal(_) => CallbackType::Withdrawal,
            Self::WithdrawalExchange(_) => CallbackType::WithdrawalExchange,
            Self::WithdrawalInstant(_) => CallbackType::WithdrawalInstant,
            Self::WithdrawalInstantExchange(_) => CallbackType::WithdrawalInstantExchange,
            Self::Exchange(_) => CallbackType::Exchange,
            Self::Invoice(_) => CallbackType::Invoice,
            Self::PaymentRequest(_) => CallbackType::PaymentRequest,
            Self::Unknown(unknown) => CallbackType::from(unknown.callback_type.as_str()),
        }
    }

    /// The payload of a deposit, withdrawal or exchange callback (any of the
    /// seven types that share [`TransactionCallback`]).
    ///
    /// ```
    /// use alphapo::callbacks::VerifiedCallback;
    /// use alphapo::{Credentials, callbacks::{Verifier, testing}};
    ///
    /// let credentials = Credentials::new("key", "secret")?;
    /// let body = br#"{"id":9,"foreign_id":"w-1","type":"withdrawal","status":"pending"}"#;
    /// let headers = testing::sign_callback(&credentials, body);
    /// let verified = VerifiedCallback::verify(&Verifier::new(&credentials), &headers, &body[..])?;
    /// let withdrawal = verified.callback().transaction().unwrap();
    /// assert_eq!(withdrawal.foreign_id.as_deref(), Some("w-1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn transaction(&self) -> Option<&TransactionCallback> {
        match self.payload() {
            Payload::Transaction(transaction) => Some(transaction),
            _ => None,
        }
    }

    /// The `status` field as sent (`confirmed`, `paid`, ...), or `None` for
    /// an unknown type without a string `status`.
    ///
    /// ```
    /// use alphapo::callbacks::VerifiedCallback;
    /// use alphapo::{Credentials, callbacks::{Verifier, testing}};
    ///
    /// let credentials = Credentials::new("key", "secret")?;
    /// let body = br#"{"id":1,"type":"invoice","status":"processing"}"#;
    /// let headers = testing::sign_callback(&credentials, body);
    /// let verified = VerifiedCallback::verify(&Verifier::new(&credentials), &headers, &body[..])?;
    /// assert_eq!(verified.callback().status(), Some("processing"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn status(&self) -> Option<&str> {
        match self.payload() {
            Payload::Transaction(transaction) => Some(transaction.status.as_str()),
            Payload::Invoice(invoice) => Some(invoice.status.as_str()),
            Payload::PaymentRequest(request) => Some(request.status.as_str()),
            Payload::Unknown(unknown) => unknown.json.get("status").and_then(Value::as_str),
        }
    }

    /// Whether the status is final: no later callback will change it
    /// (see [`CallbackStatus::is_final`]). Unknown types and statuses are
    /// never final.
    ///
    /// ```
    /// use alphapo::callbacks::VerifiedCallback;
    /// use alphapo::{Credentials, callbacks::{Verifier, testing}};
    ///
    /// let credentials = Credentials::new("key", "secret")?;
    /// let verifier = Verifier::new(&credentials);
    /// for (status, is_final) in [("not_confirmed", false), ("cancelled", true), ("on_hold", false)] {
    ///     let body = format!(r#"{{"id":1,"type":"deposit","status":"{status}"}}"#);
    ///     let headers = testing::sign_callback(&credentials, body.as_bytes());
    ///     let verified = VerifiedCallback::verify(&verifier, &headers, body)?;
    ///     assert_eq!(verified.callback().is_final(), is_final, "{status}");
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_final(&self) -> bool {
        self.typed_status().is_some_and(CallbackStatus::is_final)
    }

    /// Whether the status is the final success: `confirmed` for deposits,
    /// withdrawals, exchanges and invoices, `paid` for payment requests. Only
    /// then credit a deposit or invoice. Unknown types are never confirmed.
    ///
    /// ```
    /// use alphapo::callbacks::VerifiedCallback;
    /// use alphapo::{Credentials, callbacks::{Verifier, testing}};
    ///
    /// let credentials = Credentials::new("key", "secret")?;
    /// let body = br#"{"payment_request_id":"a1","type":"payment_request","status":"paid"}"#;
    /// let headers = testing::sign_callback(&credentials, body);
    /// let verified = VerifiedCallback::verify(&Verifier::new(&credentials), &headers, &body[..])?;
    /// assert!(verified.callback().is_confirmed());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_confirmed(&self) -> bool {
        self.typed_status().is_some_and(CallbackStatus::is_success)
    }

    /// What this callback did to the merchant's balance, with the direction
    /// in the type; `None` unless the callback is confirmed
    /// ([`Callback::is_confirmed`]), so nothing pending, cancelled or failed
    /// reads as money.
    ///
    /// | type | settlement |
    /// |---|---|
    /// | `deposit`, `deposit_exchange` | [`Incoming`](Settlement::Incoming): `currency_received` after fees (`amount_minus_fee` where sent) |
    /// | `invoice` paid in full | [`Incoming`](Settlement::Incoming): `currency_received` after fees |
    /// | `invoice` with `currency_sent.remaining_amount` above zero (an instalment) | `None`: wait for the callback of the full payment |
    /// | `payment_request` `paid` | [`Incoming`](Settlement::Incoming): `payment_request_amount` (currency by its `iso` code) |
    /// | every `withdrawal*` type | [`Outgoing`](Settlement::Outgoing): `currency_sent`, what left the balance |
    /// | `exchange` | [`Exchange`](Settlement::Exchange): `currency_sent` sold, `currency_received` bought |
    /// | unknown types | `None` |
    ///
    /// `None` too when the callback lacks the amounts (look the transaction
    /// up then).
    ///
    /// Money that settles is never zero or negative: every amount a
    /// settlement is read from (`amount` and `amount_minus_fee` of the
    /// `currency_sent`/`currency_received` used, `payment_request_amount.amount`)
    /// must be greater than zero. [`VerifiedCallback::verify`](super::VerifiedCallback::verify)
    /// refuses a confirmed callback that breaks this with
    /// [`CallbackError::NonPositiveAmount`] (so the axum extractor answers
    /// 400 and the inbox stores nothing); a [`Callback`] built by hand that
    /// breaks it has no settlement (`None`).
    ///
    /// ```
    /// use alphapo::callbacks::{Settlement, VerifiedCallback};
    /// use alphapo::{Credentials, callbacks::{Verifier, testing}};
    ///
    /// let credentials = Credentials::new("key", "secret")?;
    /// let verifier = Verifier::new(&credentials);
    /// let receive = |body: &'static [u8]| {
    ///     let headers = testing::sign_callback(&credentials, body);
    ///     VerifiedCallback::verify(&verifier, &headers, body)
    /// };
    ///
    /// let deposit = receive(br#"{"id":1,"type":"deposit","status":"confirmed",
    ///     "currency_received":{"currency":"EUR","amount":"26","amount_minus_fee":"25.5"}}"#)?;
    /// let Some(Settlement::Incoming(money)) = deposit.callback().settlement() else { panic!() };
    /// assert_eq!(money.to_string(), "25.5 EUR");
    ///
    /// let withdrawal = receive(br#"{"id":2,"type":"withdrawal","status":"confirmed",
    ///     "currency_sent":{"currency":"BTC","amount":"0.02"},
    ///     "currency_received":{"currency":"BTC","amount":"0.02"}}"#)?;
    /// let settlement = withdrawal.callback().settlement().unwrap();
    /// assert_eq!(settlement.incoming(), None); // money leaving is never a credit
    /// assert_eq!(settlement.outgoing().unwrap().to_string(), "0.02 BTC");
    ///
    /// let pending = receive(br#"{"id":3,"type":"invoice","status":"processing",
    ///     "currency_received":{"currency":"EUR","amount":"26"}}"#)?;
    /// assert_eq!(pending.callback().settlement(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn settlement(&self) -> Option<Settlement<'_>> {
        self.checked_settlement().ok().flatten()
    }

    /// The settlement, or [`CallbackError::NonPositiveAmount`] naming the
    /// first zero or negative amount it is read from.
    /// [`VerifiedCallback::verify`](super::VerifiedCallback::verify) refuses
    /// a callback with that error, so no verified callback settles money
    /// that is not greater than zero.
    pub(super) fn checked_settlement(&self) -> Result<Option<Settlement<'_>>, CallbackError> {
        self.read_settlement()
            .map_err(|field| CallbackError::NonPositiveAmount {
                callback_type: self.callback_type(),
                field,
            })
    }

    fn read_settlement(&self) -> Result<Option<Settlement<'_>>, NonPositive> {
        if !self.is_confirmed() {
            return Ok(None);
        }
        Ok(match self {
            Self::Deposit(deposit) | Self::DepositExchange(deposit) => {
                settlement::after_fees(deposit.currency_received.as_ref())?
                    .map(Settlement::Incoming)
            }
            Self::Withdrawal(withdrawal)
            | Self::WithdrawalExchange(withdrawal)
            | Self::WithdrawalInstant(withdrawal)
            | Self::WithdrawalInstantExchange(withdrawal) => {
                settlement::whole(withdrawal.currency_sent.as_ref(), Side::Sent)?
                    .map(Settlement::Outgoing)
            }
            Self::Exchange(exchange) => {
                let sold = settlement::whole(exchange.currency_sent.as_ref(), Side::Sent)?;
                let bought =
                    settlement::whole(exchange.currency_received.as_ref(), Side::Received)?;
                sold.zip(bought)
                    .map(|(sold, bought)| Settlement::Exchange { sold, bought })
            }
            Self::Invoice(invoice) if settlement::is_partial(invoice.currency_sent.as_ref()) => {
                None
            }
            Self::Invoice(invoice) => settlement::after_fees(invoice.currency_received.as_ref())?
                .map(Settlement::Incoming),
            Self::PaymentRequest(request) => {
                let requested = request.payment_request_amount.as_ref();
                match requested
                    .and_then(|requested| Some((requested.currency.as_ref()?, requested.amount?)))
                {
                    Some((currency, amount)) => Some(Settlement::Incoming(Money {
                        currency: &currency.iso,
                        amount: settlement::positive(amount, "payment_request_amount.amount")?,
                    })),
                    None => None,
                }
            }
            Self::Unknown(_) => None,
        })
    }

    /// The de-duplication key: the root `id` (for payment requests
    /// `payment_request_id`) and the `status`, scoped by the kind of id. The
    /// same key means the same event delivered again; store it before acting
    /// (see [`SeenKeys`](super::SeenKeys)).
    ///
    /// An invoice paid in instalments sends a callback per part with the same
    /// `id` and `status`: its key's status then adds what is still to pay
    /// (`confirmed+remaining:0.01000000`), so the callback of the full
    /// payment is never taken for a repeat of an instalment.
    ///
    /// Unknown types have a key when they carry an `id` (integer or string)
    /// or a string `payment_request_id`, and a string `status`; otherwise
    /// `None`.
    ///
    /// ```
    /// use alphapo::callbacks::VerifiedCallback;
    /// use alphapo::{Credentials, callbacks::{Verifier, testing}};
    ///
    /// let credentials = Credentials::new("key", "secret")?;
    /// let body = br#"{"id":2686563,"type":"deposit","status":"confirmed"}"#;
    /// let headers = testing::sign_callback(&credentials, body);
    /// let verified = VerifiedCallback::verify(&Verifier::new(&credentials), &headers, &body[..])?;
    /// let key = verified.callback().dedup_key().unwrap();
    /// assert_eq!(key.to_string(), "transaction:2686563:confirmed");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dedup_key(&self) -> Option<DedupKey> {
        match self.payload() {
            Payload::Transaction(transaction) => Some(DedupKey::new(
                DedupScope::Transaction,
                transaction.id.to_string(),
                transaction.status.as_str(),
            )),
            Payload::Invoice(invoice) => Some(DedupKey::new(
                DedupScope::Invoice,
                invoice.id.to_string(),
                invoice_stage(invoice),
            )),
            Payload::PaymentRequest(request) => Some(DedupKey::new(
                DedupScope::PaymentRequest,
                request.payment_request_id.as_str(),
                request.status.as_str(),
            )),
            Payload::Unknown(unknown) => {
                let json = &unknown.json;
                let id = match (json.get("id"), json.get("payment_request_id")) {
                    (Some(Value::Number(id)), _) if id.is_i64() || id.is_u64() => id.to_string(),
                    (Some(Value::String(id)), _) | (_, Some(Value::String(id))) => id.clone(),
                    _ => return None,
                };
                let status = json.get("status").and_then(Value::as_str)?;
                Some(DedupKey::new(
                    DedupScope::Other(unknown.callback_type.clone()),
                    id,
                    status,
                ))
            }
        }
    }

    fn payload(&self) -> Payload<'_> {
        match self {
            Self::Deposit(transaction)
            | Self::DepositExchange(transaction)
            | Self::Withdrawal(transaction)
            | Self::WithdrawalExchange(transaction)
            | Self::WithdrawalInstant(transaction)
            | Self::WithdrawalInstantExchange(transaction)
            | Self::Exchange(transaction) => Payload::Transaction(transaction),
            Self::Invoice(invoice) => Payload::Invoice(invoice),
            Self::PaymentRequest(request) => Payload::PaymentRequest(request),
            Self::Unknown(unknown) => Payload::Unknown(unknown),
        }
    }

    /// The status as whichever status type the payload has.
    fn typed_status(&self) -> Option<&dyn CallbackStatus> {
        match self.payload() {
            Payload::Transaction(transaction) => Some(&transaction.status),
            Payload::Invoice(invoice) => Some(&invoice.status),
            Payload::PaymentRequest(request) => Some(&request.status),
            Payload::Unknown(_) => None,
        }
    }
}

/// An invoice's status for its key: the status, plus what is still to pay
/// while an instalment leaves something.
fn invoice_stage(invoice: &InvoiceCallback) -> String {
    let status = invoice.status.as_str();
    match invoice
        .currency_sent
        .as_ref()
        .and_then(|sent| sent.remaining_amount)
    {
        Some(remaining) if settlement::is_partial(invoice.currency_sent.as_ref()) => {
            format!("{status}+remaining:{remaining}")
        }
        _ => status.to_owned(),
    }
}

/// A callback serializes as its payload: the typed fields (amounts as exact
/// decimal strings) of a known type, or the JSON object of an unknown one.
///
/// ```
/// use alphapo::callbacks::VerifiedCallback;
/// use alphapo::{Credentials, callbacks::{Verifier, testing}};
///
/// let credentials = Credentials::new("key", "secret")?;
/// let body = br#"{"id":7,"type":"deposit","status":"confirmed","currency_received":{"currency":"BTC","amount":0.5}}"#;
/// let headers = testing::sign_callback(&credentials, body);
/// let verified = VerifiedCallback::verify(&Verifier::new(&credentials), &headers, &body[..])?;
/// let json = serde_json::to_value(verified.callback())?;
/// assert_eq!(json["currency_received"]["amount"], "0.5");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl serde::Serialize for Callback {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.payload() {
            Payload::Transaction(transaction) => transaction.serialize(serializer),
            Payload::Invoice(invoice) => invoice.serialize(serializer),
            Payload::PaymentRequest(request) => request.serialize(serializer),
            Payload::Unknown(unknown) => unknown.json.serialize(serializer),
        }
    }
}
