//! Amounts out of the sandbox's range.
//!
//! AlphaPo is PHP: it reads every JSON number as a float, so to Laravel's
//! `numeric` rule `1e-38` and `1.5e186` are numbers like any other and the
//! request goes on to the business rules (minimums, balances, quotes). The
//! sandbox computes with exact decimals, so before validation it stands in
//! the nearest amount it can compute with: `1e-28` (the smallest positive
//! decimal) for a tiny non-zero number, [`MAX_AMOUNT`] for a huge one, with
//! the sign kept. Amounts written out beyond [`MAX_AMOUNT`] are refused
//! with Laravel's `max` message, so no fee or rate sum can overflow. The
//! real API's upper limit is UNCONFIRMED.

use alphapo_gen::Amount;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::{ValidationErrors, messages};
use crate::state::MAX_AMOUNT;

/// Replaces every top-level amount in `object` that is a JSON number no
/// exact decimal can hold; `root` is the request type's JSON schema.
pub(super) fn bring_into_range(root: &Value, object: &mut Map<String, Value>) {
    for (name, value) in object.iter_mut() {
        let Some(float) = value.as_f64() else {
            continue;
        };
        if !is_amount(&root["properties"][name]) || read(value).is_some() {
            continue;
        }
        let magnitude = if float.abs() < 1.0 {
            Decimal::new(1, 28)
        } else {
            MAX_AMOUNT
        };
        let stand_in = if float.is_sign_negative() {
            -magnitude
        } else {
            magnitude
        };
        *value = Value::String(stand_in.to_string());
    }
}

/// Records "The X must not be greater than 10^18." for every top-level
/// amount beyond [`MAX_AMOUNT`] either way.
pub(super) fn check(errors: &mut ValidationErrors, root: &Value, object: &Map<String, Value>) {
    for (name, value) in object {
        if is_amount(&root["properties"][name])
            && read(value).is_some_and(|amount| amount.value().abs() > MAX_AMOUNT)
        {
            errors.add(name, messages::max_value(name, MAX_AMOUNT));
        }
    }
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
    fn numbers_out_of_range_become_the_nearest_amount_the_sandbox_computes_with() {
        let body = brought(json!({
            "amount": 1.5e186, "amount_to": -1.17e-38, "currency": "BTC"
        }));
        assert_eq!(body["amount"], "1000000000000000000");
        assert_eq!(body["amount_to"], "-0.0000000000000000000000000001");
    }

    #[test]
    fn amounts_in_range_and_other_fields_are_left_alone() {
        let body = json!({"amount": 0.001, "amount_to": "1e400", "foreign_id": 1e300});
        assert_eq!(brought(body.clone()), body);
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
        assert_eq!(
            errors,
            ValidationErrors::field(
                "amount",
                "The amount must not be greater than 1000000000000000000.".to_owned()
            )
        );
    }
}
