//! Deposit addresses (`addresses/take`) and simulated deposits to them.

pub(super) mod book;

use alphapo_gen::{
    CallbackType, Confirmations, FeeType, StringOrInteger, TransactionStatus, TransferDirection,
    TransferKind, types,
};
use rust_decimal::Decimal;
use serde::Serialize;

use self::book::DepositAddress;
use crate::world::catalog::{self, Spec};
use crate::world::error::DriveError;
use crate::world::fees;
use crate::world::follow_up::Delay;
use crate::world::follow_up::FollowUp;
use crate::world::ledger::Overflow;
use crate::world::money::ensure_drivable;
use crate::world::money::money;
use crate::world::random::random_hex;
use crate::world::refusal::{self, Problem, Refusal};
use crate::world::state::World;
use crate::world::transactions::book::Kind;
use crate::world::transactions::book::Record;
use crate::world::transactions::book::Unsettled;

/// What a simulated deposit created.
///
/// ```
/// # async fn demo(handle: alphapo_sandbox::SandboxHandle) -> Result<(), alphapo_sandbox::DriveError> {
/// let receipt = handle.simulate_deposit("tb1q...", "0.5".parse().unwrap())?;
/// println!("deposit {} (txid {}) is {}", receipt.id, receipt.txid, receipt.status);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DepositReceipt {
    /// The transaction id (the `id` of its callbacks and of `transactions/info`).
    pub id: i64,
    /// The simulated blockchain hash.
    pub txid: String,
    /// `not_confirmed`, or `cancelled` for a deposit below the minimum.
    pub status: TransactionStatus,
}

impl World {
    /// Every deposit address handed out, newest first.
    pub(crate) fn addresses(&self) -> Vec<types::CryptoAddress> {
        let mut addresses: Vec<types::CryptoAddress> = self
            .addresses
            .by_text
            .values()
            .map(DepositAddress::crypto_address)
            .collect();
        addresses.sort_by_key(|address| std::cmp::Reverse(address.id));
        addresses
    }

    /// `addresses/take`.
    pub(crate) fn take_address(
        &mut self,
        request: types::AddressTakeRequest,
    ) -> Result<types::Address, Refusal> {
        let mut refusal = Refusal::default();
        let spec = refusal::currency(&mut refusal, "currency", &request.currency, |s| {
            s.address_format.is_some()
        });
        let convert_to = request.convert_to.as_ref().and_then(|code| {
            refusal::currency(&mut refusal, "convert_to", code, |target| {
                spec.is_none_or(|spec| spec.code != target.code)
            })
        });
        refusal.into_result()?;
        let (spec, text) = spec
            .and_then(|spec| Some((spec, spec.new_address()?)))
            .ok_or_else(|| Refusal::field("currency", Problem::UnknownCurrency))?;
        let address = DepositAddress {
            id: self.next_id(),
            spec,
            convert_to,
            address: text,
            tag: spec.new_tag(),
            foreign_id: request.foreign_id.to_string(),
            end_user_reference: request.end_user_reference.to_string(),
        };
        let response = types::Address {
            id: address.id,
            currency: spec.currency_code(),
            convert_to: convert_to.map(|target| target.currency_code()),
            address: address.address.clone(),
            tag: address.tag(),
            foreign_id: StringOrInteger::new(address.foreign_id.clone()),
            end_user_reference: Some(StringOrInteger::new(address.end_user_reference.clone())),
        };
        self.addresses
            .by_text
            .insert(address.address.clone(), address);
        Ok(response)
    }

    /// Simulates a blockchain deposit of `amount` to `address`.
    pub(crate) fn simulate_deposit(
        &mut self,
        address: &str,
        amount: Decimal,
    ) -> Result<DepositReceipt, DriveError> {
        ensure_drivable(amount)?;
        let target = self
            .addresses
            .by_text
            .get(address)
            .cloned()
            .ok_or_else(|| DriveError::UnknownAddress(address.to_owned()))?;
        let id = self.next_id();
        let txid = random_hex(64);
        let spec = target.spec;
        let received_in = target.convert_to.unwrap_or(spec);
        let received = (amount * catalog::rate(spec, received_in)).round_dp(8);
        let too_small = amount < spec.minimum_deposit();
        // A deposit below the minimum is not credited and pays no fee.
        let charges = if too_small {
            Vec::new()
        } else {
            deposit_fees(spec, target.convert_to, received)
        };
        let credited = received - fees::total(&charges);
        let mut legs = vec![types::Transfer {
            id: self.next_id(),
            currency: spec.currency_code(),
            currency_to: None,
            transaction_type: TransferKind::Blockchain,
            type_: TransferDirection::Deposit,
            address: Some(target.address.clone()),
            tag: target.tag(),
            amount: money(amount),
            amount_to: None,
            txid: Some(txid.clone()),
            riskscore: None,
            confirmations: Some(Confirmations::new(0)),
            sender: None,
        }];
        if let Some(convert_to) = target.convert_to {
            legs.push(types::Transfer {
                id: self.next_id(),
                currency: spec.currency_code(),
                currency_to: Some(convert_to.currency_code()),
                transaction_type: TransferKind::Exchange,
                type_: TransferDirection::Exchange,
                address: None,
                tag: None,
                amount: money(amount),
                amount_to: Some(money(received)),
                txid: None,
                riskscore: None,
                confirmations: None,
                sender: None,
            });
        }
        let status = if too_small {
            TransactionStatus::Cancelled
        } else {
            TransactionStatus::NotConfirmed
        };
        let view = types::TransactionCallback {
            id,
            foreign_id: None,
            end_user_reference: Some(StringOrInteger::new(target.end_user_reference.clone())),
            type_: if target.convert_to.is_some() {
                CallbackType::DepositExchange
            } else {
                CallbackType::Deposit
            },
            crypto_address: Some(target.crypto_address()),
            currency_sent: Some(types::CurrencyAmount {
                currency: spec.currency_code(),
                amount: money(amount),
                amount_minus_fee: None,
                remaining_amount: None,
            }),
            currency_received: Some(types::CurrencyAmount {
                currency: received_in.currency_code(),
                amount: money(received),
                // Like AlphaPo's `not_confirmed`: nothing charged yet; the
                // fees come with the confirmation.
                amount_minus_fee: Some(money(if too_small { Decimal::ZERO } else { received })),
                remaining_amount: None,
            }),
            transactions: legs,
            fees: Vec::new(),
            error: Some(if too_small {
                "Deposited funds less than the lower limit".to_owned()
            } else {
                String::new()
            }),
            status: status.clone(),
            futures_id: None,
            transaction_id: None,
        };
        self.transactions.insert(Record {
            kind: Kind::Deposit,
            view: view.clone(),
            credit_on_confirm: (!too_small).then_some((received_in, credited)),
            refund_on_cancel: None,
        });
        self.emit(view);
        if !too_small {
            self.schedule(Delay::Confirmation, FollowUp::ConfirmDeposit(id));
        }
        Ok(DepositReceipt { id, txid, status })
    }

    /// The deposit is in enough blocks: credit it.
    pub(super) fn confirm_deposit(&mut self, id: i64) -> Result<(), Overflow> {
        let charged = self
            .transactions
            .get(id)
            .and_then(|record| charged(&record.view));
        self.settle(
            id,
            &[TransactionStatus::NotConfirmed],
            TransactionStatus::Confirmed,
            |view| {
                for leg in &mut view.transactions {
                    if leg.transaction_type == TransferKind::Blockchain {
                        leg.confirmations = Some(Confirmations::new(1));
                    }
                }
                if let (Some((fees, credited)), Some(received)) =
                    (charged, view.currency_received.as_mut())
                {
                    view.fees = fees;
                    received.amount_minus_fee = Some(money(credited));
                }
            },
        )
        .or_else(Unsettled::on_timer)
    }
}

/// The fees a deposit described by `view` pays when it is confirmed, and
/// what is credited then (the same amounts its record credits).
fn charged(view: &types::TransactionCallback) -> Option<(Vec<types::Fee>, Decimal)> {
    let address = view.crypto_address.as_ref()?;
    let deposited = catalog::find(&address.currency)?;
    let convert_to = match &address.convert_to {
        Some(code) => Some(catalog::find(code)?),
        None => None,
    };
    let received = view.currency_received.as_ref()?.amount.value();
    let charges = deposit_fees(deposited, convert_to, received);
    Some((fees::entries(&charges), received - fees::total(&charges)))
}

/// What a deposit of `received` (in the credited currency) pays: the
/// deposited currency's `deposit_fee_percent`, and the exchange fee when it
/// is converted, both taken from the credited amount.
fn deposit_fees(
    deposited: &'static Spec,
    convert_to: Option<&'static Spec>,
    received: Decimal,
) -> Vec<fees::Charge> {
    let credited_in = convert_to.unwrap_or(deposited);
    let deposit_type = match convert_to {
        Some(target) if !target.crypto => FeeType::FeeCryptoDepositToFiat,
        _ => FeeType::FeeCryptoDeposit,
    };
    let mut charges = vec![fees::Charge::share(
        deposit_type,
        credited_in,
        received,
        deposited.deposit_fee(),
    )];
    if convert_to.is_some() {
        charges.push(fees::Charge::share(
            FeeType::Exchange,
            credited_in,
            received,
            catalog::EXCHANGE_FEE,
        ));
    }
    charges
}
