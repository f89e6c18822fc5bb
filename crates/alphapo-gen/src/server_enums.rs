//! The status and type fields whose values the server owns and may extend,
//! as open enums (made by the `open_enum!` macro of `open_enum.rs`).
//!
//! Each mirrors the `enum` list of the spec schema of the same name; a test
//! in `tests/` checks that the two lists agree.

use crate::open_enum::open_enum;

open_enum! {
    /// Whether a currency is a crypto currency or fiat money.
    ///
    /// ```
    /// use alphapo_gen::CurrencyType;
    /// assert_eq!(CurrencyType::from("fiat"), CurrencyType::Fiat);
    /// assert_eq!(CurrencyType::from("stock").as_str(), "stock");
    /// ```
    CurrencyType {
        /// A crypto currency (BTC, USDTT, ...).
        Crypto = "crypto",
        /// Fiat money (EUR, USD, ...).
        Fiat = "fiat",
    }
}

open_enum! {
    /// The status of a deposit, withdrawal, exchange or invoice transaction.
    ///
    /// ```
    /// use alphapo_gen::TransactionStatus;
    /// assert_eq!(TransactionStatus::from("not_confirmed"), TransactionStatus::NotConfirmed);
    /// assert!(!TransactionStatus::from("on_hold").is_known());
    /// ```
    TransactionStatus {
        /// Seen in the mempool, not yet guaranteed.
        NotConfirmed = "not_confirmed",
        /// Final: safe to credit or debit.
        Confirmed = "confirmed",
        /// Final: double spend, or the withdrawal failed or was cancelled.
        Cancelled = "cancelled",
        /// A withdrawal above a configured limit, awaiting approval.
        Pending = "pending",
        /// Final: a withdrawal rejected by a reviewer.
        Declined = "declined",
        /// Being processed (new withdrawals and exchanges, invoices in the mempool).
        Processing = "processing",
        /// Final: an invoice that failed (timer expired, under-payment, ...).
        Failed = "failed",
    }
}

open_enum! {
    /// The `type` of a callback or transaction.
    ///
    /// ```
    /// use alphapo_gen::CallbackType;
    /// assert_eq!(CallbackType::from("deposit_exchange"), CallbackType::DepositExchange);
    /// ```
    CallbackType {
        /// A deposit to an address.
        Deposit = "deposit",
        /// A deposit converted to another currency on arrival.
        DepositExchange = "deposit_exchange",
        /// A crypto withdrawal.
        Withdrawal = "withdrawal",
        /// A withdrawal paid from another currency's balance.
        WithdrawalExchange = "withdrawal_exchange",
        /// A priority (instant) withdrawal.
        WithdrawalInstant = "withdrawal_instant",
        /// A priority (instant) withdrawal paid from another currency's balance.
        WithdrawalInstantExchange = "withdrawal_instant_exchange",
        /// An exchange between two balances.
        Exchange = "exchange",
        /// A hosted invoice.
        Invoice = "invoice",
        /// A payment request.
        PaymentRequest = "payment_request",
    }
}

open_enum! {
    /// The status of a hosted invoice.
    ///
    /// ```
    /// use alphapo_gen::InvoiceStatus;
    /// assert_eq!(InvoiceStatus::from("created"), InvoiceStatus::Created);
    /// ```
    InvoiceStatus {
        /// Created; the payer has not chosen a currency yet.
        Created = "created",
        /// Waiting for the payment.
        Pending = "pending",
        /// A payment is in the mempool.
        Processing = "processing",
        /// Final: paid and credited.
        Confirmed = "confirmed",
        /// Final: expired or under-paid.
        Failed = "failed",
    }
}

open_enum! {
    /// The kind of a fee charged on a transaction.
    ///
    /// ```
    /// use alphapo_gen::FeeType;
    /// assert_eq!(FeeType::from("mining"), FeeType::Mining);
    /// ```
    FeeType {
        /// Deposit fee.
        Deposit = "deposit",
        /// Withdrawal fee.
        Withdrawal = "withdrawal",
        /// Network (mining) fee.
        Mining = "mining",
        /// Transfer fee.
        Transfer = "transfer",
        /// Exchange fee.
        Exchange = "exchange",
        /// Crypto deposit fee.
        FeeCryptoDeposit = "fee_crypto_deposit",
        /// Fee of a crypto deposit converted to fiat.
        FeeCryptoDepositToFiat = "fee_crypto_deposit_to_fiat",
        /// Fee of a crypto deposit to a client wallet.
        FeeCryptoDepositWalletClient = "fee_crypto_deposit_wallet_client",
        /// Fee of an exchange from one crypto currency to another.
        FeeCryptoExchangeToCrypto = "fee_crypto_exchange_to_crypto",
    }
}

open_enum! {
    /// How a transfer inside a transaction moved (`transactions[].transaction_type`).
    ///
    /// ```
    /// use alphapo_gen::TransferKind;
    /// assert_eq!(TransferKind::from("blockchain"), TransferKind::Blockchain);
    /// ```
    TransferKind {
        /// On chain.
        Blockchain = "blockchain",
        /// Between platform accounts, not on chain.
        Internal = "internal",
        /// A currency exchange leg.
        Exchange = "exchange",
    }
}

open_enum! {
    /// Which way a transfer inside a transaction went (`transactions[].type`).
    ///
    /// ```
    /// use alphapo_gen::TransferDirection;
    /// assert_eq!(TransferDirection::from("withdrawal"), TransferDirection::Withdrawal);
    /// ```
    TransferDirection {
        /// Money in.
        Deposit = "deposit",
        /// Money out.
        Withdrawal = "withdrawal",
        /// A currency exchange leg.
        Exchange = "exchange",
    }
}

open_enum! {
    /// The status of a payment request.
    ///
    /// ```
    /// use alphapo_gen::PaymentRequestStatus;
    /// assert_eq!(PaymentRequestStatus::from("paid"), PaymentRequestStatus::Paid);
    /// ```
    PaymentRequestStatus {
        /// Created; no address yet.
        Created = "created",
        /// An address exists or transactions are pending.
        Processing = "processing",
        /// Final: paid.
        Paid = "paid",
        /// Final: nothing arrived in time.
        Expired = "expired",
        /// Final: unconfirmed in time or less than requested.
        Failed = "failed",
        /// Restricted: listed by the vendor's callback page without a meaning;
        /// read as neither final nor paid.
        Restricted = "restricted",
    }
}
