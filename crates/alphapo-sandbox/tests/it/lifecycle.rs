//! State: deposits, invoices (and their cancellation), withdrawals (instant
//! ones too), exchanges and payment requests move balances and send the
//! callbacks AlphaPo sends, signed correctly.

use alphapo_gen::{Amount, types};
use alphapo_sandbox::{DeliveryOutcome, DriveError};
use serde_json::Value;

use crate::support::{
    self, INVOICE_TTL, amount, balance, client, deliveries, error_body, invoice_request,
    payment_currency, take_address, with_receiver,
};

fn statuses(deliveries: &[alphapo_sandbox::Delivery]) -> Vec<String> {
    deliveries
        .iter()
        .map(|d| d.payload.status().to_owned())
        .collect()
}

#[tokio::test]
async fn a_deposit_is_credited_minus_its_fee_with_two_signed_callbacks() {
    let (sandbox, receiver) = with_receiver(0).await;
    let client = client(&sandbox);
    let address = take_address(&client, "BTC", "customer-1").await;
    let receipt = sandbox
        .simulate_deposit(&address, amount("0.5"))
        .unwrap_or_else(|error| panic!("{error}"));

    let delivered = deliveries(&sandbox, 2).await;
    assert_eq!(statuses(&delivered), ["not_confirmed", "confirmed"]);
    assert!(
        delivered
            .iter()
            .all(|d| d.outcome == DeliveryOutcome::Delivered)
    );
    let received = receiver.received();
    assert_eq!(received.len(), 2);
    assert!(
        received.iter().all(|r| r.verified),
        "a callback failed verification"
    );
    let confirmed: types::TransactionCallback =
        serde_json::from_slice(&received[1].body).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(confirmed.id, receipt.id);
    assert_eq!(confirmed.type_.as_str(), "deposit");
    let crypto_address = confirmed
        .crypto_address
        .unwrap_or_else(|| panic!("no crypto_address"));
    assert_eq!(
        crypto_address.foreign_id.as_ref().map(|id| id.as_str()),
        Some("customer-1")
    );
    let got = confirmed
        .currency_received
        .unwrap_or_else(|| panic!("no currency_received"));
    assert_eq!(
        got.amount_minus_fee.map(|a| a.to_string()),
        Some("0.49500000".to_owned())
    );
    assert_eq!(balance(&client, "BTC").await, "1.49500000");

    // transactions/info by txid finds it, confirmed.
    let info = client
        .transactions_info()
        .body(types::TransactionInfoRequest::Txid(receipt.txid.clone()))
        .send()
        .await
        .unwrap_or_else(|error| panic!("{error}"))
        .into_inner();
    let types::TransactionInfoResponse::Callback(info) = info else {
        panic!("the sandbox answers transactions/info unwrapped");
    };
    assert_eq!((info.id, info.status.as_str()), (receipt.id, "confirmed"));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_deposit_below_the_minimum_is_cancelled_and_not_credited() {
    let (sandbox, _receiver) = with_receiver(0).await;
    let client = client(&sandbox);
    let address = take_address(&client, "BTC", "customer-1").await;
    let receipt = sandbox.simulate_deposit(&address, amount("0.00001"));
    assert_eq!(
        receipt.map(|r| r.status.to_string()).ok(),
        Some("cancelled".to_owned())
    );
    assert_eq!(statuses(&deliveries(&sandbox, 1).await), ["cancelled"]);
    assert_eq!(balance(&client, "BTC").await, "1.00000000");
    assert_eq!(
        sandbox.simulate_deposit("nowhere", amount("1")),
        Err(DriveError::UnknownAddress("nowhere".into()))
    );
    sandbox.shutdown().await;
}

async fn create_invoice(client: &alphapo_gen::Client, foreign_id: &str) -> types::Invoice {
    client
        .invoices_create()
        .body(
            invoice_request()
                .timer(true)
                .title("Order")
                .foreign_id(foreign_id)
                .end_user_reference("customer-1")
                .sender_currency(Some("BTC".parse().unwrap_or_else(|e| panic!("{e}")))),
        )
        .send()
        .await
        .unwrap_or_else(|error| panic!("invoices/create: {error}"))
        .into_inner()
        .data
}

fn invoice_callback(body: &str) -> types::InvoiceCallback {
    serde_json::from_str(body).unwrap_or_else(|error| panic!("{error}: {body}"))
}

#[tokio::test]
async fn an_invoice_paid_in_full_is_processing_then_confirmed() {
    let (sandbox, receiver) = with_receiver(0).await;
    let client = client(&sandbox);
    let invoice = create_invoice(&client, "order-1").await;
    let due = invoice
        .sender_amount
        .unwrap_or_else(|| panic!("no sender_amount"));
    let status = sandbox.pay_invoice(invoice.id, due);
    assert_eq!(
        status.map(|s| s.to_string()).ok(),
        Some("processing".to_owned())
    );

    let delivered = deliveries(&sandbox, 2).await;
    assert_eq!(statuses(&delivered), ["processing", "confirmed"]);
    assert!(receiver.received().iter().all(|r| r.verified));
    let confirmed = invoice_callback(&delivered[1].body);
    assert_eq!(confirmed.id, invoice.id);
    let sent = confirmed
        .currency_sent
        .unwrap_or_else(|| panic!("no currency_sent"));
    assert_eq!(sent.remaining_amount.map(|a| a.is_zero()), Some(true));
    // 100 EUR minus BTC's 1 % deposit fee.
    assert_eq!(balance(&client, "EUR").await, "10099.00000000");
    // The timer later finds it settled and leaves it alone: the next
    // callback after it ran is a marker deposit's, nothing from the invoice.
    sandbox.advance_clock(INVOICE_TTL);
    let marker = take_address(&client, "BTC", "marker").await;
    sandbox
        .simulate_deposit(&marker, amount("0.5"))
        .unwrap_or_else(|error| panic!("{error}"));
    let after = deliveries(&sandbox, 3).await;
    assert_eq!(after[2].payload.kind(), "deposit", "{after:?}");
    assert!(matches!(
        sandbox.pay_invoice(invoice.id, due),
        Err(DriveError::WrongState { .. })
    ));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_partly_paid_invoice_fails_when_its_timer_runs_out_and_a_late_payment_is_reported() {
    let (sandbox, _receiver) = with_receiver(0).await;
    let client = client(&sandbox);
    let invoice = create_invoice(&client, "order-2").await;
    let due = invoice
        .sender_amount
        .unwrap_or_else(|| panic!("no sender_amount"));
    let half = Amount::new(due.value() / rust_decimal::Decimal::TWO);
    sandbox
        .pay_invoice(invoice.id, half)
        .unwrap_or_else(|error| panic!("{error}"));
    sandbox.advance_clock(INVOICE_TTL);

    let delivered = deliveries(&sandbox, 2).await;
    assert_eq!(statuses(&delivered), ["processing", "failed"]);
    let failed = invoice_callback(&delivered[1].body);
    assert_eq!(
        failed.error.as_deref(),
        Some("Timer expired. User paid less than required.")
    );
    let remaining = failed.currency_sent.and_then(|sent| sent.remaining_amount);
    assert!(remaining.is_some_and(|r| r.is_positive()));
    assert_eq!(balance(&client, "EUR").await, "10000.00000000");

    sandbox
        .pay_invoice(invoice.id, half)
        .unwrap_or_else(|error| panic!("{error}"));
    let late = deliveries(&sandbox, 3).await;
    let late = invoice_callback(&late[2].body);
    assert_eq!(late.status.as_str(), "failed");
    assert_eq!(late.transactions.len(), 2);
    assert_eq!(
        late.error.as_deref(),
        Some("Payment received after the invoice expired.")
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_unpaid_invoice_can_be_expired_by_the_driver() {
    let (sandbox, _receiver) = with_receiver(0).await;
    let invoice = create_invoice(&client(&sandbox), "order-3").await;
    sandbox
        .expire_invoice(invoice.id)
        .unwrap_or_else(|error| panic!("{error}"));
    let delivered = deliveries(&sandbox, 1).await;
    let failed = invoice_callback(&delivered[0].body);
    assert_eq!(
        failed.error.as_deref(),
        Some("Timer expired. User not paid.")
    );
    assert!(failed.transactions.is_empty());
    assert_eq!(
        sandbox
            .invoice(invoice.id)
            .map(|i| i.status.to_string())
            .ok(),
        Some("failed".into())
    );
    assert!(matches!(
        sandbox.expire_invoice(invoice.id),
        Err(DriveError::WrongState { .. })
    ));
    sandbox.shutdown().await;
}

async fn withdraw(client: &alphapo_gen::Client, foreign_id: &str) -> types::Withdrawal {
    support::withdraw(
        client,
        types::WithdrawalRequest::builder()
            .currency("BTC")
            .amount(Some(amount("0.1")))
            .address("tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc")
            .foreign_id(foreign_id)
            .end_user_reference("customer-1"),
    )
    .await
}

#[tokio::test]
async fn withdrawals_debit_at_once_and_are_confirmed_or_cancelled() {
    let (sandbox, receiver) = with_receiver(0).await;
    let client = client(&sandbox);
    let first = withdraw(&client, "w-1").await;
    // sender_amount is the amount, as AlphaPo answers; the 1 % fee is
    // debited besides it.
    assert_eq!(first.sender_amount.to_string(), "0.10000000");
    assert_eq!(balance(&client, "BTC").await, "0.89900000");
    sandbox
        .confirm_withdrawal(first.id)
        .unwrap_or_else(|error| panic!("{error}"));

    let second = withdraw(&client, "w-2").await;
    assert_eq!(balance(&client, "BTC").await, "0.79800000");
    sandbox
        .cancel_withdrawal(second.id)
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(balance(&client, "BTC").await, "0.89900000");

    let delivered = deliveries(&sandbox, 2).await;
    assert_eq!(statuses(&delivered), ["confirmed", "cancelled"]);
    assert!(receiver.received().iter().all(|r| r.verified));
    let confirmed: types::TransactionCallback =
        serde_json::from_str(&delivered[0].body).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(
        confirmed.foreign_id.as_ref().map(|id| id.as_str()),
        Some("w-1")
    );
    assert!(confirmed.transactions.iter().all(|leg| leg.txid.is_some()));
    assert!(matches!(
        sandbox.confirm_withdrawal(first.id),
        Err(DriveError::WrongState { .. })
    ));
    assert_eq!(
        sandbox.cancel_withdrawal(7),
        Err(DriveError::UnknownWithdrawal(7))
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_declined_withdrawal_gives_the_money_back_with_a_declined_callback() {
    let (sandbox, receiver) = with_receiver(0).await;
    let client = client(&sandbox);
    let withdrawal = withdraw(&client, "w-declined").await;
    assert_eq!(balance(&client, "BTC").await, "0.89900000");
    sandbox
        .decline_withdrawal(withdrawal.id)
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(balance(&client, "BTC").await, "1.00000000");

    let delivered = deliveries(&sandbox, 1).await;
    assert_eq!(statuses(&delivered), ["declined"]);
    assert!(receiver.received().iter().all(|r| r.verified));
    let declined: types::TransactionCallback =
        serde_json::from_str(&delivered[0].body).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(declined.id, withdrawal.id);
    assert_eq!(declined.type_.as_str(), "withdrawal");
    assert_eq!(
        declined.foreign_id.as_ref().map(|id| id.as_str()),
        Some("w-declined")
    );
    assert!(declined.fees.is_empty());
    assert!(declined.currency_sent.is_none());
    assert!(declined.transactions.iter().all(|leg| leg.txid.is_none()));
    assert_eq!(
        declined.error.as_deref(),
        Some("Withdrawal declined in the sandbox")
    );
    for settled in [
        sandbox.decline_withdrawal(withdrawal.id),
        sandbox.cancel_withdrawal(withdrawal.id),
        sandbox.confirm_withdrawal(withdrawal.id),
    ] {
        assert!(
            matches!(&settled, Err(DriveError::WrongState { status, .. }) if status == "declined"),
            "{settled:?}"
        );
    }
    assert_eq!(balance(&client, "BTC").await, "1.00000000");
    assert_eq!(
        sandbox.decline_withdrawal(7),
        Err(DriveError::UnknownWithdrawal(7))
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_exchange_moves_both_balances_and_is_confirmed() {
    let (sandbox, _receiver) = with_receiver(0).await;
    let client = client(&sandbox);
    let exchange = support::exchange_now(
        &client,
        types::ExchangeNowRequest::builder()
            .sender_currency("BTC")
            .receiver_currency("EUR")
            .sender_amount(Some(amount("0.1")))
            .foreign_id("x-1"),
    )
    .await;
    let delivered = deliveries(&sandbox, 1).await;
    assert_eq!(statuses(&delivered), ["confirmed"]);
    assert_eq!(delivered[0].payload.kind(), "exchange");
    assert_eq!(balance(&client, "BTC").await, "0.90000000");
    let eur = amount(&balance(&client, "EUR").await);
    assert_eq!(
        eur.value() - rust_decimal::Decimal::from(10_000),
        exchange.receiver_amount.value()
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_payment_request_is_processing_then_paid() {
    let (sandbox, _receiver) = with_receiver(0).await;
    let client = client(&sandbox);
    let request = client
        .payment_requests_create()
        .body(
            types::PaymentRequestCreateRequest::builder()
                .amount(amount("92"))
                .currency(payment_currency("EUR", None))
                .payment_currency(Some(payment_currency("USDT", Some("tron")))),
        )
        .send()
        .await
        .unwrap_or_else(|error| panic!("payment request: {error}"))
        .into_inner()
        .data;
    sandbox
        .pay_payment_request(&request.id, amount("100"))
        .unwrap_or_else(|error| panic!("{error}"));
    let delivered = deliveries(&sandbox, 2).await;
    assert_eq!(statuses(&delivered), ["processing", "paid"]);
    let paid: types::PaymentRequestCallback =
        serde_json::from_str(&delivered[1].body).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(paid.payment_request_id, request.id);
    let address = paid
        .payment_request_address
        .and_then(|a| a.address)
        .unwrap_or_default();
    assert!(address.starts_with('T'));
    assert_eq!(balance(&client, "EUR").await, "10092.00000000");

    // An unpaid one expires.
    let other = client
        .payment_requests_create()
        .body(
            types::PaymentRequestCreateRequest::builder()
                .amount(amount("10"))
                .currency(payment_currency("EUR", None)),
        )
        .send()
        .await
        .unwrap_or_else(|error| panic!("payment request: {error}"))
        .into_inner()
        .data;
    let status = sandbox.expire_payment_request(&other.id);
    assert_eq!(status.map(|s| s.to_string()).ok(), Some("expired".into()));
    let body: Value =
        serde_json::from_str(&deliveries(&sandbox, 3).await[2].body).unwrap_or_default();
    assert_eq!(body["status"], "expired");
    sandbox.shutdown().await;
}

async fn cancel_invoice(
    client: &alphapo_gen::Client,
    foreign_id: &str,
) -> Result<
    progenitor_client::ResponseValue<types::InvoiceCancelResponse>,
    progenitor_client::Error<types::ApiError>,
> {
    client
        .invoices_cancel()
        .foreign_id(foreign_id)
        .body(alphapo_gen::EmptyRequest)
        .send()
        .await
}

#[tokio::test]
async fn a_cancelled_invoice_fails_with_a_signed_callback_and_stays_failed() {
    let (sandbox, receiver) = with_receiver(0).await;
    let client = client(&sandbox);
    let invoice = create_invoice(&client, "order-cancel").await;
    let answer = cancel_invoice(&client, "order-cancel")
        .await
        .unwrap_or_else(|error| panic!("invoices/cancel: {error}"));
    assert_eq!(answer.status().as_u16(), 200);
    assert_eq!(
        answer.into_inner(),
        types::InvoiceCancelResponse(Vec::new())
    );

    let delivered = deliveries(&sandbox, 1).await;
    assert_eq!(statuses(&delivered), ["failed"]);
    assert!(receiver.received().iter().all(|r| r.verified));
    let failed = invoice_callback(&delivered[0].body);
    assert_eq!(failed.id, invoice.id);
    assert_eq!(
        failed.foreign_id.as_ref().map(|id| id.as_str()),
        Some("order-cancel")
    );
    assert_eq!(
        failed.error.as_deref(),
        Some("Invoice cancelled by the merchant.")
    );
    assert_eq!(
        sandbox
            .invoice(invoice.id)
            .map(|invoice| invoice.status.to_string())
            .ok(),
        Some("failed".to_owned())
    );

    // A failed invoice cannot be cancelled (the documented error), nor can
    // one that does not exist.
    let again = error_body(cancel_invoice(&client, "order-cancel").await);
    assert_eq!(again.status().as_u16(), 400);
    assert_eq!(
        again.into_inner().errors,
        [
            ("code".to_owned(), "invalid_invoice_state".to_owned()),
            (
                "error".to_owned(),
                "Invoice cannot be failed in its current state.".to_owned()
            ),
        ]
        .into_iter()
        .collect()
    );
    let unknown = error_body(cancel_invoice(&client, "no/such invoice").await);
    assert_eq!(unknown.status().as_u16(), 400);
    assert_eq!(
        support::field_error(unknown, "foreign_id").as_deref(),
        Some("The selected foreign id is invalid.")
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_paid_invoice_cancelled_before_its_confirmation_credits_nothing() {
    let mut config = crate::support::config();
    config.confirmation_delay = std::time::Duration::from_secs(60);
    let sandbox = crate::support::start(config).await;
    let client = client(&sandbox);
    let cancelled = create_invoice(&client, "order-paid-cancelled").await;
    let kept = create_invoice(&client, "order-paid-kept").await;
    for invoice in [&cancelled, &kept] {
        let due = invoice
            .sender_amount
            .unwrap_or_else(|| panic!("no sender_amount"));
        sandbox
            .pay_invoice(invoice.id, due)
            .unwrap_or_else(|error| panic!("{error}"));
    }
    cancel_invoice(&client, "order-paid-cancelled")
        .await
        .unwrap_or_else(|error| panic!("invoices/cancel: {error}"));
    // Both confirmations come due; only the invoice still processing is
    // confirmed and credited (100 EUR minus BTC's 1 % deposit fee).
    sandbox.advance_clock(std::time::Duration::from_secs(60));
    let delivered = deliveries(&sandbox, 4).await;
    let by_invoice = |id: i64| -> Vec<String> {
        delivered
            .iter()
            .filter(|delivery| delivery.payload.id() == id.to_string())
            .map(|delivery| delivery.payload.status().to_owned())
            .collect()
    };
    assert_eq!(by_invoice(cancelled.id), ["processing", "failed"]);
    assert_eq!(by_invoice(kept.id), ["processing", "confirmed"]);
    assert_eq!(balance(&client, "EUR").await, "10099.00000000");
    sandbox.shutdown().await;
}

/// Sends `crypto/withdrawal_instant` of `sent` `currency` to `address`.
async fn withdraw_instantly(
    client: &alphapo_gen::Client,
    currency: &str,
    sent: &str,
    address: &str,
    foreign_id: &str,
) -> Result<
    progenitor_client::ResponseValue<types::InstantWithdrawalResponse>,
    progenitor_client::Error<types::ApiError>,
> {
    client
        .withdrawal_instant()
        .body(
            types::InstantWithdrawalRequest::builder()
                .sender_currency(currency)
                .sender_amount(amount(sent))
                .address(address)
                .foreign_id(foreign_id)
                .end_user_reference("customer-1"),
        )
        .send()
        .await
}

#[tokio::test]
async fn an_instant_withdrawal_always_pays_the_network_fee() {
    let (sandbox, receiver) = with_receiver(0).await;
    let client = client(&sandbox);
    let withdrawal = withdraw_instantly(
        &client,
        "BTC",
        "0.1",
        "tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc",
        "iw-1",
    )
    .await
    .unwrap_or_else(|error| panic!("crypto/withdrawal_instant: {error}"))
    .into_inner()
    .data;
    assert_eq!(withdrawal.type_.as_str(), "withdrawal_instant");
    assert_eq!(withdrawal.sender_amount.to_string(), "0.10000000");
    assert_eq!(withdrawal.receiver_amount, None);
    // 0.1 BTC, its 1 % withdrawal fee and the 0.00005 BTC network fee.
    assert_eq!(balance(&client, "BTC").await, "0.89895000");
    sandbox
        .confirm_withdrawal(withdrawal.id)
        .unwrap_or_else(|error| panic!("{error}"));
    let delivered = deliveries(&sandbox, 1).await;
    assert!(receiver.received().iter().all(|r| r.verified));
    let confirmed: types::TransactionCallback =
        serde_json::from_str(&delivered[0].body).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(confirmed.type_.as_str(), "withdrawal_instant");
    assert_eq!(confirmed.status.as_str(), "confirmed");
    let fees: Vec<String> = confirmed
        .fees
        .iter()
        .map(|fee| format!("{} {} {}", fee.type_, fee.amount, fee.currency))
        .collect();
    assert_eq!(fees, ["withdrawal 0.00100000 BTC", "mining 0.00005000 BTC"]);

    // Only BTC, BCH, LTC and DOGE go out instantly.
    let refused = error_body(
        withdraw_instantly(
            &client,
            "ETH",
            "0.1",
            "0x2D6CA312567986C08CC4eF3F706136D1c9eF0321",
            "iw-2",
        )
        .await,
    );
    assert_eq!(
        support::field_error(refused, "sender_currency").as_deref(),
        Some("The selected sender currency is invalid.")
    );
    sandbox.shutdown().await;
}

/// An instant withdrawal of `sent` `currency` to `address` (a testnet
/// address of its network) goes out, debits it with its 1 % withdrawal fee
/// and its network fee (`balance_after` is what the default balance keeps),
/// is confirmed with a callback that lists both, and a Bitcoin testnet
/// address is refused for it.
async fn instant_withdrawal_of(
    currency: &str,
    sent: &str,
    address: &str,
    balance_after: &str,
    fees: [&str; 2],
) {
    let (sandbox, _receiver) = with_receiver(0).await;
    let client = client(&sandbox);
    let withdrawal = withdraw_instantly(&client, currency, sent, address, "iw-1")
        .await
        .unwrap_or_else(|error| panic!("crypto/withdrawal_instant of {currency}: {error}"))
        .into_inner()
        .data;
    assert_eq!(withdrawal.type_.as_str(), "withdrawal_instant");
    assert_eq!(withdrawal.sender_currency, currency);
    assert_eq!(balance(&client, currency).await, balance_after);
    sandbox
        .confirm_withdrawal(withdrawal.id)
        .unwrap_or_else(|error| panic!("{error}"));
    let delivered = deliveries(&sandbox, 1).await;
    let confirmed: types::TransactionCallback =
        serde_json::from_str(&delivered[0].body).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(confirmed.status.as_str(), "confirmed");
    let charged: Vec<String> = confirmed
        .fees
        .iter()
        .map(|fee| format!("{} {} {}", fee.type_, fee.amount, fee.currency))
        .collect();
    assert_eq!(charged, fees);

    let refused = error_body(
        withdraw_instantly(
            &client,
            currency,
            sent,
            "tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc",
            "iw-2",
        )
        .await,
    );
    assert_eq!(
        support::field_error(refused, "address").as_deref(),
        Some("The address is invalid.")
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn bitcoin_cash_goes_out_instantly_to_a_cashaddr() {
    instant_withdrawal_of(
        "BCH",
        "0.1",
        "bchtest:qr95sy3j9xwd2ap32xkykttr4cvcu7as4ytjg7p7mc",
        "9.89850000",
        ["withdrawal 0.00100000 BCH", "mining 0.00050000 BCH"],
    )
    .await;
}

#[tokio::test]
async fn litecoin_goes_out_instantly_to_a_testnet_segwit_address() {
    instant_withdrawal_of(
        "LTC",
        "0.1",
        "tltc1qedypyv3fnn2hgv23439j6cawrx88hv9fgd82vp",
        "99.89800000",
        ["withdrawal 0.00100000 LTC", "mining 0.00100000 LTC"],
    )
    .await;
}

#[tokio::test]
async fn dogecoin_goes_out_instantly_to_a_testnet_address() {
    instant_withdrawal_of(
        "DOGE",
        "10",
        "nnj1moJGebvVEPhCYJz21mhmSDT8ZBuq9p",
        "9988.90000000",
        ["withdrawal 0.10000000 DOGE", "mining 1.00000000 DOGE"],
    )
    .await;
}

#[tokio::test]
async fn an_instant_withdrawal_from_another_balance_converts_and_charges_every_fee_in_it() {
    let (sandbox, _receiver) = with_receiver(0).await;
    let client = client(&sandbox);
    let request = |receiver: &str, foreign_id: &str| {
        types::InstantWithdrawalExchangeRequest::builder()
            .sender_currency("EUR")
            .receiver_currency(receiver)
            .sender_amount(amount("100"))
            .address("tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc")
            .foreign_id(foreign_id)
            .end_user_reference("customer-1")
    };
    let withdrawal = client
        .withdrawal_instant_exchange()
        .body(request("BTC", "iwx-1"))
        .send()
        .await
        .unwrap_or_else(|error| panic!("crypto/withdrawal_instant_exchange: {error}"))
        .into_inner()
        .data;
    assert_eq!(withdrawal.type_.as_str(), "withdrawal_instant_exchange");
    assert_eq!(withdrawal.receiver_currency.as_deref(), Some("BTC"));
    assert!(
        withdrawal
            .receiver_amount
            .is_some_and(|sent| !sent.is_zero())
    );
    sandbox
        .confirm_withdrawal(withdrawal.id)
        .unwrap_or_else(|error| panic!("{error}"));
    let delivered = deliveries(&sandbox, 1).await;
    let confirmed: types::TransactionCallback =
        serde_json::from_str(&delivered[0].body).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(confirmed.type_.as_str(), "withdrawal_instant_exchange");
    let kinds: Vec<String> = confirmed
        .fees
        .iter()
        .map(|fee| fee.type_.to_string())
        .collect();
    assert_eq!(kinds, ["withdrawal", "exchange", "mining"]);
    assert!(confirmed.fees.iter().all(|fee| fee.currency == "EUR"));
    // The balance paid the amount and every fee, exactly.
    let fees = confirmed
        .fees
        .iter()
        .try_fold(rust_decimal::Decimal::ZERO, |sum, fee| {
            sum.checked_add(fee.amount.value())
        })
        .unwrap_or_else(|| panic!("the fees overflow"));
    let left = rust_decimal::Decimal::from(10_000) - rust_decimal::Decimal::from(100) - fees;
    assert_eq!(balance(&client, "EUR").await, format!("{left:.8}"));

    let refused = error_body(
        client
            .withdrawal_instant_exchange()
            .body(request("ETH", "iwx-2"))
            .send()
            .await,
    );
    assert_eq!(
        support::field_error(refused, "receiver_currency").as_deref(),
        Some("The selected receiver currency is invalid.")
    );
    sandbox.shutdown().await;
}
