//! What the spec says a request body looks like, for tools that explain a
//! body or check one before it is sent (the CLI's `--help` and its
//! all-problems-at-once check).

/// A request body type with the spec's schema of it.
///
/// ```
/// use alphapo_gen::{BodySchema, types};
///
/// let schema: serde_json::Value =
///     serde_json::from_str(types::InvoiceCreateRequest::JSON).unwrap();
/// assert_eq!(schema["properties"]["title"]["maxLength"], 50);
/// ```
pub trait BodySchema {
    /// The schema as JSON text, in the spec's OpenAPI 3.0 dialect
    /// (`nullable`, `example`, `x-alphapo-*`), every `$ref` inlined; an
    /// inlined schema's `title` names its component.
    const JSON: &'static str;
}
