//! A schema with its `$ref`s followed, in the form the rules compare.
//!
//! OpenAPI 3.0 spells one meaning several ways; the shape keeps the meaning:
//! `nullable: true` and `oneOf: [X, {enum: [null]}]` both become a nullable
//! `X`, a lone `allOf: [X]` becomes `X`, and a schema without `type` gets the
//! one its keywords imply.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// The extension that marks an enum the server may extend (its readers keep
/// unknown values), so a new value is not a breaking change.
pub const OPEN_ENUM: &str = "x-open-enum";

/// Bounds compared by the rules: lower bounds first, then upper bounds.
pub const LOWER_BOUNDS: [&str; 3] = ["minLength", "minimum", "minItems"];
pub const UPPER_BOUNDS: [&str; 3] = ["maxLength", "maximum", "maxItems"];

/// A resolved schema.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shape {
    /// The component it was reached through (`InvoiceTitle`), if any.
    pub name: Option<String>,
    /// `string`, `integer`, `number`, `boolean`, `object`, `array`, or `any`.
    pub kind: String,
    pub format: Option<String>,
    pub nullable: bool,
    /// The allowed values, `null` excepted (it sets `nullable`).
    pub values: Option<Vec<Value>>,
    /// Marked [`OPEN_ENUM`].
    pub open: bool,
    pub pattern: Option<String>,
    /// The numeric bounds present, by keyword.
    pub bounds: BTreeMap<&'static str, f64>,
    pub properties: BTreeMap<String, Shape>,
    pub required: BTreeSet<String>,
    /// `additionalProperties: false`.
    pub closed: bool,
    pub items: Option<Box<Shape>>,
    /// The alternatives of a `oneOf`/`anyOf`.
    pub variants: Vec<Shape>,
}

/// How deep `$ref`s are followed before a schema counts as recursive.
const MAX_DEPTH: usize = 64;

/// Resolves `schema` within `root` (the whole spec).
pub fn resolve(root: &Value, schema: &Value) -> Result<Shape, String> {
    Resolver {
        root,
        stack: Vec::new(),
    }
    .shape(schema)
}

/// Follows `$ref`s of any object (request body, response, schema) to the
/// object itself.
pub fn follow<'a>(root: &'a Value, mut value: &'a Value) -> Result<&'a Value, String> {
    for _ in 0..MAX_DEPTH {
        match value.get("$ref").and_then(Value::as_str) {
            Some(reference) => value = pointer(root, reference)?,
            None => return Ok(value),
        }
    }
    Err("a chain of $refs that does not end".to_owned())
}

fn pointer<'a>(root: &'a Value, reference: &str) -> Result<&'a Value, String> {
    let local = reference
        .strip_prefix('#')
        .ok_or_else(|| format!("$ref '{reference}' points outside the document"))?;
    root.pointer(local)
        .ok_or_else(|| format!("$ref '{reference}' points nowhere"))
}

struct Resolver<'a> {
    root: &'a Value,
    /// The `$ref`s being resolved, to stop on recursive schemas.
    stack: Vec<String>,
}

impl Resolver<'_> {
    fn shape(&mut self, schema: &Value) -> Result<Shape, String> {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            return self.reference(reference);
        }
        let mut shape = Shape::default();
        // `allOf` members first; the schema's own keywords refine them.
        for member in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let member = self.shape(member)?;
            merge(&mut shape, member);
        }
        self.own_keywords(schema, &mut shape)?;
        if shape.kind.is_empty() {
            shape.kind = implied_kind(&shape);
        }
        Ok(collapse(shape))
    }

    fn reference(&mut self, reference: &str) -> Result<Shape, String> {
        let name = reference.rsplit('/').next().unwrap_or(reference).to_owned();
        if self.stack.iter().any(|seen| seen == reference) || self.stack.len() >= MAX_DEPTH {
            // Recursive: the rules compare it by name only.
            return Ok(Shape {
                name: Some(name),
                kind: "recursive".to_owned(),
                ..Shape::default()
            });
        }
        let target = pointer(self.root, reference)?;
        self.stack.push(reference.to_owned());
        let shape = self.shape(target);
        self.stack.pop();
        let mut shape = shape?;
        shape.name.get_or_insert(name);
        Ok(shape)
    }

    fn own_keywords(&mut self, schema: &Value, shape: &mut Shape) -> Result<(), String> {
        if let Some(kind) = schema.get("type").and_then(Value::as_str) {
            shape.kind = kind.to_owned();
        }
        if let Some(format) = schema.get("format").and_then(Value::as_str) {
            shape.format = Some(format.to_owned());
        }
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
            shape.pattern = Some(pattern.to_owned());
        }
        if schema.get("nullable") == Some(&Value::Bool(true)) {
            shape.nullable = true;
        }
        if schema.get(OPEN_ENUM) == Some(&Value::Bool(true)) {
            shape.open = true;
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            shape.nullable |= values.contains(&Value::Null);
            shape.values = Some(values.iter().filter(|v| !v.is_null()).cloned().collect());
        }
        for bound in LOWER_BOUNDS.into_iter().chain(UPPER_BOUNDS) {
            if let Some(limit) = schema.get(bound).and_then(Value::as_f64) {
                shape.bounds.insert(bound, limit);
            }
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                let property = self.shape(property)?;
                shape.properties.insert(name.clone(), property);
            }
        }
        for name in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(name) = name.as_str() {
                shape.required.insert(name.to_owned());
            }
        }
        if schema.get("additionalProperties") == Some(&Value::Bool(false)) {
            shape.closed = true;
        }
        if let Some(items) = schema.get("items") {
            shape.items = Some(Box::new(self.shape(items)?));
        }
        for keyword in ["oneOf", "anyOf"] {
            for variant in schema
                .get(keyword)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let variant = self.shape(variant)?;
                if variant.kind == "null" {
                    shape.nullable = true;
                } else {
                    shape.variants.push(variant);
                }
            }
        }
        Ok(())
    }
}

/// The type a schema without `type` has.
fn implied_kind(shape: &Shape) -> String {
    let kind = if !shape.variants.is_empty() {
        "oneOf"
    } else if !shape.properties.is_empty() || !shape.required.is_empty() || shape.closed {
        "object"
    } else if shape.items.is_some() {
        "array"
    } else {
        match shape.values.as_deref() {
            Some([]) if shape.nullable => "null",
            Some([first, ..]) => match first {
                Value::String(_) => "string",
                Value::Bool(_) => "boolean",
                Value::Number(n) if n.is_f64() => "number",
                Value::Number(_) => "integer",
                _ => "any",
            },
            _ => "any",
        }
    };
    kind.to_owned()
}

/// A `oneOf` left with one alternative (its other was `null`) is that
/// alternative, nullable.
fn collapse(mut shape: Shape) -> Shape {
    if shape.variants.len() == 1 && shape.kind == "oneOf" && shape.properties.is_empty() {
        let mut only = shape.variants.remove(0);
        only.nullable |= shape.nullable;
        only.open |= shape.open;
        return only;
    }
    shape
}

/// Adds an `allOf` member to the shape being built.
fn merge(shape: &mut Shape, member: Shape) {
    if shape.kind.is_empty() || shape.kind == "any" {
        shape.kind = member.kind;
    }
    if shape.name.is_none() {
        shape.name = member.name;
    }
    shape.format = shape.format.take().or(member.format);
    shape.pattern = shape.pattern.take().or(member.pattern);
    shape.nullable |= member.nullable;
    shape.open |= member.open;
    shape.closed |= member.closed;
    shape.values = shape.values.take().or(member.values);
    shape.items = shape.items.take().or(member.items);
    for (bound, limit) in member.bounds {
        shape.bounds.entry(bound).or_insert(limit);
    }
    shape.properties.extend(member.properties);
    shape.required.extend(member.required);
    shape.variants.extend(member.variants);
}
