//! Balances per currency.

use std::collections::BTreeMap;

use alphapo_gen::{Amount, types};
use rust_decimal::Decimal;

use crate::world::catalog::{self, Spec};
use crate::world::error::DriveError;
use crate::world::money::money;

/// The merchant's balances, one per sandbox currency.
#[derive(Debug)]
pub(super) struct Ledger {
    balances: BTreeMap<&'static str, Decimal>,
}

/// The balance is lower than the amount to debit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Insufficient;

/// A credit would take a balance beyond what a decimal holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the {currency} balance would exceed the largest amount the sandbox holds")]
pub(crate) struct Overflow {
    /// The currency of the balance.
    pub(crate) currency: &'static str,
}

impl From<Overflow> for DriveError {
    fn from(overflow: Overflow) -> Self {
        Self::Overflow(overflow.to_string())
    }
}

impl Ledger {
    /// Every currency at zero, then the configured starting balances.
    pub(super) fn new(initial: &BTreeMap<String, Amount>) -> Self {
        let balances = catalog::CURRENCIES
            .iter()
            .map(|spec| {
                let start = initial.get(spec.code).map_or(Decimal::ZERO, |a| a.value());
                (spec.code, start)
            })
            .collect();
        Self { balances }
    }

    pub(super) fn balance(&self, spec: &Spec) -> Decimal {
        self.balances.get(spec.code).copied().unwrap_or_default()
    }

    /// Adds `amount`, or leaves the balance as it was if the sum would not
    /// fit in a decimal.
    pub(super) fn credit(&mut self, spec: &'static Spec, amount: Decimal) -> Result<(), Overflow> {
        let balance = self.balances.entry(spec.code).or_default();
        *balance = balance.checked_add(amount).ok_or(Overflow {
            currency: spec.code,
        })?;
        Ok(())
    }

    /// Takes `amount` if the balance covers it.
    pub(super) fn debit(
        &mut self,
        spec: &'static Spec,
        amount: Decimal,
    ) -> Result<(), Insufficient> {
        let balance = self.balances.entry(spec.code).or_default();
        if *balance < amount {
            return Err(Insufficient);
        }
        *balance -= amount;
        Ok(())
    }

    /// The `accounts/list` entries, zero balances included.
    pub(super) fn list(&self) -> Vec<types::Balance> {
        catalog::CURRENCIES
            .iter()
            .map(|spec| types::Balance {
                currency: spec.currency_code(),
                type_: spec.kind(),
                balance: money(self.balance(spec)),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debit_refuses_to_overdraw() {
        let Some(btc) = catalog::find("BTC") else {
            panic!("no BTC in the catalog");
        };
        let mut ledger = Ledger::new(&BTreeMap::from([("BTC".to_owned(), Amount::from(1))]));
        assert_eq!(ledger.debit(btc, Decimal::new(2, 0)), Err(Insufficient));
        assert_eq!(ledger.debit(btc, Decimal::new(4, 1)), Ok(()));
        assert_eq!(ledger.credit(btc, Decimal::new(1, 1)), Ok(()));
        assert_eq!(ledger.balance(btc), Decimal::new(7, 1));
    }

    #[test]
    fn a_credit_that_would_overflow_is_refused_and_changes_nothing() {
        let Some(btc) = catalog::find("BTC") else {
            panic!("no BTC in the catalog");
        };
        let mut ledger = Ledger::new(&BTreeMap::from([(
            "BTC".to_owned(),
            Amount::new(Decimal::MAX),
        )]));
        assert_eq!(
            ledger.credit(btc, Decimal::ONE),
            Err(Overflow { currency: "BTC" })
        );
        assert_eq!(ledger.balance(btc), Decimal::MAX);
    }
}
