//! Every documented callback (fixtures and spec examples) and every
//! documented quirk passes the verifying entry point into the right variant,
//! with exact amounts.

use crate::callbacks_support::{fixtures, receive};
use alphapo::callbacks::{Callback, DedupScope, Settlement};
use alphapo_gen::types::TransactionCallback;
use alphapo_gen::{
    Amount, CallbackType, Confirmations, FeeType, InvoiceStatus, TransactionStatus, TransferKind,
};
use alphapo_tests::spec;
use serde_json::{Value, json};

fn amount(text: &str) -> Amount {
    text.parse().expect("a valid amount")
}

/// Parses a signed JSON value through the entry point.
fn parse(value: &Value) -> Callback {
    let body = serde_json::to_vec(value).expect("serializable");
    receive(&body)
        .unwrap_or_else(|error| panic!("{value} was rejected: {error}"))
        .into_parts()
        .0
}

fn transaction(callback: &Callback) -> &TransactionCallback {
    callback
        .transaction()
        .unwrap_or_else(|| panic!("not a transaction callback: {callback:?}"))
}

/// What each documented fixture must parse into.
struct Expected {
    file: &'static str,
    callback_type: CallbackType,
    dedup_key: &'static str,
    is_final: bool,
    is_confirmed: bool,
    settled: &'static str,
    check: fn(&Callback),
}

/// A callback's settlement as text: `in AMOUNT CURRENCY`, `out AMOUNT
/// CURRENCY`, `exchange SOLD -> BOUGHT` or `none`.
fn settled(callback: &Callback) -> String {
    match callback.settlement() {
        None => "none".to_owned(),
        Some(Settlement::Incoming(money)) => format!("in {money}"),
        Some(Settlement::Outgoing(money)) => format!("out {money}"),
        Some(Settlement::Exchange { sold, bought }) => format!("exchange {sold} -> {bought}"),
    }
}

const fn expected(
    file: &'static str,
    callback_type: CallbackType,
    dedup_key: &'static str,
    (is_final, is_confirmed): (bool, bool),
    settled: &'static str,
    check: fn(&Callback),
) -> Expected {
    Expected {
        file,
        callback_type,
        dedup_key,
        is_final,
        is_confirmed,
        settled,
        check,
    }
}

const CONFIRMED: (bool, bool) = (true, true);

fn table() -> Vec<Expected> {
    use CallbackType as T;
    vec![
        expected(
            "00-deposit-confirmed.json",
            T::Deposit,
            "transaction:1:confirmed",
            CONFIRMED,
            "in 6.5119800 BTC",
            |c| {
                let deposit = transaction(c);
                let address = deposit.crypto_address.as_ref().expect("an address");
                assert_eq!(address.foreign_id.as_deref(), Some("user-id:2048"));
                assert_eq!(address.tag, None);
                assert_eq!(deposit.foreign_id, None);
                assert_eq!(
                    deposit.currency_sent.as_ref().map(|sent| sent.amount),
                    Some(amount("6.53157512"))
                );
                let transfer = &deposit.transactions[0];
                assert_eq!(
                    transfer.confirmations,
                    Some(Confirmations::new(3)),
                    "integer confirmations"
                );
                assert_eq!(transfer.riskscore, Some(amount("0.5")));
                assert_eq!(transfer.transaction_type, TransferKind::Blockchain);
                assert_eq!(
                    (&deposit.fees[0].type_, deposit.fees[0].amount),
                    (&FeeType::Deposit, amount("0.01959472"))
                );
                assert_eq!(deposit.error.as_deref(), Some(""));
            },
        ),
        expected(
            "01-deposit-confirmed.json",
            T::Deposit,
            "transaction:2686563:confirmed",
            CONFIRMED,
            "in 0.00939500 ETH",
            |c| {
                let deposit = transaction(c);
                assert_eq!(
                    deposit.transactions[0].confirmations,
                    Some(Confirmations::new(9)),
                    "string confirmations"
                );
                assert_eq!(
                    deposit
                        .fees
                        .iter()
                        .map(|fee| fee.amount)
                        .collect::<Vec<_>>(),
                    [amount("0.00010500"), amount("0.00050000")]
                );
            },
        ),
        expected(
            "02-deposit-confirmed.json",
            T::Deposit,
            "transaction:2686567:confirmed",
            CONFIRMED,
            "in 0.05910000 NNM",
            |c| {
                assert_eq!(
                    transaction(c).transactions[0].confirmations,
                    Some(Confirmations::new(7))
                );
            },
        ),
        expected(
            "03-deposit_exchange-confirmed.json",
            T::DepositExchange,
            "transaction:2686510:confirmed",
            CONFIRMED,
            "in 79.96216711 EUR",
            |c| {
                let deposit = transaction(c);
                assert_eq!(
                    deposit
                        .currency_sent
                        .as_ref()
                        .map(|sent| (sent.currency.as_str(), sent.amount)),
                    Some(("BTC", amount("0.01000000")))
                );
                let exchange = &deposit.transactions[1];
                assert_eq!(
                    (exchange.amount, exchange.amount_to),
                    (amount("0.01000000"), Some(amount("84.17070222")))
                );
                assert_eq!(deposit.fees[0].type_, FeeType::Exchange);
            },
        ),
        expected(
            "04-withdrawal-confirmed.json",
            T::Withdrawal,
            "transaction:1:confirmed",
            CONFIRMED,
            "out 0.02000000 BTC",
            |c| {
                let withdrawal = transaction(c);
                assert_eq!(withdrawal.foreign_id.as_deref(), Some("10"));
                assert_eq!(withdrawal.transactions[0].amount, amount("0.02"));
                assert_eq!(
                    withdrawal
                        .fees
                        .iter()
                        .map(|fee| fee.type_.as_str())
                        .collect::<Vec<_>>(),
                    ["mining", "withdrawal"]
                );
            },
        ),
        expected(
            "05-withdrawal-confirmed.json",
            T::Withdrawal,
            "transaction:2686565:confirmed",
            CONFIRMED,
            "out 0.01000000 ETH",
            |c| {
                assert_eq!(transaction(c).foreign_id.as_deref(), Some("23"));
            },
        ),
        expected(
            "06-withdrawal-confirmed.json",
            T::Withdrawal,
            "transaction:2686572:confirmed",
            CONFIRMED,
            "out 4.45600000 NNM",
            |c| {
                assert_eq!(transaction(c).fees[1].amount, amount("0.04456000"));
            },
        ),
        expected(
            "07-withdrawal_exchange-confirmed.json",
            T::WithdrawalExchange,
            "transaction:1:confirmed",
            CONFIRMED,
            "out 381 EUR",
            |c| {
                let withdrawal = transaction(c);
                assert_eq!(withdrawal.foreign_id.as_deref(), Some("20"));
                assert_eq!(
                    withdrawal
                        .currency_sent
                        .as_ref()
                        .map(|sent| sent.amount.to_string()),
                    Some("381".to_owned())
                );
                // JSON numbers in the documented payload, read exactly.
                let (exchange, blockchain) =
                    (&withdrawal.transactions[0], &withdrawal.transactions[1]);
                assert_eq!(exchange.amount.to_string(), "381");
                assert_eq!(
                    exchange.amount_to.map(|to| to.to_string()),
                    Some("0.108823".to_owned())
                );
                assert_eq!(blockchain.amount, amount("0.10882300"));
                assert_eq!(blockchain.confirmations, Some(Confirmations::new(3)));
                assert_eq!(
                    withdrawal
                        .fees
                        .iter()
                        .map(|fee| fee.amount)
                        .collect::<Vec<_>>(),
                    [amount("3.04800000"), amount("0.04489780")]
                );
            },
        ),
        expected(
            "08-exchange-confirmed.json",
            T::Exchange,
            "transaction:2686900:confirmed",
            CONFIRMED,
            "exchange 26.75248865 EUR -> 0.00300000 BTC",
            |c| {
                let exchange = transaction(c);
                assert!(exchange.crypto_address.is_none());
                assert_eq!(
                    exchange.transactions[0].amount_to,
                    Some(amount("0.00300000"))
                );
            },
        ),
        expected(
            "09-exchange-confirmed.json",
            T::Exchange,
            "transaction:2686901:confirmed",
            CONFIRMED,
            "exchange 0.00300000 BTC -> 29.50408884 USD",
            |c| {
                assert_eq!(transaction(c).fees[0].amount, amount("0.29504089"));
            },
        ),
        expected(
            "16-invoice-confirmed.json",
            T::Invoice,
            "invoice:588:confirmed+remaining:0.01000000",
            CONFIRMED,
            "none",
            |c| {
                let Callback::Invoice(invoice) = c else {
                    panic!("not an invoice")
                };
                assert_eq!(invoice.foreign_id.as_deref(), Some("8FW1KI7LesB9yxWcK1K"));
                assert_eq!(
                    invoice
                        .currency_sent
                        .as_ref()
                        .and_then(|sent| sent.remaining_amount),
                    Some(amount("0.01000000"))
                );
                assert!(invoice.fees.is_empty());
            },
        ),
        expected(
            "17-invoice-processing.json",
            T::Invoice,
            "invoice:22:processing",
            (false, false),
            "none",
            |c| {
                let Callback::Invoice(invoice) = c else {
                    panic!("not an invoice")
                };
                assert_eq!(invoice.status, InvoiceStatus::Processing);
            },
        ),
        expected(
            "18-invoice-confirmed.json",
            T::Invoice,
            "invoice:588:confirmed",
            CONFIRMED,
            "in 0.02000000 BTC",
            |c| {
                let Callback::Invoice(invoice) = c else {
                    panic!("not an invoice")
                };
                assert_eq!(invoice.transactions.len(), 2);
                assert_eq!(
                    (&invoice.fees[0].type_, invoice.fees[0].amount),
                    (&FeeType::FeeCryptoDeposit, amount("0.0008"))
                );
            },
        ),
        expected(
            "19-invoice-failed.json",
            T::Invoice,
            "invoice:23:failed+remaining:0.02000000",
            (true, false),
            "none",
            |c| {
                let Callback::Invoice(invoice) = c else {
                    panic!("not an invoice")
                };
                assert!(
                    invoice.transactions.is_empty(),
                    "an empty transactions list"
                );
                assert_eq!(
                    invoice
                        .currency_sent
                        .as_ref()
                        .and_then(|sent| sent.remaining_amount),
                    Some(amount("0.02000000"))
                );
            },
        ),
        expected(
            "20-invoice-failed.json",
            T::Invoice,
            "invoice:21:failed+remaining:0.00990000",
            (true, false),
            "none",
            |c| {
                let Callback::Invoice(invoice) = c else {
                    panic!("not an invoice")
                };
                assert_eq!(invoice.transactions[0].amount, amount("0.00010000"));
            },
        ),
        expected(
            "21-invoice-failed.json",
            T::Invoice,
            "invoice:21:failed+remaining:0.00990000",
            (true, false),
            "none",
            |c| {
                let Callback::Invoice(invoice) = c else {
                    panic!("not an invoice")
                };
                assert_eq!(
                    invoice.transactions[0].confirmations,
                    Some(Confirmations::new(2))
                );
            },
        ),
        expected(
            "22-deposit-not_confirmed.json",
            T::Deposit,
            "transaction:2686579:not_confirmed",
            (false, false),
            "none",
            |c| {
                assert_eq!(transaction(c).status, TransactionStatus::NotConfirmed);
            },
        ),
        expected(
            "23-withdrawal-cancelled.json",
            T::Withdrawal,
            "transaction:2686580:cancelled",
            (true, false),
            "none",
            |c| {
                let withdrawal = transaction(c);
                assert!(
                    withdrawal.currency_sent.is_none() && withdrawal.currency_received.is_none()
                );
                assert!(
                    withdrawal
                        .error
                        .as_deref()
                        .is_some_and(|error| !error.is_empty())
                );
            },
        ),
    ]
}

#[test]
fn every_fixture_parses_into_its_variant_with_exact_amounts() {
    let table = table();
    let files: Vec<String> = fixtures().into_iter().map(|(name, _)| name).collect();
    let covered: Vec<&str> = table.iter().map(|row| row.file).collect();
    assert_eq!(
        files, covered,
        "every fixture has a row, and every row a fixture"
    );

    for ((file, body), row) in fixtures().into_iter().zip(&table) {
        let verified = receive(&body).unwrap_or_else(|error| panic!("{file}: {error}"));
        assert_eq!(
            verified.body().as_ref(),
            body.as_slice(),
            "{file}: the raw body is kept"
        );
        let callback = verified.callback();
        assert_eq!(callback.callback_type(), row.callback_type, "{file}");
        assert_eq!(
            callback.dedup_key().map(|key| key.to_string()).as_deref(),
            Some(row.dedup_key),
            "{file}"
        );
        assert_eq!(
            (callback.is_final(), callback.is_confirmed()),
            (row.is_final, row.is_confirmed),
            "{file}"
        );
        assert_eq!(settled(callback), row.settled, "{file}");
        if let Some(transaction) = callback.transaction() {
            assert_eq!(transaction.type_, row.callback_type, "{file}: payload type");
        }
        (row.check)(callback);
    }
}

#[test]
fn every_callback_example_in_the_spec_parses_into_its_variant() {
    let spec = spec::load();
    let examples: Vec<_> = spec::examples(&spec)
        .into_iter()
        .filter(|example| example.location.contains("/callbacks/"))
        .collect();
    assert!(
        examples.len() >= 20,
        "only {} callback examples",
        examples.len()
    );
    for example in examples {
        let at = &example.location;
        let callback = parse(&example.value);
        assert_eq!(
            Some(callback.callback_type().as_str()),
            example.value["type"].as_str(),
            "{at}"
        );
        assert_eq!(callback.status(), example.value["status"].as_str(), "{at}");
        assert!(callback.callback_type().is_known(), "{at}");
        let family_matches = match example.schema.as_deref() {
            Some("TransactionCallback") => callback.transaction().is_some(),
            Some("InvoiceCallback") => matches!(callback, Callback::Invoice(_)),
            Some("PaymentRequestCallback") => matches!(callback, Callback::PaymentRequest(_)),
            other => panic!("{at}: unexpected callback schema {other:?}"),
        };
        assert!(family_matches, "{at}: {callback:?}");
        assert!(callback.dedup_key().is_some(), "{at}");
    }
}

/// A deposit with every optional part present, to vary one quirk at a time.
fn deposit() -> Value {
    json!({
        "id": 10, "type": "deposit", "status": "confirmed", "foreign_id": "f-1",
        "end_user_reference": "u-1",
        "crypto_address": {"id": 1, "currency": "XRP", "address": "rAddr", "tag": "12345"},
        "currency_sent": {"currency": "XRP", "amount": "10.5"},
        "currency_received": {"currency": "XRP", "amount": "10.5", "amount_minus_fee": "10.4"},
        "transactions": [{"id": 5, "currency": "XRP", "transaction_type": "blockchain",
            "type": "deposit", "address": "rAddr", "tag": "12345", "amount": "10.5",
            "txid": null, "riskscore": null, "confirmations": "1"}],
        "fees": [{"type": "deposit", "currency": "XRP", "amount": "0.1"}],
        "error": ""
    })
}

fn with(mut value: Value, pointer: &str, new: Value) -> Value {
    *value.pointer_mut(pointer).expect("the pointer exists") = new;
    value
}

fn without(mut value: Value, field: &str) -> Value {
    value.as_object_mut().expect("an object").remove(field);
    value
}

#[test]
fn amounts_parse_as_strings_or_numbers() {
    let callback = parse(&with(
        deposit(),
        "/currency_received",
        json!({"currency": "XRP", "amount": 10.5, "amount_minus_fee": 10.4}),
    ));
    assert_eq!(
        callback
            .settlement()
            .and_then(|s| s.incoming())
            .map(|c| c.amount),
        Some(amount("10.4"))
    );
    let callback = parse(&with(deposit(), "/fees/0/amount", json!(381)));
    assert_eq!(transaction(&callback).fees[0].amount, amount("381"));
    let callback = parse(&with(
        deposit(),
        "/currency_received/amount_minus_fee",
        json!(0.10882300),
    ));
    assert_eq!(
        callback
            .settlement()
            .and_then(|s| s.incoming())
            .map(|c| c.amount),
        Some(amount("0.108823"))
    );
}

#[test]
fn a_deposit_brings_in_amount_minus_fee_when_present_and_amount_otherwise() {
    let callback = parse(&deposit());
    assert_eq!(
        callback
            .settlement()
            .and_then(|s| s.incoming())
            .map(|c| c.amount),
        Some(amount("10.4"))
    );
    let callback = parse(&with(
        deposit(),
        "/currency_received",
        json!({"currency": "XRP", "amount": "10.5"}),
    ));
    assert_eq!(
        callback
            .settlement()
            .and_then(|s| s.incoming())
            .map(|c| c.amount),
        Some(amount("10.5"))
    );
}

#[test]
fn confirmations_parse_as_strings_or_integers() {
    for confirmations in [json!("12"), json!(12)] {
        let callback = parse(&with(
            deposit(),
            "/transactions/0/confirmations",
            confirmations,
        ));
        assert_eq!(
            transaction(&callback).transactions[0].confirmations,
            Some(Confirmations::new(12))
        );
    }
}

#[test]
fn tags_parse_as_strings_integers_or_null() {
    for (tag, expected) in [
        (json!("12345"), Some("12345")),
        (json!(12345), Some("12345")),
        (Value::Null, None),
    ] {
        let value = with(
            with(deposit(), "/crypto_address/tag", tag.clone()),
            "/transactions/0/tag",
            tag,
        );
        let callback = parse(&value);
        let deposit = transaction(&callback);
        assert_eq!(
            deposit
                .crypto_address
                .as_ref()
                .and_then(|a| a.tag.as_deref()),
            expected
        );
        assert_eq!(deposit.transactions[0].tag.as_deref(), expected);
    }
}

#[test]
fn optional_parts_may_be_missing() {
    let mut value = deposit();
    for field in [
        "currency_sent",
        "currency_received",
        "foreign_id",
        "end_user_reference",
        "crypto_address",
        "fees",
        "error",
    ] {
        value = without(value, field);
        let callback = parse(&value);
        assert_eq!(
            callback.dedup_key().map(|key| key.to_string()).as_deref(),
            Some("transaction:10:confirmed")
        );
    }
    let callback = parse(&value);
    assert_eq!(callback.settlement(), None);
    let deposit = transaction(&callback);
    assert!(deposit.foreign_id.is_none() && deposit.end_user_reference.is_none());
}

#[test]
fn references_may_be_numbers() {
    let value = with(
        with(deposit(), "/foreign_id", json!(20)),
        "/end_user_reference",
        json!(42),
    );
    let callback = parse(&value);
    let deposit = transaction(&callback);
    assert_eq!(
        (
            deposit.foreign_id.as_deref(),
            deposit.end_user_reference.as_deref()
        ),
        (Some("20"), Some("42"))
    );
}

#[test]
fn transactions_may_be_empty_or_missing() {
    assert!(
        transaction(&parse(&with(deposit(), "/transactions", json!([]))))
            .transactions
            .is_empty()
    );
    assert!(
        transaction(&parse(&without(deposit(), "transactions")))
            .transactions
            .is_empty()
    );
}

#[test]
fn unknown_statuses_fee_types_and_fields_are_kept() {
    let mut value = with(deposit(), "/status", json!("on_hold"));
    value = with(value, "/fees/0/type", json!("fee_from_the_future"));
    value = with(
        value,
        "/transactions/0/transaction_type",
        json!("lightning"),
    );
    value["brand_new_field"] = json!({"nested": [1, 2, 3]});
    value["transactions"][0]["another_new_field"] = json!(true);
    let body = serde_json::to_vec(&value).expect("serializable");

    let verified = receive(&body).expect("unknown values are not errors");
    let callback = verified.callback();
    let deposit = transaction(callback);
    assert_eq!(deposit.status, TransactionStatus::Unknown("on_hold".into()));
    assert_eq!(deposit.fees[0].type_.as_str(), "fee_from_the_future");
    assert_eq!(
        deposit.transactions[0].transaction_type.as_str(),
        "lightning"
    );
    assert!(!callback.is_final() && !callback.is_confirmed());
    assert_eq!(
        callback.dedup_key().map(|key| key.to_string()).as_deref(),
        Some("transaction:10:on_hold")
    );
    // Unknown fields are not in the typed payload; the verified body keeps them.
    let raw: Value = serde_json::from_slice(verified.body()).expect("the raw body is JSON");
    assert_eq!(raw["brand_new_field"]["nested"][2], 3);
}

#[test]
fn unknown_invoice_statuses_are_not_final() {
    let callback = parse(&json!({"id": 3, "type": "invoice", "status": "partially_paid"}));
    let Callback::Invoice(invoice) = &callback else {
        panic!("not an invoice")
    };
    assert_eq!(invoice.status.as_str(), "partially_paid");
    assert!(!callback.is_final());
}

#[test]
fn unknown_types_keep_their_json_and_have_a_key_when_they_can() {
    let callback =
        parse(&json!({"id": 77, "type": "staking_reward", "status": "confirmed", "amount": "1.5"}));
    let Callback::Unknown(unknown) = &callback else {
        panic!("known? {callback:?}")
    };
    assert_eq!(unknown.callback_type, "staking_reward");
    assert_eq!(unknown.json["amount"], "1.5");
    assert_eq!(
        callback.callback_type(),
        CallbackType::Unknown("staking_reward".into())
    );
    let key = callback.dedup_key().expect("id and status are there");
    assert_eq!(
        (key.scope(), key.id(), key.status()),
        (
            &DedupScope::Other("staking_reward".into()),
            "77",
            "confirmed"
        )
    );
    assert!(!callback.is_final() && !callback.is_confirmed());
    assert_eq!(callback.settlement(), None);

    let callback = parse(&json!({"payment_request_id": "u-1", "type": "refund", "status": "done"}));
    assert_eq!(
        callback.dedup_key().map(|key| key.to_string()).as_deref(),
        Some("refund:u-1:done")
    );
    assert_eq!(
        parse(&json!({"type": "refund", "status": "done"})).dedup_key(),
        None
    );
    assert_eq!(parse(&json!({"type": "refund", "id": 1})).dedup_key(), None);
}

#[test]
fn payment_requests_are_keyed_by_their_uuid_and_final_when_paid_expired_or_failed() {
    for (status, is_final, is_confirmed) in [
        ("processing", false, false),
        ("paid", true, true),
        ("expired", true, false),
        ("failed", true, false),
    ] {
        let callback = parse(
            &json!({"payment_request_id": "9b2f", "type": "payment_request", "status": status}),
        );
        assert!(matches!(callback, Callback::PaymentRequest(_)));
        assert_eq!(
            (callback.is_final(), callback.is_confirmed()),
            (is_final, is_confirmed),
            "{status}"
        );
        assert_eq!(
            callback.dedup_key().map(|key| key.to_string()),
            Some(format!("payment_request:9b2f:{status}"))
        );
        assert_eq!(
            settled(&callback),
            "none",
            "{status}: no amount, no settlement"
        );
        let with_amount = parse(
            &json!({"payment_request_id": "9b2f", "type": "payment_request",
            "status": status, "payment_request_amount": {"currency": {"iso": "EUR"}, "amount": "100"}}),
        );
        let expected = if status == "paid" {
            "in 100 EUR"
        } else {
            "none"
        };
        assert_eq!(settled(&with_amount), expected, "{status}");
    }
}

#[test]
fn no_withdrawal_fixture_ever_brings_money_in() {
    let withdrawals = fixtures()
        .into_iter()
        .map(|(file, body)| {
            (
                file,
                receive(&body).expect("a fixture verifies").into_parts().0,
            )
        })
        .filter(|(_, callback)| callback.callback_type().as_str().starts_with("withdrawal"))
        .collect::<Vec<_>>();
    assert!(
        withdrawals.len() >= 5,
        "only {} withdrawal fixtures",
        withdrawals.len()
    );
    for (file, callback) in &withdrawals {
        let settlement = callback.settlement();
        assert_eq!(settlement.and_then(|s| s.incoming()), None, "{file}");
        assert!(
            !matches!(settlement, Some(Settlement::Incoming(_))),
            "{file}: {settlement:?}"
        );
    }
    // And as any status, with amounts present, for every withdrawal type.
    for name in [
        "withdrawal",
        "withdrawal_exchange",
        "withdrawal_instant",
        "withdrawal_instant_exchange",
    ] {
        for status in [
            "confirmed",
            "pending",
            "cancelled",
            "declined",
            "processing",
            "on_hold",
        ] {
            let callback = parse(&json!({"id": 1, "type": name, "status": status,
                "currency_sent": {"currency": "BTC", "amount": "0.02"},
                "currency_received": {"currency": "BTC", "amount": "0.02", "amount_minus_fee": "0.01"}}));
            let expected = if status == "confirmed" {
                "out 0.02 BTC"
            } else {
                "none"
            };
            assert_eq!(settled(&callback), expected, "{name} {status}");
        }
    }
}

#[test]
fn processing_and_partial_invoices_bring_nothing_in() {
    let invoice = |status: &str, remaining: &str| {
        parse(&json!({"id": 5, "type": "invoice", "status": status,
            "currency_sent": {"currency": "BTC", "amount": "0.02", "remaining_amount": remaining},
            "currency_received": {"currency": "BTC", "amount": "0.02"}}))
    };
    assert_eq!(settled(&invoice("processing", "0")), "none");
    assert_eq!(
        settled(&invoice("confirmed", "0.01")),
        "none",
        "an instalment"
    );
    assert_eq!(settled(&invoice("confirmed", "0.00000000")), "in 0.02 BTC");
    assert_eq!(settled(&invoice("failed", "0")), "none");
    assert_ne!(
        invoice("confirmed", "0.01").dedup_key(),
        invoice("confirmed", "0").dedup_key(),
        "the full payment is not a repeat of an instalment"
    );
}

#[test]
fn the_paid_payment_request_of_the_spec_brings_its_amount_in() {
    let spec = spec::load();
    let mut seen = 0;
    for example in spec::examples(&spec) {
        if example.schema.as_deref() != Some("PaymentRequestCallback") {
            continue;
        }
        let callback = parse(&example.value);
        let expected = if callback.is_confirmed() {
            "in 100.00000000 EUR"
        } else {
            "none"
        };
        assert_eq!(settled(&callback), expected, "{}", example.location);
        seen += usize::from(callback.is_confirmed());
    }
    assert!(seen >= 1, "the spec has a paid payment_request example");
}

#[test]
fn invoice_and_transaction_ids_do_not_share_a_key() {
    let invoice = parse(&json!({"id": 588, "type": "invoice", "status": "confirmed"}));
    let deposit = parse(&json!({"id": 588, "type": "deposit", "status": "confirmed"}));
    assert_ne!(invoice.dedup_key(), deposit.dedup_key());
    let not_confirmed = parse(&json!({"id": 588, "type": "deposit", "status": "not_confirmed"}));
    assert_ne!(deposit.dedup_key(), not_confirmed.dedup_key());
}

#[test]
fn every_transaction_type_has_its_variant() {
    for name in [
        "deposit",
        "deposit_exchange",
        "withdrawal",
        "withdrawal_exchange",
        "withdrawal_instant",
        "withdrawal_instant_exchange",
        "exchange",
    ] {
        let callback = parse(&json!({"id": 1, "type": name, "status": "confirmed"}));
        assert_eq!(callback.callback_type().as_str(), name);
        assert!(callback.callback_type().is_known());
        assert_eq!(transaction(&callback).type_.as_str(), name);
    }
}
