//! Balances per currency.

use std::collections::BTreeMap;

use alphapo_gen::{Amount, types};
use rust_decimal::Decimal;

use super::money;
use crate::catalog::{self, Spec};

/// The merchant's balances, one per sandbox currency.
#[derive(Debug)]
pub(super) struct Ledger {
    balances: BTreeMap<&'static str, Decimal>,
}

/// The balance is lower than the amount to debit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Insufficient;

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

    pub(super) fn credit(&mut self, spec: &'static Spec, amount: Decimal) {
        *self.balances.entry(spec.code).or_default() += amount;
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
                currency: spec.code.to_owned(),
                type_: spec.kind(),
                balance: money(self.balance(spec)),
            })
            .collect()
    }
}

impl super::World {
    /// `accounts/list`.
    pub(crate) fn balances(&self) -> Vec<types::Balance> {
        self.ledger.list()
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
        ledger.credit(btc, Decimal::new(1, 1));
        assert_eq!(ledger.balance(btc), Decimal::new(7, 1));
    }
}
