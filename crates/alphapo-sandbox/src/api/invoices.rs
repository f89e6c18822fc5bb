//! `invoices/create` and `invoices/{foreign_id}/cancel/`.

use std::sync::Arc;

use alphapo_gen::types;

use super::endpoint::{Endpoint, PathArgs};
use crate::api::validation::{ValidationErrors, messages};
use crate::runtime::Engine;
use crate::world::CancelRefusal;

pub(crate) struct InvoicesCreate;

create_endpoint!(InvoicesCreate: InvoiceCreateRequest => InvoiceCreateResponse, create_invoice);

pub(crate) struct InvoicesCancel;

impl Endpoint for InvoicesCancel {
    type Request = alphapo_gen::EmptyRequest;
    type Response = types::InvoiceCancelResponse;

    /// The invoice becomes `failed` and its callback goes out; the answer
    /// is the documented `[]`.
    fn run(
        engine: &Arc<Engine>,
        path: &PathArgs,
        _: Self::Request,
    ) -> Result<Self::Response, ValidationErrors> {
        let foreign_id = path.get("foreign_id").unwrap_or_default();
        engine
            .with_world(|world| world.cancel_invoice(foreign_id))
            .map(|()| types::InvoiceCancelResponse(Vec::new()))
            .map_err(|refusal| match refusal {
                // UNCONFIRMED: the docs give no answer for an unknown
                // invoice; Laravel's `exists` rule words it so.
                CancelRefusal::Unknown => {
                    ValidationErrors::field("foreign_id", messages::invalid_selection("foreign_id"))
                }
                // The documented error, inside `errors` as the docs show it.
                CancelRefusal::WrongState => {
                    let mut errors = ValidationErrors::field(
                        "error",
                        "Invoice cannot be failed in its current state.".to_owned(),
                    );
                    errors.add("code", "invalid_invoice_state".to_owned());
                    errors
                }
            })
    }
}
