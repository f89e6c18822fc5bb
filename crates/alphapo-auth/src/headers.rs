//! The two headers that carry a request's or callback's key and signature.

/// Name of the header that carries the merchant's API key (lowercase, as
/// [`http::HeaderName`] stores it; HTTP header names are case-insensitive).
///
/// ```
/// assert_eq!(alphapo_auth::KEY_HEADER, "x-processing-key");
/// ```
pub const KEY_HEADER: &str = "x-processing-key";

/// Name of the header that carries the body signature (lowercase, as
/// [`http::HeaderName`] stores it; HTTP header names are case-insensitive).
///
/// ```
/// assert_eq!(alphapo_auth::SIGNATURE_HEADER, "x-processing-signature");
/// ```
pub const SIGNATURE_HEADER: &str = "x-processing-signature";

/// [`KEY_HEADER`] as a header name, made once instead of parsed at each use.
pub(crate) static KEY_NAME: http::HeaderName = http::HeaderName::from_static(KEY_HEADER);

/// [`SIGNATURE_HEADER`] as a header name, made once instead of parsed at each
/// use.
pub(crate) static SIGNATURE_NAME: http::HeaderName =
    http::HeaderName::from_static(SIGNATURE_HEADER);
