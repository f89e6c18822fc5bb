//! `invoices/create`.

use std::sync::Arc;

use alphapo_gen::types;
use http::StatusCode;

use super::Operation;
use crate::engine::Engine;
use crate::validation::ValidationErrors;

pub(crate) struct InvoicesCreate;

impl Operation for InvoicesCreate {
    type Request = types::InvoiceCreateRequest;
    type Response = types::InvoiceCreateResponse;
    const STATUS: StatusCode = StatusCode::CREATED;

    fn run(
        engine: &Arc<Engine>,
        request: Self::Request,
    ) -> Result<Self::Response, ValidationErrors> {
        engine
            .with_world(|world| world.create_invoice(request))
            .map(|data| types::InvoiceCreateResponse { data })
    }
}
