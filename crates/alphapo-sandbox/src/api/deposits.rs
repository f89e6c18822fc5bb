//! `addresses/take`.

use std::sync::Arc;

use alphapo_gen::types;
use http::StatusCode;

use super::Operation;
use crate::engine::Engine;
use crate::validation::ValidationErrors;

pub(crate) struct AddressesTake;

impl Operation for AddressesTake {
    type Request = types::AddressTakeRequest;
    type Response = types::AddressTakeResponse;
    const STATUS: StatusCode = StatusCode::CREATED;

    fn run(
        engine: &Arc<Engine>,
        request: Self::Request,
    ) -> Result<Self::Response, ValidationErrors> {
        engine
            .with_world(|world| world.take_address(request))
            .map(|data| types::AddressTakeResponse { data })
    }
}
