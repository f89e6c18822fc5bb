//! `accounts/list`.

use std::sync::Arc;

use alphapo_gen::types;

use super::endpoint::{Endpoint, PathArgs};
use crate::api::validation::ValidationErrors;
use crate::runtime::Engine;

pub(crate) struct AccountsList;

impl Endpoint for AccountsList {
    type Request = alphapo_gen::EmptyRequest;
    type Response = types::AccountsListResponse;

    fn run(
        engine: &Arc<Engine>,
        _: &PathArgs,
        _: Self::Request,
    ) -> Result<Self::Response, ValidationErrors> {
        Ok(types::AccountsListResponse {
            data: engine.read(|world| world.balances()),
        })
    }
}
