//! `withdrawal/crypto`.

use std::sync::Arc;

use alphapo_gen::types;
use http::StatusCode;

use super::Operation;
use crate::engine::Engine;
use crate::validation::ValidationErrors;

pub(crate) struct WithdrawalCrypto;

impl Operation for WithdrawalCrypto {
    type Request = types::WithdrawalRequest;
    type Response = types::WithdrawalResponse;
    const STATUS: StatusCode = StatusCode::CREATED;

    fn run(
        engine: &Arc<Engine>,
        request: Self::Request,
    ) -> Result<Self::Response, ValidationErrors> {
        engine
            .with_world(|world| world.withdraw(request))
            .map(|data| types::WithdrawalResponse { data })
    }
}
