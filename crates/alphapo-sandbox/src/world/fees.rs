//! Fees: the charges an operation makes, the `fees` entries of its callback
//! and their exact sum. Every charge of one operation is in the same
//! currency, so `amount == amount_minus_fee + total(charges)` holds exactly.

use alphapo_gen::{FeeType, types};
use rust_decimal::Decimal;

use crate::world::catalog::Spec;
use crate::world::money::money;

/// One fee taken by an operation.
#[derive(Debug, Clone)]
pub(super) struct Charge {
    kind: FeeType,
    spec: &'static Spec,
    amount: Decimal,
}

impl Charge {
    /// `fraction` of `base`, in `spec`, rounded to 8 decimals like all money.
    pub(super) fn share(
        kind: FeeType,
        spec: &'static Spec,
        base: Decimal,
        fraction: Decimal,
    ) -> Self {
        Self {
            kind,
            spec,
            amount: (base * fraction).round_dp(8),
        }
    }

    /// A flat `amount` in `spec` (a network fee).
    pub(super) fn flat(kind: FeeType, spec: &'static Spec, amount: Decimal) -> Self {
        Self { kind, spec, amount }
    }

    /// How much is taken.
    pub(super) fn amount(&self) -> Decimal {
        self.amount
    }
}

/// The sum of the charges.
pub(super) fn total(charges: &[Charge]) -> Decimal {
    charges.iter().map(Charge::amount).sum()
}

/// The `fees` entries of a callback; a zero charge has none.
pub(super) fn entries(charges: &[Charge]) -> Vec<types::Fee> {
    charges
        .iter()
        .filter(|charge| !charge.amount.is_zero())
        .map(|charge| types::Fee {
            type_: charge.kind.clone(),
            currency: charge.spec.currency_code(),
            amount: money(charge.amount),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::catalog;

    #[test]
    fn charges_round_to_eight_places_and_add_up() {
        let Some(btc) = catalog::find("BTC") else {
            panic!("no BTC in the catalog");
        };
        let base = Decimal::new(123_456_789, 8);
        let charges = [
            Charge::share(FeeType::FeeCryptoDeposit, btc, base, Decimal::new(1, 2)),
            Charge::share(FeeType::Exchange, btc, base, Decimal::new(5, 3)),
            Charge::share(FeeType::Withdrawal, btc, base, Decimal::ZERO),
        ];
        assert_eq!(total(&charges).to_string(), "0.01851852");
        let listed: Vec<String> = entries(&charges)
            .iter()
            .map(|fee| format!("{} {}", fee.type_, fee.amount))
            .collect();
        assert_eq!(
            listed,
            ["fee_crypto_deposit 0.01234568", "exchange 0.00617284"]
        );
    }
}
