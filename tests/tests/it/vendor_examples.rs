//! The vendor's own documentation examples (`tests/fixtures/vendor/`) hold
//! against the spec: each request, response and error against its
//! operation's schema (nothing required missing, nothing undeclared, the
//! request rules kept) and its Rust type, each callback against its schema and through the SDK's verifying
//! entry point. The examples that do not hold are the exceptions
//! `INDEX.yaml` lists with their reasons, and an exception that holds again
//! fails too, so the list stays true.

use alphapo::callbacks::{Callback, VerifiedCallback, Verifier};
use alphapo_auth::{Credentials, testing};
use alphapo_tests::fixtures::{self, VendorExample};
use alphapo_tests::{required, spec};
use serde_json::{Value, json};

use crate::examples::parse_named;

/// The schema an example illustrates: the operation's request body, its
/// success or error response, or the callback payload of its `type`.
fn schema_of(spec: &Value, example: &VendorExample, value: &Value) -> Result<Value, String> {
    let component = |name: &str| json!({ "$ref": format!("#/components/schemas/{name}") });
    match example.kind.as_str() {
        "callback" => Ok(component(match value["type"].as_str() {
            Some("invoice") => "InvoiceCallback",
            Some("payment_request") => "PaymentRequestCallback",
            _ => "TransactionCallback",
        })),
        "error" => Ok(component("ApiError")),
        kind => {
            let operation = operation(spec, &example.operation)
                .ok_or_else(|| format!("the spec has no operation {}", example.operation))?;
            let schema = match kind {
                "request" => operation.pointer("/requestBody/content/application~1json/schema"),
                "response" => operation["responses"]
                    .as_object()
                    .and_then(|responses| {
                        responses.iter().find(|(status, _)| status.starts_with('2'))
                    })
                    .and_then(|(_, response)| {
                        response.pointer("/content/application~1json/schema")
                    }),
                other => return Err(format!("unknown kind {other}")),
            };
            schema
                .cloned()
                .ok_or_else(|| format!("{} has no {kind} schema", example.operation))
        }
    }
}

/// The operation with this operationId.
fn operation<'a>(spec: &'a Value, id: &str) -> Option<&'a Value> {
    spec["paths"]
        .as_object()?
        .values()
        .filter_map(Value::as_object)
        .flat_map(|item| item.values())
        .find(|operation| operation["operationId"] == id)
}

/// Signs the example's bytes, unchanged, and passes them through the SDK's
/// entry point; a known `type` must not come out as `Unknown`.
fn receive(text: &str) -> Result<(), String> {
    let credentials = Credentials::new("vendor-key", "vendor-secret").expect("credentials");
    let headers = testing::sign_callback(&credentials, text.as_bytes());
    let verified = VerifiedCallback::verify(
        &Verifier::new(&credentials),
        &headers,
        text.as_bytes().to_vec(),
    )
    .map_err(|error| format!("the SDK refuses it: {error}"))?;
    match verified.callback() {
        Callback::Unknown(unknown) => Err(format!(
            "the SDK reads it as an unknown type {}",
            unknown.callback_type
        )),
        _ => Ok(()),
    }
}

/// The request rules the spec states beside the schema (`x-alphapo-positive`:
/// amounts, when given, are above zero; `x-alphapo-exactly-one-of`), broken
/// by `value`.
fn broken_rules(spec: &Value, schema: &Value, value: &Value) -> Vec<String> {
    let schema = spec::ref_name(schema).map_or(schema, |name| required::component(spec, &name));
    let names = |key: &str| -> Vec<String> {
        schema[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()
    };
    let mut broken: Vec<String> = names("x-alphapo-positive")
        .into_iter()
        .filter(|field| value.get(field).is_some_and(|amount| !is_positive(amount)))
        .map(|field| format!("{field} is not above zero"))
        .collect();
    let one_of = names("x-alphapo-exactly-one-of");
    let given = one_of
        .iter()
        .filter(|field| value.get(field.as_str()).is_some())
        .count();
    if !one_of.is_empty() && given != 1 {
        broken.push(format!("{given} of {one_of:?} given, not exactly one"));
    }
    broken
}

/// Whether a JSON amount (a string or a number) is a decimal above zero.
fn is_positive(amount: &Value) -> bool {
    let text = match amount {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        _ => return false,
    };
    text.parse::<rust_decimal::Decimal>()
        .is_ok_and(|amount| amount > rust_decimal::Decimal::ZERO)
}

/// Everything wrong with one example against the spec and the SDK.
fn problems(spec: &Value, example: &VendorExample) -> Vec<String> {
    let value: Value = match serde_json::from_str(&example.text) {
        Ok(value) => value,
        Err(error) => return vec![format!("not JSON: {error}")],
    };
    let schema = match schema_of(spec, example, &value) {
        Ok(schema) => schema,
        Err(error) => return vec![error],
    };
    let mut problems: Vec<String> = required::missing(spec, &schema, &value)
        .into_iter()
        .map(|path| format!("lacks required {path}"))
        .collect();
    problems.extend(
        required::undeclared(spec, &schema, &value)
            .into_iter()
            .map(|path| format!("has {path}, which the spec does not declare")),
    );
    if example.kind == "request" {
        problems.extend(broken_rules(spec, &schema, &value));
    }
    match spec::ref_name(&schema) {
        Some(name) => problems.extend(parse_named(&name, &value).err()),
        None => problems.push("the schema is not a named component".to_owned()),
    }
    if example.kind == "callback" {
        problems.extend(receive(&example.text).err());
    }
    problems
}

#[test]
fn every_vendor_example_holds_or_is_a_listed_exception() {
    let spec = spec::load();
    let examples = fixtures::vendor_examples();
    assert!(examples.len() >= 25, "only {} examples", examples.len());
    let mut failures = Vec::new();
    for example in &examples {
        let problems = problems(&spec, example);
        match (&example.exception, problems.is_empty()) {
            (None, false) => failures.push(format!(
                "{} ({}): {}",
                example.file,
                example.url,
                problems.join("; ")
            )),
            (Some(_), true) => failures.push(format!(
                "{} is listed as an exception but holds: remove the exception",
                example.file
            )),
            _ => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} vendor example(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The vendor's documentation sites (the Mintlify hosts serve the same
/// pages as the docs domains; `docs.lt.` is the Lithuanian entity's copy).
const VENDOR_SITES: &[&str] = &[
    "https://docs.cryptoprocessing.com/",
    "https://docs.lt.cryptoprocessing.com/",
    "https://cryptoprocessing.mintlify.app/",
    "https://docs.alphapo.net/",
    "https://coinspaid.mintlify.app/",
];

#[test]
fn every_vendor_file_is_indexed_with_its_page_and_date() {
    let examples = fixtures::vendor_examples();
    let mut listed: Vec<&str> = examples.iter().map(|e| e.file.as_str()).collect();
    let mut on_disk: Vec<String> = std::fs::read_dir(fixtures::vendor_dir())
        .expect("the vendor folder is readable")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name != "INDEX.yaml")
        .collect();
    listed.sort_unstable();
    on_disk.sort_unstable();
    assert_eq!(listed, on_disk, "INDEX.yaml and the folder disagree");
    for example in &examples {
        assert!(
            VENDOR_SITES
                .iter()
                .any(|site| example.url.starts_with(site)),
            "{}: not a vendor page: {}",
            example.file,
            example.url
        );
        assert!(
            !example.last_modified.is_empty(),
            "{}: no date",
            example.file
        );
        assert!(
            ["request", "response", "error", "callback"].contains(&example.kind.as_str()),
            "{}: kind {}",
            example.file,
            example.kind
        );
    }
    for kind in ["request", "response", "error", "callback"] {
        assert!(
            examples.iter().any(|e| e.kind == kind),
            "no vendor {kind} example"
        );
    }
}

#[test]
fn the_check_finds_an_undeclared_field_a_missing_one_and_a_typo() {
    let spec = spec::load();
    let example = |kind: &str, text: &str| VendorExample {
        file: "probe.json".to_owned(),
        url: "https://docs.cryptoprocessing.com/probe".to_owned(),
        last_modified: "unknown".to_owned(),
        operation: "addresses_take".to_owned(),
        kind: kind.to_owned(),
        exception: None,
        text: text.to_owned(),
    };
    let good = r#"{"data": {"id": 1, "currency": "BTC", "address": "a", "tag": null,
        "foreign_id": "f"}}"#;
    assert!(problems(&spec, &example("response", good)).is_empty());
    let extra = good.replace(r#""tag": null"#, r#""tag": null, "brand_new": 1"#);
    assert!(
        problems(&spec, &example("response", &extra))
            .iter()
            .any(|p| p.contains("data.brand_new"))
    );
    let lacking = good.replace(r#""address": "a","#, "");
    assert!(
        problems(&spec, &example("response", &lacking))
            .iter()
            .any(|p| p.contains("data.address"))
    );
    let mut zero = example(
        "request",
        r#"{"currency": "BTC", "address": "a", "amount": "0",
        "foreign_id": "f", "end_user_reference": "u"}"#,
    );
    zero.operation = "withdrawal_crypto".to_owned();
    assert!(
        problems(&spec, &zero)
            .iter()
            .any(|p| p.contains("amount is not above zero"))
    );
    let typo = r#"{"id": 1, "type": "deposit", "status": "confirmed",
        "currency_received": {"currency": "BTC", "amount": "0.106.75"}}"#;
    assert!(!problems(&spec, &example("callback", typo)).is_empty());
}
