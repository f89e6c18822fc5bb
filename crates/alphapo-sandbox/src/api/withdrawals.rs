//! `withdrawal/crypto`, `crypto/withdrawal_instant` and
//! `crypto/withdrawal_instant_exchange`.

pub(crate) struct WithdrawalCrypto;

create_endpoint!(WithdrawalCrypto: WithdrawalRequest => WithdrawalResponse, withdraw);

pub(crate) struct WithdrawalInstant;

create_endpoint!(WithdrawalInstant: InstantWithdrawalRequest => InstantWithdrawalResponse, withdraw_instantly);

pub(crate) struct WithdrawalInstantExchange;

create_endpoint!(
    WithdrawalInstantExchange: InstantWithdrawalExchangeRequest => InstantWithdrawalResponse,
    withdraw_instantly_converting
);
