//! `invoices/create`.

pub(crate) struct InvoicesCreate;

create_endpoint!(InvoicesCreate: InvoiceCreateRequest => InvoiceCreateResponse, create_invoice);
