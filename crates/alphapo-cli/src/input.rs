//! Request bodies from the command line: a JSON document (inline, from a
//! file, or from stdin) with `-f key=value` and `-F key=json` on top.

use std::io::Read;

use alphapo::BodySchema;
use clap::Args;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::exit::Failure;
use crate::schema;

mod numbers;

/// How a request body is given.
#[derive(Debug, Clone, Default, Args)]
pub struct BodyArgs {
    /// The JSON body: inline JSON, `@FILE`, or `-` for stdin.
    #[arg(long, value_name = "JSON|@FILE|-")]
    pub body: Option<String>,
    /// A string field, `key=value`; dots nest (`sender_data.first_name=Ada`).
    #[arg(short = 'f', long = "field", value_name = "KEY=VALUE")]
    pub fields: Vec<String>,
    /// A JSON-typed field, `key=json` (`timer=false`, `amount=10.5`, `id=42`).
    #[arg(short = 'F', long = "json-field", value_name = "KEY=JSON")]
    pub json_fields: Vec<String>,
    /// Prints the spec's example body, ready to edit, instead of calling.
    #[arg(long, conflicts_with_all = ["body", "fields", "json_fields"])]
    pub template: bool,
}

impl BodyArgs {
    /// Builds the body, checks it against the spec's schema (every problem
    /// reported at once) and parses it as the operation's request type.
    pub fn parse<T: DeserializeOwned + BodySchema>(&self) -> Result<T, Failure> {
        let body = self.value()?;
        let problems = schema::check::problems::<T>(&body);
        if !problems.is_empty() {
            let count = problems.len();
            let mut message = format!(
                "the request body has {count} problem{} (--help lists the fields):",
                if count == 1 { "" } else { "s" }
            );
            for (field, problem) in problems {
                message.push_str(&format!("\n  {field}: {problem}"));
            }
            return Err(Failure::Usage(message));
        }
        serde_path_to_error::deserialize(body).map_err(|error| {
            let field = error.path().to_string();
            Failure::Usage(format!(
                "invalid request body at `{field}`: {}",
                error.inner()
            ))
        })
    }

    /// The body as JSON: the document (or `{}`) with the fields set on top.
    pub fn value(&self) -> Result<Value, Failure> {
        let mut body = match self.body.as_deref() {
            None => Value::Object(Map::new()),
            Some(source) => parse_json(&read_source(source)?, "--body")?,
        };
        for field in &self.fields {
            let (key, value) = split(field)?;
            set(&mut body, key, Value::String(value.to_owned()))?;
        }
        for field in &self.json_fields {
            let (key, value) = split(field)?;
            set(&mut body, key, parse_json(value, key)?)?;
        }
        Ok(body)
    }
}

/// Reads `@FILE`, `-` (stdin) or returns the text itself.
pub fn read_source(source: &str) -> Result<String, Failure> {
    if source == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Failure::Usage(format!("cannot read stdin: {e}")))?;
        Ok(text)
    } else if let Some(path) = source.strip_prefix('@') {
        std::fs::read_to_string(path)
            .map_err(|e| Failure::Usage(format!("cannot read {path}: {e}")))
    } else {
        Ok(source.to_owned())
    }
}

/// Parses JSON given on the command line; a number it would not carry
/// exactly (more digits than an `f64` holds) is refused, not rounded.
fn parse_json(text: &str, what: &str) -> Result<Value, Failure> {
    let value = serde_json::from_str(text)
        .map_err(|e| Failure::Usage(format!("{what} is not valid JSON: {e}")))?;
    match numbers::first_inexact(text) {
        None => Ok(value),
        Some(number) => Err(Failure::Usage(format!(
            "{what}: the number {number} has more digits than a JSON number keeps here \
             and would be sent rounded; write it as a string: \"{number}\""
        ))),
    }
}

fn split(field: &str) -> Result<(&str, &str), Failure> {
    field
        .split_once('=')
        .filter(|(key, _)| !key.is_empty())
        .ok_or_else(|| Failure::Usage(format!("expected KEY=VALUE, got `{field}`")))
}

/// Sets `a.b.c` in `body`, creating objects on the way.
fn set(body: &mut Value, key: &str, value: Value) -> Result<(), Failure> {
    let mut node = body;
    let mut parts = key.split('.').peekable();
    while let Some(part) = parts.next() {
        let Value::Object(map) = node else {
            return Err(Failure::Usage(format!(
                "`{key}`: `{part}` is inside a value that is not an object"
            )));
        };
        if parts.peek().is_none() {
            map.insert(part.to_owned(), value);
            return Ok(());
        }
        node = map
            .entry(part.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(body: Option<&str>, fields: &[&str], json_fields: &[&str]) -> BodyArgs {
        BodyArgs {
            body: body.map(str::to_owned),
            fields: fields.iter().map(|s| (*s).to_owned()).collect(),
            json_fields: json_fields.iter().map(|s| (*s).to_owned()).collect(),
            template: false,
        }
    }

    #[test]
    fn fields_go_on_top_of_the_document_and_nest() {
        let value = args(
            Some(r#"{"currency":"BTC","amount":"1"}"#),
            &["amount=2.5", "sender_data.first_name=Ada"],
            &["timer=false"],
        )
        .value()
        .unwrap();
        assert_eq!(
            value,
            serde_json::json!({"currency":"BTC","amount":"2.5","timer":false,
                               "sender_data":{"first_name":"Ada"}})
        );
    }

    #[test]
    fn malformed_input_is_a_usage_error() {
        assert!(args(Some("{not json"), &[], &[]).value().is_err());
        assert!(args(None, &["no-equals-sign"], &[]).value().is_err());
        assert!(args(None, &[], &["x=not json"]).value().is_err());
        assert!(args(None, &["a=1", "a.b=2"], &[]).value().is_err());
    }

    #[test]
    fn a_bad_field_is_named() {
        let body = r#"{"timer":false,"title":"t","currency":"EUR","amount":"10",
            "foreign_id":"o-1","end_user_reference":"c-1",
            "url_success":"https://shop.example.com/ok","url_failed":"https://shop.example.com/no"}"#;
        let error = args(Some(body), &["title="], &[])
            .parse::<alphapo::types::InvoiceCreateRequest>()
            .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("\n  title: must be 1-50 characters (it has 0)"),
            "{error}"
        );
        assert!(
            args(Some(body), &[], &[])
                .parse::<alphapo::types::InvoiceCreateRequest>()
                .is_ok()
        );
    }
}
