//! Amounts out of the sandbox's range, which the spec declares
//! (`RequestAmount`).
//!
//! AlphaPo is PHP: it reads every JSON number as a float, so to Laravel's
//! `numeric` rule `1e-38` is a number like any other and the request goes
//! on to the business rules (minimums, balances, quotes). The sandbox
//! computes with exact decimals, so before validation it stands in `1e-28`
//! (the smallest positive decimal), sign kept, for a tiny non-zero number no
//! decimal holds. Amounts beyond [`MAX_AMOUNT`] either way, as numbers or
//! strings, are refused with Laravel's `max` message, so no fee or rate sum
//! can overflow; a string amount with more than [`MAX_WHOLE_DIGITS`] digits
//! before the point or more than [`MAX_CHARS`] characters is refused as a
//! format error. The real API's own limits are UNCONFIRMED.

use alphapo_gen::Amount;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::errors::ValidationErrors;
use super::messages;
use crate::world::MAX_AMOUNT;

/// The most digits a string amount has before its point (the spec's
/// `RequestAmount` pattern).
pub(crate) const MAX_WHOLE_DIGITS: usize = 18;
/// The longest a string amount is, sign and point included (the spec's
/// `RequestAmount` `maxLength`): at most 28 digits, which a decimal holds.
pub(crate) const MAX_CHARS: usize = 29;

/// Replaces every top-level amount in `object` that is a JSON number too
/// close to zero for an exact decimal; `root` is the request type's JSON
/// schema.
pub(super) fn bring_into_range(root: &Value, object: &mut Map<String, Value>) {
    for (name, value) in object.iter_mut() {
        let Some(float) = value.as_f64() else {
            continue;
        };
        if !is_amount(&root["properties"][name]) || read(value).is_some() || float.abs() >= 1.0 {
            continue;
        }
        let stand_in = Decimal::new(if float.is_sign_negative() { -1 } else { 1 }, 28);
        *value = Value::String(stand_in.to_string());
    }
}

/// Records "The X must not be greater than 10^18." for every top-level
/// amount beyond [`MAX_AMOUNT`] either way (a number too large for any
/// decimal included), and "The X format is invalid." for a string amount
/// longer than the spec allows.
pub(super) fn check(errors: &mut ValidationErrors, root: &Value, object: &Map<String, Value>) {
    for (name, value) in object {
        if !is_amount(&root["properties"][name]) {
            continue;
        }
        let too_large = match read(value) {
            Some(amount) => amount.value().abs() > MAX_AMOUNT,
            None => value.as_f64().is_some_and(|float| float.abs() >= 1.0),
        };
        if too_large {
            errors.add(name, messages::max_value(name, MAX_AMOUNT));
        } else if let Value::String(text) = value
            && read(value).is_some()
            && !fits(text)
        {
            errors.add(name, messages::format(name));
        }
    }
}

/// Whether a decimal text is as short as the spec's `RequestAmount` wants.
fn fits(text: &str) -> bool {
    let whole = text
        .trim_start_matches('-')
        .split('.')
        .next()
        .unwrap_or_default();
    text.len() <= MAX_CHARS && whole.len() <= MAX_WHOLE_DIGITS
}

fn read(value: &Value) -> Option<Amount> {
    serde_json::from_value(value.clone()).ok()
}

/// Whether a property's schema is the spec's `Amount` (directly or wrapped
/// by `allOf`/`anyOf`/`oneOf`, as optional fields are).
fn is_amount(schema: &Value) -> bool {
    schema["$ref"] == "#/definitions/Amount"
        || ["allOf", "anyOf", "oneOf"]
            .iter()
            .any(|key| schema[key].as_array().into_iter().flatten().any(is_amount))
}

#[cfg(test)]
mod tests {
    use alphapo_gen::types;
    use serde_json::json;

    use super::*;

    fn root() -> Value {
        serde_json::to_value(schemars::schema_for!(types::WithdrawalRequest)).unwrap_or_default()
    }

    fn object(body: Value) -> Map<String, Value> {
        let Value::Object(object) = body else {
            panic!("an object");
        };
        object
    }

    fn brought(body: Value) -> Value {
        let mut object = object(body);
        bring_into_range(&root(), &mut object);
        Value::Object(object)
    }

    #[test]
    fn tiny_numbers_become_the_smallest_decimal_and_huge_ones_stay_to_be_refused() {
        let body = brought(json!({
            "amount": 1.5e186, "amount_to": -1.17e-38, "currency": "BTC"
        }));
        assert_eq!(body["amount"], 1.5e186);
        assert_eq!(body["amount_to"], "-0.0000000000000000000000000001");
    }

    #[test]
    fn amounts_in_range_and_other_fields_are_left_alone() {
        let body = json!({"amount": 0.001, "amount_to": "1e400", "foreign_id": 1e300});
        assert_eq!(brought(body.clone()), body);
    }

    #[test]
    fn amounts_longer_than_the_spec_allows_are_a_format_error() {
        for (amount, expected) in [
            (
                json!(1.5e186),
                "The amount must not be greater than 1000000000000000000.",
            ),
            (
                json!("0.1234567890123456789012345678"),
                "The amount format is invalid.",
            ),
            (
                json!("0000000000000000001"),
                "The amount format is invalid.",
            ),
        ] {
            let mut errors = ValidationErrors::default();
            check(&mut errors, &root(), &object(json!({ "amount": amount })));
            assert_eq!(
                errors,
                ValidationErrors::field("amount", expected.to_owned()),
                "{amount}"
            );
        }
        let mut errors = ValidationErrors::default();
        let longest = json!({"amount": "0.123456789012345678901234567", "amount_to": "999999999999999999.999999999"});
        check(&mut errors, &root(), &object(longest));
        assert_eq!(errors, ValidationErrors::default());
    }

    #[test]
    fn amounts_beyond_the_maximum_are_refused_by_name() {
        let mut errors = ValidationErrors::default();
        let body = object(json!({
            "amount": "1000000000000000000.00000001",
            "amount_to": "-1000000000000000000",
            "address": "99999999999999999999"
        }));
        check(&mut errors, &root(), &body);
        let mut expected = ValidationErrors::field(
            "amount",
            "The amount must not be greater than 1000000000000000000.".to_owned(),
        );
        // -10^18 is not too large, but has 19 digits before the point.
        expected.add("amount_to", "The amount to format is invalid.".to_owned());
        assert_eq!(errors, expected);
    }
}
