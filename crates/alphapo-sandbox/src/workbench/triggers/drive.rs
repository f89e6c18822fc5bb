//! Running a trigger event: the steps a merchant and a payer would take,
//! through the same world methods the API and the control API call, with
//! the confirmations made at once.

use alphapo_gen::{Amount, types};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::report::{TriggerReport, TriggeredObject};
use crate::api::validation::{self, ValidationErrors};
use crate::delivery::CallbackRef;
use crate::world::DriveError;
use crate::world::TriggerEvent;
use crate::world::catalog;
use crate::world::{Order, World, random_hex};

/// What a trigger created, to report with the status it ended in.
enum Created {
    Address(String),
    Transaction(&'static str, i64),
    Invoice(i64),
    PaymentRequest(String),
}

/// What a deposit sends and an exchange sells: 0.01 BTC (the smallest
/// exchange is 0.003 BTC).
const DEPOSIT: Decimal = Decimal::from_parts(1, 0, 0, false, 2);
const EXCHANGE: Decimal = DEPOSIT;
/// What a withdrawal sends and a payment request asks for: 0.001 BTC.
const WITHDRAWAL: Decimal = Decimal::from_parts(1, 0, 0, false, 3);
const PAYMENT_REQUEST: Decimal = WITHDRAWAL;

/// A trigger in progress on the world.
struct Run<'w> {
    world: &'w mut World,
    created: Vec<Created>,
}

impl World {
    /// Creates what `event` needs and drives it to its outcome; the
    /// callbacks it causes are queued (the engine sends them).
    pub(crate) fn trigger(&mut self, event: TriggerEvent) -> Result<TriggerReport, DriveError> {
        let mut run = Run {
            world: self,
            created: Vec::new(),
        };
        run.steps(event)?;
        run.world.confirm_now()?;
        Ok(run.report(event))
    }
}

impl Run<'_> {
    fn steps(&mut self, event: TriggerEvent) -> Result<(), DriveError> {
        use TriggerEvent::*;
        match event {
            Deposit => self.deposit(None),
            DepositExchange => self.deposit(Some("EUR")),
            InvoicePaid => self.pay_invoice(Decimal::ONE).map(drop),
            InvoicePartial => {
                let id = self.pay_invoice(Decimal::new(5, 1))?;
                self.world.expire_invoice(id)
            }
            InvoiceOverpaid => self.pay_invoice(Decimal::new(15, 1)).map(drop),
            InvoiceExpired => {
                let (id, _) = self.invoice()?;
                self.world.expire_invoice(id)
            }
            WithdrawalConfirmed => {
                let id = self.withdraw()?;
                self.world.confirm_withdrawal(id)
            }
            WithdrawalCancelled => {
                let id = self.withdraw()?;
                self.world.cancel_withdrawal(id)
            }
            WithdrawalDeclined => {
                let id = self.withdraw()?;
                self.world.decline_withdrawal(id)
            }
            ExchangeConfirmed => self.exchange(),
            PaymentRequestPaid => {
                let id = self.payment_request()?;
                self.world
                    .pay_payment_request(&id, PAYMENT_REQUEST)
                    .map(drop)
            }
            PaymentRequestExpired => {
                let id = self.payment_request()?;
                self.world.expire_payment_request(&id).map(drop)
            }
        }
    }

    /// A deposit of [`DEPOSIT`] BTC to a new address (converting to
    /// `convert_to`).
    fn deposit(&mut self, convert_to: Option<&str>) -> Result<(), DriveError> {
        let mut body = json!({
            "currency": "BTC",
            "foreign_id": foreign_id(),
            "end_user_reference": "trigger",
        });
        if let Some(code) = convert_to {
            body["convert_to"] = json!(code);
        }
        let request = parse("take an address", body)?;
        let address = self
            .world
            .take_address(request)
            .map_err(refused("take an address"))?;
        self.created.push(Created::Address(address.address.clone()));
        let receipt = self.world.simulate_deposit(&address.address, DEPOSIT)?;
        self.created
            .push(Created::Transaction("deposit", receipt.id));
        Ok(())
    }

    /// A 100 EUR timer invoice to pay in BTC: its id and the BTC due.
    fn invoice(&mut self) -> Result<(i64, Decimal), DriveError> {
        let request = parse(
            "create an invoice",
            json!({
                "timer": true,
                "title": "Triggered invoice",
                "currency": "EUR",
                "amount": "100",
                "sender_currency": "BTC",
                "foreign_id": foreign_id(),
                "end_user_reference": "trigger",
                "url_success": "https://merchant.example/paid",
                "url_failed": "https://merchant.example/failed",
            }),
        )?;
        let invoice = self
            .world
            .create_invoice(request)
            .map_err(refused("create an invoice"))?;
        self.created.push(Created::Invoice(invoice.id));
        let due = invoice.sender_amount.map(Amount::value).unwrap_or_default();
        Ok((invoice.id, due))
    }

    /// A new invoice paid `share` times what it asks; its id.
    fn pay_invoice(&mut self, share: Decimal) -> Result<i64, DriveError> {
        let (id, due) = self.invoice()?;
        self.world.pay_invoice(id, (due * share).round_dp(8))?;
        Ok(id)
    }

    /// A withdrawal of [`WITHDRAWAL`] BTC to a new testnet address; its id.
    fn withdraw(&mut self) -> Result<i64, DriveError> {
        let address = catalog::find("BTC").and_then(catalog::Spec::new_address);
        let request = parse(
            "create a withdrawal",
            json!({
                "currency": "BTC",
                "amount": WITHDRAWAL.to_string(),
                "address": address,
                "foreign_id": foreign_id(),
                "end_user_reference": "trigger",
            }),
        )?;
        let withdrawal = self
            .world
            .withdraw(request)
            .map_err(refused("create a withdrawal"))?;
        self.created
            .push(Created::Transaction("withdrawal", withdrawal.id));
        Ok(withdrawal.id)
    }

    /// An exchange of [`EXCHANGE`] BTC for EUR at the market.
    fn exchange(&mut self) -> Result<(), DriveError> {
        let order = Order {
            sender_currency: "BTC",
            receiver_currency: "EUR",
            sender_amount: Some(Amount::new(EXCHANGE)),
            receiver_amount: None,
        };
        let exchange = self
            .world
            .exchange(&order, &foreign_id(), None)
            .map_err(refused("create an exchange"))?;
        self.created
            .push(Created::Transaction("exchange", exchange.id));
        Ok(())
    }

    /// A payment request of [`PAYMENT_REQUEST`] BTC (paid in BTC); its id.
    fn payment_request(&mut self) -> Result<String, DriveError> {
        let currency = catalog::find("BTC").map(catalog::payment_currency);
        let request = parse(
            "create a payment request",
            json!({
                "amount": PAYMENT_REQUEST.to_string(),
                "currency": currency,
                "foreign_id": foreign_id(),
            }),
        )?;
        let payment_request = self
            .world
            .create_payment_request(request)
            .map_err(refused("create a payment request"))?;
        self.created
            .push(Created::PaymentRequest(payment_request.id.clone()));
        Ok(payment_request.id)
    }

    /// The objects with their current status, and the queued callbacks.
    fn report(self, event: TriggerEvent) -> TriggerReport {
        let world = &*self.world;
        let objects = self
            .created
            .into_iter()
            .map(|created| match created {
                Created::Address(text) => TriggeredObject {
                    kind: "address".to_owned(),
                    id: text,
                    status: None,
                },
                Created::Transaction(kind, id) => TriggeredObject {
                    kind: kind.to_owned(),
                    id: id.to_string(),
                    status: world
                        .transaction_info(&types::TransactionInfoRequest::Id(id))
                        .map(|view| view.status.to_string()),
                },
                Created::Invoice(id) => TriggeredObject {
                    kind: "invoice".to_owned(),
                    id: id.to_string(),
                    status: world.invoice(id).ok().map(|i| i.status.to_string()),
                },
                Created::PaymentRequest(id) => TriggeredObject {
                    kind: "payment_request".to_owned(),
                    status: world
                        .payment_request(&id)
                        .ok()
                        .map(|p| p.status.to_string()),
                    id,
                },
            })
            .collect();
        let at = world.unix_now();
        let callbacks = world
            .queued_callbacks()
            .iter()
            .map(|payload| CallbackRef {
                at,
                kind: payload.kind().to_owned(),
                status: payload.status().to_owned(),
                id: payload.id(),
            })
            .collect();
        TriggerReport {
            event,
            objects,
            callbacks,
        }
    }
}

/// A request body, read as the API reads it.
fn parse<T: DeserializeOwned + schemars::JsonSchema + alphapo_gen::BodySchema + 'static>(
    step: &'static str,
    body: Value,
) -> Result<T, DriveError> {
    validation::parse(body).map_err(refused(step))
}

/// The driving error for a step the API's checks (or the world) refused,
/// worded as the API words it.
fn refused<E: Into<ValidationErrors>>(step: &'static str) -> impl FnOnce(E) -> DriveError {
    move |errors| DriveError::Refused {
        step,
        reason: errors.into().to_string(),
    }
}

/// A foreign id no merchant request uses.
fn foreign_id() -> String {
    format!("trigger-{}", random_hex(12))
}
