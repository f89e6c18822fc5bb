//! `POST /api/payments/v1/requests`.

pub(crate) struct PaymentRequestsCreate;

create_operation!(PaymentRequestsCreate: PaymentRequestCreateRequest => PaymentRequestCreateResponse, create_payment_request);
