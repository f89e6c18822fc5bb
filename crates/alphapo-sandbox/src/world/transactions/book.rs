//! Deposits, withdrawals and exchanges, kept as the callback payload that
//! describes their current state, with look-ups by id, foreign id and txid.

use std::collections::HashMap;

use alphapo_gen::types;
use rust_decimal::Decimal;

use crate::world::catalog::Spec;
use crate::world::ledger::Overflow;

/// What kind of transaction a foreign id belongs to (unique per kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Deposit,
    Withdrawal,
    Exchange,
}

/// A transaction and the balance moves its final step still has to make.
#[derive(Debug)]
pub(crate) struct Record {
    pub(crate) kind: Kind,
    pub(crate) view: types::TransactionCallback,
    /// Credited when the transaction is confirmed.
    pub(crate) credit_on_confirm: Option<(&'static Spec, Decimal)>,
    /// Given back when the transaction is cancelled or declined.
    pub(crate) refund_on_cancel: Option<(&'static Spec, Decimal)>,
}

#[derive(Debug, Default)]
pub(crate) struct Transactions {
    pub(crate) records: HashMap<i64, Record>,
    pub(crate) by_foreign_id: HashMap<(Kind, String), i64>,
    pub(crate) by_txid: HashMap<String, i64>,
}

impl Transactions {
    pub(crate) fn insert(&mut self, record: Record) {
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
    pub(crate) fn index_txids(&mut self, view: &types::TransactionCallback) {
        for txid in view.transactions.iter().filter_map(|leg| leg.txid.clone()) {
            self.by_txid.insert(txid, view.id);
        }
    }

    pub(crate) fn foreign_id_taken(&self, kind: Kind, foreign_id: &str) -> bool {
        self.by_foreign_id
            .contains_key(&(kind, foreign_id.to_owned()))
    }

    pub(crate) fn get(&self, id: i64) -> Option<&Record> {
        self.records.get(&id)
    }

    /// The transactions of one kind, newest first.
    pub(crate) fn of_kind(&self, kind: Kind) -> Vec<types::TransactionCallback> {
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
    pub(crate) fn find(&self, request: &types::TransactionInfoRequest) -> Option<&Record> {
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

/// Why [`World::settle`](crate::world::state::World::settle) changed nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unsettled {
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
    pub(crate) fn on_timer(self) -> Result<(), Overflow> {
        match self {
            Self::WrongState => Ok(()),
            Self::Overflow(overflow) => Err(overflow),
        }
    }
}
