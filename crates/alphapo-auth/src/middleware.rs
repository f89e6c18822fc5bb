//! A `reqwest-middleware` adapter that signs hand-written requests.

use reqwest_middleware::{Middleware, Next};

use crate::signer::Signer;

/// Signs every request sent through a
/// [`ClientWithMiddleware`](reqwest_middleware::ClientWithMiddleware), with
/// the same code as the generated client, for endpoints the SDK does not have
/// yet. Requires the `middleware` feature.
///
/// Add it last, so that it signs the body exactly as it goes out after any
/// middleware that changes requests. A request with a streaming body fails
/// with [`SignError::StreamingBody`](crate::SignError::StreamingBody) wrapped
/// in [`reqwest_middleware::Error::Middleware`], and is not sent.
///
/// ```
/// use alphapo_auth::{Credentials, Signer, SigningMiddleware};
///
/// let signer = Signer::new(&Credentials::new("key", "secret")?);
/// let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
///     .with(SigningMiddleware::new(signer))
///     .build();
/// let _request = client
///     .post("https://app.alphapo.net/api/v2/some/new/endpoint")
///     .body(r#"{"currency":"BTC"}"#);
/// # Ok::<(), alphapo_auth::CredentialsError>(())
/// ```
#[derive(Debug, Clone)]
pub struct SigningMiddleware {
    signer: Signer,
}

impl SigningMiddleware {
    /// Wraps a signer.
    ///
    /// ```
    /// use alphapo_auth::{Credentials, Signer, SigningMiddleware};
    ///
    /// let signer = Signer::new(&Credentials::new("key", "secret")?);
    /// let _middleware = SigningMiddleware::new(signer);
    /// # Ok::<(), alphapo_auth::CredentialsError>(())
    /// ```
    pub fn new(signer: Signer) -> Self {
        Self { signer }
    }
}

#[async_trait::async_trait]
impl Middleware for SigningMiddleware {
    async fn handle(
        &self,
        mut request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        self.signer
            .sign_request(&mut request)
            .map_err(reqwest_middleware::Error::middleware)?;
        next.run(request, extensions).await
    }
}
