//! Writing the operation table: `for_each_operation!`, `for_each_response!`
//! and `for_each_request!`, exported by `alphapo-gen`, which every layer expands
//! with a macro of its own instead of keeping a per-operation list by hand.

use std::fmt::Write as _;

use openapiv3::OpenAPI;

use crate::operation_facts::{self, Body, Check, OperationFacts, RequestFacts, is_keyword};

/// The generated table, relative to the workspace root.
pub const TABLE_PATH: &str = "crates/alphapo-gen/src/operations.rs";

const PREAMBLE: &str = r#"//! The operation table: one row per operation of `openapi/alphapo.yaml` and
//! one per request schema with checks, for the SDK methods, the CLI
//! subcommands, the sandbox routes and the tests to expand.

/// Expands `$callback! { {row} {row} ... }` with one row per operation of the
/// spec, in spec order.
///
/// Every row holds these keys, in this order:
///
/// - `id`: the operationId, also the generated [`Client`](crate::Client)'s method;
/// - `method`: the SDK method (`x-alphapo-method`);
/// - `command`: the operationId in UpperCamelCase (CLI subcommand, sandbox endpoint);
/// - `http`: `GET` or `POST`; `path`: the path;
/// - `params`: the path parameters with their `types`, `[]` or
///   `[foreign_id: ForeignId]`: strings the SDK method takes, in this order,
///   checks into their types and percent-encodes into the path;
/// - `body`: `none`, `empty("example")` (the `EmptyRequest` body),
///   `builder(Name, "example")` (an object schema: `types::Name`, built with
///   `types::builder::Name`) or `whole(Name, "example")` (any other schema),
///   the example being the spec's request example as JSON text;
/// - `response`: the generated success body type;
/// - `envelope`: `data`, `none`, `empty` or `data_or_bare` (`x-alphapo-envelope`);
/// - `output`: what the SDK returns (the type of `data`, `()`, or `x-alphapo-output`);
/// - `moves_money`: `true` or `false` (`x-alphapo-moves-money`);
/// - `reported_by`: the callback types that report the outcome, `[]` or
///   `[withdrawal, withdrawal_exchange]` (`x-alphapo-reported-by`);
/// - `found_by_foreign_id`: `true` when `transactions_info` finds what the
///   operation made by its `foreign_id` (`x-alphapo-found-by-foreign-id`);
/// - `signed`: `false` only with `security: []`;
/// - `status`: the documented success status, as the name of its
///   `http::StatusCode` constant (`OK`, `CREATED`);
/// - `summary` and `description`: the spec's texts.
///
/// ```
/// macro_rules! ids {
///     ($({ id: $id:ident, $($rest:tt)* })*) => { [$(stringify!($id)),*] };
/// }
/// let ids = alphapo_gen::for_each_operation!(ids);
/// assert!(ids.contains(&"invoices_create"));
/// ```
"#;

const RESPONSES_DOC: &str = r#"
/// Expands `$callback! { {row} {row} ... }` with one row per success body
/// type, each once: `response` (the type), `envelope` (`data`, `none`,
/// `empty` or `data_or_bare`) and `output` (what the SDK returns for it).
///
/// ```
/// macro_rules! wrapped {
///     ($({ response: $response:ty, envelope: $envelope:ident, output: $output:ty, })*) => {
///         [$(stringify!($envelope)),*]
///     };
/// }
/// let envelopes = alphapo_gen::for_each_response!(wrapped);
/// assert!(envelopes.contains(&"data"));
/// ```
"#;

const REQUESTS_DOC: &str = r#"
/// Expands `$callback! { {row} {row} ... }` with one row per request schema
/// the SDK takes through its builder: `request` (the name of its `types`
/// item) and `checks`, the
/// rules JSON Schema cannot say, in the order they run: `not_blank(field)`,
/// `requires(field, needed)`, `exactly_one_of(field, ...)` and
/// `positive(field)` (from `x-alphapo-*` on the schema).
///
/// ```
/// macro_rules! checked {
///     ($({ request: $request:ty, checks: [$($check:ident($($field:ident),+),)*], })*) => {
///         [$((stringify!($request), <[&str]>::len(&[$(stringify!($check)),*]))),*]
///     };
/// }
/// let requests = alphapo_gen::for_each_request!(checked);
/// assert!(requests.iter().any(|(_, checks)| *checks > 0));
/// ```
"#;

/// The table for `spec`, header included.
pub fn render(spec: &OpenAPI, header: &str) -> Result<String, String> {
    let operations = operation_facts::operations(spec)?;
    let requests = operation_facts::requests(spec)?;
    let mut out = format!("{header}{PREAMBLE}");
    out.push_str("#[macro_export]\nmacro_rules! for_each_operation {\n");
    out.push_str("    ($callback:ident) => {\n        $callback! {\n");
    for operation in &operations {
        operation_row(&mut out, operation)?;
    }
    out.push_str("        }\n    };\n}\n");
    out.push_str(RESPONSES_DOC);
    out.push_str("#[macro_export]\nmacro_rules! for_each_response {\n");
    out.push_str("    ($callback:ident) => {\n        $callback! {\n");
    let mut responses: Vec<&OperationFacts> = Vec::new();
    for operation in &operations {
        match responses
            .iter()
            .find(|known| known.response == operation.response)
        {
            Some(known)
                if (known.envelope, &known.output) != (operation.envelope, &operation.output) =>
            {
                return Err(format!(
                    "{} and {} share {} but unwrap it differently",
                    known.id, operation.id, operation.response
                ));
            }
            Some(_) => {}
            None => responses.push(operation),
        }
    }
    for operation in responses {
        let _ = writeln!(
            out,
            "            {{\n                response: {},\n                envelope: {},\n                output: {},\n            }}",
            operation.response,
            operation.envelope.name(),
            operation.output
        );
    }
    out.push_str("        }\n    };\n}\n");
    out.push_str(REQUESTS_DOC);
    out.push_str("#[macro_export]\nmacro_rules! for_each_request {\n");
    out.push_str("    ($callback:ident) => {\n        $callback! {\n");
    for request in &requests {
        request_row(&mut out, request)?;
    }
    out.push_str("        }\n    };\n}\n");
    Ok(out)
}

fn operation_row(out: &mut String, op: &OperationFacts) -> Result<(), String> {
    let body = match &op.body {
        Body::None => "none".to_owned(),
        Body::Empty { example } => format!("empty({example:?})"),
        Body::Builder { schema, example } => format!("builder({schema}, {example:?})"),
        Body::Whole { schema, example } => format!("whole({schema}, {example:?})"),
    };
    let status = status_name(op.status).ok_or_else(|| {
        format!(
            "{}: success status {} has no name in the table",
            op.id, op.status
        )
    })?;
    let fields = [
        ("id", op.id.clone()),
        ("method", op.method.clone()),
        ("command", op.command.clone()),
        ("http", op.http.clone()),
        ("path", format!("{:?}", op.path)),
        (
            "params",
            format!(
                "[{}]",
                op.params
                    .iter()
                    .map(|(name, schema)| format!("{name}: {schema}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        ("body", body),
        ("response", op.response.clone()),
        ("envelope", op.envelope.name().to_owned()),
        ("output", op.output.clone()),
        ("moves_money", op.moves_money.to_string()),
        ("reported_by", format!("[{}]", op.reported_by.join(", "))),
        ("found_by_foreign_id", op.found_by_foreign_id.to_string()),
        ("signed", op.signed.to_string()),
        ("status", status.to_owned()),
        ("summary", format!("{:?}", op.summary)),
        ("description", format!("{:?}", op.description)),
    ];
    out.push_str("            {\n");
    for (key, value) in fields {
        let _ = writeln!(out, "                {key}: {value},");
    }
    out.push_str("            }\n");
    Ok(())
}

fn request_row(out: &mut String, request: &RequestFacts) -> Result<(), String> {
    let _ = writeln!(
        out,
        "            {{\n                request: {},\n                checks: [",
        request.schema
    );
    for check in &request.checks {
        if let Some(keyword) = check.fields().into_iter().find(|f| is_keyword(f)) {
            return Err(format!(
                "{}: a check of `{keyword}` (a Rust keyword) is not supported",
                request.schema
            ));
        }
        let (name, fields) = match check {
            Check::NotBlank(field) => ("not_blank", field.clone()),
            Check::Requires(field, needed) => ("requires", format!("{field}, {needed}")),
            Check::ExactlyOneOf(fields) => ("exactly_one_of", fields.join(", ")),
            Check::Positive(field) => ("positive", field.clone()),
        };
        let _ = writeln!(out, "                    {name}({fields}),");
    }
    out.push_str("                ],\n            }\n");
    Ok(())
}

/// The `http::StatusCode` constant of a success status.
fn status_name(status: u16) -> Option<&'static str> {
    Some(match status {
        200 => "OK",
        201 => "CREATED",
        202 => "ACCEPTED",
        204 => "NO_CONTENT",
        _ => return None,
    })
}
