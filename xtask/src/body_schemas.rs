//! The spec's schema of every request body, for tools that explain a body
//! (`alphapo <operation> --help`) or check one before it is sent.
//!
//! The generated types' `schemars::JsonSchema` does not carry what the spec
//! says about a constrained string (its length, pattern and description live
//! on the newtype, which schemars shows as a bare `string`), so the schemas
//! are taken from the spec itself: each request body's component with every
//! `$ref` inlined (an inlined schema's `title` names its component). Every
//! pattern must come with `x-alphapo-in-words`, its meaning in words.

use std::collections::BTreeMap;

use openapiv3::OpenAPI;
use serde_json::{Map, Value};

use crate::generated_file::{GeneratedFile, HEADER};
use crate::replacements::{BODY_REPLACEMENTS, REPLACEMENTS};
use crate::request_body;

/// The generated schemas, relative to the workspace root.
const PATH: &str = "crates/alphapo-gen/src/body_schemas.rs";
/// Where component schemas are referenced from.
const COMPONENTS: &str = "#/components/schemas/";
/// The extension that says what a pattern means.
const IN_WORDS: &str = "x-alphapo-in-words";
/// The raw-string delimiter of the generated literals.
const HASHES: &str = "###";

/// Renders the file: one `BodySchema` impl per request body type, then the
/// table of patterns in words.
pub fn render(spec: &OpenAPI) -> Result<GeneratedFile, String> {
    let spec = serde_json::to_value(spec).map_err(|e| format!("the spec as JSON: {e}"))?;
    let mut bodies = BTreeMap::new();
    for name in request_bodies(&spec) {
        let reference = serde_json::json!({ "$ref": format!("{COMPONENTS}{name}") });
        let schema = inline(&spec, &reference, 0)?;
        bodies.insert(name, schema);
    }
    let mut patterns = BTreeMap::new();
    for (name, schema) in &bodies {
        collect_patterns(name, schema, &mut patterns)?;
    }
    let mut out = String::from(HEADER);
    out.push_str(
        "//! The spec's schema of every request body, `$ref`s inlined (an inlined\n\
         //! schema's `title` names its component), and what each pattern in them\n\
         //! means in words (`x-alphapo-in-words`).\n",
    );
    for (name, schema) in &bodies {
        let json = serde_json::to_string_pretty(schema).map_err(|e| e.to_string())?;
        out.push_str(&format!(
            "\nimpl crate::body_schema::BodySchema for {} {{\n    const JSON: &'static str = {};\n}}\n",
            rust_type(name),
            raw(&json)?
        ));
    }
    out.push_str(
        "\n/// Every pattern of a request body, with what it means in words.\n\
         pub(crate) const PATTERNS_IN_WORDS: &[(&str, &str)] = &[\n",
    );
    for (pattern, words) in &patterns {
        out.push_str(&format!("    ({}, {}),\n", raw(pattern)?, raw(words)?));
    }
    out.push_str("];\n");
    Ok(GeneratedFile {
        path: PATH,
        contents: out,
    })
}

/// The component names of the operations' JSON request bodies.
fn request_bodies(spec: &Value) -> Vec<String> {
    let mut names = Vec::new();
    for item in spec["paths"].as_object().into_iter().flat_map(Map::values) {
        for operation in item.as_object().into_iter().flat_map(Map::values) {
            let schema = &operation["requestBody"]["content"]["application/json"]["schema"];
            if let Some(name) = request_body::component_in_json(schema)
                && !names.iter().any(|known| known == name)
            {
                names.push(name.to_owned());
            }
        }
    }
    names
}

/// `schema` with every `$ref` replaced by its component (titled with the
/// component's name).
fn inline(spec: &Value, schema: &Value, depth: usize) -> Result<Value, String> {
    if depth > 32 {
        return Err("request schemas nest more than 32 levels (a cycle?)".to_owned());
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference
            .strip_prefix(COMPONENTS)
            .ok_or_else(|| format!("unsupported $ref {reference}"))?;
        let component = &spec["components"]["schemas"][name];
        if component.is_null() {
            return Err(format!("$ref {reference} names no schema"));
        }
        let mut inlined = inline(spec, component, depth + 1)?;
        if let Value::Object(object) = &mut inlined {
            object
                .entry("title")
                .or_insert_with(|| Value::String(name.to_owned()));
        }
        return Ok(inlined);
    }
    Ok(match schema {
        Value::Object(object) => Value::Object(
            object
                .iter()
                .map(|(key, value)| Ok((key.clone(), inline_children(spec, value, depth)?)))
                .collect::<Result<_, String>>()?,
        ),
        other => other.clone(),
    })
}

/// Inlines the schemas inside a keyword's value (a schema, a list of them,
/// or a map of them); other values are kept.
fn inline_children(spec: &Value, value: &Value, depth: usize) -> Result<Value, String> {
    Ok(match value {
        Value::Object(_) => inline(spec, value, depth + 1)?,
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| match item {
                    Value::Object(_) => inline(spec, item, depth + 1),
                    other => Ok(other.clone()),
                })
                .collect::<Result<_, _>>()?,
        ),
        other => other.clone(),
    })
}

/// Records each `pattern` with its `x-alphapo-in-words`, failing for a
/// pattern without one.
fn collect_patterns(
    body: &str,
    schema: &Value,
    patterns: &mut BTreeMap<String, String>,
) -> Result<(), String> {
    match schema {
        Value::Object(object) => {
            if let Some(pattern) = object.get("pattern").and_then(Value::as_str) {
                let words = object
                    .get(IN_WORDS)
                    .and_then(Value::as_str)
                    .ok_or_else(|| {
                        format!(
                            "{body}: the pattern {pattern:?} has no {IN_WORDS} (say what it means)"
                        )
                    })?;
                patterns.insert(pattern.to_owned(), words.to_owned());
            }
            for value in object.values() {
                collect_patterns(body, value, patterns)?;
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_patterns(body, item, patterns)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The Rust path of a request body component: a hand-written replacement or
/// the generated type.
fn rust_type(name: &str) -> String {
    REPLACEMENTS
        .iter()
        .chain(BODY_REPLACEMENTS)
        .find(|(schema, _)| *schema == name)
        .map_or_else(
            || format!("::alphapo_gen::types::{name}"),
            |(_, path)| (*path).to_owned(),
        )
}

/// `text` as a raw string literal.
fn raw(text: &str) -> Result<String, String> {
    if text.contains(&format!("\"{HASHES}")) {
        return Err(format!("cannot quote {text:?} as a raw string"));
    }
    Ok(format!("r{HASHES}\"{text}\"{HASHES}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec() -> Value {
        json!({"components": {"schemas": {
            "Title": {"type": "string", "maxLength": 50},
            "Url": {"type": "string", "pattern": "^https://", IN_WORDS: "an https:// URL"},
            "Body": {"type": "object", "properties": {
                "title": {"$ref": "#/components/schemas/Title"},
                "urls": {"type": "array", "items": {"$ref": "#/components/schemas/Url"}},
                "either": {"oneOf": [{"$ref": "#/components/schemas/Url"}, {"enum": [null]}]}
            }}
        }}})
    }

    #[test]
    fn refs_are_inlined_with_their_name_as_title() {
        let body = inline(&spec(), &json!({"$ref": "#/components/schemas/Body"}), 0).unwrap();
        assert_eq!(
            body["properties"]["title"],
            json!({"type": "string", "maxLength": 50, "title": "Title"})
        );
        assert_eq!(body["properties"]["urls"]["items"]["title"], "Url");
        assert_eq!(body["properties"]["either"]["oneOf"][0]["title"], "Url");
        assert_eq!(
            body["properties"]["either"]["oneOf"][1],
            json!({"enum": [null]})
        );
        assert_eq!(body["title"], "Body");
    }

    #[test]
    fn a_pattern_needs_its_words() {
        let body = inline(&spec(), &json!({"$ref": "#/components/schemas/Body"}), 0).unwrap();
        let mut patterns = BTreeMap::new();
        collect_patterns("Body", &body, &mut patterns).unwrap();
        assert_eq!(patterns["^https://"], "an https:// URL");
        let bare = json!({"properties": {"x": {"pattern": "^a$"}}});
        let error = collect_patterns("Bare", &bare, &mut patterns).unwrap_err();
        assert!(error.contains("x-alphapo-in-words"), "{error}");
    }

    #[test]
    fn a_missing_ref_is_an_error() {
        let error = inline(&spec(), &json!({"$ref": "#/components/schemas/Nope"}), 0).unwrap_err();
        assert!(error.contains("Nope"), "{error}");
    }
}
