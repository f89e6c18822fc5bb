//! Spec schemas that the generated code does not define: hand-written
//! types of `alphapo-gen` stand in for them.

/// Spec schemas replaced by hand-written types in `alphapo-gen` that
/// implement `Display` and `FromStr`. Amounts must stay exact decimals, the
/// server may send values or shapes a closed type would reject, and short
/// texts read from every response are kept without allocating.
pub const REPLACEMENTS: &[(&str, &str)] = &[
    ("Amount", "::alphapo_gen::Amount"),
    ("RequestAmount", "::alphapo_gen::Amount"),
    ("CurrencyCode", "::alphapo_gen::CurrencyCode"),
    ("StringOrInteger", "::alphapo_gen::StringOrInteger"),
    ("Confirmations", "::alphapo_gen::Confirmations"),
    ("Flag", "::alphapo_gen::Flag"),
    ("CurrencyType", "::alphapo_gen::CurrencyType"),
    ("TransactionStatus", "::alphapo_gen::TransactionStatus"),
    ("CallbackType", "::alphapo_gen::CallbackType"),
    ("InvoiceStatus", "::alphapo_gen::InvoiceStatus"),
    ("FeeType", "::alphapo_gen::FeeType"),
    ("TransferKind", "::alphapo_gen::TransferKind"),
    ("TransferDirection", "::alphapo_gen::TransferDirection"),
    (
        "PaymentRequestStatus",
        "::alphapo_gen::PaymentRequestStatus",
    ),
];

/// Spec schemas replaced by hand-written types with no text form: the body of
/// calls without parameters reads any object or array and writes `{}`.
pub const BODY_REPLACEMENTS: &[(&str, &str)] = &[("EmptyRequest", "::alphapo_gen::EmptyRequest")];
