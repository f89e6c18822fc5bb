//! The machine codes of authentication and format errors.

use std::fmt;

/// The `code` of an authentication or format error (`{"error", "code"}`).
///
/// Open: a code this version does not know is kept as [`AuthCode::Unknown`].
///
/// ```
/// use alphapo::AuthCode;
///
/// assert_eq!(AuthCode::from("bad_header_signature"), AuthCode::BadHeaderSignature);
/// assert_eq!(AuthCode::from("ip_not_allowed").as_str(), "ip_not_allowed");
/// assert!(!AuthCode::from("ip_not_allowed").is_known());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthCode {
    /// 400: the body is not JSON, or `Content-Type: application/json` is missing.
    BadContentFormat,
    /// 403: the signature does not match the body (wrong secret or environment).
    BadHeaderSignature,
    /// 403: the signature header is missing.
    RequiredHeaderSignature,
    /// 403: the key is unknown or inactive (or belongs to another environment).
    BadHeaderKey,
    /// 403: the key header is missing, or the URL is unknown.
    RequiredHeaderKey,
    /// A code this version of the SDK does not know, kept as sent.
    Unknown(String),
}

impl AuthCode {
    /// The code as the server sent it.
    ///
    /// ```
    /// assert_eq!(alphapo::AuthCode::BadHeaderKey.as_str(), "bad_header_key");
    /// ```
    pub fn as_str(&self) -> &str {
        match self {
            Self::BadContentFormat => "bad_content_format",
            Self::BadHeaderSignature => "bad_header_signature",
            Self::RequiredHeaderSignature => "required_header_signature",
            Self::BadHeaderKey => "bad_header_key",
            Self::RequiredHeaderKey => "required_header_key",
            Self::Unknown(code) => code,
        }
    }

    /// Whether the code is one the API documents.
    ///
    /// ```
    /// assert!(alphapo::AuthCode::RequiredHeaderKey.is_known());
    /// ```
    pub fn is_known(&self) -> bool {
        !matches!(self, Self::Unknown(_))
    }
}

impl From<&str> for AuthCode {
    fn from(code: &str) -> Self {
        match code {
            "bad_content_format" => Self::BadContentFormat,
            "bad_header_signature" => Self::BadHeaderSignature,
            "required_header_signature" => Self::RequiredHeaderSignature,
            "bad_header_key" => Self::BadHeaderKey,
            "required_header_key" => Self::RequiredHeaderKey,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl fmt::Display for AuthCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
