//! Money adds up on every flow: where AlphaPo sends an `amount_minus_fee`
//! (deposits), `amount = amount_minus_fee + sum(fees)` exactly; elsewhere
//! the fees are only in `fees`, as in AlphaPo's payloads. Each fee is the
//! `currencies/list` fraction of what it is taken from, and the balances
//! move by exactly those amounts.

use std::collections::BTreeMap;

use alphapo_gen::{FeeType, types};
use alphapo_sandbox::{CallbackPayload, SandboxHandle};
use rust_decimal::Decimal;

use crate::support::{self, amount, client, deliveries, invoice_request, start, take_address};

fn sum(fees: &[types::Fee]) -> Decimal {
    fees.iter().map(|fee| fee.amount.value()).sum()
}

fn balances(sandbox: &SandboxHandle) -> BTreeMap<String, Decimal> {
    sandbox
        .balances()
        .into_iter()
        .map(|balance| (balance.currency.into_string(), balance.balance.value()))
        .collect()
}

/// How each balance moved since `before` (unchanged ones left out).
fn moves(before: &BTreeMap<String, Decimal>, sandbox: &SandboxHandle) -> BTreeMap<String, Decimal> {
    balances(sandbox)
        .into_iter()
        .map(|(currency, now)| {
            let moved = now - before.get(&currency).copied().unwrap_or_default();
            (currency, moved)
        })
        .filter(|(_, moved)| !moved.is_zero())
        .collect()
}

/// The last of the first `count` callbacks, which must be a confirmed one.
async fn last_confirmed(sandbox: &SandboxHandle, count: usize) -> CallbackPayload {
    let delivered = deliveries(sandbox, count).await;
    let last = delivered[count - 1].payload.clone();
    assert_eq!(last.status(), "confirmed", "{last:?}");
    last
}

fn transaction(payload: CallbackPayload) -> types::TransactionCallback {
    match payload {
        CallbackPayload::Transaction(callback) => callback,
        other => panic!("not a transaction callback: {other:?}"),
    }
}

/// The side of a callback the fees are taken from, checked to add up:
/// `amount == amount_minus_fee + sum(fees)`, every fee in its currency.
fn adds_up(side: Option<types::CurrencyAmount>, fees: &[types::Fee]) -> types::CurrencyAmount {
    let side = side.unwrap_or_else(|| panic!("no currency side"));
    let net = side
        .amount_minus_fee
        .unwrap_or_else(|| panic!("no amount_minus_fee on {side:?}"));
    assert_eq!(
        side.amount.value(),
        net.value() + sum(fees),
        "{side:?} {fees:?}"
    );
    assert!(!fees.is_empty(), "a flow without a fee entry");
    assert!(
        fees.iter().all(|fee| fee.currency == side.currency),
        "{fees:?}"
    );
    side
}

/// The side of a callback the fees are charged on where AlphaPo lists them
/// only in `fees` (withdrawals, exchanges, invoices): no `amount_minus_fee`,
/// every fee in its currency.
fn fees_apart(side: Option<types::CurrencyAmount>, fees: &[types::Fee]) -> types::CurrencyAmount {
    let side = side.unwrap_or_else(|| panic!("no currency side"));
    assert_eq!(side.amount_minus_fee, None, "{side:?}");
    assert!(!fees.is_empty(), "a flow without a fee entry");
    assert!(
        fees.iter().all(|fee| fee.currency == side.currency),
        "{fees:?}"
    );
    side
}

fn fee_of(fees: &[types::Fee], kind: FeeType) -> Decimal {
    fees.iter()
        .find(|fee| fee.type_ == kind)
        .map(|fee| fee.amount.value())
        .unwrap_or_else(|| panic!("no {kind} fee in {fees:?}"))
}

/// The `currencies/list` fee fractions of `code`: (deposit, withdrawal).
async fn listed_fees(client: &alphapo_gen::Client, code: &str) -> (Decimal, Decimal) {
    let listing = client
        .currencies_list()
        .body(types::CurrenciesListRequest::default())
        .send()
        .await
        .unwrap_or_else(|error| panic!("currencies/list: {error}"))
        .into_inner()
        .data;
    let currency = listing
        .into_iter()
        .find(|currency| currency.currency == code)
        .unwrap_or_else(|| panic!("{code} is not listed"));
    (
        currency.deposit_fee_percent.value(),
        currency.withdrawal_fee_percent.value(),
    )
}

fn share(base: Decimal, fraction: Decimal) -> Decimal {
    (base * fraction).round_dp(8)
}

#[tokio::test]
async fn fees_add_up_on_every_flow_and_balances_move_by_them() {
    let sandbox = start(support::config()).await;
    let client = client(&sandbox);
    let (btc_deposit_fee, btc_withdrawal_fee) = listed_fees(&client, "BTC").await;
    let mut callbacks = 0;

    // A deposit: credited amount_minus_fee, the fee is BTC's deposit fraction.
    let before = balances(&sandbox);
    let address = take_address(&client, "BTC", "fees-1").await;
    sandbox
        .simulate_deposit(&address, amount("0.5"))
        .unwrap_or_else(|error| panic!("{error}"));
    callbacks += 2;
    let deposit = transaction(last_confirmed(&sandbox, callbacks).await);
    let received = adds_up(deposit.currency_received, &deposit.fees);
    assert_eq!(
        fee_of(&deposit.fees, FeeType::FeeCryptoDeposit),
        share(received.amount.value(), btc_deposit_fee)
    );
    let credited = received.amount_minus_fee.map(|a| a.value());
    assert_eq!(
        moves(&before, &sandbox),
        BTreeMap::from([("BTC".into(), credited.unwrap_or_default())])
    );

    // A deposit converted to EUR: the deposit fee as currencies/list says,
    // plus the exchange fee, both in EUR.
    let before = balances(&sandbox);
    let address = client
        .addresses_take()
        .body(
            types::AddressTakeRequest::builder()
                .currency("BTC")
                .convert_to(Some("EUR".parse().unwrap_or_else(|e| panic!("{e}"))))
                .foreign_id("fees-2")
                .end_user_reference("customer-2"),
        )
        .send()
        .await
        .unwrap_or_else(|error| panic!("addresses/take: {error}"))
        .into_inner()
        .data
        .address;
    sandbox
        .simulate_deposit(&address, amount("0.01"))
        .unwrap_or_else(|error| panic!("{error}"));
    callbacks += 2;
    let converted = transaction(last_confirmed(&sandbox, callbacks).await);
    assert_eq!(converted.type_.as_str(), "deposit_exchange");
    let received = adds_up(converted.currency_received, &converted.fees);
    assert_eq!(received.currency, "EUR");
    assert_eq!(
        fee_of(&converted.fees, FeeType::FeeCryptoDepositToFiat),
        share(received.amount.value(), btc_deposit_fee)
    );
    assert!(
        received
            .amount_minus_fee
            .is_some_and(|net| net < received.amount)
    );
    let credited = received
        .amount_minus_fee
        .map(|a| a.value())
        .unwrap_or_default();
    assert_eq!(
        moves(&before, &sandbox),
        BTreeMap::from([("EUR".into(), credited)])
    );

    // A withdrawal: sender_amount and currency_sent.amount are the amount;
    // the fee comes on top of it.
    let before = balances(&sandbox);
    let withdrawal = support::withdraw(
        &client,
        types::WithdrawalRequest::builder()
            .currency("BTC")
            .amount(Some(amount("0.01")))
            .address("tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc")
            .foreign_id("fees-3")
            .end_user_reference("customer-1"),
    )
    .await;
    sandbox
        .confirm_withdrawal(withdrawal.id)
        .unwrap_or_else(|error| panic!("{error}"));
    callbacks += 1;
    let withdrawn = transaction(last_confirmed(&sandbox, callbacks).await);
    let sent = fees_apart(withdrawn.currency_sent, &withdrawn.fees);
    assert_eq!(
        fee_of(&withdrawn.fees, FeeType::Withdrawal),
        share(amount("0.01").value(), btc_withdrawal_fee)
    );
    assert_eq!(
        (sent.amount, withdrawal.sender_amount),
        (withdrawal.amount, withdrawal.amount)
    );
    assert_eq!(withdrawal.amount.to_string(), "0.01000000");
    assert_eq!(
        moves(&before, &sandbox),
        BTreeMap::from([("BTC".into(), -(sent.amount.value() + sum(&withdrawn.fees)))])
    );

    // A withdrawal from the EUR balance, converted to BTC.
    let before = balances(&sandbox);
    let withdrawal = support::withdraw(
        &client,
        types::WithdrawalRequest::builder()
            .currency("EUR")
            .convert_to(Some("BTC".parse().unwrap_or_else(|e| panic!("{e}"))))
            .amount_to(Some(amount("0.001")))
            .address("tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc")
            .foreign_id("fees-4")
            .end_user_reference("customer-1"),
    )
    .await;
    sandbox
        .confirm_withdrawal(withdrawal.id)
        .unwrap_or_else(|error| panic!("{error}"));
    callbacks += 1;
    let withdrawn = transaction(last_confirmed(&sandbox, callbacks).await);
    assert_eq!(withdrawn.type_.as_str(), "withdrawal_exchange");
    let sent = fees_apart(withdrawn.currency_sent, &withdrawn.fees);
    assert_eq!(sent.currency, "EUR");
    assert_eq!(
        (sent.amount, withdrawal.sender_amount),
        (withdrawal.amount, withdrawal.amount)
    );
    fee_of(&withdrawn.fees, FeeType::Exchange);
    assert_eq!(
        moves(&before, &sandbox),
        BTreeMap::from([("EUR".into(), -(sent.amount.value() + sum(&withdrawn.fees)))])
    );

    // An exchange: the fee is taken from what is sold.
    let before = balances(&sandbox);
    let exchange = support::exchange_now(
        &client,
        types::ExchangeNowRequest::builder()
            .sender_currency("BTC")
            .receiver_currency("EUR")
            .sender_amount(Some(amount("0.003")))
            .foreign_id("fees-5"),
    )
    .await;
    callbacks += 1;
    let exchanged = transaction(last_confirmed(&sandbox, callbacks).await);
    let sent = fees_apart(exchanged.currency_sent, &exchanged.fees);
    assert_eq!(
        fee_of(&exchanged.fees, FeeType::Exchange),
        exchange.fee_amount.value()
    );
    let received = exchanged
        .currency_received
        .unwrap_or_else(|| panic!("no currency_received"));
    assert_eq!(
        moves(&before, &sandbox),
        BTreeMap::from([
            ("BTC".into(), -sent.amount.value()),
            ("EUR".into(), received.amount.value()),
        ])
    );

    // An invoice of 100 EUR paid in BTC: BTC's deposit fee, taken in EUR.
    let before = balances(&sandbox);
    let invoice = client
        .invoices_create()
        .body(
            invoice_request()
                .timer(true)
                .title("Order")
                .foreign_id("fees-6")
                .end_user_reference("customer-1")
                .sender_currency(Some("BTC".parse().unwrap_or_else(|e| panic!("{e}")))),
        )
        .send()
        .await
        .unwrap_or_else(|error| panic!("invoices/create: {error}"))
        .into_inner()
        .data;
    let due = invoice
        .sender_amount
        .unwrap_or_else(|| panic!("no sender_amount"));
    sandbox
        .pay_invoice(invoice.id, due)
        .unwrap_or_else(|error| panic!("{error}"));
    callbacks += 2;
    let CallbackPayload::Invoice(paid) = last_confirmed(&sandbox, callbacks).await else {
        panic!("not an invoice callback");
    };
    let received = fees_apart(paid.currency_received, &paid.fees);
    assert_eq!(
        fee_of(&paid.fees, FeeType::FeeCryptoDepositToFiat),
        share(amount("100").value(), btc_deposit_fee)
    );
    assert_eq!(
        moves(&before, &sandbox),
        BTreeMap::from([("EUR".into(), received.amount.value() - sum(&paid.fees))])
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_withdrawal_answers_looks_up_and_calls_back_with_sender_amount_equal_to_amount() {
    let sandbox = start(support::config()).await;
    let client = client(&sandbox);
    let before = balances(&sandbox);
    let withdrawal = support::withdraw(
        &client,
        types::WithdrawalRequest::builder()
            .currency("BTC")
            .amount(Some(amount("0.001")))
            .address("tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc")
            .foreign_id("sent-1")
            .end_user_reference("customer-1"),
    )
    .await;
    // As in the docs' example: 0.001 sent is "0.00100000", not 0.001 plus
    // the fee.
    assert_eq!(
        (
            withdrawal.amount.to_string(),
            withdrawal.sender_amount.to_string()
        ),
        ("0.00100000".to_owned(), "0.00100000".to_owned())
    );
    let info = client
        .transactions_info()
        .body(types::TransactionInfoRequest::Id(withdrawal.id))
        .send()
        .await
        .unwrap_or_else(|error| panic!("transactions/info: {error}"))
        .into_inner();
    let types::TransactionInfoResponse::Callback(info) = info else {
        panic!("the sandbox answers transactions/info unwrapped");
    };
    let looked_up = fees_apart(info.currency_sent, &info.fees);
    assert_eq!(looked_up.amount, withdrawal.amount);

    sandbox
        .confirm_withdrawal(withdrawal.id)
        .unwrap_or_else(|error| panic!("{error}"));
    let confirmed = transaction(last_confirmed(&sandbox, 1).await);
    let body: serde_json::Value = serde_json::from_str(&deliveries(&sandbox, 1).await[0].body)
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(
        body["currency_sent"],
        serde_json::json!({"currency": "BTC", "amount": "0.00100000"})
    );
    let fee = sum(&confirmed.fees);
    assert!(fee > Decimal::ZERO);
    // The balance moved by the amount and the fee, exactly.
    assert_eq!(
        moves(&before, &sandbox),
        BTreeMap::from([("BTC".into(), -(withdrawal.amount.value() + fee))])
    );
    sandbox.shutdown().await;
}
