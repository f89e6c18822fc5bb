//! `POST /api/payments/v1/requests`.

use std::sync::Arc;

use alphapo_gen::types;
use http::StatusCode;

use super::Operation;
use crate::engine::Engine;
use crate::validation::ValidationErrors;

pub(crate) struct PaymentRequestsCreate;

impl Operation for PaymentRequestsCreate {
    type Request = types::PaymentRequestCreateRequest;
    type Response = types::PaymentRequestCreateResponse;
    const STATUS: StatusCode = StatusCode::CREATED;

    fn run(
        engine: &Arc<Engine>,
        request: Self::Request,
    ) -> Result<Self::Response, ValidationErrors> {
        engine
            .with_world(|world| world.create_payment_request(request))
            .map(|data| types::PaymentRequestCreateResponse { data })
    }
}
