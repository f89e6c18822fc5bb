//! Fields the API always sends, `null` and `[]` included, are always written
//! by the generated types, and a payload that lacks them still reads.

use alphapo_gen::types;
use alphapo_tests::spec::{self, AlwaysSent};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// A payload of `schema` with only the fields that may never be missing: the
/// always-sent ones are left out on purpose.
fn without_always_sent(schema: &str) -> Option<Value> {
    Some(match schema {
        "Address" => json!({"id": 1, "currency": "BTC", "address": "tb1q", "foreign_id": "f"}),
        "CryptoAddress" => json!({"id": 1, "currency": "BTC", "address": "tb1q"}),
        "Invoice" => json!({
            "id": 1, "url": "https://invoices.example.com/i/1", "foreign_id": "f",
            "status": "created", "currency": "EUR", "amount": "10.00000000"
        }),
        "TransactionCallback" => json!({"id": 1, "type": "deposit", "status": "confirmed"}),
        "InvoiceCallback" => json!({"id": 1, "type": "invoice", "status": "failed"}),
        _ => return None,
    })
}

/// Reads `value` as `T` and writes it back.
fn read_and_write<T: DeserializeOwned + Serialize>(value: Value) -> Result<Value, String> {
    let parsed: T = serde_json::from_value(value).map_err(|e| format!("does not read: {e}"))?;
    serde_json::to_value(&parsed).map_err(|e| format!("does not write: {e}"))
}

fn read_and_write_named(schema: &str, value: Value) -> Result<Value, String> {
    match schema {
        "Address" => read_and_write::<types::Address>(value),
        "CryptoAddress" => read_and_write::<types::CryptoAddress>(value),
        "Invoice" => read_and_write::<types::Invoice>(value),
        "TransactionCallback" => read_and_write::<types::TransactionCallback>(value),
        "InvoiceCallback" => read_and_write::<types::InvoiceCallback>(value),
        other => Err(format!(
            "no Rust type is mapped for schema {other}: add it here"
        )),
    }
}

fn marked() -> Vec<AlwaysSent> {
    let fields = spec::always_sent(&spec::load());
    assert!(
        fields.len() >= 15,
        "only {} always-sent fields",
        fields.len()
    );
    fields
}

#[test]
fn a_payload_without_the_always_sent_fields_still_reads_and_writes_them_empty() {
    let mut failures = Vec::new();
    for field in marked() {
        let Some(payload) = without_always_sent(&field.schema) else {
            failures.push(format!("{}: no minimal payload in this test", field.schema));
            continue;
        };
        assert!(payload.get(&field.property).is_none(), "{field:?}");
        let written = match read_and_write_named(&field.schema, payload) {
            Ok(written) => written,
            Err(error) => {
                failures.push(format!("{}.{}: {error}", field.schema, field.property));
                continue;
            }
        };
        let expected = if field.is_list {
            json!([])
        } else {
            Value::Null
        };
        match written.get(&field.property) {
            Some(value) if *value == expected => {}
            other => failures.push(format!(
                "{}.{}: written as {other:?}, expected {expected}",
                field.schema, field.property
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_reference_invoice_is_written_back_with_every_null() {
    // Reference §5.12: the invoice create response as the API sends it.
    let sent = json!({"data": {
        "id": 826900, "url": "https://invoices.alphapo.net/invoice/Jyf1cQ",
        "foreign_id": "test_foreign_id_0344", "end_user_reference": "12345", "address": null,
        "title": "Invoice Title", "status": "created", "currency": "EUR",
        "amount": "100.00000000", "sender_currency": null, "sender_amount": null,
        "fixed_at": null, "release_at": null, "seconds_left": null
    }});
    let written = read_and_write::<types::InvoiceCreateResponse>(sent.clone()).expect("reads");
    assert_eq!(written, sent, "the sandbox must send what the API sends");
}

#[test]
fn an_expired_invoice_callback_is_written_with_empty_lists() {
    let written = read_and_write::<types::InvoiceCallback>(json!({
        "id": 23, "foreign_id": "77xa2pd", "type": "invoice",
        "crypto_address": {"id": 1846, "currency": "BTC", "address": "2MyL2ftBdNsmpsx1EKggPzNVuoiZCWdVaLX"},
        "transactions": [], "fees": [], "error": "Timer expired. User not paid.",
        "status": "failed", "fixed_at": 1592309817, "expires_at": 1592310717
    }))
    .expect("reads");
    assert_eq!(written["transactions"], json!([]));
    assert_eq!(written["fees"], json!([]));
    assert_eq!(written["crypto_address"]["tag"], Value::Null);
}

#[test]
fn null_tags_and_riskscores_read_as_none_and_other_values_still_parse() {
    let transfer: types::Transfer = serde_json::from_value(json!({
        "id": 1, "currency": "XRP", "transaction_type": "blockchain", "type": "deposit",
        "amount": "1", "tag": null, "riskscore": null, "txid": null
    }))
    .expect("nulls read");
    assert_eq!((transfer.tag, transfer.riskscore), (None, None));
    let address: types::Address = serde_json::from_value(json!({
        "id": 1, "currency": "XRP", "address": "r9cZA1", "tag": 12345, "foreign_id": "f"
    }))
    .expect("an integer tag reads");
    assert_eq!(address.tag.as_ref().map(|tag| tag.as_str()), Some("12345"));
    // Optional fields that are not always sent are still left out.
    let written = serde_json::to_value(&address).expect("writes");
    assert!(written.get("convert_to").is_none(), "{written}");
}

#[test]
fn a_builder_leaves_always_sent_fields_empty() {
    let callback = types::TransactionCallback::try_from(
        types::TransactionCallback::builder()
            .id(1)
            .type_(alphapo_gen::CallbackType::Deposit)
            .status(alphapo_gen::TransactionStatus::Confirmed),
    )
    .expect("always-sent fields default in the builder");
    let written = serde_json::to_value(&callback).expect("writes");
    assert_eq!(written["transactions"], json!([]));
    assert_eq!(written["fees"], json!([]));
    assert_eq!(written["error"], Value::Null);
}
