//! Withdrawals (`withdrawal/crypto`, and the instant ones of
//! `crypto/withdrawal_instant(_exchange)`, which always pay the network fee):
//! the balance is debited at once (the amount plus the fees), and the driver confirms, cancels or declines them
//! (a cancellation or a decline gives all of it back), or the sandbox
//! confirms them itself after
//! [`SandboxConfig::withdrawal_confirmation`](crate::SandboxConfig::withdrawal_confirmation).
//! As in AlphaPo's answers and callbacks, `sender_amount` and
//! `currency_sent.amount` are the amount; the fees are listed only in `fees`.

use alphapo_gen::{
    Amount, CallbackType, Confirmations, FeeType, StringOrInteger, TransactionStatus,
    TransferDirection, TransferKind, types,
};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::world::catalog::{self, Spec};
use crate::world::error::DriveError;
use crate::world::fees;
use crate::world::follow_up::Delay;
use crate::world::follow_up::FollowUp;
use crate::world::money::{MAX_AMOUNT, money};
use crate::world::random::random_hex;
use crate::world::refusal::{self, OneOf, Problem, Refusal};
use crate::world::state::World;
use crate::world::transactions::book::Kind;
use crate::world::transactions::book::Record;
use crate::world::transactions::book::Unsettled;

/// How fast a withdrawal goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Speed {
    /// `withdrawal/crypto`.
    Standard,
    /// `crypto/withdrawal_instant(_exchange)`: only currencies with an
    /// instant network fee, which is always charged.
    Instant,
}

/// A withdrawal request, whichever operation sent it: what the world reads
/// of it, each field with the name the request gave it (refusals name it).
struct Order<'a> {
    speed: Speed,
    /// The balance debited, as (field, code).
    currency: (&'static str, &'a str),
    /// The currency sent, when it is not the debited one.
    convert_to: Option<(&'static str, &'a str)>,
    /// The amount debited (before fees), as (field, amount).
    amount: (&'static str, Option<Amount>),
    /// The amount sent, in `convert_to` (standard withdrawals only).
    amount_to: Option<Amount>,
    address: &'a str,
    tag: Option<&'a str>,
    foreign_id: &'a str,
    end_user_reference: &'a str,
}

impl<'a> From<&'a types::WithdrawalRequest> for Order<'a> {
    fn from(request: &'a types::WithdrawalRequest) -> Self {
        Self {
            speed: Speed::Standard,
            currency: ("currency", &request.currency),
            convert_to: request
                .convert_to
                .as_deref()
                .map(|code| ("convert_to", code)),
            amount: ("amount", request.amount),
            amount_to: request.amount_to,
            address: &request.address,
            tag: request.tag.as_deref(),
            foreign_id: &request.foreign_id,
            end_user_reference: &request.end_user_reference,
        }
    }
}

impl<'a> From<&'a types::InstantWithdrawalRequest> for Order<'a> {
    fn from(request: &'a types::InstantWithdrawalRequest) -> Self {
        Self {
            speed: Speed::Instant,
            currency: ("sender_currency", &request.sender_currency),
            convert_to: None,
            amount: ("sender_amount", Some(request.sender_amount)),
            amount_to: None,
            address: &request.address,
            tag: request.tag.as_deref(),
            foreign_id: &request.foreign_id,
            end_user_reference: &request.end_user_reference,
        }
    }
}

impl<'a> From<&'a types::InstantWithdrawalExchangeRequest> for Order<'a> {
    fn from(request: &'a types::InstantWithdrawalExchangeRequest) -> Self {
        Self {
            speed: Speed::Instant,
            currency: ("sender_currency", &request.sender_currency),
            convert_to: Some(("receiver_currency", &request.receiver_currency)),
            amount: ("sender_amount", Some(request.sender_amount)),
            amount_to: None,
            address: &request.address,
            tag: request.tag.as_deref(),
            foreign_id: &request.foreign_id,
            end_user_reference: &request.end_user_reference,
        }
    }
}

/// The amounts of a withdrawal once its fields are checked.
struct Plan {
    sender: &'static Spec,
    receiver: &'static Spec,
    amount: Decimal,
    receiver_amount: Decimal,
    /// Charged on top of `amount`, in the sender's currency.
    charges: Vec<fees::Charge>,
}

/// A withdrawal the world accepted.
struct Accepted {
    id: i64,
    type_: CallbackType,
    foreign_id: StringOrInteger,
    end_user_reference: StringOrInteger,
    plan: Plan,
}

impl World {
    /// `withdrawal/crypto`.
    pub(crate) fn withdraw(
        &mut self,
        request: types::WithdrawalRequest,
    ) -> Result<types::Withdrawal, Refusal> {
        let accepted = self.send(&Order::from(&request))?;
        let plan = &accepted.plan;
        Ok(types::Withdrawal {
            id: accepted.id,
            foreign_id: accepted.foreign_id,
            end_user_reference: Some(accepted.end_user_reference),
            type_: accepted.type_,
            status: TransactionStatus::Processing,
            amount: money(plan.amount),
            sender_amount: money(plan.amount),
            sender_currency: plan.sender.currency_code(),
            receiver_amount: Some(money(plan.receiver_amount)),
            receiver_currency: plan.receiver.currency_code(),
        })
    }

    /// `crypto/withdrawal_instant`: answered like the vendor's example,
    /// without the receiving side.
    pub(crate) fn withdraw_instantly(
        &mut self,
        request: types::InstantWithdrawalRequest,
    ) -> Result<types::InstantWithdrawal, Refusal> {
        self.send(&Order::from(&request))
            .map(|accepted| accepted.instant(false))
    }

    /// `crypto/withdrawal_instant_exchange`: answered with the receiving
    /// side too (UNCONFIRMED).
    pub(crate) fn withdraw_instantly_converting(
        &mut self,
        request: types::InstantWithdrawalExchangeRequest,
    ) -> Result<types::InstantWithdrawal, Refusal> {
        self.send(&Order::from(&request))
            .map(|accepted| accepted.instant(true))
    }

    /// Debits the amount and its fees and records the withdrawal,
    /// `processing` until it is confirmed, cancelled or declined.
    fn send(&mut self, order: &Order<'_>) -> Result<Accepted, Refusal> {
        let plan = plan(order)?;
        if self
            .transactions
            .foreign_id_taken(Kind::Withdrawal, order.foreign_id)
        {
            return Err(Refusal::field("foreign_id", Problem::Taken));
        }
        // The fees come on top of the amount; no balance holds a sum past
        // the decimal range.
        let debit = plan
            .amount
            .checked_add(fees::total(&plan.charges))
            .ok_or_else(|| Refusal::field(order.amount.0, Problem::InsufficientBalance))?;
        if self.ledger.debit(plan.sender, debit).is_err() {
            return Err(Refusal::field(order.amount.0, Problem::InsufficientBalance));
        }
        let id = self.next_id();
        let converted = plan.sender.code != plan.receiver.code;
        let type_ = match (order.speed, converted) {
            (Speed::Standard, false) => CallbackType::Withdrawal,
            (Speed::Standard, true) => CallbackType::WithdrawalExchange,
            (Speed::Instant, false) => CallbackType::WithdrawalInstant,
            (Speed::Instant, true) => CallbackType::WithdrawalInstantExchange,
        };
        let foreign_id = StringOrInteger::new(order.foreign_id.to_owned());
        let end_user_reference = StringOrInteger::new(order.end_user_reference.to_owned());
        let tag = order.tag.map(|tag| StringOrInteger::new(tag.to_owned()));
        let mut legs = vec![types::Transfer {
            id: self.next_id(),
            currency: plan.receiver.currency_code(),
            currency_to: None,
            transaction_type: TransferKind::Blockchain,
            type_: TransferDirection::Withdrawal,
            address: Some(order.address.to_owned()),
            tag: tag.clone(),
            amount: money(plan.receiver_amount),
            amount_to: None,
            txid: None,
            riskscore: None,
            confirmations: Some(Confirmations::new(0)),
            sender: None,
        }];
        if converted {
            legs.insert(
                0,
                types::Transfer {
                    id: self.next_id(),
                    currency: plan.sender.currency_code(),
                    currency_to: Some(plan.receiver.currency_code()),
                    transaction_type: TransferKind::Exchange,
                    type_: TransferDirection::Exchange,
                    address: None,
                    tag: None,
                    amount: money(plan.amount),
                    amount_to: Some(money(plan.receiver_amount)),
                    txid: None,
                    riskscore: None,
                    confirmations: None,
                    sender: None,
                },
            );
        }
        let view = types::TransactionCallback {
            id,
            foreign_id: Some(foreign_id.clone()),
            end_user_reference: Some(end_user_reference.clone()),
            type_: type_.clone(),
            // AlphaPo names the debited currency here, and the withdrawn one
            // as `convert_to` when they differ.
            crypto_address: Some(types::CryptoAddress {
                id: self.next_id(),
                currency: plan.sender.currency_code(),
                convert_to: converted.then(|| plan.receiver.currency_code()),
                address: order.address.to_owned(),
                tag,
                foreign_id: None,
                cross_currency: None,
                expected_currency: None,
            }),
            // As AlphaPo's: what was sent is the amount, the fees are only
            // in `fees` (debited on top of it).
            currency_sent: Some(types::CurrencyAmount {
                currency: plan.sender.currency_code(),
                amount: money(plan.amount),
                amount_minus_fee: None,
                remaining_amount: None,
            }),
            currency_received: Some(types::CurrencyAmount {
                currency: plan.receiver.currency_code(),
                amount: money(plan.receiver_amount),
                amount_minus_fee: None,
                remaining_amount: None,
            }),
            transactions: legs,
            fees: fees::entries(&plan.charges),
            error: Some(String::new()),
            status: TransactionStatus::Processing,
            futures_id: None,
            transaction_id: None,
        };
        self.transactions.insert(Record {
            kind: Kind::Withdrawal,
            view,
            credit_on_confirm: None,
            refund_on_cancel: Some((plan.sender, debit)),
        });
        self.schedule(
            Delay::WithdrawalConfirmation,
            FollowUp::ConfirmWithdrawal(id),
        );
        Ok(Accepted {
            id,
            type_,
            foreign_id,
            end_user_reference,
            plan,
        })
    }

    /// The withdrawal was broadcast and confirmed.
    pub(crate) fn confirm_withdrawal(&mut self, id: i64) -> Result<(), DriveError> {
        self.finish_withdrawal(id, TransactionStatus::Confirmed, "confirm", |view| {
            for leg in &mut view.transactions {
                if leg.transaction_type == TransferKind::Blockchain {
                    leg.txid = Some(random_hex(64));
                    leg.confirmations = Some(Confirmations::new(1));
                }
            }
        })
    }

    /// The withdrawal's confirmation timer came due: it is confirmed unless
    /// the driver settled it first.
    pub(super) fn confirm_withdrawal_on_timer(&mut self, id: i64) {
        // Already confirmed, cancelled or declined by the driver: nothing to do.
        let _ = self.confirm_withdrawal(id);
    }

    /// The withdrawal failed: the debited amount, fees included, goes back
    /// to the balance.
    pub(crate) fn cancel_withdrawal(&mut self, id: i64) -> Result<(), DriveError> {
        self.return_withdrawal(
            id,
            TransactionStatus::Cancelled,
            "cancel",
            "Withdrawal cancelled in the sandbox",
        )
    }

    /// A reviewer rejected the withdrawal (AlphaPo's final `declined`): it
    /// never left, so like a cancellation the debited amount, fees
    /// included, goes back to the balance. AlphaPo documents the status but
    /// not its payload (UNCONFIRMED); the sandbox sends a cancellation's
    /// payload with this status and its own error text.
    pub(crate) fn decline_withdrawal(&mut self, id: i64) -> Result<(), DriveError> {
        self.return_withdrawal(
            id,
            TransactionStatus::Declined,
            "decline",
            "Withdrawal declined in the sandbox",
        )
    }

    /// Ends a withdrawal that never left, refunded. Like AlphaPo's, the
    /// callback then has no fees and no amounts sent or received.
    fn return_withdrawal(
        &mut self,
        id: i64,
        to: TransactionStatus,
        action: &'static str,
        error: &str,
    ) -> Result<(), DriveError> {
        self.finish_withdrawal(id, to, action, |view| {
            view.error = Some(error.to_owned());
            view.fees.clear();
            view.currency_sent = None;
            view.currency_received = None;
        })
    }

    fn finish_withdrawal(
        &mut self,
        id: i64,
        to: TransactionStatus,
        action: &'static str,
        change: impl FnOnce(&mut types::TransactionCallback),
    ) -> Result<(), DriveError> {
        let status = self
            .transactions
            .get(id)
            .filter(|record| record.kind == Kind::Withdrawal)
            .map(|record| record.view.status.to_string())
            .ok_or(DriveError::UnknownWithdrawal(id))?;
        self.settle(id, &[TransactionStatus::Processing], to, change)
            .map_err(|unsettled| match unsettled {
                Unsettled::WrongState => DriveError::WrongState {
                    object: format!("withdrawal {id}"),
                    status,
                    action,
                },
                Unsettled::Overflow(overflow) => overflow.into(),
            })
    }
}

impl Accepted {
    /// The answer of an instant withdrawal, with the receiving side when
    /// it was paid from another balance.
    fn instant(self, receiving: bool) -> types::InstantWithdrawal {
        let plan = &self.plan;
        types::InstantWithdrawal {
            id: self.id,
            foreign_id: self.foreign_id,
            end_user_reference: Some(self.end_user_reference),
            type_: self.type_,
            status: TransactionStatus::Processing,
            sender_currency: plan.sender.currency_code(),
            sender_amount: money(plan.amount),
            receiver_currency: receiving.then(|| plan.receiver.currency_code()),
            receiver_amount: receiving.then(|| money(plan.receiver_amount)),
        }
    }
}

/// A converted amount, or a refusal of `field` as above the largest amount
/// when the conversion does not fit in a decimal (the API's bound keeps
/// every amount it takes below that).
fn fitting(field: &'static str, converted: Option<Decimal>) -> Result<Decimal, Refusal> {
    converted.ok_or_else(|| Refusal::field(field, Problem::AboveMaximum(MAX_AMOUNT)))
}

/// Checks the fields of a withdrawal and works out its amounts.
fn plan(order: &Order<'_>) -> Result<Plan, Refusal> {
    let mut refusal = Refusal::default();
    let instant = order.speed == Speed::Instant;
    let offers_instant = |spec: &Spec| spec.instant_network_fee().is_some();
    let (currency_field, currency) = order.currency;
    let converting = order.convert_to.is_some();
    let sender = refusal::currency(&mut refusal, currency_field, currency, |spec| {
        converting || (spec.crypto && (!instant || offers_instant(spec)))
    });
    let receiver = match order.convert_to {
        Some((field, code)) => refusal::currency(&mut refusal, field, code, |target| {
            target.crypto
                && (!instant || offers_instant(target))
                && sender.is_none_or(|sender| sender.code != target.code)
        }),
        None => sender,
    };
    // The destination must be an address of the network the coins leave on.
    if let Some(format) = receiver.and_then(|spec| spec.address_format)
        && !format.accepts(order.address)
    {
        refusal.add("address", Problem::InvalidAddress);
    }
    let (amount_field, amount) = order.amount;
    let amount = refusal::one_of(
        &mut refusal,
        (amount_field, amount),
        ("amount_to", order.amount_to),
    );
    if matches!(amount, Some(OneOf::Second(_))) && !converting {
        refusal.add("convert_to", Problem::RequiredWith("amount_to"));
    }
    refusal.into_result()?;
    let (Some(sender), Some(receiver)) = (sender, receiver) else {
        return Err(Refusal::field(currency_field, Problem::UnknownCurrency));
    };
    let rate = catalog::rate(sender, receiver);
    let minimum = receiver.minimum_withdrawal();
    let (amount, receiver_amount) = match amount {
        Some(OneOf::First(amount)) => {
            let amount = amount.value();
            let minimum_sent =
                (minimum / rate).round_dp_with_strategy(8, RoundingStrategy::AwayFromZero);
            if amount < minimum_sent {
                return Err(Refusal::field(
                    amount_field,
                    Problem::BelowMinimum(minimum_sent),
                ));
            }
            (
                amount,
                fitting(amount_field, amount.checked_mul(rate))?.round_dp(8),
            )
        }
        Some(OneOf::Second(amount_to)) => {
            let amount_to = amount_to.value();
            if amount_to < minimum {
                return Err(Refusal::field("amount_to", Problem::BelowMinimum(minimum)));
            }
            let amount = fitting("amount_to", amount_to.checked_div(rate))?;
            (
                amount.round_dp_with_strategy(8, RoundingStrategy::AwayFromZero),
                amount_to,
            )
        }
        None => {
            return Err(Refusal::field(
                amount_field,
                Problem::RequiredWithout("amount_to"),
            ));
        }
    };
    let mut charges = vec![fees::Charge::share(
        FeeType::Withdrawal,
        sender,
        amount,
        receiver.withdrawal_fee(),
    )];
    if sender.code != receiver.code {
        charges.push(fees::Charge::share(
            FeeType::Exchange,
            sender,
            amount,
            catalog::EXCHANGE_FEE,
        ));
    }
    // An instant withdrawal always pays the network fee (in the currency
    // sent), charged in the sender's currency like every other fee.
    if instant && let Some(network_fee) = receiver.instant_network_fee() {
        charges.push(fees::Charge::flat(
            FeeType::Mining,
            sender,
            (network_fee / rate).round_dp_with_strategy(8, RoundingStrategy::AwayFromZero),
        ));
    }
    Ok(Plan {
        sender,
        receiver,
        amount,
        receiver_amount,
        charges,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A BTC withdrawal sent as ETH, of `amount` BTC.
    fn converting(amount: Decimal, address: &str) -> Order<'_> {
        Order {
            speed: Speed::Standard,
            currency: ("currency", "BTC"),
            convert_to: Some(("convert_to", "ETH")),
            amount: ("amount", Some(Amount::new(amount))),
            amount_to: None,
            address,
            tag: None,
            foreign_id: "w-1",
            end_user_reference: "u-1",
        }
    }

    #[test]
    fn a_conversion_beyond_a_decimal_is_refused_not_a_panic() {
        let address = catalog::find("ETH")
            .and_then(Spec::new_address)
            .unwrap_or_default();
        let refused = plan(&converting(Decimal::MAX, &address)).err();
        assert_eq!(
            refused,
            Some(Refusal::field("amount", Problem::AboveMaximum(MAX_AMOUNT)))
        );
        assert!(plan(&converting(Decimal::ONE, &address)).is_ok());
    }
}
