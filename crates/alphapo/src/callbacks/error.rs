//! Why a callback was rejected.

use std::fmt;

use alphapo_auth::VerifyError;
use alphapo_gen::CallbackType;

/// Why a callback was rejected, one variant per cause.
///
/// Verification failures come first ([`CallbackError::Verify`]): a body that
/// fails them is never parsed. The other variants describe a body that is
/// authentic but cannot be read. No variant carries the secret, the signature
/// or any text of the body (only byte positions and the name of a documented
/// callback type), so every error is safe to log.
///
/// ```
/// use alphapo::callbacks::{CallbackError, VerifiedCallback};
/// use alphapo::{Credentials, callbacks::{Verifier, VerifyError, testing}};
///
/// let credentials = Credentials::new("key", "secret")?;
/// let verifier = Verifier::new(&credentials);
///
/// let headers = testing::sign_callback(&credentials, b"[1, 2]");
/// let error = VerifiedCallback::verify(&verifier, &headers, &b"[1, 2]"[..]).unwrap_err();
/// assert!(matches!(error, CallbackError::NotObject { .. }));
/// assert!(!error.is_unverified());
///
/// let error = VerifiedCallback::verify(&verifier, &http::HeaderMap::new(), &b"{}"[..]).unwrap_err();
/// assert_eq!(error, CallbackError::Verify(VerifyError::MissingKey));
/// assert!(error.is_unverified());
/// # Ok::<(), alphapo::CredentialsError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CallbackError {
    /// The callback did not pass verification (key, signature or size); its
    /// body was not parsed.
    #[error(transparent)]
    Verify(#[from] VerifyError),
    /// The body is authentic but not UTF-8 text.
    #[error("the callback body is not UTF-8 (valid up to byte {valid_up_to})")]
    NotUtf8 {
        /// How many bytes from the start are valid UTF-8.
        valid_up_to: usize,
    },
    /// The body ends before its JSON is complete (this includes an empty body).
    #[error("the callback body ends before its JSON is complete (line {line}, column {column})")]
    Truncated {
        /// The line (from 1) where the input ended.
        line: usize,
        /// The column (from 1) where the input ended.
        column: usize,
    },
    /// The body is not valid JSON (bad syntax, trailing characters, a number
    /// out of range or nesting too deep).
    #[error("the callback body is not valid JSON (line {line}, column {column})")]
    NotJson {
        /// The line (from 1) of the first error.
        line: usize,
        /// The column (from 1) of the first error.
        column: usize,
    },
    /// The body is JSON but not a JSON object.
    #[error("the callback body is a JSON {found}, not an object")]
    NotObject {
        /// What the body is instead.
        found: JsonKind,
    },
    /// The JSON object has no `type` field.
    #[error("the callback has no `type` field")]
    MissingType,
    /// The `type` field is not a string.
    #[error("the callback `type` is a JSON {found}, not a string")]
    TypeNotString {
        /// What the `type` field is instead.
        found: JsonKind,
    },
    /// The `type` field appears more than once, so the callback is ambiguous.
    #[error("the callback has more than one `type` field")]
    RepeatedType,
    /// The callback has a documented `type` but its payload does not match the
    /// schema of that type (a required field missing, a field of the wrong
    /// kind, a field repeated, ...).
    #[error(
        "the {callback_type} callback does not match its schema (line {line}, column {column})"
    )]
    SchemaMismatch {
        /// The documented type the payload claims (never an unknown value).
        callback_type: CallbackType,
        /// The line (from 1) where the payload stopped matching.
        line: usize,
        /// The column (from 1) where the payload stopped matching.
        column: usize,
    },
    /// The callback is authentic and confirmed, but an amount its
    /// [`Settlement`](super::Settlement) is read from is zero or negative:
    /// money that settles is always greater than zero, so it is refused
    /// rather than booked (see [`Callback::settlement`](super::Callback::settlement)).
    #[error("the confirmed {callback_type} callback has a zero or negative `{field}`")]
    NonPositiveAmount {
        /// The documented type of the callback.
        callback_type: CallbackType,
        /// The field, as a JSON path (`currency_received.amount_minus_fee`, ...).
        field: &'static str,
    },
}

impl CallbackError {
    /// Whether the callback failed verification, so it may not come from
    /// AlphaPo at all (answer 401); otherwise it is authentic but unreadable
    /// (answer 400).
    ///
    /// ```
    /// use alphapo::callbacks::CallbackError;
    /// use alphapo::callbacks::VerifyError;
    ///
    /// assert!(CallbackError::Verify(VerifyError::SignatureMismatch).is_unverified());
    /// assert!(!CallbackError::MissingType.is_unverified());
    /// ```
    pub fn is_unverified(&self) -> bool {
        matches!(self, Self::Verify(_))
    }
}

/// The kind of a JSON value, to say what was found where something else was
/// expected.
///
/// ```
/// use alphapo::callbacks::JsonKind;
/// assert_eq!(JsonKind::Array.to_string(), "array");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JsonKind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonKind {
    /// The kind of a parsed JSON value.
    ///
    /// ```
    /// use alphapo::callbacks::JsonKind;
    /// assert_eq!(JsonKind::of(&serde_json::json!(3)), JsonKind::Number);
    /// ```
    pub fn of(value: &serde_json::Value) -> Self {
        use serde_json::Value;
        match value {
            Value::Null => Self::Null,
            Value::Bool(_) => Self::Bool,
            Value::Number(_) => Self::Number,
            Value::String(_) => Self::String,
            Value::Array(_) => Self::Array,
            Value::Object(_) => Self::Object,
        }
    }

    /// The name of the kind, as JSON calls it.
    ///
    /// ```
    /// assert_eq!(alphapo::callbacks::JsonKind::Null.as_str(), "null");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool => "boolean",
            Self::Number => "number",
            Self::String => "string",
            Self::Array => "array",
            Self::Object => "object",
        }
    }
}

impl fmt::Display for JsonKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
