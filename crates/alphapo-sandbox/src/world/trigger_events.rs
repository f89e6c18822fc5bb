//! The trigger events, as `stripe trigger` has them: the outcomes a
//! sandbox can be driven to in one call, by name. [`EVENTS`] is the one list
//! of them: the sandbox runs it, and `alphapo trigger --help` prints it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An outcome [`SandboxHandle::trigger`](crate::SandboxHandle::trigger)
/// (or `POST /_sandbox/triggers/{event}`, or `alphapo trigger <event>`)
/// drives the sandbox to. Its name is the kebab-case one (`invoice-paid`).
///
/// ```
/// use alphapo_sandbox::TriggerEvent;
///
/// let event: TriggerEvent = "invoice-paid".parse()?;
/// assert_eq!(event, TriggerEvent::InvoicePaid);
/// let callbacks: Vec<String> = event.callbacks().iter().map(|c| c.to_string()).collect();
/// assert_eq!(callbacks, ["invoice processing", "invoice confirmed"]);
/// # Ok::<(), alphapo_sandbox::UnknownTrigger>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TriggerEvent {
    /// A BTC deposit to a new address, confirmed.
    Deposit,
    /// A BTC deposit to a new address that converts to EUR, confirmed.
    DepositExchange,
    /// A timer invoice paid exactly in BTC, confirmed.
    InvoicePaid,
    /// A timer invoice paid half, whose timer then runs out.
    InvoicePartial,
    /// A timer invoice paid 1.5 times over, confirmed.
    InvoiceOverpaid,
    /// A timer invoice nobody pays, whose timer runs out.
    InvoiceExpired,
    /// A BTC withdrawal, confirmed on chain.
    WithdrawalConfirmed,
    /// A BTC withdrawal that fails; the money goes back.
    WithdrawalCancelled,
    /// A BTC withdrawal a reviewer declines; the money goes back.
    WithdrawalDeclined,
    /// An exchange of BTC for EUR at the market, confirmed.
    ExchangeConfirmed,
    /// A payment request paid in full, then paid.
    PaymentRequestPaid,
    /// A payment request nobody pays, whose lifespan ends.
    PaymentRequestExpired,
}

/// What one trigger event is: its name, what it does and the callbacks it
/// causes, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TriggerDefinition {
    /// The event.
    pub event: TriggerEvent,
    /// Its kebab-case name.
    pub name: &'static str,
    /// What it creates and where it drives it.
    pub summary: &'static str,
    /// The callbacks it causes, in the order they are sent.
    pub callbacks: &'static [ExpectedCallback],
}

/// A callback by its `type` and `status`.
///
/// ```
/// use alphapo_sandbox::ExpectedCallback;
/// let callback = ExpectedCallback { kind: "deposit", status: "confirmed" };
/// assert_eq!(callback.to_string(), "deposit confirmed");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpectedCallback {
    /// The callback's `type`.
    pub kind: &'static str,
    /// The callback's `status`.
    pub status: &'static str,
}

impl fmt::Display for ExpectedCallback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind, self.status)
    }
}

const fn callback(kind: &'static str, status: &'static str) -> ExpectedCallback {
    ExpectedCallback { kind, status }
}

const fn define(
    event: TriggerEvent,
    name: &'static str,
    summary: &'static str,
    callbacks: &'static [ExpectedCallback],
) -> TriggerDefinition {
    TriggerDefinition {
        event,
        name,
        summary,
        callbacks,
    }
}

/// Every trigger event, in the order of [`TriggerEvent`]'s variants.
///
/// ```
/// let names: Vec<&str> = alphapo_sandbox::EVENTS.iter().map(|d| d.name).collect();
/// assert_eq!(names[0], "deposit");
/// assert_eq!(names.len(), 12);
/// ```
pub static EVENTS: [TriggerDefinition; 12] = {
    use TriggerEvent::*;
    [
        define(
            Deposit,
            "deposit",
            "a deposit of 0.01 BTC to a new address, confirmed at once",
            &[
                callback("deposit", "not_confirmed"),
                callback("deposit", "confirmed"),
            ],
        ),
        define(
            DepositExchange,
            "deposit-exchange",
            "a deposit of 0.01 BTC to a new address converting to EUR, confirmed at once",
            &[
                callback("deposit_exchange", "not_confirmed"),
                callback("deposit_exchange", "confirmed"),
            ],
        ),
        define(
            InvoicePaid,
            "invoice-paid",
            "a 100 EUR timer invoice paid exactly in BTC, confirmed at once",
            &[
                callback("invoice", "processing"),
                callback("invoice", "confirmed"),
            ],
        ),
        define(
            InvoicePartial,
            "invoice-partial",
            "a 100 EUR timer invoice paid half in BTC, then its timer runs out",
            &[
                callback("invoice", "processing"),
                callback("invoice", "failed"),
            ],
        ),
        define(
            InvoiceOverpaid,
            "invoice-overpaid",
            "a 100 EUR timer invoice paid 1.5 times over in BTC, confirmed at once",
            &[
                callback("invoice", "processing"),
                callback("invoice", "confirmed"),
            ],
        ),
        define(
            InvoiceExpired,
            "invoice-expired",
            "a 100 EUR timer invoice nobody pays, then its timer runs out",
            &[callback("invoice", "failed")],
        ),
        define(
            WithdrawalConfirmed,
            "withdrawal-confirmed",
            "a withdrawal of 0.001 BTC, confirmed on chain",
            &[callback("withdrawal", "confirmed")],
        ),
        define(
            WithdrawalCancelled,
            "withdrawal-cancelled",
            "a withdrawal of 0.001 BTC that fails; the money goes back",
            &[callback("withdrawal", "cancelled")],
        ),
        define(
            WithdrawalDeclined,
            "withdrawal-declined",
            "a withdrawal of 0.001 BTC a reviewer declines; the money goes back",
            &[callback("withdrawal", "declined")],
        ),
        define(
            ExchangeConfirmed,
            "exchange-confirmed",
            "an exchange of 0.01 BTC for EUR at the market, confirmed at once",
            &[callback("exchange", "confirmed")],
        ),
        define(
            PaymentRequestPaid,
            "payment-request-paid",
            "a payment request of 0.001 BTC paid in full, confirmed at once",
            &[
                callback("payment_request", "processing"),
                callback("payment_request", "paid"),
            ],
        ),
        define(
            PaymentRequestExpired,
            "payment-request-expired",
            "a payment request of 0.001 BTC nobody pays, then its lifespan ends",
            &[callback("payment_request", "expired")],
        ),
    ]
};

impl TriggerEvent {
    /// Its entry in [`EVENTS`].
    ///
    /// ```
    /// let definition = alphapo_sandbox::TriggerEvent::WithdrawalDeclined.definition();
    /// assert_eq!(definition.name, "withdrawal-declined");
    /// ```
    pub fn definition(self) -> &'static TriggerDefinition {
        // `EVENTS` lists the variants in order (checked by a test).
        &EVENTS[self as usize]
    }

    /// Its kebab-case name, e.g. `invoice-paid`.
    ///
    /// ```
    /// assert_eq!(alphapo_sandbox::TriggerEvent::Deposit.name(), "deposit");
    /// ```
    pub fn name(self) -> &'static str {
        self.definition().name
    }

    /// The callbacks it causes, in order.
    ///
    /// See [`TriggerEvent`] for an example.
    pub fn callbacks(self) -> &'static [ExpectedCallback] {
        self.definition().callbacks
    }
}

impl fmt::Display for TriggerEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is no [`TriggerEvent`].
///
/// ```
/// let error = "invoice-lost".parse::<alphapo_sandbox::TriggerEvent>().unwrap_err();
/// assert!(error.to_string().starts_with("no trigger event invoice-lost"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no trigger event {0} (the events: {names})", names = names())]
pub struct UnknownTrigger(pub String);

fn names() -> String {
    EVENTS
        .iter()
        .map(|definition| definition.name)
        .collect::<Vec<_>>()
        .join(", ")
}

impl FromStr for TriggerEvent {
    type Err = UnknownTrigger;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        EVENTS
            .iter()
            .find(|definition| definition.name == name)
            .map(|definition| definition.event)
            .ok_or_else(|| UnknownTrigger(name.to_owned()))
    }
}

impl Serialize for TriggerEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for TriggerEvent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_list_the_variants_in_order_with_unique_names() {
        for (index, definition) in EVENTS.iter().enumerate() {
            assert_eq!(definition.event as usize, index, "{}", definition.name);
            assert_eq!(definition.name.parse(), Ok(definition.event));
            assert!(!definition.callbacks.is_empty(), "{}", definition.name);
        }
    }

    #[test]
    fn an_unknown_name_lists_the_known_ones() {
        let error = "nope".parse::<TriggerEvent>().err().map(|e| e.to_string());
        assert!(error.is_some_and(|text| text.contains("deposit-exchange, invoice-paid")));
    }
}
