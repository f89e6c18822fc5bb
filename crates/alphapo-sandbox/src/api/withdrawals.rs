//! `withdrawal/crypto`.

pub(crate) struct WithdrawalCrypto;

create_endpoint!(WithdrawalCrypto: WithdrawalRequest => WithdrawalResponse, withdraw);
