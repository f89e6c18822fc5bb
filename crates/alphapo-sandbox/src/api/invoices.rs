//! `invoices/create`.

pub(crate) struct InvoicesCreate;

create_operation!(InvoicesCreate: InvoiceCreateRequest => InvoiceCreateResponse, create_invoice);
