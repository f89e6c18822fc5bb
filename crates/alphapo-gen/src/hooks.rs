//! The generated client's hooks: every request is signed before it is sent,
//! and every response's status and headers are kept for [`crate::response_meta`].

use alphapo_auth::Signer;
use progenitor_client::{ClientHooks, ClientInfo, Error, OperationInfo};
use reqwest::header::{CONTENT_TYPE, HeaderValue};

use crate::Client;

/// The body sent by operations that have no parameters.
const EMPTY_BODY: &[u8] = b"{}";

impl ClientHooks<Signer> for Client {
    /// Signs the exact body bytes about to be sent. Requests without a body
    /// (ping) send and sign `{}` as JSON, like every other call.
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        if request.body().is_none() {
            *request.body_mut() = Some(EMPTY_BODY.into());
            request
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        self.inner()
            .sign_request(request)
            .map_err(|error| Error::Custom(format!("cannot sign the request: {error}")))
    }

    /// Records the status and headers before the generated code reads the body.
    async fn post<E>(
        &self,
        result: &reqwest::Result<reqwest::Response>,
        _info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        if let Ok(response) = result {
            crate::response_meta::record(response);
        }
        Ok(())
    }
}
