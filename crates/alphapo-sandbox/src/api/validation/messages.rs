//! The messages AlphaPo (Laravel) uses.

use rust_decimal::Decimal;

/// Laravel's name for a field in messages: underscores as spaces (the dots
/// of nested fields stay, `sender data.email`).
pub(super) fn attribute(field: &str) -> String {
    field.replace('_', " ")
}

/// `required`.
pub(crate) fn required(field: &str) -> String {
    format!("The {} field is required.", attribute(field))
}
/// `required_without`.
pub(crate) fn required_without(field: &str, other: &str) -> String {
    format!(
        "The {} field is required when {} is not present.",
        attribute(field),
        attribute(other)
    )
}
/// `required_with`.
pub(crate) fn required_with(field: &str, other: &str) -> String {
    format!(
        "The {} field is required when {} is present.",
        attribute(field),
        attribute(other)
    )
}
/// `prohibits`.
pub(crate) fn prohibits(field: &str, other: &str) -> String {
    format!(
        "The {} field prohibits {} from being present.",
        attribute(field),
        attribute(other)
    )
}
/// Not enough balance (AlphaPo's dashboard wording).
pub(crate) fn insufficient_balance() -> String {
    "Not enough money on balance".to_owned()
}
/// `max` on a number.
pub(crate) fn max_value(field: &str, max: Decimal) -> String {
    format!("The {} must not be greater than {max}.", attribute(field))
}
/// `max` on a string.
pub(crate) fn max_chars(field: &str, max: &str) -> String {
    format!(
        "The {} may not be greater than {max} characters.",
        attribute(field)
    )
}
/// `unique`.
pub(crate) fn taken(field: &str) -> String {
    format!("The {} has already been taken.", attribute(field))
}
/// `in` / `exists`.
pub(crate) fn invalid_selection(field: &str) -> String {
    format!("The selected {} is invalid.", attribute(field))
}
/// `min` on a number (the minimum printed without trailing zeros).
pub(crate) fn at_least(field: &str, minimum: Decimal) -> String {
    format!(
        "The {} must be at least {}.",
        attribute(field),
        minimum.normalize()
    )
}
/// `gt:0`.
pub(crate) fn positive(field: &str) -> String {
    format!("The {} must be greater than 0.", attribute(field))
}
/// `regex` / `url` / `email`.
pub(crate) fn format(field: &str) -> String {
    format!("The {} format is invalid.", attribute(field))
}
/// `string`.
pub(crate) fn string(field: &str) -> String {
    format!("The {} must be a string.", attribute(field))
}
/// `numeric`.
pub(crate) fn numeric(field: &str) -> String {
    format!("The {} must be a number.", attribute(field))
}
/// `boolean`.
pub(crate) fn boolean(field: &str) -> String {
    format!("The {} field must be true or false.", attribute(field))
}
/// `array` (a JSON object is a PHP array).
pub(crate) fn array(field: &str) -> String {
    format!("The {} must be an array.", attribute(field))
}
/// `email`.
pub(crate) fn email(field: &str) -> String {
    format!("The {} must be a valid email address.", attribute(field))
}
/// `integer`.
pub(crate) fn integer(field: &str) -> String {
    format!("The {} must be an integer.", attribute(field))
}
/// Anything else.
pub(crate) fn invalid(field: &str) -> String {
    format!("The {} is invalid.", attribute(field))
}
