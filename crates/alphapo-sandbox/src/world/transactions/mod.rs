//! Deposits, withdrawals and exchanges: their final steps and look-ups.

pub(super) mod book;

use alphapo_gen::{TransactionStatus, types};

pub(super) use self::book::{Kind, Unsettled};
use super::state::World;

impl World {
    /// Moves a transaction to a final status, making the balance move that
    /// status implies, and emits its callback. Nothing changes when it is
    /// not in `from`, or when the balance move would overflow.
    pub(super) fn settle(
        &mut self,
        id: i64,
        from: &[TransactionStatus],
        to: TransactionStatus,
        change: impl FnOnce(&mut types::TransactionCallback),
    ) -> Result<(), Unsettled> {
        let record = self
            .transactions
            .records
            .get_mut(&id)
            .ok_or(Unsettled::WrongState)?;
        if !from.contains(&record.view.status) {
            return Err(Unsettled::WrongState);
        }
        let movement = match to {
            TransactionStatus::Confirmed => Some(&mut record.credit_on_confirm),
            TransactionStatus::Cancelled | TransactionStatus::Declined => {
                Some(&mut record.refund_on_cancel)
            }
            _ => None,
        };
        if let Some(movement) = movement {
            if let Some((spec, amount)) = *movement {
                self.ledger.credit(spec, amount)?;
            }
            *movement = None;
        }
        record.view.status = to;
        change(&mut record.view);
        let view = record.view.clone();
        self.transactions.index_txids(&view);
        self.emit(view);
        Ok(())
    }
}

impl World {
    /// Every deposit, newest first, as its last callback described it.
    pub(crate) fn deposits(&self) -> Vec<types::TransactionCallback> {
        self.transactions.of_kind(Kind::Deposit)
    }

    /// Every withdrawal, newest first.
    pub(crate) fn withdrawals(&self) -> Vec<types::TransactionCallback> {
        self.transactions.of_kind(Kind::Withdrawal)
    }

    /// Every exchange, newest first.
    pub(crate) fn exchanges(&self) -> Vec<types::TransactionCallback> {
        self.transactions.of_kind(Kind::Exchange)
    }

    /// `transactions/info`: a deposit, withdrawal, exchange or invoice.
    pub(crate) fn transaction_info(
        &self,
        request: &types::TransactionInfoRequest,
    ) -> Option<types::TransactionCallback> {
        self.transactions
            .find(request)
            .map(|record| record.view.clone())
            .or_else(|| self.invoices.find(request))
    }
}
