//! Comparing JSON documents the way the API means them.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;

/// Explains how `actual` differs from `expected`, or returns `None` when they
/// mean the same: a missing key equals `null` and an empty list (the SDK reads
/// all three as "nothing"), and a number equals a string holding the same
/// decimal value (the API sends amounts both ways).
pub fn difference(expected: &Value, actual: &Value) -> Option<String> {
    diff_at("$", expected, actual)
}

fn diff_at(at: &str, expected: &Value, actual: &Value) -> Option<String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e.keys().chain(a.keys()).find_map(|key| {
            let e = nothing_as_null(e.get(key));
            let a = nothing_as_null(a.get(key));
            diff_at(&format!("{at}.{key}"), e, a)
        }),
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => e
            .iter()
            .zip(a)
            .enumerate()
            .find_map(|(i, (e, a))| diff_at(&format!("{at}[{i}]"), e, a)),
        _ if scalar_text(expected).is_some() && scalar_text(expected) == scalar_text(actual) => {
            None
        }
        _ if decimal(expected).is_some() && decimal(expected) == decimal(actual) => None,
        _ if expected == actual => None,
        _ => Some(format!("at {at}: expected {expected}, got {actual}")),
    }
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

fn decimal(value: &Value) -> Option<Decimal> {
    match value {
        Value::String(text) => Decimal::from_str(text).ok(),
        Value::Number(number) => Decimal::from_str(&number.to_string()).ok(),
        _ => None,
    }
}

fn nothing_as_null(value: Option<&Value>) -> &Value {
    match value {
        Some(Value::Array(items)) if items.is_empty() => &Value::Null,
        Some(value) => value,
        None => &Value::Null,
    }
}
