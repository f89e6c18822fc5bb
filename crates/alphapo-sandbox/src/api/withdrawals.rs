//! `withdrawal/crypto`.

pub(crate) struct WithdrawalCrypto;

create_operation!(WithdrawalCrypto: WithdrawalRequest => WithdrawalResponse, withdraw);
