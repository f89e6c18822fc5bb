//! The generated client's hooks: every request with a body is signed before
//! it is sent, and every response's status and headers are kept for
//! [`crate::response_meta`].

use alphapo_auth::Signer;
use progenitor_client::{ClientHooks, ClientInfo, Error, OperationInfo};

use crate::Client;

/// The message of a signed call on a client built without credentials.
const MISSING_CREDENTIALS: &str =
    "no credentials: this call is signed with an API key and secret, and the client has none";

impl ClientHooks<Option<Signer>> for Client {
    /// Signs the exact body bytes about to be sent. A request without a body
    /// (`ping`, the operation the spec marks `security: []`; `cargo xtask check`
    /// keeps "no body" and "no auth" the same set) goes out as it is: no body,
    /// no `Content-Type`, no signature headers. A call that must be signed
    /// fails here, before anything is sent, when the client has no
    /// credentials.
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        if request.body().is_none() {
            return Ok(());
        }
        let signer = self
            .inner()
            .as_ref()
            .ok_or_else(|| Error::Custom(MISSING_CREDENTIALS.to_owned()))?;
        signer
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
