//! Exchanges between balances: quotes (`exchange/calculate`) and exchanges
//! at a quoted price (`exchange/fixed`) or at the market (`exchange/now`).

use alphapo_gen::{
    Amount, CallbackType, FeeType, StringOrInteger, TransactionStatus, TransferDirection,
    TransferKind, types,
};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::world::catalog::{self, EXCHANGE_FEE, Spec};
use crate::world::fees;
use crate::world::follow_up::Delay;
use crate::world::follow_up::FollowUp;
use crate::world::ledger::Overflow;
use crate::world::money::money;
use crate::world::refusal::{self, OneOf, Problem, Refusal};
use crate::world::state::World;
use crate::world::transactions::book::Kind;
use crate::world::transactions::book::Record;
use crate::world::transactions::book::Unsettled;

/// How long a quote holds, in seconds (AlphaPo: 60).
const FIX_PERIOD: i64 = 60;

/// The currencies and amounts of an exchange request, as every exchange
/// operation has them.
pub(crate) struct Order<'a> {
    pub sender_currency: &'a str,
    pub receiver_currency: &'a str,
    pub sender_amount: Option<Amount>,
    pub receiver_amount: Option<Amount>,
}

/// A priced exchange.
struct Quote {
    sender: &'static Spec,
    receiver: &'static Spec,
    sender_amount: Decimal,
    receiver_amount: Decimal,
    /// Taken from `sender_amount`, in the sender's currency.
    fee: fees::Charge,
    price: Decimal,
}

impl World {
    /// `exchange/calculate`.
    pub(crate) fn calculate(&self, order: &Order<'_>) -> Result<types::ExchangeQuote, Refusal> {
        let quote = quote(order)?;
        let now = self.unix_now();
        Ok(types::ExchangeQuote {
            sender_currency: quote.sender.currency_code(),
            sender_amount: money(quote.sender_amount),
            receiver_currency: quote.receiver.currency_code(),
            receiver_amount: money(quote.receiver_amount),
            fee_currency: quote.sender.currency_code(),
            fee_amount: money(quote.fee_amount()),
            price: money(quote.price),
            ts_fixed: now,
            ts_release: now + FIX_PERIOD,
            fix_period: FIX_PERIOD,
        })
    }

    /// `exchange/fixed` (with the quoted `price`) and `exchange/now` (without).
    pub(crate) fn exchange(
        &mut self,
        order: &Order<'_>,
        foreign_id: &str,
        price: Option<Amount>,
    ) -> Result<types::Exchange, Refusal> {
        let quote = quote(order)?;
        if price.is_some_and(|price| price.value() != quote.price.round_dp(8)) {
            return Err(Refusal::field("price", Problem::StalePrice));
        }
        if self
            .transactions
            .foreign_id_taken(Kind::Exchange, foreign_id)
        {
            return Err(Refusal::field("foreign_id", Problem::Taken));
        }
        if self
            .ledger
            .debit(quote.sender, quote.sender_amount)
            .is_err()
        {
            return Err(Refusal::field(
                "sender_amount",
                Problem::InsufficientBalance,
            ));
        }
        let id = self.next_id();
        let leg = types::Transfer {
            id: self.next_id(),
            currency: quote.sender.currency_code(),
            currency_to: Some(quote.receiver.currency_code()),
            transaction_type: TransferKind::Exchange,
            type_: TransferDirection::Exchange,
            address: None,
            tag: None,
            amount: money(quote.sender_amount),
            amount_to: Some(money(quote.receiver_amount)),
            txid: None,
            riskscore: None,
            confirmations: None,
            sender: None,
        };
        let view = types::TransactionCallback {
            id,
            foreign_id: Some(StringOrInteger::new(foreign_id)),
            end_user_reference: None,
            type_: CallbackType::Exchange,
            crypto_address: None,
            currency_sent: Some(types::CurrencyAmount {
                currency: quote.sender.currency_code(),
                amount: money(quote.sender_amount),
                // AlphaPo's exchange callbacks list the fee only in `fees`.
                amount_minus_fee: None,
                remaining_amount: None,
            }),
            currency_received: Some(types::CurrencyAmount {
                currency: quote.receiver.currency_code(),
                amount: money(quote.receiver_amount),
                amount_minus_fee: None,
                remaining_amount: None,
            }),
            transactions: vec![leg],
            fees: fees::entries(std::slice::from_ref(&quote.fee)),
            error: Some(String::new()),
            status: TransactionStatus::Processing,
            futures_id: None,
            transaction_id: None,
        };
        self.transactions.insert(Record {
            kind: Kind::Exchange,
            view,
            credit_on_confirm: Some((quote.receiver, quote.receiver_amount)),
            refund_on_cancel: None,
        });
        self.schedule(Delay::Confirmation, FollowUp::ConfirmExchange(id));
        Ok(types::Exchange {
            id,
            foreign_id: StringOrInteger::new(foreign_id),
            type_: CallbackType::Exchange,
            status: TransactionStatus::Processing,
            sender_amount: money(quote.sender_amount),
            sender_currency: quote.sender.currency_code(),
            receiver_amount: money(quote.receiver_amount),
            receiver_currency: quote.receiver.currency_code(),
            fee_amount: money(quote.fee_amount()),
            fee_currency: quote.sender.currency_code(),
            price: money(quote.price),
        })
    }

    /// The exchange went through: credit the bought currency.
    pub(super) fn confirm_exchange(&mut self, id: i64) -> Result<(), Overflow> {
        self.settle(
            id,
            &[TransactionStatus::Processing],
            TransactionStatus::Confirmed,
            |_| {},
        )
        .or_else(Unsettled::on_timer)
    }
}

impl Quote {
    fn fee_amount(&self) -> Decimal {
        self.fee.amount()
    }
}

/// Checks an exchange request and prices it.
fn quote(order: &Order<'_>) -> Result<Quote, Refusal> {
    let mut refusal = Refusal::default();
    let sender = refusal::currency(
        &mut refusal,
        "sender_currency",
        order.sender_currency,
        |_| true,
    );
    let receiver = refusal::currency(
        &mut refusal,
        "receiver_currency",
        order.receiver_currency,
        |_| true,
    );
    let amount = refusal::one_of(
        &mut refusal,
        ("sender_amount", order.sender_amount),
        ("receiver_amount", order.receiver_amount),
    );
    refusal.into_result()?;
    let (Some(sender), Some(receiver)) = (sender, receiver) else {
        return Err(Refusal::field("sender_currency", Problem::UnknownCurrency));
    };
    if sender.code == receiver.code {
        return Err(Refusal::field("sender_currency", Problem::SameCurrency));
    }
    let price = catalog::rate(sender, receiver);
    let keep = Decimal::ONE - EXCHANGE_FEE;
    let fee_on = |sent| fees::Charge::share(FeeType::Exchange, sender, sent, EXCHANGE_FEE);
    let (sender_amount, receiver_amount) = match amount {
        Some(OneOf::First(sent)) => {
            let sent = sent.value();
            let exchanged = sent - fee_on(sent).amount();
            (sent, (exchanged * price).round_dp(8))
        }
        Some(OneOf::Second(bought)) => {
            let bought = bought.value();
            let sent =
                (bought / price / keep).round_dp_with_strategy(8, RoundingStrategy::AwayFromZero);
            (sent, bought)
        }
        None => {
            return Err(Refusal::field(
                "sender_amount",
                Problem::RequiredWithout("receiver_amount"),
            ));
        }
    };
    let minimum = sender.minimum_exchange();
    if sender_amount < minimum {
        return Err(Refusal::field(
            "sender_amount",
            Problem::BelowExchangeMinimum(minimum),
        ));
    }
    Ok(Quote {
        sender,
        receiver,
        sender_amount,
        receiver_amount,
        fee: fee_on(sender_amount),
        price,
    })
}
