//! The status and headers of a call's response, kept for the caller.
//!
//! progenitor's error for a body it cannot parse carries only the bytes, so a
//! 429 with an HTML page, or a 2xx with a truncated body, would lose its
//! status code and headers (`Retry-After`, request ids). The client's `post`
//! hook records them here for whoever wraps the call in [`capture`].

use std::cell::RefCell;
use std::future::Future;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// What the server answered, before the body was read.
#[derive(Debug, Clone)]
pub struct ResponseMeta {
    /// The HTTP status code.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
}

tokio::task_local! {
    // Boxed: the scope swaps the slot in and out at every poll of the call,
    // a pointer is cheaper to swap than a header map.
    static LAST_RESPONSE: RefCell<Option<Box<ResponseMeta>>>;
}

/// Runs `call` (one or more generated-client calls) and returns its output
/// together with the status and headers of the last response it received,
/// or `None` when no response arrived (for example, the connection failed).
///
/// ```
/// # async fn demo() {
/// use alphapo_auth::{Credentials, Signer};
///
/// let signer = Signer::new(&Credentials::new("key", "secret").unwrap());
/// let client = alphapo_gen::Client::new("http://127.0.0.1:9", Some(signer));
/// let (result, meta) = alphapo_gen::response_meta::capture(client.ping().send()).await;
/// assert!(result.is_err());
/// assert!(meta.is_none(), "nothing listens on port 9");
/// # }
/// ```
pub async fn capture<F: Future>(call: F) -> (F::Output, Option<ResponseMeta>) {
    LAST_RESPONSE
        .scope(RefCell::new(None), async move {
            let output = call.await;
            let meta = LAST_RESPONSE.with(|slot| slot.borrow_mut().take());
            (output, meta.map(|meta| *meta))
        })
        .await
}

/// Records a response's status and headers, when a [`capture`] is running.
pub(crate) fn record(response: &reqwest::Response) {
    // Outside `capture` there is no slot, and nothing to do.
    let _ = LAST_RESPONSE.try_with(|slot| {
        *slot.borrow_mut() = Some(Box::new(ResponseMeta {
            status: response.status(),
            headers: response.headers().clone(),
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use alphapo_auth::{Credentials, Signer};

    #[tokio::test]
    async fn a_non_json_error_keeps_its_status_and_headers() {
        let server = httpmock::MockServer::start_async().await;
        server.mock(|_, then| {
            then.status(429)
                .header("retry-after", "30")
                .header("content-type", "text/html")
                .body("error code: 1015");
        });
        let signer = Signer::new(&Credentials::new("key", "secret").unwrap());
        let client = crate::Client::new(&server.base_url(), Some(signer));
        let (result, meta) = capture(
            client
                .exchange_calculate()
                .body(
                    crate::types::ExchangeCalculateRequest::builder()
                        .sender_currency("BTC")
                        .receiver_currency("EUR")
                        .sender_amount(Some("0.01".parse().unwrap())),
                )
                .send(),
        )
        .await;
        assert!(
            matches!(result, Err(crate::Error::InvalidResponsePayload(..))),
            "{result:?}"
        );
        let meta = meta.expect("a response arrived");
        assert_eq!(meta.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(meta.headers["retry-after"], "30");
    }
}
