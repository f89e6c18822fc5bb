//! `alphapo demo`: the whole integration, offline, in a few seconds.
//!
//! The sandbox plays AlphaPo; the SDK client creates an invoice over signed
//! HTTP; the payer pays it in the sandbox; the sandbox sends signed callbacks
//! to a receiver built with the SDK's callbacks API, which verifies them.

use std::time::Duration;

use alphapo::callbacks::{Callback, Settlement};
use alphapo::{Amount, Client, Environment, InvoiceStatus, types};
use alphapo_auth::{Credentials, testing};
use alphapo_sandbox::{Sandbox, SandboxConfig, SandboxHandle};
use clap::Args;
use rust_decimal::Decimal;
use tokio::sync::mpsc;

use self::receiver::RunningReceiver;
use crate::commands::sandbox::{DEFAULT_API_KEY, DEFAULT_SECRET};
use crate::console;
use crate::exit::Failure;

mod receiver;

const STEPS: usize = 7;

/// How to run the demo.
#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// The invoice amount, in EUR.
    #[arg(long, default_value = "100.00")]
    pub amount: Amount,
    /// The currency the payer pays in.
    #[arg(long, default_value = "BTC")]
    pub pay_with: String,
    /// Seconds to wait for the callbacks before giving up.
    #[arg(long, default_value_t = 15)]
    pub wait: u64,
}

fn step(number: usize, text: impl std::fmt::Display) {
    console::out!("[{number}/{STEPS}] {text}");
}

fn local(what: &str) -> impl FnOnce(String) -> Failure + '_ {
    move |error| Failure::Local(format!("{what}: {error}"))
}

/// Runs the demo.
pub async fn run(args: DemoArgs) -> Result<(), Failure> {
    let credentials = Credentials::new(DEFAULT_API_KEY, DEFAULT_SECRET)
        .map_err(|e| Failure::Local(e.to_string()))?;

    let (sender, mut callbacks) = mpsc::channel(32);
    let receiver = receiver::start(&credentials, sender).await?;
    step(
        1,
        format_args!(
            "callback receiver (SDK callbacks API) listening on {}",
            receiver.url
        ),
    );

    let sandbox = start_sandbox(&credentials, &receiver).await?;
    step(
        2,
        format_args!(
            "sandbox (AlphaPo API, offline) listening on {}",
            sandbox.base_url()
        ),
    );

    let client = Client::builder()
        .credentials(credentials.clone())
        .environment(Environment::Custom(sandbox.base_url().to_owned()))
        .build()
        .map_err(|e| local("client")(e.to_string()))?;
    client.ping().await?;
    let starting = balance(&client, "EUR").await?;
    step(
        3,
        format_args!(
            "SDK client ready: every request is signed with HMAC-SHA512; ping answered OK; \
             the sandbox starts every account with a balance: {starting} EUR"
        ),
    );

    let invoice = client.create_invoice(invoice_request(&args)?).await?;
    let to_pay = invoice.sender_amount.unwrap_or(invoice.amount);
    step(
        4,
        format_args!(
            "invoice #{} created: {} {} ({}), payer sends {} {} to {}",
            invoice.id,
            invoice.amount,
            invoice.currency,
            invoice.status,
            to_pay,
            args.pay_with,
            invoice.address.as_deref().unwrap_or("the hosted page"),
        ),
    );

    let status = sandbox
        .pay_invoice(invoice.id, to_pay)
        .map_err(|e| local("paying the invoice")(e.to_string()))?;
    step(
        5,
        format_args!("payer paid {to_pay} {}: invoice is {status}", args.pay_with),
    );

    let wait = Duration::from_secs(args.wait);
    let mut seen = Vec::new();
    while !seen.iter().any(is_confirmed_invoice) {
        let callback = tokio::time::timeout(wait, callbacks.recv())
            .await
            .map_err(|_| Failure::Local(format!("no confirmed invoice callback within {wait:?}")))?
            .ok_or_else(|| Failure::Local("the callback receiver stopped".into()))?;
        console::out!(
            "      callback verified (key + HMAC-SHA512 over the raw body): {} #{} is {}; {}",
            callback.callback_type(),
            invoice.id,
            callback.status().unwrap_or("?"),
            money_moved(&callback),
        );
        seen.push(callback);
    }
    step(
        6,
        format_args!(
            "{} verified callback(s); the invoice is confirmed",
            seen.len()
        ),
    );

    let forged = forged_callback_status(&receiver).await?;
    let now = balance(&client, &invoice.currency).await?;
    step(
        7,
        format_args!(
            "a forged callback was refused with HTTP {forged}; {} balance is now {now}",
            invoice.currency
        ),
    );
    if let Some(change) = seen
        .iter()
        .find(|callback| is_confirmed_invoice(callback))
        .and_then(|confirmed| {
            BalanceChange::of(confirmed, &invoice.currency, invoice.amount, starting, now)
        })
    {
        console::out!("      {change}");
    }

    sandbox.shutdown().await;
    receiver.stop();
    console::out!("done: invoice created, paid, confirmed and verified end to end, offline.");
    console::out!("{NEXT}");
    Ok(())
}

/// Where to go from here, printed last.
const NEXT: &str = "next:
  a sandbox that stays up, with its dashboard (balances, invoices, every callback delivery):
    alphapo sandbox --port 8080             then open http://127.0.0.1:8080/_sandbox/
  see callbacks as they arrive, verified by the SDK, before writing a receiver:
    alphapo listen --port 3000 --api-key sandbox-key --secret sandbox-secret
    alphapo sandbox --port 8080 --callback-url http://127.0.0.1:3000/alphapo/callbacks
    alphapo trigger invoice-paid
  a receiver of your own: crates/alphapo/examples/callback_receiver.rs (README: \"Receiving callbacks\")";

/// The account balance in `currency` (zero when the sandbox has none).
async fn balance(client: &Client, currency: &str) -> Result<Amount, Failure> {
    let balances = client.list_accounts().await?;
    Ok(balances
        .iter()
        .find(|balance| balance.currency == currency)
        .map_or_else(|| Amount::new(Decimal::ZERO), |balance| balance.balance))
}

/// How the confirmed invoice moved the merchant's balance: the amount paid
/// in, less the fees its callback lists (none when those fees do not add up
/// to a decimal: nothing is explained rather than a wrong sum).
struct BalanceChange {
    currency: String,
    before: Decimal,
    paid: Decimal,
    fees: Decimal,
    after: Decimal,
}

impl BalanceChange {
    fn of(
        callback: &Callback,
        currency: &str,
        paid: Amount,
        before: Amount,
        after: Amount,
    ) -> Option<Self> {
        let fees = match callback {
            Callback::Invoice(paid) => paid
                .fees
                .iter()
                .filter(|fee| fee.currency == currency)
                .try_fold(Decimal::ZERO, |total, fee| {
                    total.checked_add(fee.amount.value())
                })?,
            _ => Decimal::ZERO,
        };
        Some(Self {
            currency: currency.to_owned(),
            before: before.value(),
            paid: paid.value(),
            fees,
            after: after.value(),
        })
    }
}

impl std::fmt::Display for BalanceChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Self {
            currency,
            before,
            paid,
            fees,
            after,
        } = self;
        write!(
            f,
            "{currency} balance: {before} at the start + {paid} paid - {fees} in fees"
        )?;
        if let Some(percent) = fees
            .checked_mul(Decimal::ONE_HUNDRED)
            .and_then(|fees| fees.checked_div(*paid))
        {
            write!(f, " (the {} % deposit fee", percent.normalize())?;
            write!(f, " the callback lists in `fees`)")?;
        }
        write!(f, " = {after}")
    }
}

async fn start_sandbox(
    credentials: &Credentials,
    receiver: &RunningReceiver,
) -> Result<SandboxHandle, Failure> {
    let mut config = SandboxConfig::new(credentials.clone());
    config.callback_url = Some(
        receiver
            .url
            .parse()
            .map_err(|e: url::ParseError| local("receiver URL")(e.to_string()))?,
    );
    config.confirmation_delay = Duration::from_millis(300);
    Sandbox::start(config)
        .await
        .map_err(|e| local("the sandbox could not start")(e.to_string()))
}

fn invoice_request(args: &DemoArgs) -> Result<types::builder::InvoiceCreateRequest, Failure> {
    let request = types::InvoiceCreateRequest::builder()
        .timer(true)
        .title("Demo order 1001")
        .currency("EUR")
        .amount(args.amount)
        .sender_currency(Some(
            args.pay_with
                .parse()
                .map_err(|e| Failure::Usage(format!("--pay-with: {e}")))?,
        ))
        .foreign_id("demo-order-1001")
        .end_user_reference("demo-customer-42")
        .url_success("https://shop.example.com/paid")
        .url_failed("https://shop.example.com/failed")
        .email_user(Some(
            "payer@example.com"
                .parse()
                .map_err(|e| Failure::Usage(format!("email: {e}")))?,
        ));
    Ok(request)
}

/// What the callback did to the balance, with its direction; nothing until
/// it is confirmed.
fn money_moved(callback: &Callback) -> String {
    match callback.settlement() {
        None => "no money moved yet".to_owned(),
        Some(Settlement::Incoming(money)) => format!("incoming {money} (credit it)"),
        Some(Settlement::Outgoing(money)) => format!("outgoing {money}"),
        Some(Settlement::Exchange { sold, bought }) => format!("exchanged {sold} for {bought}"),
    }
}

fn is_confirmed_invoice(callback: &Callback) -> bool {
    matches!(callback, Callback::Invoice(invoice) if invoice.status == InvoiceStatus::Confirmed)
}

/// Posts a callback signed with the wrong secret; the receiver must refuse it.
async fn forged_callback_status(receiver: &RunningReceiver) -> Result<u16, Failure> {
    let forger = Credentials::new(DEFAULT_API_KEY, "not-the-merchant-secret")
        .map_err(|e| Failure::Local(e.to_string()))?;
    let body = br#"{"id":1,"type":"deposit","status":"confirmed","currency_received":{"currency":"BTC","amount":"100"}}"#;
    let headers = testing::sign_callback(&forger, body);
    let response = reqwest::Client::new()
        .post(&receiver.url)
        .headers(headers)
        .body(body.as_slice())
        .send()
        .await
        .map_err(|e| local("posting the forged callback")(e.to_string()))?;
    Ok(response.status().as_u16())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A confirmed invoice callback (the documented one) with `fees` in EUR.
    fn confirmed_with_fees(fees: &[&str]) -> Callback {
        let text = include_str!("../../../../tests/fixtures/callbacks/16-invoice-confirmed.json");
        let mut value: serde_json::Value = serde_json::from_str(text).expect("the fixture is JSON");
        value["fees"] = fees
            .iter()
            .map(|amount| serde_json::json!({"type": "deposit", "currency": "EUR", "amount": amount}))
            .collect();
        Callback::Invoice(serde_json::from_value(value).expect("an invoice callback"))
    }

    fn amount(text: &str) -> Amount {
        text.parse().expect("an amount")
    }

    #[test]
    fn the_balance_change_adds_the_fees_in_the_invoice_currency() {
        let callback = confirmed_with_fees(&["0.60", "0.40"]);
        let change =
            BalanceChange::of(&callback, "EUR", amount("100"), amount("10"), amount("109"))
                .expect("the fees add up");
        assert_eq!(
            change.to_string(),
            "EUR balance: 10 at the start + 100 paid - 1.00 in fees (the 1 % deposit fee the callback lists in `fees`) = 109"
        );
    }

    #[test]
    fn fees_that_overflow_a_decimal_explain_nothing() {
        let huge = "70000000000000000000000000000";
        let callback = confirmed_with_fees(&[huge, huge]);
        let change =
            BalanceChange::of(&callback, "EUR", amount("100"), amount("10"), amount("109"));
        assert!(change.is_none(), "an overflowing sum was explained");
    }
}
