//! `accounts/list`.

use std::sync::Arc;

use alphapo_gen::types;
use http::StatusCode;

use super::Operation;
use crate::engine::Engine;
use crate::validation::ValidationErrors;

pub(crate) struct AccountsList;

impl Operation for AccountsList {
    type Request = alphapo_gen::EmptyRequest;
    type Response = types::AccountsListResponse;
    const STATUS: StatusCode = StatusCode::OK;

    fn run(engine: &Arc<Engine>, _: Self::Request) -> Result<Self::Response, ValidationErrors> {
        Ok(types::AccountsListResponse {
            data: engine.read(|world| world.balances()),
        })
    }
}
