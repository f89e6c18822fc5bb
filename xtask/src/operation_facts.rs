//! The facts of each operation and request schema, read from the spec and its
//! `x-alphapo-*` extensions.
//!
//! Every fact the SDK, the CLI, the sandbox and the tests need about an
//! operation is either standard OpenAPI (path, method, security, the request
//! and response schemas, the example) or one of these extensions:
//!
//! - on an operation: `x-alphapo-method` (the SDK method),
//!   `x-alphapo-moves-money` (the idempotency class), `x-alphapo-envelope`
//!   (`data`, `none`, `empty` or `data-or-bare`) and, with `data-or-bare`,
//!   `x-alphapo-output` (the schema the client returns); on a money-moving
//!   one, `x-alphapo-reported-by` (the callback types that report its
//!   outcome) and `x-alphapo-found-by-foreign-id` (whether `transactions_info`
//!   finds what it made by its `foreign_id`);
//! - on a request schema, the checks made before sending:
//!   `x-alphapo-not-blank`, `x-alphapo-requires`, `x-alphapo-exactly-one-of`
//!   and `x-alphapo-positive`.

use std::collections::BTreeMap;

use openapiv3::{
    MediaType, OpenAPI, Operation, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody,
    Schema, SchemaKind, StatusCode, Type,
};
use serde_json::Value;

use crate::request_body;

/// The request schema replaced by `alphapo_gen::EmptyRequest`.
const EMPTY_REQUEST: &str = "EmptyRequest";

/// What the generated table says about one operation.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationFacts {
    /// The spec's operationId (`invoices_create`), also the generated
    /// client's method.
    pub id: String,
    /// The SDK method (`create_invoice`).
    pub method: String,
    /// The operationId in UpperCamelCase (`InvoicesCreate`): the CLI
    /// subcommand's variant and the sandbox's endpoint type.
    pub command: String,
    /// `GET` or `POST`.
    pub http: String,
    /// The path (`/api/v2/invoices/{foreign_id}/cancel/`).
    pub path: String,
    /// The path parameters, in the order the path names them, each with its
    /// component schema (`foreign_id`, `ForeignId`): strings the client
    /// percent-encodes.
    pub params: Vec<(String, String)>,
    /// The request body.
    pub body: Body,
    /// The generated response type, as Rust source.
    pub response: String,
    /// How the success body unwraps.
    pub envelope: Envelope,
    /// What the SDK method returns, as Rust source.
    pub output: String,
    /// Whether it moves money or creates something.
    pub moves_money: bool,
    /// The callback `type`s that report its outcome (`x-alphapo-reported-by`).
    pub reported_by: Vec<String>,
    /// Whether `transactions_info` finds what it made by its `foreign_id`
    /// (`x-alphapo-found-by-foreign-id`).
    pub found_by_foreign_id: bool,
    /// Whether it is signed (its `security` is not `[]`).
    pub signed: bool,
    /// The documented success status.
    pub status: u16,
    /// The spec's summary.
    pub summary: String,
    /// The spec's description.
    pub description: String,
}

/// The request body of an operation.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// No body (`ping`).
    None,
    /// `EmptyRequest`: the SDK sends `{}` and the method takes no argument.
    Empty { example: String },
    /// An object schema: the SDK method takes its builder.
    Builder { schema: String, example: String },
    /// Any other schema (a `oneOf`): the SDK method takes the type itself.
    Whole { schema: String, example: String },
}

/// How an operation's success body becomes what the SDK returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Envelope {
    /// `{"data": ...}`.
    Data,
    /// Not JSON: the SDK returns `()`.
    None,
    /// JSON that carries nothing (`[]`): the SDK returns `()`.
    Empty,
    /// With or without the `data` wrapper.
    DataOrBare,
}

impl Envelope {
    /// The name the table uses (`data`, `none`, `empty`, `data_or_bare`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Data => "data",
            Self::None => "none",
            Self::Empty => "empty",
            Self::DataOrBare => "data_or_bare",
        }
    }
}

/// One check of a request schema, made by the SDK before sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// The string holds more than whitespace.
    NotBlank(String),
    /// The first field is only allowed with the second.
    Requires(String, String),
    /// Exactly one of the fields is given.
    ExactlyOneOf(Vec<String>),
    /// The amount, when given, is greater than zero.
    Positive(String),
}

/// The checks of one request schema with a builder.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestFacts {
    /// The component schema's name.
    pub schema: String,
    /// The checks, in the order they run.
    pub checks: Vec<Check>,
}

/// The facts of every operation, in spec order.
pub fn operations(spec: &OpenAPI) -> Result<Vec<OperationFacts>, String> {
    spec.operations()
        .map(|(path, http, operation)| {
            let place = format!("{} {path}", http.to_uppercase());
            operation_facts(spec, path, http, operation).map_err(|e| format!("{place}: {e}"))
        })
        .collect()
}

/// The checks of every request schema taken as a builder, each once, in the
/// order the operations use them.
pub fn requests(spec: &OpenAPI) -> Result<Vec<RequestFacts>, String> {
    let mut requests: Vec<RequestFacts> = Vec::new();
    for operation in operations(spec)? {
        let Body::Builder { schema, .. } = operation.body else {
            continue;
        };
        if requests.iter().any(|known| known.schema == schema) {
            continue;
        }
        let checks = checks(component(spec, &schema)?).map_err(|e| format!("{schema}: {e}"))?;
        requests.push(RequestFacts { schema, checks });
    }
    Ok(requests)
}

fn operation_facts(
    spec: &OpenAPI,
    path: &str,
    http: &str,
    operation: &Operation,
) -> Result<OperationFacts, String> {
    let id = operation.operation_id.clone().ok_or("no operationId")?;
    let extensions = &operation.extensions;
    let method = text(extensions.get("x-alphapo-method"), "x-alphapo-method")?;
    let moves_money = flag(
        extensions.get("x-alphapo-moves-money"),
        "x-alphapo-moves-money",
    )?;
    let envelope = match text(extensions.get("x-alphapo-envelope"), "x-alphapo-envelope")?.as_str()
    {
        "data" => Envelope::Data,
        "none" => Envelope::None,
        "empty" => Envelope::Empty,
        "data-or-bare" => Envelope::DataOrBare,
        other => {
            return Err(format!(
                "x-alphapo-envelope {other:?} is not data, none, empty or data-or-bare"
            ));
        }
    };
    let reported_by = callback_types(spec, extensions.get("x-alphapo-reported-by"))?;
    let found_by_foreign_id = match extensions.get("x-alphapo-found-by-foreign-id") {
        None => false,
        found => flag(found, "x-alphapo-found-by-foreign-id")?,
    };
    if !moves_money && (!reported_by.is_empty() || found_by_foreign_id) {
        return Err(
            "x-alphapo-reported-by and x-alphapo-found-by-foreign-id are for operations that move money"
                .to_owned(),
        );
    }
    let (status, media) = success(operation)?;
    let response = match media.schema.as_ref().and_then(reference) {
        Some(schema) => format!("$crate::types::{schema}"),
        None => "$crate::ByteStream".to_owned(),
    };
    let output = match envelope {
        Envelope::None => "()".to_owned(),
        Envelope::Empty => {
            if !response.starts_with("$crate::types::") {
                return Err(
                    "x-alphapo-envelope empty needs a JSON response schema given by $ref"
                        .to_owned(),
                );
            }
            "()".to_owned()
        }
        Envelope::Data => {
            let schema = media
                .schema
                .as_ref()
                .and_then(reference)
                .ok_or("x-alphapo-envelope data needs a JSON response schema given by $ref")?;
            data_type(component(spec, schema)?).map_err(|e| format!("{schema}: {e}"))?
        }
        Envelope::DataOrBare => format!(
            "$crate::types::{}",
            text(extensions.get("x-alphapo-output"), "x-alphapo-output")?
        ),
    };
    if envelope != Envelope::DataOrBare && extensions.contains_key("x-alphapo-output") {
        return Err("x-alphapo-output is only for the data-or-bare envelope".to_owned());
    }
    Ok(OperationFacts {
        command: upper_camel(&id),
        id,
        method,
        http: http.to_uppercase(),
        path: path.to_owned(),
        params: path_params(spec, path, operation)?,
        body: body(spec, operation.request_body.as_ref())?,
        response,
        envelope,
        output,
        moves_money,
        reported_by,
        found_by_foreign_id,
        signed: !anonymous(operation),
        status,
        summary: operation.summary.clone().unwrap_or_default(),
        description: operation.description.clone().unwrap_or_default(),
    })
}

/// The path parameters, in the order `path` names them, with their schemas.
/// Each is declared once, `in: path`, required, with a `$ref` to a string
/// component (the SDK method takes `&str` and checks it into that type);
/// any other parameter is refused, as the table has no place for it.
fn path_params(
    spec: &OpenAPI,
    path: &str,
    operation: &Operation,
) -> Result<Vec<(String, String)>, String> {
    let mut declared = Vec::new();
    for parameter in &operation.parameters {
        let ReferenceOr::Item(parameter) = parameter else {
            return Err("a shared parameter ($ref) is not supported".to_owned());
        };
        let Parameter::Path { parameter_data, .. } = parameter else {
            return Err(format!(
                "parameter {}: only path parameters are supported",
                parameter.parameter_data_ref().name
            ));
        };
        let name = &parameter_data.name;
        if !parameter_data.required {
            return Err(format!("path parameter {name} must be required"));
        }
        let schema = match &parameter_data.format {
            ParameterSchemaOrContent::Schema(schema) => reference(schema),
            ParameterSchemaOrContent::Content(_) => None,
        }
        .ok_or_else(|| format!("path parameter {name} must be a $ref to a string component"))?;
        if !matches!(
            component(spec, schema)?.schema_kind,
            SchemaKind::Type(Type::String(_))
        ) {
            return Err(format!("path parameter {name}: {schema} is not a string"));
        }
        if is_keyword(name)
            || name.is_empty()
            || !name
                .chars()
                .all(|c| c == '_' || c.is_ascii_lowercase() || c.is_ascii_digit())
        {
            return Err(format!(
                "path parameter {name} must be a snake_case name, not a Rust keyword"
            ));
        }
        declared.push((name.clone(), schema.to_owned()));
    }
    let named: Vec<String> = path
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect();
    let mut sorted_named = named.clone();
    sorted_named.sort();
    sorted_named.dedup();
    declared.sort();
    let declared_names: Vec<&String> = declared.iter().map(|(name, _)| name).collect();
    if sorted_named.len() != named.len()
        || sorted_named.iter().collect::<Vec<_>>() != declared_names
    {
        return Err(format!(
            "the path names {named:?} but the parameters declared are {declared_names:?}"
        ));
    }
    Ok(named
        .into_iter()
        .filter_map(|name| {
            declared
                .iter()
                .find(|(declared, _)| *declared == name)
                .cloned()
        })
        .collect())
}

/// The `x-alphapo-reported-by` list: callback types of the `CallbackType`
/// enum.
fn callback_types(spec: &OpenAPI, value: Option<&Value>) -> Result<Vec<String>, String> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    let types: Vec<String> = serde_json::from_value(value.clone())
        .map_err(|_| "x-alphapo-reported-by must be a list of callback types".to_owned())?;
    let SchemaKind::Type(Type::String(known)) = &component(spec, "CallbackType")?.schema_kind
    else {
        return Err("CallbackType must be a string enum".to_owned());
    };
    for callback_type in &types {
        if !known
            .enumeration
            .iter()
            .flatten()
            .any(|known| known == callback_type)
        {
            return Err(format!(
                "x-alphapo-reported-by: {callback_type} is not a CallbackType"
            ));
        }
    }
    Ok(types)
}

/// `security: []` (or a requirement list allowing no credentials).
fn anonymous(operation: &Operation) -> bool {
    operation.security.as_ref().is_some_and(|requirements| {
        requirements.is_empty() || requirements.iter().any(|r| r.is_empty())
    })
}

/// The one documented success response: its status and content.
fn success(operation: &Operation) -> Result<(u16, &MediaType), String> {
    let mut successes = operation
        .responses
        .responses
        .iter()
        .filter_map(|(status, response)| match status {
            StatusCode::Code(code) if (200..300).contains(code) => Some((*code, response)),
            _ => None,
        });
    let (Some((status, response)), None) = (successes.next(), successes.next()) else {
        return Err("the table needs exactly one documented 2xx status code".to_owned());
    };
    let ReferenceOr::Item(response) = response else {
        return Err("a shared success response is not supported".to_owned());
    };
    let (_, media) = response
        .content
        .first()
        .ok_or("the success response has no content")?;
    Ok((status, media))
}

fn body(spec: &OpenAPI, body: Option<&ReferenceOr<RequestBody>>) -> Result<Body, String> {
    let Some(body) = body else {
        return Ok(Body::None);
    };
    let ReferenceOr::Item(body) = body else {
        return Err("a shared request body is not supported".to_owned());
    };
    let media = body
        .content
        .get("application/json")
        .ok_or("the request body is not application/json")?;
    let schema = media
        .schema
        .as_ref()
        .and_then(request_body::component)
        .ok_or("the request schema must be a $ref to a component (or anyOf it and FieldlessBody)")?
        .to_owned();
    let example = media
        .example
        .as_ref()
        .ok_or("the request body has no `example`")?;
    let example = serde_json::to_string_pretty(example)
        .map_err(|e| format!("the request example does not serialize: {e}"))?;
    if schema == EMPTY_REQUEST {
        return Ok(Body::Empty { example });
    }
    Ok(match component(spec, &schema)?.schema_kind {
        SchemaKind::Type(Type::Object(_)) => Body::Builder { schema, example },
        _ => Body::Whole { schema, example },
    })
}

/// The Rust type of the `data` property of a response schema.
fn data_type(schema: &Schema) -> Result<String, String> {
    let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
        return Err("x-alphapo-envelope data needs an object response".to_owned());
    };
    let data = object
        .properties
        .get("data")
        .ok_or("x-alphapo-envelope data needs a `data` property")?;
    if let Some(name) = boxed_reference(data) {
        return Ok(format!("$crate::types::{name}"));
    }
    if let ReferenceOr::Item(data) = data
        && let SchemaKind::Type(Type::Array(array)) = &data.schema_kind
        && let Some(name) = array.items.as_ref().and_then(boxed_reference)
    {
        return Ok(format!("::std::vec::Vec<$crate::types::{name}>"));
    }
    Err("`data` must be a $ref or an array of $ref".to_owned())
}

/// The checks declared on a request schema, in the order the SDK runs them:
/// blanks, dependent fields, the positive amounts outside an exactly-one
/// group, the group, then the amounts inside it.
fn checks(schema: &Schema) -> Result<Vec<Check>, String> {
    let extensions = &schema.schema_data.extensions;
    let names = |key: &str| -> Result<Vec<String>, String> {
        match extensions.get(key) {
            None => Ok(Vec::new()),
            Some(value) => serde_json::from_value(value.clone())
                .map_err(|_| format!("{key} must be a list of property names")),
        }
    };
    let requires: BTreeMap<String, String> = match extensions.get("x-alphapo-requires") {
        None => BTreeMap::new(),
        Some(value) => serde_json::from_value(value.clone()).map_err(|_| {
            "x-alphapo-requires must map a property to the property it needs".to_owned()
        })?,
    };
    let group = names("x-alphapo-exactly-one-of")?;
    if group.len() == 1 {
        return Err("x-alphapo-exactly-one-of needs at least two properties".to_owned());
    }
    let positive = names("x-alphapo-positive")?;
    let mut checks: Vec<Check> = names("x-alphapo-not-blank")?
        .into_iter()
        .map(Check::NotBlank)
        .collect();
    checks.extend(
        requires
            .into_iter()
            .map(|(field, needed)| Check::Requires(field, needed)),
    );
    let (inside, outside): (Vec<String>, Vec<String>) = positive
        .into_iter()
        .partition(|field| group.contains(field));
    checks.extend(outside.into_iter().map(Check::Positive));
    if !group.is_empty() {
        checks.push(Check::ExactlyOneOf(group));
    }
    checks.extend(inside.into_iter().map(Check::Positive));
    let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
        return Err("checks are only for object schemas".to_owned());
    };
    for field in checks.iter().flat_map(Check::fields) {
        if !object.properties.contains_key(field) {
            return Err(format!("a check names `{field}`, which is not a property"));
        }
    }
    Ok(checks)
}

impl Check {
    /// The properties a check reads.
    pub fn fields(&self) -> Vec<&str> {
        match self {
            Self::NotBlank(field) | Self::Positive(field) => vec![field],
            Self::Requires(field, needed) => vec![field, needed],
            Self::ExactlyOneOf(fields) => fields.iter().map(String::as_str).collect(),
        }
    }
}

/// A component schema by name.
fn component<'a>(spec: &'a OpenAPI, name: &str) -> Result<&'a Schema, String> {
    match spec
        .components
        .as_ref()
        .and_then(|components| components.schemas.get(name))
    {
        Some(ReferenceOr::Item(schema)) => Ok(schema),
        _ => Err(format!("no component schema {name}")),
    }
}

/// The component name a `$ref` points to.
fn reference(schema: &ReferenceOr<Schema>) -> Option<&str> {
    match schema {
        ReferenceOr::Reference { reference } => reference.strip_prefix("#/components/schemas/"),
        ReferenceOr::Item(_) => None,
    }
}

/// The component name a `$ref` of a property or array item points to.
fn boxed_reference(schema: &ReferenceOr<Box<Schema>>) -> Option<&str> {
    match schema {
        ReferenceOr::Reference { reference } => reference.strip_prefix("#/components/schemas/"),
        ReferenceOr::Item(_) => None,
    }
}

fn text(value: Option<&Value>, key: &str) -> Result<String, String> {
    match value {
        Some(Value::String(text)) if !text.is_empty() => Ok(text.clone()),
        Some(_) => Err(format!("{key} must be a non-empty string")),
        None => Err(format!("no {key}")),
    }
}

fn flag(value: Option<&Value>, key: &str) -> Result<bool, String> {
    match value {
        Some(Value::Bool(flag)) => Ok(*flag),
        Some(_) => Err(format!("{key} must be true or false")),
        None => Err(format!("no {key}")),
    }
}

/// `invoices_create` → `InvoicesCreate`.
fn upper_camel(id: &str) -> String {
    id.split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect()
}

/// Field names progenitor renames (`type` becomes `type_`).
pub fn is_keyword(field: &str) -> bool {
    matches!(
        field,
        "as" | "break"
            | "const"
            | "crate"
            | "enum"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "type"
            | "use"
            | "where"
            | "while"
            | "async"
            | "await"
            | "dyn"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_become_upper_camel_names() {
        assert_eq!(upper_camel("invoices_create"), "InvoicesCreate");
        assert_eq!(upper_camel("ping"), "Ping");
    }

    #[test]
    fn positive_amounts_of_the_group_are_checked_after_it() {
        let schema: Schema = serde_yaml::from_str(
            "type: object\n\
             x-alphapo-exactly-one-of: [a, b]\n\
             x-alphapo-positive: [a, price, b]\n\
             properties: {a: {type: string}, b: {type: string}, price: {type: string}}\n",
        )
        .expect("a schema");
        assert_eq!(
            checks(&schema).expect("valid checks"),
            vec![
                Check::Positive("price".into()),
                Check::ExactlyOneOf(vec!["a".into(), "b".into()]),
                Check::Positive("a".into()),
                Check::Positive("b".into()),
            ]
        );
    }

    /// The facts of the one operation of a spec made of `operation` (YAML,
    /// at `path`) and the shared components.
    fn facts_of(path: &str, operation: &str) -> Result<OperationFacts, String> {
        let indented: String = operation
            .lines()
            .map(|line| format!("      {line}\n"))
            .collect();
        let spec: OpenAPI = serde_yaml::from_str(&format!(
            "openapi: 3.0.3\n\
             info: {{title: t, version: '1'}}\n\
             paths:\n  '{path}':\n    post:\n{indented}\
             components:\n  schemas:\n\
             \x20   ForeignId: {{type: string, minLength: 1}}\n\
             \x20   Count: {{type: integer}}\n\
             \x20   Empty: {{type: array, items: {{}}}}\n\
             \x20   CallbackType: {{type: string, enum: [withdrawal, invoice]}}\n"
        ))
        .map_err(|e| format!("the test spec: {e}"))?;
        let mut facts = operations(&spec)?;
        facts.pop().ok_or_else(|| "no operation".to_owned())
    }

    const CANCEL: &str = "operationId: things_cancel
x-alphapo-method: cancel_thing
x-alphapo-moves-money: true
x-alphapo-envelope: empty
parameters:
  - {name: foreign_id, in: path, required: true, schema: {$ref: '#/components/schemas/ForeignId'}}
responses:
  '200':
    description: ok
    content:
      application/json:
        schema: {$ref: '#/components/schemas/Empty'}
";

    #[test]
    fn path_parameters_come_in_path_order_with_their_types() {
        let facts = facts_of("/a/{foreign_id}/cancel/", CANCEL).expect("valid facts");
        assert_eq!(
            facts.params,
            [("foreign_id".to_owned(), "ForeignId".to_owned())]
        );
        assert_eq!(facts.envelope, Envelope::Empty);
        assert_eq!(facts.output, "()");
        assert!(facts.reported_by.is_empty() && !facts.found_by_foreign_id);
    }

    #[test]
    fn a_path_parameter_the_table_cannot_carry_is_refused() {
        let undeclared = facts_of("/a/{foreign_id}/{other}/", CANCEL).expect_err("accepted");
        assert!(undeclared.contains("other"), "{undeclared}");
        let not_a_string = facts_of(
            "/a/{foreign_id}/",
            &CANCEL.replace("schemas/ForeignId", "schemas/Count"),
        )
        .expect_err("accepted");
        assert!(not_a_string.contains("not a string"), "{not_a_string}");
        let optional = facts_of(
            "/a/{foreign_id}/",
            &CANCEL.replace("required: true", "required: false"),
        )
        .expect_err("accepted");
        assert!(optional.contains("required"), "{optional}");
        let query = facts_of("/a/{foreign_id}/", &CANCEL.replace("in: path", "in: query"))
            .expect_err("accepted");
        assert!(query.contains("only path parameters"), "{query}");
    }

    #[test]
    fn the_payout_facts_name_callback_types_of_money_moving_operations() {
        let reported = format!(
            "{CANCEL}x-alphapo-reported-by: [invoice]\nx-alphapo-found-by-foreign-id: true\n"
        );
        let facts = facts_of("/a/{foreign_id}/", &reported).expect("valid facts");
        assert_eq!(facts.reported_by, ["invoice"]);
        assert!(facts.found_by_foreign_id);
        let unknown = facts_of(
            "/a/{foreign_id}/",
            &reported.replace("[invoice]", "[refund]"),
        )
        .expect_err("accepted");
        assert!(
            unknown.contains("refund is not a CallbackType"),
            "{unknown}"
        );
        let read = facts_of(
            "/a/{foreign_id}/",
            &reported.replace("moves-money: true", "moves-money: false"),
        )
        .expect_err("accepted");
        assert!(read.contains("move money"), "{read}");
    }

    #[test]
    fn a_check_of_an_unknown_property_is_rejected() {
        let schema: Schema = serde_yaml::from_str(
            "type: object\nx-alphapo-positive: [amount]\nproperties: {price: {type: string}}\n",
        )
        .expect("a schema");
        let error = checks(&schema).expect_err("an unknown property accepted");
        assert!(error.contains("`amount`"), "{error}");
    }
}
