//! Deposits, withdrawals and exchanges, kept as the callback payload that
//! describes their current state, with look-ups by id, foreign id and txid.

use std::collections::HashMap;

use alphapo_gen::{TransactionStatus, types};
use rust_decimal::Decimal;

use super::Overflow;
use crate::catalog::Spec;

/// What kind of transaction a foreign id belongs to (unique per kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Kind {
    Deposit,
    Withdrawal,
    Exchange,
}

/// A transaction and the balance moves its final step still has to make.
#[derive(Debug)]
pub(super) struct Record {
    pub kind: Kind,
    pub view: types::TransactionCallback,
    /// Credited when the transaction is confirmed.
    pub credit_on_confirm: Option<(&'static Spec, Decimal)>,
    /// Given back when the transaction is cancelled or declined.
    pub refund_on_cancel: Option<(&'static Spec, Decimal)>,
}

#[derive(Debug, Default)]
pub(super) struct Transactions {
    records: HashMap<i64, Record>,
    by_foreign_id: HashMap<(Kind, String), i64>,
    by_txid: HashMap<String, i64>,
}

impl Transactions {
    pub(super) fn insert(&mut self, record: Record) {
        let id = record.view.id;
        if let Some(foreign_id) = &record.view.foreign_id {
            self.by_foreign_id
                .insert((record.kind, foreign_id.as_str().to_owned()), id);
        }
        self.index_txids(&record.view);
        self.records.insert(id, record);
    }

    /// Indexes the txids of a transaction's legs (call again once a txid is
    /// known).
    pub(super) fn index_txids(&mut self, view: &types::TransactionCallback) {
        for txid in view.transactions.iter().filter_map(|leg| leg.txid.clone()) {
            self.by_txid.insert(txid, view.id);
        }
    }

    pub(super) fn foreign_id_taken(&self, kind: Kind, foreign_id: &str) -> bool {
        self.by_foreign_id
            .contains_key(&(kind, foreign_id.to_owned()))
    }

    pub(super) fn get(&self, id: i64) -> Option<&Record> {
        self.records.get(&id)
    }

    /// The transactions of one kind, newest first.
    fn of_kind(&self, kind: Kind) -> Vec<types::TransactionCallback> {
        let mut views: Vec<types::TransactionCallback> = self
            .records
            .values()
            .filter(|record| record.kind == kind)
            .map(|record| record.view.clone())
            .collect();
        views.sort_by_key(|view| std::cmp::Reverse(view.id));
        views
    }

    /// The transaction a `transactions/info` body names, if it exists.
    pub(super) fn find(&self, request: &types::TransactionInfoRequest) -> Option<&Record> {
        let id = match request {
            types::TransactionInfoRequest::Id(id) => Some(*id),
            types::TransactionInfoRequest::ForeignId(foreign_id) => {
                [Kind::Withdrawal, Kind::Exchange]
                    .into_iter()
                    .find_map(|kind| self.by_foreign_id.get(&(kind, foreign_id.clone())).copied())
            }
            types::TransactionInfoRequest::Txid(txid) => self.by_txid.get(txid).copied(),
        }?;
        self.records.get(&id)
    }
}

/// Why [`World::settle`](super::World::settle) changed nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unsettled {
    /// The transaction does not exist or is not in a status it moves from.
    WrongState,
    /// Its balance move would overflow.
    Overflow(Overflow),
}

impl From<Overflow> for Unsettled {
    fn from(overflow: Overflow) -> Self {
        Self::Overflow(overflow)
    }
}

impl Unsettled {
    /// For a timer: a wrong state means the work was done already (the
    /// transaction was settled by hand meanwhile), an overflow is a failure.
    pub(super) fn on_timer(self) -> Result<(), Overflow> {
        match self {
            Self::WrongState => Ok(()),
            Self::Overflow(overflow) => Err(overflow),
        }
    }
}

impl super::World {
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

impl super::World {
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
