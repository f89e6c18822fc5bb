//! The spec's schema of a request body ([`alphapo::BodySchema`]), explained
//! field by field for `--help` ([`help`]) and checked before a call, every
//! problem at once ([`check`]). Both say a rule the same way ([`rules`]).

pub mod check;
pub mod help;

use alphapo::BodySchema;
use serde_json::{Map, Value};

/// The schema of `T`'s body as JSON (`Null`, which explains and checks
/// nothing, if the generated text were not JSON; a test reads every one).
pub fn of<T: BodySchema>() -> Value {
    serde_json::from_str(T::JSON).unwrap_or_default()
}

/// A schema's alternatives (`oneOf`, `anyOf`), if it has any.
fn alternatives(schema: &Value) -> Option<&[Value]> {
    ["oneOf", "anyOf"]
        .iter()
        .find_map(|keyword| schema[keyword].as_array())
        .map(Vec::as_slice)
}

/// The schemas a value must match all of (`allOf`).
fn all_of(schema: &Value) -> &[Value] {
    schema["allOf"].as_array().map_or(&[], Vec::as_slice)
}

/// The alternative that only admits `null` (the spec's way to make a `$ref`
/// nullable), as opposed to a real form.
fn is_null_only(schema: &Value) -> bool {
    schema["enum"]
        .as_array()
        .is_some_and(|values| values.iter().all(Value::is_null))
        || schema["type"] == "null"
}

/// An object's properties.
fn properties(schema: &Value) -> Option<&Map<String, Value>> {
    schema["properties"].as_object()
}

/// Whether `name` is required by an object schema.
fn is_required(schema: &Value, name: &str) -> bool {
    schema["required"]
        .as_array()
        .is_some_and(|required| required.iter().any(|field| field == name))
}

/// How the rules of a schema read, shared by the help and the check.
pub mod rules {
    use serde_json::Value;

    /// A length rule: "1-50 characters", "at most 1000 characters", "not
    /// empty"; `None` without one.
    pub fn length(schema: &Value) -> Option<String> {
        let (min, max) = (schema["minLength"].as_u64(), schema["maxLength"].as_u64());
        Some(match (min, max) {
            (Some(min), Some(max)) if min == max => format!("exactly {max} characters"),
            (Some(min), Some(max)) if min > 0 => format!("{min}-{max} characters"),
            (_, Some(max)) => format!("at most {max} characters"),
            (Some(1), None) => "not empty".to_owned(),
            (Some(min), None) if min > 1 => format!("at least {min} characters"),
            _ => return None,
        })
    }

    /// A pattern in the spec's words ([`alphapo::pattern_in_words`]).
    pub fn pattern(schema: &Value) -> Option<&'static str> {
        let pattern = schema["pattern"].as_str()?;
        Some(alphapo::pattern_in_words(pattern).unwrap_or("in the format the spec's pattern sets"))
    }

    /// A closed list of values: `one of: natural, legal`.
    pub fn choices(schema: &Value) -> Option<String> {
        let values = schema["enum"].as_array()?;
        let values: Vec<String> = values.iter().filter(|v| !v.is_null()).map(value).collect();
        Some(format!("one of: {}", values.join(", ")))
    }

    /// A range of numbers: "300 to 5184000", "at least 0".
    pub fn range(schema: &Value) -> Option<String> {
        let bound = |keyword: &str| schema.get(keyword).filter(|v| v.is_number()).map(value);
        Some(match (bound("minimum"), bound("maximum")) {
            (Some(min), Some(max)) => format!("{min} to {max}"),
            (Some(min), None) => format!("at least {min}"),
            (None, Some(max)) => format!("at most {max}"),
            (None, None) => return None,
        })
    }

    /// Every rule of one schema, in reading order: the pattern, then the
    /// length, choices and range ("an https:// URL on a domain name (not an
    /// IP address), at most 255 characters").
    pub fn all(schema: &Value) -> Vec<String> {
        let pattern = pattern(schema).map(str::to_owned);
        [pattern, length(schema), choices(schema), range(schema)]
            .into_iter()
            .flatten()
            .collect()
    }

    /// A JSON value as it is typed: strings bare (`natural`) unless they
    /// would read as another value (`"0"`), others as JSON (`0`).
    fn value(value: &Value) -> String {
        match value {
            Value::String(text) if serde_json::from_str::<Value>(text).is_err() => text.clone(),
            other => other.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::rules;

    #[test]
    fn rules_read_as_words() {
        assert_eq!(
            rules::length(&json!({"minLength": 1, "maxLength": 50})).as_deref(),
            Some("1-50 characters")
        );
        assert_eq!(
            rules::length(&json!({"maxLength": 1000})).as_deref(),
            Some("at most 1000 characters")
        );
        assert_eq!(
            rules::length(&json!({"minLength": 1})).as_deref(),
            Some("not empty")
        );
        assert_eq!(rules::length(&json!({})), None);
        assert_eq!(
            rules::choices(&json!({"enum": ["natural", "legal", null]})).as_deref(),
            Some("one of: natural, legal")
        );
        assert_eq!(
            rules::choices(&json!({"enum": ["0", "1"]})).as_deref(),
            Some("one of: \"0\", \"1\"")
        );
        assert_eq!(
            rules::range(&json!({"minimum": 300, "maximum": 5_184_000})).as_deref(),
            Some("300 to 5184000")
        );
        let url = alphapo::types::RedirectUrl::try_from("https://1.2.3.4/").unwrap_err();
        let pattern = url.to_string();
        let pattern = pattern
            .strip_prefix("doesn't match pattern \"")
            .and_then(|rest| rest.strip_suffix('"'))
            .expect("the generated message quotes the pattern");
        assert_eq!(
            rules::all(&json!({"pattern": pattern, "maxLength": 255})),
            [
                "an https:// URL on a domain name (not an IP address)",
                "at most 255 characters"
            ]
        );
    }
}
