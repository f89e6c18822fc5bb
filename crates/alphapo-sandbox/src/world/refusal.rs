//! Why the world refuses a request, in its own terms: one problem per
//! request field. The API layer words each problem as AlphaPo's
//! Laravel-style message (`ValidationErrors::from`).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::world::catalog::{self, Spec};

/// What is wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// No such currency, or not one this field accepts.
    UnknownCurrency,
    /// The `foreign_id` names an earlier request.
    Taken,
    /// The balance does not cover the amount and its fees.
    InsufficientBalance,
    /// Below the least amount allowed.
    BelowMinimum(Decimal),
    /// Below the least amount an exchange sells.
    BelowExchangeMinimum(Decimal),
    /// Worth less than the least invoice (10 EUR).
    BelowInvoiceMinimum,
    /// Zero or negative.
    NotPositive,
    /// Missing, and so is the alternative field named.
    RequiredWithout(&'static str),
    /// Missing, though the field named needs it.
    RequiredWith(&'static str),
    /// Given together with the alternative field named.
    Prohibits(&'static str),
    /// A fixed exchange's price that is not the current quote.
    StalePrice,
    /// An exchange of a currency for itself.
    SameCurrency,
    /// A number of seconds outside this range.
    OutOfRange(i64, i64),
    /// Not an address of the network the currency is sent on.
    InvalidAddress,
    /// Above the largest amount allowed (a conversion would not fit).
    AboveMaximum(Decimal),
}

/// The problems of a refused request, the first one per field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Refusal(BTreeMap<&'static str, Problem>);

impl Refusal {
    /// A refusal for one field.
    pub(crate) fn field(name: &'static str, problem: Problem) -> Self {
        Self(BTreeMap::from([(name, problem)]))
    }

    /// Records a problem; a field's first problem is the one kept.
    pub(crate) fn add(&mut self, name: &'static str, problem: Problem) {
        self.0.entry(name).or_insert(problem);
    }

    /// `Ok(())` when nothing is wrong.
    pub(crate) fn into_result(self) -> Result<(), Self> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }

    /// Each field with its problem.
    pub(crate) fn into_problems(self) -> impl Iterator<Item = (&'static str, Problem)> {
        self.0.into_iter()
    }
}

/// Looks a currency code up for `field`, recording
/// [`Problem::UnknownCurrency`] when it is unknown or `accept` refuses it.
pub(crate) fn currency(
    refusal: &mut Refusal,
    field: &'static str,
    code: &str,
    accept: impl Fn(&Spec) -> bool,
) -> Option<&'static Spec> {
    let found = catalog::find(code).filter(|spec| accept(spec));
    if found.is_none() {
        refusal.add(field, Problem::UnknownCurrency);
    }
    found
}

/// Which of two alternative fields a request gave.
pub(crate) enum OneOf<T> {
    First(T),
    Second(T),
}

/// Checks that exactly one of two alternative fields is given, recording
/// [`Problem::RequiredWithout`] or [`Problem::Prohibits`] on the first
/// field otherwise.
pub(crate) fn one_of<T>(
    refusal: &mut Refusal,
    (field, value): (&'static str, Option<T>),
    (other, other_value): (&'static str, Option<T>),
) -> Option<OneOf<T>> {
    match (value, other_value) {
        (Some(value), None) => Some(OneOf::First(value)),
        (None, Some(value)) => Some(OneOf::Second(value)),
        (None, None) => {
            refusal.add(field, Problem::RequiredWithout(other));
            None
        }
        (Some(_), Some(_)) => {
            refusal.add(field, Problem::Prohibits(other));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_one_of_two_alternative_fields_is_taken() {
        let mut refusal = Refusal::default();
        let first = one_of(&mut refusal, ("amount", Some(1)), ("amount_to", None));
        assert!(matches!(first, Some(OneOf::First(1))));
        let second = one_of(&mut refusal, ("amount", None), ("amount_to", Some(2)));
        assert!(matches!(second, Some(OneOf::Second(2))));
        assert_eq!(refusal, Refusal::default());

        let neither = one_of::<i32>(&mut refusal, ("amount", None), ("amount_to", None));
        assert!(neither.is_none());
        assert_eq!(
            refusal,
            Refusal::field("amount", Problem::RequiredWithout("amount_to"))
        );

        let mut refusal = Refusal::default();
        let both = one_of(
            &mut refusal,
            ("sender_amount", Some(1)),
            ("receiver_amount", Some(2)),
        );
        assert!(both.is_none());
        assert_eq!(
            refusal,
            Refusal::field("sender_amount", Problem::Prohibits("receiver_amount"))
        );
    }

    #[test]
    fn the_first_problem_of_a_field_is_kept() {
        let mut refusal = Refusal::field("currency", Problem::UnknownCurrency);
        refusal.add("currency", Problem::Taken);
        assert_eq!(
            refusal.into_problems().collect::<Vec<_>>(),
            [("currency", Problem::UnknownCurrency)]
        );
    }
}
