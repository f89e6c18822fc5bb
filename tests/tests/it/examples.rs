//! Every example in the spec round-trips through its generated type, every
//! documented callback fixture parses, and the open enums agree with the spec.

use alphapo_gen::types;
use alphapo_tests::{json, spec};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Parses `value` as `T`, writes it back, parses that again, and checks that
/// nothing was lost or changed on the way.
fn round_trip<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(
    value: &Value,
) -> Result<(), String> {
    let parsed: T =
        serde_json::from_value(value.clone()).map_err(|e| format!("does not parse: {e}"))?;
    let written = serde_json::to_value(&parsed).map_err(|e| format!("does not serialize: {e}"))?;
    let reparsed: T = serde_json::from_value(written.clone())
        .map_err(|e| format!("written form does not parse: {e}"))?;
    if reparsed != parsed {
        return Err(format!(
            "changed on a second trip: {parsed:?} vs {reparsed:?}"
        ));
    }
    match json::difference(value, &written) {
        Some(difference) => Err(format!("written form differs: {difference}")),
        None => Ok(()),
    }
}

/// The Rust type of every component schema by name: the generated ones and
/// the hand-written replacements (`EmptyRequest`, ...).
mod schema_types {
    pub use alphapo_gen::EmptyRequest;
    pub use alphapo_gen::types::*;
}

/// Parses `value` as `T` and nothing more: the check for an example written
/// by someone else, whose spelling (a number for an amount, say) need not be
/// the one the SDK writes back.
fn parse<T: DeserializeOwned>(value: &Value) -> Result<(), String> {
    serde_json::from_value::<T>(value.clone())
        .map(|_| ())
        .map_err(|e| format!("does not parse: {e}"))
}

/// Dispatches `$check::<Type>(value)` on the name of a component schema. A
/// schema with examples but no arm here fails the test, so new examples
/// cannot go unchecked.
macro_rules! check_schema {
    ($check:ident, $schema:expr, $value:expr) => {
        check_schema!(@types $check, $schema, $value;
            EmptyRequest, CurrenciesListRequest, CurrencyPairsRequest, AddressTakeRequest,
            WithdrawalRequest, InstantWithdrawalRequest, InstantWithdrawalExchangeRequest,
            ExchangeCalculateRequest, ExchangeFixedRequest, ExchangeNowRequest,
            InvoiceCreateRequest, TransactionInfoRequest, PaymentRequestCreateRequest,
            AccountsListResponse, CurrenciesListResponse, CurrencyPairsResponse,
            AddressTakeResponse, WithdrawalResponse, InstantWithdrawalResponse,
            ExchangeCalculateResponse, ExchangeResponse, InvoiceCreateResponse,
            InvoiceCancelResponse, TransactionInfoResponse, PaymentRequestCreateResponse,
            ApiError, TransactionCallback, InvoiceCallback, PaymentRequestCallback, ForeignId,
        )
    };
    (@types $check:ident, $schema:expr, $value:expr; $($name:ident),+ $(,)?) => {
        match $schema {
            $( stringify!($name) => $check::<schema_types::$name>($value), )+
            other => Err(format!("no Rust type is mapped for schema {other}: add it to this test")),
        }
    };
}

fn round_trip_named(schema: &str, value: &Value) -> Result<(), String> {
    check_schema!(round_trip, schema, value)
}

/// Parses `value` with the Rust type of the component schema `schema`.
pub(crate) fn parse_named(schema: &str, value: &Value) -> Result<(), String> {
    check_schema!(parse, schema, value)
}

#[test]
fn every_spec_example_round_trips_through_its_generated_type() {
    let spec = spec::load();
    let examples = spec::examples(&spec);
    assert!(
        examples.len() >= 30,
        "only {} examples found in the spec",
        examples.len()
    );
    let failures: Vec<String> = examples
        .iter()
        .filter_map(|example| {
            let result = match (&example.schema, &example.inline_schema) {
                (Some(schema), _) => round_trip_named(schema, &example.value),
                (None, Some(inline)) if inline["type"] == "string" => match example.value {
                    Value::String(_) => Ok(()),
                    _ => Err("a string schema with a non-string example".to_owned()),
                },
                (None, inline) => Err(format!("example of an unnamed schema {inline:?}")),
            };
            result
                .err()
                .map(|error| format!("{}: {error}", example.location))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} example(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_example_walker_sees_requests_responses_errors_and_callbacks() {
    let spec = spec::load();
    let examples = spec::examples(&spec);
    let seen = |needle: &str| examples.iter().any(|e| e.location.contains(needle));
    assert!(seen("/requestBody/content/application~1json/example"));
    assert!(seen("/responses/"));
    assert!(seen("/callbacks/"));
    assert!(
        examples
            .iter()
            .any(|e| e.schema.as_deref() == Some("ApiError"))
    );
}

#[test]
fn the_round_trip_check_catches_a_lost_field() {
    let value =
        serde_json::json!({"error": "Bad key header", "code": "bad_header_key", "extra": 1});
    assert!(round_trip::<types::ApiError>(&value).is_err());
}

fn fixtures() -> Vec<(String, Value)> {
    alphapo_tests::fixtures::callbacks()
}

#[test]
fn every_documented_callback_fixture_parses_as_its_callback_type() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 18, "fixtures missing: {}", fixtures.len());
    for (name, value) in fixtures {
        let result = match value["type"].as_str() {
            Some("invoice") => serde_json::from_value::<types::InvoiceCallback>(value).map(|_| ()),
            Some("payment_request") => {
                serde_json::from_value::<types::PaymentRequestCallback>(value).map(|_| ())
            }
            _ => serde_json::from_value::<types::TransactionCallback>(value).map(|_| ()),
        };
        assert!(result.is_ok(), "{name}: {result:?}");
    }
}

#[test]
fn open_enums_are_marked_and_know_exactly_the_values_the_spec_lists() {
    let spec = spec::load();
    let checks: [(&str, &[&str]); 8] = [
        ("CurrencyType", alphapo_gen::CurrencyType::KNOWN),
        ("TransactionStatus", alphapo_gen::TransactionStatus::KNOWN),
        ("CallbackType", alphapo_gen::CallbackType::KNOWN),
        ("InvoiceStatus", alphapo_gen::InvoiceStatus::KNOWN),
        ("FeeType", alphapo_gen::FeeType::KNOWN),
        ("TransferKind", alphapo_gen::TransferKind::KNOWN),
        ("TransferDirection", alphapo_gen::TransferDirection::KNOWN),
        (
            "PaymentRequestStatus",
            alphapo_gen::PaymentRequestStatus::KNOWN,
        ),
    ];
    // The breaking-change report (`cargo xtask diff`) reads these marks.
    let mut marked: Vec<&str> = spec["components"]["schemas"]
        .as_object()
        .expect("component schemas")
        .iter()
        .filter(|(_, schema)| schema["x-open-enum"] == true)
        .map(|(name, _)| name.as_str())
        .collect();
    let mut open: Vec<&str> = checks.iter().map(|(schema, _)| *schema).collect();
    marked.sort_unstable();
    open.sort_unstable();
    assert_eq!(
        marked, open,
        "the schemas marked x-open-enum are the open enums"
    );
    for (schema, known) in checks {
        let mut in_spec = spec::enum_values(&spec, schema);
        let mut in_rust: Vec<String> = known.iter().map(|v| (*v).to_owned()).collect();
        in_spec.sort();
        in_rust.sort();
        assert_eq!(in_spec, in_rust, "{schema}: spec and Rust disagree");
    }
}

#[test]
fn unknown_values_and_fields_from_the_server_parse() {
    let value = serde_json::json!({
        "id": 7, "type": "deposit_lightning", "status": "on_hold", "brand_new_field": {"x": 1},
        "fees": [{"type": "fee_new", "currency": "BTC", "amount": 0.5}],
        "transactions": [{"id": 1, "currency": "BTC", "transaction_type": "teleport",
                          "type": "refund", "amount": "1", "confirmations": 4, "tag": 5}]
    });
    let callback: types::TransactionCallback = serde_json::from_value(value).expect("parses");
    assert_eq!(callback.type_.as_str(), "deposit_lightning");
    assert!(!callback.type_.is_known());
    assert_eq!(callback.status.as_str(), "on_hold");
}
