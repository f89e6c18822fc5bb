//! Request validation with AlphaPo's Laravel-style messages: a body is read
//! into its generated request type, and any serde failure is turned into
//! `{"errors": {"<field>": "<message>"}}` for the field that failed.

use std::any::TypeId;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use alphapo_gen::BodySchema;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

mod amounts;
mod email;
mod errors;
pub(crate) mod messages;
mod presence;
mod refusals;

pub(crate) use errors::ValidationErrors;

/// Reads a request body (already known to be JSON) into its generated type.
///
/// Like AlphaPo, fields the operation does not take are ignored, and an
/// array or `null` body (which only [`takes_fieldless_bodies`] types get
/// this far with) counts as one without fields. Amounts out of range are
/// brought into it (see [`amounts`]); missing fields, forbidden `null`s (the
/// spec's [`BodySchema`] says which fields take one), malformed e-mail
/// addresses and amounts over the maximum are all reported at once; other
/// shape errors (types, lengths, patterns, closed lists) come one at a time
/// (serde stops at the first), where Laravel would list them all.
pub(crate) fn parse<T>(body: Value) -> Result<T, ValidationErrors>
where
    T: DeserializeOwned + JsonSchema + BodySchema + 'static,
{
    let mut object = match body {
        Value::Object(object) => object,
        _ => Map::new(),
    };
    let schema = schema::<T>();
    let known = known_fields(&schema);
    object.retain(|name, _| known.iter().any(|field| field == name));
    let mut errors = ValidationErrors::default();
    amounts::check(&mut errors, &schema, &object);
    amounts::bring_into_range(&schema, &mut object);
    presence::check(&mut errors, &schema, &nullable_fields::<T>(), &object);
    email::check(&mut errors, "", &object);
    errors.into_result()?;
    serde_path_to_error::deserialize(Value::Object(object)).map_err(|error| {
        let path = error.path().to_string();
        let message = error.into_inner().to_string();
        describe(&path, &message)
    })
}

/// Whether a request type also takes a JSON array or `null` as its body,
/// read as one without fields: the types without required fields do
/// (`EmptyRequest`, the optional filters; the spec's `FieldlessBody`). Where
/// fields are required, such a body is refused as `bad_content_format`
/// (UNCONFIRMED).
pub(crate) fn takes_fieldless_bodies<T: JsonSchema + 'static>() -> bool {
    let schema = schema::<T>();
    let takes_objects = match &schema["type"] {
        Value::String(kind) => kind == "object",
        Value::Array(kinds) => kinds.iter().any(|kind| kind == "object"),
        _ => false,
    };
    takes_objects && schema["required"].as_array().is_none_or(Vec::is_empty)
}

/// The top-level fields of a request type that the spec lets be `null`
/// (`nullable: true`, or a choice with `enum: [null]`), from the spec's own
/// schema of the body (computed once per type).
fn nullable_fields<T: BodySchema + 'static>() -> Arc<Vec<String>> {
    static CACHE: LazyLock<Mutex<HashMap<TypeId, Arc<Vec<String>>>>> =
        LazyLock::new(Mutex::default);
    let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    Arc::clone(cache.entry(TypeId::of::<T>()).or_insert_with(|| {
        let schema: Value = serde_json::from_str(T::JSON).unwrap_or_default();
        let takes_null = |property: &Value| {
            property["nullable"] == true
                || ["oneOf", "anyOf"].iter().any(|key| {
                    property[key].as_array().into_iter().flatten().any(|form| {
                        form["enum"]
                            .as_array()
                            .is_some_and(|values| values.contains(&Value::Null))
                    })
                })
        };
        Arc::new(
            schema["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(_, property)| takes_null(property))
                .map(|(name, _)| name.clone())
                .collect(),
        )
    }))
}

/// The JSON schema of a request type, as JSON with its `definitions`
/// (computed once per type).
fn schema<T: JsonSchema + 'static>() -> Arc<Value> {
    static CACHE: LazyLock<Mutex<HashMap<TypeId, Arc<Value>>>> = LazyLock::new(Mutex::default);
    let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    Arc::clone(cache.entry(TypeId::of::<T>()).or_insert_with(|| {
        Arc::new(serde_json::to_value(schemars::schema_for!(T)).unwrap_or_default())
    }))
}

/// The top-level property names of a request type.
fn known_fields(schema: &Value) -> Vec<&str> {
    schema["properties"]
        .as_object()
        .map(|properties| properties.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// Turns one serde error at `path` into the Laravel message for its field.
fn describe(path: &str, message: &str) -> ValidationErrors {
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or_default();
        let field = if path == "." || path.is_empty() {
            name.to_owned()
        } else {
            format!("{path}.{name}")
        };
        return ValidationErrors::field(&field, messages::required(&field));
    }
    let field = path;
    let text = if let Some(rest) = message.split("longer than ").nth(1) {
        let max = rest.split(' ').next().unwrap_or_default();
        messages::max_chars(field, max)
    } else if message.contains("shorter than") {
        messages::required(field)
    } else if message.contains("unknown variant") || message.contains("did not match any variant") {
        messages::invalid_selection(field)
    } else if message.contains("doesn't match pattern") {
        messages::format(field)
    } else if message.starts_with("invalid type") && message.contains("expected a string") {
        messages::string(field)
    } else if message.contains("expected a boolean") {
        messages::boolean(field)
    } else if message.starts_with("invalid type") && message.contains("expected i64") {
        messages::integer(field)
    } else if message.contains("decimal") || message.contains("amount") {
        messages::numeric(field)
    } else {
        messages::invalid(field)
    };
    ValidationErrors::field(field, text)
}

#[cfg(test)]
mod tests {
    use alphapo_gen::types;
    use rust_decimal::Decimal;
    use serde_json::json;

    use super::*;

    fn errors_of<T: DeserializeOwned + JsonSchema + BodySchema + 'static>(
        body: Value,
    ) -> Vec<(String, String)> {
        match parse::<T>(body) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.0.into_iter().collect(),
        }
    }

    fn one(field: &str, message: &str) -> Vec<(String, String)> {
        vec![(field.to_owned(), message.to_owned())]
    }

    #[test]
    fn missing_fields_are_required() {
        let body = json!({"currency": "BTC", "end_user_reference": "u"});
        assert_eq!(
            errors_of::<types::AddressTakeRequest>(body),
            one("foreign_id", "The foreign id field is required.")
        );
    }

    #[test]
    fn empty_strings_count_as_missing() {
        let body = json!({"currency": "BTC", "foreign_id": "", "end_user_reference": "u"});
        assert_eq!(
            errors_of::<types::AddressTakeRequest>(body),
            one("foreign_id", "The foreign id field is required.")
        );
    }

    #[test]
    fn long_titles_name_their_limit() {
        let body = json!({
            "timer": true, "title": "x".repeat(51), "currency": "EUR", "amount": "10",
            "foreign_id": "f", "end_user_reference": "u",
            "url_success": "https://shop.example/ok", "url_failed": "https://shop.example/ko"
        });
        assert_eq!(
            errors_of::<types::InvoiceCreateRequest>(body),
            one("title", "The title may not be greater than 50 characters.")
        );
    }

    #[test]
    fn type_errors_have_their_own_messages() {
        let body = json!({"visible": "yes"});
        assert_eq!(
            errors_of::<types::CurrenciesListRequest>(body),
            one("visible", "The visible field must be true or false.")
        );
        let body =
            json!({"sender_currency": "BTC", "receiver_currency": "EUR", "sender_amount": "abc"});
        assert_eq!(
            errors_of::<types::ExchangeCalculateRequest>(body),
            one("sender_amount", "The sender amount must be a number.")
        );
    }

    #[test]
    fn bad_urls_and_enums_are_reported() {
        let body = json!({
            "timer": true, "title": "t", "currency": "EUR", "amount": "10",
            "foreign_id": "f", "end_user_reference": "u",
            "url_success": "http://1.2.3.4/", "url_failed": "https://shop.example/ko"
        });
        assert_eq!(
            errors_of::<types::InvoiceCreateRequest>(body),
            one("url_success", "The url success format is invalid.")
        );
    }

    #[test]
    fn only_requests_without_required_fields_take_fieldless_bodies() {
        assert!(takes_fieldless_bodies::<alphapo_gen::EmptyRequest>());
        assert!(takes_fieldless_bodies::<types::CurrenciesListRequest>());
        assert!(takes_fieldless_bodies::<types::CurrencyPairsRequest>());
        assert!(!takes_fieldless_bodies::<types::InvoiceCreateRequest>());
        assert!(!takes_fieldless_bodies::<types::TransactionInfoRequest>());
    }

    #[test]
    fn the_spec_says_which_fields_take_null() {
        assert_eq!(*nullable_fields::<types::WithdrawalRequest>(), ["tag"]);
        assert_eq!(
            *nullable_fields::<types::AddressTakeRequest>(),
            ["convert_to"]
        );
        assert_eq!(
            *nullable_fields::<types::InvoiceCreateRequest>(),
            ["sender_currency"]
        );
        assert!(nullable_fields::<types::CurrenciesListRequest>().is_empty());
        let body = json!({"currency": "BTC", "foreign_id": "f", "end_user_reference": "u",
            "convert_to": null});
        assert!(parse::<types::AddressTakeRequest>(body).is_ok());
    }

    #[test]
    fn unknown_fields_and_non_objects_are_tolerated() {
        assert!(parse::<alphapo_gen::EmptyRequest>(json!({"extra": 1})).is_ok());
        assert!(parse::<alphapo_gen::EmptyRequest>(json!([])).is_ok());
        assert!(parse::<alphapo_gen::EmptyRequest>(Value::Null).is_ok());
    }

    #[test]
    fn minimums_print_without_trailing_zeros() {
        assert_eq!(
            messages::at_least("amount", Decimal::new(1000, 6)),
            "The amount must be at least 0.001."
        );
    }
}
