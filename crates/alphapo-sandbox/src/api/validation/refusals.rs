//! The world's refusals worded as AlphaPo words them: one Laravel-style
//! message per field.

use super::errors::ValidationErrors;
use super::messages::{self, attribute};
use crate::world::money;
use crate::world::refusal::{Problem, Refusal};

impl From<Refusal> for ValidationErrors {
    fn from(refusal: Refusal) -> Self {
        let mut errors = Self::default();
        for (field, problem) in refusal.into_problems() {
            errors.add(field, message(field, &problem));
        }
        errors
    }
}

/// AlphaPo's message for `problem` in `field`.
fn message(field: &str, problem: &Problem) -> String {
    match problem {
        Problem::UnknownCurrency => messages::invalid_selection(field),
        Problem::Taken => messages::taken(field),
        Problem::InsufficientBalance => messages::insufficient_balance(),
        Problem::BelowMinimum(minimum) => messages::at_least(field, *minimum),
        // AlphaPo's own wording, trailing space included.
        Problem::BelowExchangeMinimum(minimum) => {
            format!("The amount must be at least {} ", money(*minimum))
        }
        Problem::BelowInvoiceMinimum => {
            "The amount is too small. The minimum amount is 10.00 EUR.".to_owned()
        }
        Problem::NotPositive => messages::positive(field),
        Problem::RequiredWithout(other) => messages::required_without(field, other),
        Problem::RequiredWith(other) => messages::required_with(field, other),
        Problem::Prohibits(other) => messages::prohibits(field, other),
        Problem::StalePrice => "The price does not match the current quote.".to_owned(),
        Problem::SameCurrency => "Exchange is unavailable for given currencies".to_owned(),
        Problem::InvalidAddress => messages::invalid(field),
        Problem::AboveMaximum(maximum) => messages::max_value(field, *maximum),
        Problem::OutOfRange(low, high) => {
            format!("The {} must be between {low} and {high}.", attribute(field))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternative_fields_are_worded_as_laravel_words_them() {
        let mut refusal = Refusal::field("amount", Problem::RequiredWithout("amount_to"));
        refusal.add("sender_amount", Problem::Prohibits("receiver_amount"));
        assert_eq!(
            ValidationErrors::from(refusal).into_api_error().errors,
            [
                (
                    "amount".to_owned(),
                    "The amount field is required when amount to is not present.".to_owned()
                ),
                (
                    "sender_amount".to_owned(),
                    "The sender amount field prohibits receiver amount from being present."
                        .to_owned()
                ),
            ]
            .into_iter()
            .collect()
        );
    }
}
