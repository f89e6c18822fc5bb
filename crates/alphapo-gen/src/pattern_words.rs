//! The spec's patterns of request bodies said in words, for messages that
//! must not show a regular expression to a person.

/// What a pattern of a request body means, in words (the spec's
/// `x-alphapo-in-words`), or `None` for a pattern no request body uses.
///
/// ```
/// use alphapo_gen::{BodySchema, pattern_in_words, types};
///
/// let schema: serde_json::Value =
///     serde_json::from_str(types::InvoiceCreateRequest::JSON).unwrap();
/// let pattern = schema["properties"]["url_success"]["pattern"].as_str().unwrap();
/// assert_eq!(
///     pattern_in_words(pattern),
///     Some("an https:// URL on a domain name (not an IP address)")
/// );
/// assert_eq!(pattern_in_words("^x$"), None);
/// ```
pub fn pattern_in_words(pattern: &str) -> Option<&'static str> {
    crate::body_schemas::PATTERNS_IN_WORDS
        .iter()
        .find(|(known, _)| *known == pattern)
        .map(|(_, words)| *words)
}
