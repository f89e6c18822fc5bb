//! [`PayoutCallbacks`]: the inbox handler that moves payouts by their
//! callbacks, in the inbox's transaction.

use super::intent;
use super::payout::now_millis;
use super::state::PayoutState;
use crate::callbacks::Callback;
use crate::callbacks::inbox::Handler;
use crate::store::Backend;

/// An inbox [`Handler`] that moves the payout a callback names (by its
/// `foreign_id`) to processing, confirmed, cancelled or declined, in the
/// inbox's transaction, then runs your handler `H` in that same
/// transaction. A payout never moves out of a final state, so a late or
/// repeated callback changes nothing; callbacks for anything the outbox did
/// not send (deposits, other systems' withdrawals) only run `H`.
///
/// Which callback types move the payouts of which operation is the spec's
/// `x-alphapo-reported-by`:
///
/// | callback type | moves payouts of |
/// |---|---|
/// | `withdrawal`, `withdrawal_exchange` | `withdrawal_crypto` |
/// | `withdrawal_instant` | `withdrawal_instant` |
/// | `withdrawal_instant_exchange` | `withdrawal_instant_exchange` |
/// | `exchange` | `exchange_fixed`, `exchange_now` |
/// | `invoice` | `invoices_create` |
/// | `payment_request` | `payment_requests_create` |
///
/// ```no_run
/// # #[cfg(feature = "sqlite")]
/// # async fn demo(
/// #     inbox: alphapo::callbacks::inbox::Inbox<sqlx::Sqlite>,
/// #     verified: alphapo::callbacks::VerifiedCallback,
/// #     ledger: impl alphapo::callbacks::inbox::Handler<sqlx::Sqlite>,
/// # ) -> Result<(), Box<dyn std::error::Error>> {
/// use alphapo::payouts::PayoutCallbacks;
///
/// inbox.receive(&verified, &PayoutCallbacks::new(ledger)).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct PayoutCallbacks<H> {
    inner: H,
}

impl<H> PayoutCallbacks<H> {
    /// Wraps the merchant's handler.
    ///
    /// ```
    /// # #[cfg(feature = "sqlite")]
    /// # fn demo(ledger: impl alphapo::callbacks::inbox::Handler<sqlx::Sqlite>) {
    /// let handler = alphapo::payouts::PayoutCallbacks::new(ledger);
    /// # let _ = handler;
    /// # }
    /// ```
    pub fn new(inner: H) -> Self {
        Self { inner }
    }
}

/// Why [`PayoutCallbacks`] failed; the inbox rolls back and the callback is
/// delivered again.
///
/// ```
/// use alphapo::payouts::PayoutCallbackError;
/// let error: PayoutCallbackError<std::io::Error> = PayoutCallbackError::Database(sqlx::Error::PoolClosed);
/// assert!(error.to_string().starts_with("database"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PayoutCallbackError<E> {
    /// Moving the payout failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// The merchant's handler failed.
    #[error(transparent)]
    Handler(E),
}

impl<DB: Backend, H: Handler<DB>> Handler<DB> for PayoutCallbacks<H> {
    type Error = PayoutCallbackError<H::Error>;

    async fn handle(
        &self,
        db: &mut DB::Connection,
        callback: &Callback,
    ) -> Result<(), Self::Error> {
        track::<DB>(db, callback).await?;
        self.inner
            .handle(db, callback)
            .await
            .map_err(PayoutCallbackError::Handler)
    }
}

/// What a callback says about a payout.
struct Report<'a> {
    foreign_id: &'a str,
    state: PayoutState,
    api_id: Option<i64>,
    /// The callback's `type`: which operations' payouts it may move.
    callback_type: &'a str,
}

/// The payout a callback is about, if it is of a kind that reports an
/// outcome.
fn report(callback: &Callback) -> Option<Report<'_>> {
    let (foreign_id, state, api_id, callback_type) = match callback {
        Callback::Withdrawal(transaction)
        | Callback::WithdrawalExchange(transaction)
        | Callback::WithdrawalInstant(transaction)
        | Callback::WithdrawalInstantExchange(transaction)
        | Callback::Exchange(transaction) => (
            transaction.foreign_id.as_ref(),
            PayoutState::reported(&transaction.status, transaction.status.as_str()),
            Some(transaction.id),
            transaction.type_.as_str(),
        ),
        Callback::Invoice(invoice) => (
            invoice.foreign_id.as_ref(),
            PayoutState::reported(&invoice.status, invoice.status.as_str()),
            Some(invoice.id),
            invoice.type_.as_str(),
        ),
        Callback::PaymentRequest(request) => (
            request.foreign_id.as_ref(),
            PayoutState::reported(&request.status, request.status.as_str()),
            None,
            request.type_.as_str(),
        ),
        _ => return None,
    };
    Some(Report {
        foreign_id: foreign_id?.as_str(),
        state,
        api_id,
        callback_type,
    })
}

/// Moves the payout `callback` names, if any, forward only.
///
/// The move is fenced by the state it was read in: a worker recording the
/// send's outcome at the same moment (`pending` to `sent`) makes it change
/// nothing, and the payout is read again and moved from its new state.
/// States only move forward, so this ends within as many rounds as there
/// are states.
async fn track<DB: Backend>(
    db: &mut DB::Connection,
    callback: &Callback,
) -> Result<(), sqlx::Error> {
    let Some(report) = report(callback) else {
        return Ok(());
    };
    for _ in 0..PayoutState::ALL.len() {
        let Some(row) = DB::find_payout(db, report.foreign_id).await? else {
            return Ok(());
        };
        if !intent::reported_by(&row.operation, report.callback_type) {
            return Ok(());
        }
        let current = row.state.parse().unwrap_or(PayoutState::Unknown);
        if !current.may_move_to(report.state) {
            return Ok(());
        }
        let moved = DB::move_payout(
            db,
            row.id,
            &row.state,
            report.state.as_str(),
            report.api_id,
            now_millis(),
        )
        .await?;
        if moved {
            return Ok(());
        }
    }
    // Still racing: roll the inbox back, so the callback is delivered again.
    Err(sqlx::Error::Protocol(format!(
        "payout {} kept changing while its callback was recorded",
        report.foreign_id
    )))
}
