//! `POST /api/payments/v1/requests`.

pub(crate) struct PaymentRequestsCreate;

create_endpoint!(PaymentRequestsCreate: PaymentRequestCreateRequest => PaymentRequestCreateResponse, create_payment_request);
