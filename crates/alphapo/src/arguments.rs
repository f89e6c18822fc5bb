//! Checking arguments before anything is sent.
//!
//! The generated request types already enforce what the spec can say (string
//! lengths, URL and e-mail patterns) when they are built; their errors are
//! turned into [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument)
//! naming the field. [`Validate`] adds the rules the types cannot express:
//! amounts greater than zero, and exactly one of two amounts.

use alphapo_gen::Amount;
use alphapo_gen::types;
use alphapo_gen::types::error::ConversionError;

use crate::error::Error;
use crate::operation::Operation;

/// A rejected field and why.
type Rejection = (&'static str, String);

/// Builds the request body of `operation` from what the caller passed and
/// checks the rules the types cannot express.
pub(crate) fn request<B, T>(operation: Operation, body: B) -> Result<T, Error>
where
    T: TryFrom<B, Error = ConversionError> + Validate,
{
    let request = T::try_from(body).map_err(|error| {
        let (field, reason) = describe(&error.to_string());
        Error::invalid_argument(operation, field, reason)
    })?;
    check(operation, &request)?;
    Ok(request)
}

/// Checks a path parameter into its generated type (its length, its
/// pattern), naming the parameter when it does not fit. The generated client
/// percent-encodes it into the path.
pub(crate) fn path_param<T>(operation: Operation, name: &str, value: &str) -> Result<T, Error>
where
    T: for<'a> TryFrom<&'a str, Error = ConversionError>,
{
    T::try_from(value).map_err(|error| {
        Error::invalid_argument(operation, name, friendly_reason(&error.to_string()))
    })
}

/// Checks the rules of a request the caller built whole.
pub(crate) fn check<T: Validate>(operation: Operation, request: &T) -> Result<(), Error> {
    request
        .validate()
        .map_err(|(field, reason)| Error::invalid_argument(operation, field, reason))
}

/// Splits a generated builder's message ("error converting supplied value
/// for title: longer than 50 characters", "no value supplied for amount")
/// into the wire name of the field (dotted for nested builders) and a reason.
fn describe(message: &str) -> (String, String) {
    if let Some(field) = message.strip_prefix("no value supplied for ") {
        return (wire_name(field), "is required".to_owned());
    }
    let Some((field, reason)) = message
        .strip_prefix("error converting supplied value for ")
        .and_then(|rest| rest.split_once(": "))
    else {
        return ("body".to_owned(), message.to_owned());
    };
    let field = wire_name(field);
    if reason.starts_with("error converting supplied value for ")
        || reason.starts_with("no value supplied for ")
    {
        let (inner, reason) = describe(reason);
        return (format!("{field}.{inner}"), reason);
    }
    let reason = friendly_reason(reason);
    (field, reason)
}

/// The JSON name of a generated field (`type_` is sent as `type`).
fn wire_name(field: &str) -> String {
    field.trim_end_matches('_').to_owned()
}

/// Rewrites the generated constraint messages in the caller's terms; a
/// pattern is said in the spec's words ([`alphapo_gen::pattern_in_words`]).
fn friendly_reason(reason: &str) -> String {
    if let Some(pattern) = reason.strip_prefix("doesn't match pattern ") {
        let pattern = pattern.strip_prefix('"').and_then(|p| p.strip_suffix('"'));
        return match pattern.and_then(alphapo_gen::pattern_in_words) {
            Some(words) => format!("must be {words}"),
            None => "has an invalid format".to_owned(),
        };
    }
    if reason == "shorter than 1 characters" {
        return "must not be empty".to_owned();
    }
    if let Some(limit) = reason
        .strip_prefix("longer than ")
        .and_then(|rest| rest.strip_suffix(" characters"))
    {
        return format!("must be at most {limit} characters");
    }
    reason.to_owned()
}

/// Rules a request must follow that its type cannot express.
pub(crate) trait Validate {
    /// The first rule broken, if any.
    fn validate(&self) -> Result<(), Rejection>;
}

/// Implements [`Validate`] for every request schema of the operation table
/// (`alphapo_gen::for_each_request!`) from the checks the spec declares on
/// it (`x-alphapo-not-blank`, `x-alphapo-requires`,
/// `x-alphapo-exactly-one-of`, `x-alphapo-positive`).
macro_rules! request_checks {
    ($({ request: $request:ident, checks: [$($check:ident($($field:ident),+),)*], })*) => {$(
        impl Validate for types::$request {
            fn validate(&self) -> Result<(), Rejection> {
                $(request_checks!(@$check self, $($field),+)?;)*
                Ok(())
            }
        }
    )*};
    (@not_blank $request:expr, $field:ident) => {
        not_blank(stringify!($field), &$request.$field)
    };
    (@requires $request:expr, $field:ident, $needed:ident) => {
        requires(
            (stringify!($field), $request.$field.is_some()),
            (stringify!($needed), $request.$needed.is_some()),
        )
    };
    (@exactly_one_of $request:expr, $($field:ident),+) => {
        exactly_one_of(&[$((stringify!($field), $request.$field.is_some())),+])
    };
    (@positive $request:expr, $field:ident) => {
        positive(stringify!($field), $request.$field)
    };
}

alphapo_gen::for_each_request!(request_checks);

/// A string must hold more than whitespace.
fn not_blank(field: &'static str, value: &str) -> Result<(), Rejection> {
    if value.trim().is_empty() {
        return Err((field, "must not be empty".to_owned()));
    }
    Ok(())
}

/// A field only allowed with another: `(name, given)` of each.
fn requires(
    (field, given): (&'static str, bool),
    (needed, needed_given): (&'static str, bool),
) -> Result<(), Rejection> {
    if given && !needed_given {
        return Err((field, format!("is only allowed with `{needed}`")));
    }
    Ok(())
}

/// An amount, when given, must be greater than zero.
fn positive(field: &'static str, amount: impl Into<Option<Amount>>) -> Result<(), Rejection> {
    match amount.into() {
        Some(amount) if !amount.is_positive() => {
            Err((field, "must be greater than zero".to_owned()))
        }
        _ => Ok(()),
    }
}

/// Exactly one of the fields, `(name, given)`, must be given.
fn exactly_one_of(fields: &[(&'static str, bool)]) -> Result<(), Rejection> {
    let names = fields
        .iter()
        .map(|(name, _)| format!("`{name}`"))
        .collect::<Vec<_>>();
    let names = match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    let mut given = fields.iter().filter(|(_, given)| *given);
    match (given.next(), given.next()) {
        (Some(_), None) => Ok(()),
        (Some(_), Some((second, _))) => {
            let not = if fields.len() == 2 {
                "not both"
            } else {
                "not several"
            };
            Err((second, format!("give exactly one of {names}, {not}")))
        }
        (None, _) => Err((
            fields.first().map_or("body", |(name, _)| name),
            format!("give exactly one of {names}"),
        )),
    }
}

impl Validate for types::TransactionInfoRequest {
    fn validate(&self) -> Result<(), Rejection> {
        match self {
            Self::Id(_) => Ok(()),
            Self::ForeignId(id) => types::ForeignId::try_from(id.as_str())
                .map(drop)
                .map_err(|error| ("foreign_id", friendly_reason(&error.to_string()))),
            Self::Txid(txid) if txid.trim().is_empty() => {
                Err(("txid", "must not be empty".to_owned()))
            }
            Self::Txid(_) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_messages_name_the_wire_field() {
        assert_eq!(
            describe("error converting supplied value for title: longer than 50 characters"),
            (
                "title".to_owned(),
                "must be at most 50 characters".to_owned()
            )
        );
        assert_eq!(
            describe("no value supplied for type_"),
            ("type".to_owned(), "is required".to_owned())
        );
        assert_eq!(
            describe(
                "error converting supplied value for sender_data: \
                 error converting supplied value for country_of_registration: \
                 doesn't match pattern \"^[A-Z]{3}$\""
            ),
            (
                "sender_data.country_of_registration".to_owned(),
                "must be an ISO 3166-1 alpha-3 country code (three capital letters, e.g. DEU)"
                    .to_owned()
            )
        );
        assert_eq!(
            describe("error converting supplied value for title: doesn't match pattern \"x\""),
            ("title".to_owned(), "has an invalid format".to_owned())
        );
        assert_eq!(
            describe("something else"),
            ("body".to_owned(), "something else".to_owned())
        );
    }

    #[test]
    fn exactly_one_of_names_the_field_to_fix() {
        assert!(exactly_one_of(&[("a", true), ("b", false)]).is_ok());
        assert!(exactly_one_of(&[("a", false), ("b", true)]).is_ok());
        let both = exactly_one_of(&[("a", true), ("b", true)]).unwrap_err();
        assert_eq!(
            both,
            ("b", "give exactly one of `a` and `b`, not both".to_owned())
        );
        let none = exactly_one_of(&[("a", false), ("b", false), ("c", false)]).unwrap_err();
        assert_eq!(
            none,
            ("a", "give exactly one of `a`, `b` and `c`".to_owned())
        );
    }

    #[test]
    fn amounts_must_be_greater_than_zero_when_given() {
        assert!(positive("a", Amount::from(1)).is_ok());
        assert!(positive("a", None).is_ok());
        assert_eq!(positive("a", Amount::ZERO).unwrap_err().0, "a");
        assert_eq!(positive("a", Some(Amount::ZERO)).unwrap_err().0, "a");
    }

    #[test]
    fn the_checks_of_the_spec_run_on_the_requests() {
        let withdrawal =
            |amount: Option<Amount>, amount_to: Option<Amount>| types::WithdrawalRequest {
                address: "bc1q".to_owned(),
                amount,
                amount_to,
                convert_to: None,
                currency: "BTC".parse().expect("a currency code"),
                end_user_reference: "customer-42".try_into().expect("a reference"),
                foreign_id: "payout-1".try_into().expect("a foreign id"),
                receiver_data: None,
                receiver_type: None,
                sender_data: None,
                sender_type: None,
                tag: None,
            };
        assert!(withdrawal(Some(Amount::from(1)), None).validate().is_ok());
        assert_eq!(withdrawal(None, None).validate().unwrap_err().0, "amount");
        assert_eq!(
            withdrawal(Some(Amount::ZERO), None)
                .validate()
                .unwrap_err()
                .0,
            "amount"
        );
        assert_eq!(
            withdrawal(None, Some(Amount::from(1)))
                .validate()
                .unwrap_err(),
            ("amount_to", "is only allowed with `convert_to`".to_owned())
        );
    }
}
