//! `alphapo <operation> --help`: the body's fields as the spec gives them,
//! each with its type, whether it is required, its rules in words and its
//! description.

use alphapo::BodySchema;
use serde_json::Value;

use super::{all_of, alternatives, is_null_only, is_required, properties, rules};

/// The width descriptions are wrapped to.
const WIDTH: usize = 80;

/// The help text of `T`'s body fields, for clap's `after_long_help`.
pub fn field_help<T: BodySchema>() -> String {
    render(&super::of::<T>())
}

fn render(schema: &Value) -> String {
    let mut out =
        String::from("Body fields (from the spec; `--template` prints an example body):\n");
    if !has_fields(schema) {
        out.push_str("  none: the call takes no parameters\n");
    } else if properties(schema).is_some() {
        fields(schema, "", 1, &mut out);
    } else {
        out.push_str("  the body is one of these forms:\n");
        forms(schema, "", 1, &mut out);
    }
    out
}

/// Whether an object, or one of its forms, has properties.
fn has_fields(schema: &Value) -> bool {
    properties(schema).is_some_and(|properties| !properties.is_empty())
        || alternatives(schema).is_some_and(|forms| forms.iter().any(has_fields))
}

/// The properties of an object schema, required ones first, each named by
/// its dotted path under `prefix`.
fn fields(schema: &Value, prefix: &str, depth: usize, out: &mut String) {
    let Some(properties) = properties(schema) else {
        return;
    };
    let mut names: Vec<&String> = properties.keys().collect();
    names.sort_by_key(|name| (!is_required(schema, name), name.as_str()));
    for name in names {
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        field(
            &path,
            &properties[name],
            is_required(schema, name),
            depth,
            out,
        );
    }
}

/// One field: its line, its description, then its own fields or forms.
fn field(path: &str, schema: &Value, required: bool, depth: usize, out: &mut String) {
    let mut words = vec![
        type_words(schema),
        if required { "required" } else { "optional" }.to_owned(),
    ];
    if may_be_null(schema) {
        words.push("may be null".to_owned());
    }
    words.extend(own_rules(schema));
    let indent = "  ".repeat(depth);
    out.push_str(&format!("{indent}{path}: {}\n", words.join(", ")));
    if let Some(description) = description(schema) {
        wrap(description, &format!("{indent}    "), out);
    }
    if properties(schema).is_some() {
        fields(schema, path, depth + 1, out);
    } else {
        forms(schema, path, depth + 1, out);
    }
}

/// The object forms of a schema with alternatives, each with its fields.
fn forms(schema: &Value, prefix: &str, depth: usize, out: &mut String) {
    let objects = alternatives(schema)
        .into_iter()
        .flatten()
        .filter(|form| properties(form).is_some());
    for (number, form) in objects.enumerate() {
        let label = form["title"]
            .as_str()
            .map_or_else(|| format!("form {}", number + 1), str::to_owned);
        out.push_str(&format!("{}as {label}:\n", "  ".repeat(depth)));
        fields(form, prefix, depth + 1, out);
    }
}

/// The rules of a schema and of what it must all match (`allOf`).
fn own_rules(schema: &Value) -> Vec<String> {
    let mut found = rules::all(schema);
    for part in all_of(schema) {
        found.extend(rules::all(part));
    }
    found
}

/// What kind of value a schema takes: `string`, `integer`, `list of
/// string`, `NaturalPersonData or LegalEntityData`, or for scalar
/// alternatives each with its rules (`string (a decimal number ...) or
/// number`).
fn type_words(schema: &Value) -> String {
    if let Some(kind) = schema["type"].as_str() {
        return match kind {
            "array" => format!("list of {}", type_words(&schema["items"])),
            "object" => schema["title"].as_str().unwrap_or("object").to_owned(),
            other => other.to_owned(),
        };
    }
    if let Some(forms) = alternatives(schema) {
        let mut words: Vec<String> = Vec::new();
        for form in forms.iter().filter(|form| !is_null_only(form)) {
            let rules = rules::all(form);
            let word = if rules.is_empty() || properties(form).is_some() {
                type_words(form)
            } else {
                format!("{} ({})", type_words(form), rules.join(", "))
            };
            if !words.contains(&word) {
                words.push(word);
            }
        }
        return words.join(" or ");
    }
    match all_of(schema) {
        [only] => type_words(only),
        _ => "any JSON value".to_owned(),
    }
}

/// Whether `null` is allowed (`nullable`, or a `null`-only alternative).
pub(super) fn may_be_null(schema: &Value) -> bool {
    schema["nullable"] == true
        || alternatives(schema).is_some_and(|forms| forms.iter().any(is_null_only))
}

/// The field's own description, else its component's (or the one of what
/// it must all match).
fn description(schema: &Value) -> Option<&str> {
    schema["description"].as_str().or_else(|| {
        all_of(schema)
            .iter()
            .find_map(|part| part["description"].as_str())
    })
}

/// Appends `text` wrapped to [`WIDTH`] columns, each line after `indent`.
fn wrap(text: &str, indent: &str, out: &mut String) {
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent.len() + line.len() + 1 + word.len() > WIDTH {
            out.push_str(&format!("{indent}{line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&format!("{indent}{line}\n"));
    }
}

#[cfg(test)]
mod tests {
    use alphapo::types;

    use super::*;

    #[test]
    fn the_invoice_lists_its_title_with_its_length_and_required() {
        let help = field_help::<types::InvoiceCreateRequest>();
        assert!(
            help.contains("\n  title: string, required, 1-50 characters\n"),
            "{help}"
        );
        assert!(
            help.contains(
                "\n  url_success: string, required, an https:// URL on a domain name (not an IP \
                 address)\n"
            ),
            "{help}"
        );
        assert!(
            help.contains("\n  type: string, optional, one of: fill_or_kill, good_until_expired\n"),
            "{help}"
        );
        assert!(help.contains("Invoice title shown to the payer"), "{help}");
        assert!(help.contains("    as NaturalPersonData:\n"), "{help}");
        assert!(
            help.contains("sender_data.date_of_birth: string, required, a date written YYYY-MM-DD"),
            "{help}"
        );
        let required = help.find("\n  url_success:").expect("url_success");
        let optional = help.find("\n  description:").expect("description");
        assert!(required < optional, "required fields come first: {help}");
    }

    #[test]
    fn alternatives_minimums_and_nulls_are_spelt_out() {
        let payment = field_help::<types::PaymentRequestCreateRequest>();
        assert!(
            payment.contains("life_time_duration: integer, optional, 300 to 5184000"),
            "{payment}"
        );
        assert!(
            payment.contains(
                "amount: string (a decimal number written with digits, at most 18 before the \
                 point and 28 in all, e.g. \"10.50\", at most 29 characters) or number \
                 (-1e+18 to 1e+18), required"
            ),
            "{payment}"
        );
        assert!(
            payment.contains("  currency.iso: string, required"),
            "{payment}"
        );
        let info = field_help::<types::TransactionInfoRequest>();
        assert!(
            info.contains("one of these forms:\n  as form 1:\n    id: integer, required"),
            "{info}"
        );
        let withdrawal = field_help::<types::WithdrawalRequest>();
        assert!(
            withdrawal.contains("tag: string, optional, may be null"),
            "{withdrawal}"
        );
        assert!(
            field_help::<alphapo::EmptyRequest>().contains("none: the call takes no parameters")
        );
    }

    #[test]
    fn descriptions_wrap_under_their_field() {
        let mut out = String::new();
        wrap(&"word ".repeat(40), "    ", &mut out);
        assert!(out.lines().count() > 1, "{out}");
        assert!(
            out.lines()
                .all(|line| line.len() <= WIDTH && line.starts_with("    word"))
        );
    }
}
