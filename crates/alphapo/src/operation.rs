//! An operation of the API as the retry loop and errors see it: its id,
//! whether it may safely run twice, whether it is signed. Its facts come
//! from the spec's operation table ([`alphapo_gen::for_each_operation!`]).

/// Whether an operation may safely run twice (`x-alphapo-moves-money` in
/// the spec).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Idempotency {
    /// Reads: retried on connection failures, 429 and 502/503/504.
    ReadOnly,
    /// Moves money or creates something: retried only when the request
    /// provably had no effect (it never left, or was refused with 429).
    MoneyMoving,
}

/// An operation of the API, as the retry loop and errors see it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Operation {
    /// The spec's operation id.
    pub(crate) id: &'static str,
    /// Whether it may safely run twice.
    pub(crate) idempotency: Idempotency,
    /// Whether it is signed, so needs credentials (all but the operations
    /// the spec marks `security: []`).
    pub(crate) signed: bool,
}

impl Operation {
    /// The operation `id` from the facts of its table row.
    pub(crate) const fn new(id: &'static str, moves_money: bool, signed: bool) -> Self {
        Self {
            id,
            idempotency: if moves_money {
                Idempotency::MoneyMoving
            } else {
                Idempotency::ReadOnly
            },
            signed,
        }
    }
}
