//! A body checked against the spec's schema before anything is built or
//! sent, with every problem reported at once: missing fields, wrong types,
//! lengths, patterns (in words), closed lists, ranges and `null`s.
//!
//! Fields the schema does not name pass (the API ignores them), except in
//! an object that forbids others (`additionalProperties: false`).

use alphapo::{Amount, BodySchema};
use serde_json::{Number, Value};

use super::help::may_be_null;
use super::{all_of, alternatives, is_null_only, properties, rules};

/// A field (dotted path; `body` for the whole) and what is wrong with it.
pub type Problem = (String, String);

/// Every problem of `body` as a body of `T`, in field order.
pub fn problems<T: BodySchema>(body: &Value) -> Vec<Problem> {
    let mut found = Vec::new();
    check(&super::of::<T>(), body, "body", &mut found);
    found.sort_by(|(one, _), (other, _)| one.cmp(other));
    found
}

/// Checks `value` at `path` against `schema`, recording each problem.
fn check(schema: &Value, value: &Value, path: &str, found: &mut Vec<Problem>) {
    if value.is_null() {
        if !may_be_null(schema) {
            found.push((
                path.to_owned(),
                "must not be null (leave it out instead)".to_owned(),
            ));
        }
        return;
    }
    for part in all_of(schema) {
        check(part, value, path, found);
    }
    if let Some(forms) = alternatives(schema) {
        check_forms(forms, value, path, found);
    }
    if let Some(kind) = schema["type"].as_str()
        && !has_type(value, kind)
    {
        found.push((path.to_owned(), format!("must be {}", a(kind))));
        return;
    }
    if let Some(values) = schema["enum"].as_array()
        && !values.contains(value)
    {
        let choices = rules::choices(schema).unwrap_or_default();
        found.push((path.to_owned(), format!("must be {choices}")));
    }
    match value {
        Value::String(text) => check_string(schema, text, path, found),
        Value::Number(number) => check_number(schema, number, path, found),
        Value::Object(object) => {
            for name in schema["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if !object.contains_key(name) {
                    found.push((field(path, name), "is required".to_owned()));
                }
            }
            for (name, value) in object {
                match properties(schema).and_then(|properties| properties.get(name)) {
                    Some(property) => check(property, value, &field(path, name), found),
                    None if schema["additionalProperties"] == false => {
                        found.push((field(path, name), "is not a field of this body".to_owned()));
                    }
                    None => {}
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (index, item) in items.iter().enumerate() {
                    check(item_schema, item, &format!("{path}[{index}]"), found);
                }
            }
        }
        Value::Bool(_) | Value::Null => {}
    }
}

/// A value must match one of the forms: the problems of the closest form
/// when one is closer than the others, else what the forms are.
fn check_forms(forms: &[Value], value: &Value, path: &str, found: &mut Vec<Problem>) {
    let mut tried: Vec<Vec<Problem>> = Vec::new();
    for form in forms.iter().filter(|form| !is_null_only(form)) {
        let mut problems = Vec::new();
        check(form, value, path, &mut problems);
        if problems.is_empty() {
            return;
        }
        tried.push(problems);
    }
    let fewest = tried.iter().map(Vec::len).min().unwrap_or_default();
    let closest: Vec<&Vec<Problem>> = tried
        .iter()
        .filter(|problems| problems.len() == fewest)
        .collect();
    match closest.as_slice() {
        [only] if value.is_object() => found.extend(only.iter().cloned()),
        _ => found.push((path.to_owned(), format!("must be {}", forms_words(forms)))),
    }
}

/// The forms of a schema as a reader would list them: "a decimal number
/// written with digits, e.g. "10.50" or a number", "a boolean or one of: 0,
/// 1, "0", "1"", "an object with id or an object with txid".
fn forms_words(forms: &[Value]) -> String {
    let mut words = Vec::new();
    let mut choices = Vec::new();
    for form in forms.iter().filter(|form| !is_null_only(form)) {
        if let Some(values) = form["enum"].as_array() {
            choices.extend(values.iter().map(Value::to_string));
        } else if let Some(pattern) = rules::pattern(form) {
            words.push(pattern.to_owned());
        } else if let Some(title) = form["title"].as_str() {
            words.push(format!("a {title}"));
        } else if let Some(required) = form["required"].as_array() {
            let names: Vec<&str> = required.iter().filter_map(Value::as_str).collect();
            words.push(format!("an object with {}", names.join(" and ")));
        } else {
            words.push(a(form["type"].as_str().unwrap_or("JSON value")));
        }
    }
    if !choices.is_empty() {
        words.push(format!("one of: {}", choices.join(", ")));
    }
    words.join(" or ")
}

fn check_string(schema: &Value, text: &str, path: &str, found: &mut Vec<Problem>) {
    let length = text.chars().count() as u64;
    let too_short = schema["minLength"].as_u64().is_some_and(|min| length < min);
    let too_long = schema["maxLength"].as_u64().is_some_and(|max| length > max);
    if too_short || too_long {
        let rule = rules::length(schema).unwrap_or_default();
        found.push((path.to_owned(), format!("must be {rule} (it has {length})")));
    }
    if let Some(pattern) = schema["pattern"].as_str() {
        // The spec's patterns are ECMAScript regexes, as the generated types
        // read them; one that does not compile checks nothing here.
        let matches = match regress::Regex::new(pattern) {
            Ok(regex) => regex.find(text).is_some(),
            Err(_) => true,
        };
        if !matches {
            let words = rules::pattern(schema).unwrap_or_default();
            found.push((path.to_owned(), format!("must be {words}")));
        }
    }
}

fn check_number(schema: &Value, number: &Number, path: &str, found: &mut Vec<Problem>) {
    let exact = |number: &Number| number.to_string().parse::<Amount>().ok();
    let Some(value) = exact(number) else {
        return;
    };
    let bound = |keyword: &str| schema[keyword].as_number().and_then(exact);
    let below = bound("minimum").is_some_and(|min| value < min);
    let above = bound("maximum").is_some_and(|max| value > max);
    if below || above {
        let rule = rules::range(schema).unwrap_or_default();
        found.push((path.to_owned(), format!("must be {rule} (it is {number})")));
    }
}

/// Whether `value` is of the OpenAPI `type`.
fn has_type(value: &Value, kind: &str) -> bool {
    match kind {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        _ => true,
    }
}

/// A type with its article: "a string", "an integer", "an object".
fn a(kind: &str) -> String {
    let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {kind}")
}

/// The path of `name` inside `path` (top-level fields go bare).
fn field(path: &str, name: &str) -> String {
    if path == "body" {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

#[cfg(test)]
mod tests {
    use alphapo::types;
    use serde_json::json;

    use super::*;

    fn names(problems: &[Problem]) -> Vec<&str> {
        problems.iter().map(|(field, _)| field.as_str()).collect()
    }

    #[test]
    fn an_empty_invoice_names_all_eight_required_fields() {
        let problems = problems::<types::InvoiceCreateRequest>(&json!({}));
        assert_eq!(
            names(&problems),
            [
                "amount",
                "currency",
                "end_user_reference",
                "foreign_id",
                "timer",
                "title",
                "url_failed",
                "url_success"
            ]
        );
        assert!(problems.iter().all(|(_, message)| message == "is required"));
    }

    #[test]
    fn every_kind_of_problem_is_reported_at_once_in_words() {
        let body = json!({
            "timer": "yes", "title": "x".repeat(51), "currency": "EUR", "amount": "ten",
            "foreign_id": "", "end_user_reference": 7, "url_success": "https://10.0.0.1/ok",
            "url_failed": "https://shop.example.com/no", "type": "forever", "description": null,
            "sender_data": {"first_name": "Ada", "last_name": "L", "date_of_birth": "1815"},
            "unknown_field": "ignored"
        });
        let problems = problems::<types::InvoiceCreateRequest>(&body);
        let said: Vec<String> = problems.iter().map(|(f, m)| format!("{f}: {m}")).collect();
        assert_eq!(
            said,
            [
                "amount: must be a decimal number written with digits, at most 18 before the point and 28 \
                 in all, e.g. \"10.50\" or a number",
                "description: must not be null (leave it out instead)",
                "end_user_reference: must be a string",
                "foreign_id: must be 1-255 characters (it has 0)",
                "sender_data.date_of_birth: must be a date written YYYY-MM-DD",
                "timer: must be a boolean or one of: 0, 1, \"0\", \"1\"",
                "title: must be 1-50 characters (it has 51)",
                "type: must be one of: fill_or_kill, good_until_expired",
                "url_success: must be an https:// URL on a domain name (not an IP address)",
            ]
        );
    }

    #[test]
    fn ranges_forms_and_closed_objects() {
        let payment = json!({"amount": "10", "currency": {"iso": "EUR"}, "life_time_duration": 60});
        assert_eq!(
            problems::<types::PaymentRequestCreateRequest>(&payment),
            [(
                "life_time_duration".to_owned(),
                "must be 300 to 5184000 (it is 60)".to_owned()
            )]
        );
        let info = problems::<types::TransactionInfoRequest>(&json!({}));
        assert_eq!(
            info,
            [(
                "body".to_owned(),
                "must be an object with id or an object with foreign_id or an object with txid"
                    .to_owned()
            )]
        );
        let both = problems::<types::TransactionInfoRequest>(&json!({"id": 1, "txid": "ab"}));
        assert!(!both.is_empty(), "two forms at once are refused");
        assert!(problems::<types::TransactionInfoRequest>(&json!({"id": 1})).is_empty());
        assert!(problems::<alphapo::EmptyRequest>(&json!({})).is_empty());
        assert!(problems::<alphapo::EmptyRequest>(&json!([])).is_empty());
    }
}
