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

use crate::Error;
use crate::retry::Operation;

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

/// Requests without amounts have nothing more to check.
macro_rules! nothing_more_to_check {
    ($($request:ty),+) => {$(
        impl Validate for $request {
            fn validate(&self) -> Result<(), Rejection> {
                Ok(())
            }
        }
    )+};
}

nothing_more_to_check!(
    alphapo_gen::EmptyRequest,
    types::CurrenciesListRequest,
    types::CurrencyPairsRequest
);

/// An amount, when given, must be greater than zero.
fn positive(field: &'static str, amount: Option<Amount>) -> Result<(), Rejection> {
    match amount {
        Some(amount) if !amount.is_positive() => {
            Err((field, "must be greater than zero".to_owned()))
        }
        _ => Ok(()),
    }
}

/// Exactly one of two amounts must be given, and it must be greater than zero.
fn exactly_one(
    (first, first_amount): (&'static str, Option<Amount>),
    (second, second_amount): (&'static str, Option<Amount>),
) -> Result<(), Rejection> {
    match (first_amount, second_amount) {
        (Some(_), Some(_)) => Err((
            second,
            format!("give exactly one of `{first}` and `{second}`, not both"),
        )),
        (None, None) => Err((
            first,
            format!("give exactly one of `{first}` and `{second}`"),
        )),
        _ => positive(first, first_amount).and(positive(second, second_amount)),
    }
}

impl Validate for types::AddressTakeRequest {
    fn validate(&self) -> Result<(), Rejection> {
        positive("amount", self.amount)
    }
}

impl Validate for types::WithdrawalRequest {
    fn validate(&self) -> Result<(), Rejection> {
        if self.address.trim().is_empty() {
            return Err(("address", "must not be empty".to_owned()));
        }
        if self.amount_to.is_some() && self.convert_to.is_none() {
            return Err(("amount_to", "is only allowed with `convert_to`".to_owned()));
        }
        exactly_one(("amount", self.amount), ("amount_to", self.amount_to))
    }
}

/// The exchange requests share their amount rule.
macro_rules! exchange_amounts {
    ($($request:ty),+) => {$(
        impl Validate for $request {
            fn validate(&self) -> Result<(), Rejection> {
                exactly_one(
                    ("sender_amount", self.sender_amount),
                    ("receiver_amount", self.receiver_amount),
                )
            }
        }
    )+};
}

exchange_amounts!(types::ExchangeCalculateRequest, types::ExchangeNowRequest);

impl Validate for types::ExchangeFixedRequest {
    fn validate(&self) -> Result<(), Rejection> {
        positive("price", Some(self.price))?;
        exactly_one(
            ("sender_amount", self.sender_amount),
            ("receiver_amount", self.receiver_amount),
        )
    }
}

impl Validate for types::InvoiceCreateRequest {
    fn validate(&self) -> Result<(), Rejection> {
        positive("amount", Some(self.amount))
    }
}

impl Validate for types::PaymentRequestCreateRequest {
    fn validate(&self) -> Result<(), Rejection> {
        positive("amount", Some(self.amount))
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
    fn exactly_one_amount_greater_than_zero() {
        let one = Some(Amount::from(1));
        let zero = Some(Amount::ZERO);
        assert!(exactly_one(("a", one), ("b", None)).is_ok());
        assert!(exactly_one(("a", None), ("b", one)).is_ok());
        assert_eq!(exactly_one(("a", one), ("b", one)).unwrap_err().0, "b");
        assert_eq!(exactly_one(("a", None), ("b", None)).unwrap_err().0, "a");
        assert_eq!(exactly_one(("a", None), ("b", zero)).unwrap_err().0, "b");
    }
}
