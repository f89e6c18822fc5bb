//! Money as the sandbox holds and writes it: the bound on amounts, and
//! AlphaPo's 8 decimals.

use alphapo_gen::Amount;
use rust_decimal::Decimal;

use super::error::DriveError;

/// The largest amount the sandbox takes in a request or a driving call:
/// 10^18, far above any balance, and small enough that amount x rate x fee
/// stays inside a decimal.
pub(crate) const MAX_AMOUNT: Decimal = Decimal::from_parts(2_808_348_672, 232_830_643, 0, false, 0);

/// Refuses a simulated deposit or payment of zero or less, or beyond
/// [`MAX_AMOUNT`].
pub(super) fn ensure_drivable(amount: Decimal) -> Result<(), DriveError> {
    if amount <= Decimal::ZERO {
        Err(DriveError::NotPositive)
    } else if amount > MAX_AMOUNT {
        Err(DriveError::AmountTooLarge(MAX_AMOUNT.into()))
    } else {
        Ok(())
    }
}

/// An amount as AlphaPo writes money: 8 decimals.
pub(crate) fn money(value: Decimal) -> Amount {
    let mut value = value.round_dp(8);
    value.rescale(8);
    Amount::new(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_maximum_is_ten_to_the_eighteenth() {
        assert_eq!(MAX_AMOUNT, Decimal::from(10_u64.pow(18)));
    }

    #[test]
    fn driving_amounts_are_positive_and_bounded() {
        assert_eq!(ensure_drivable(Decimal::ZERO), Err(DriveError::NotPositive));
        assert_eq!(ensure_drivable(MAX_AMOUNT), Ok(()));
        assert_eq!(
            ensure_drivable(MAX_AMOUNT + Decimal::ONE),
            Err(DriveError::AmountTooLarge(MAX_AMOUNT.into()))
        );
    }

    #[test]
    fn money_has_eight_decimals() {
        assert_eq!(money(Decimal::new(4, 2)).to_string(), "0.04000000");
        assert_eq!(
            money(Decimal::new(123_456_789_123, 11)).to_string(),
            "1.23456789"
        );
    }
}
