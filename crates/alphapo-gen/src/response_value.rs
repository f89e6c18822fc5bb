//! Reading a JSON response into a [`ResponseValue`] without copying its
//! headers.
//!
//! progenitor's `ResponseValue::from_response` clones the response's header
//! map before reading the body, though nothing reads the response's own
//! copy afterwards. `cargo xtask generate` makes the generated client call
//! [`from_response`] instead, which moves the headers out: the same value,
//! the same errors, two allocations fewer per call.

use progenitor_client::{Error, ResponseValue};
use serde::de::DeserializeOwned;

/// Reads and parses the body of `response`, keeping its status and headers.
pub(crate) async fn from_response<T: DeserializeOwned, E>(
    mut response: reqwest::Response,
) -> Result<ResponseValue<T>, Error<E>> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let full = response.bytes().await.map_err(Error::ResponseBodyError)?;
    let inner =
        serde_json::from_slice(&full).map_err(|e| Error::InvalidResponsePayload(full, e))?;
    Ok(ResponseValue::new(inner, status, headers))
}
