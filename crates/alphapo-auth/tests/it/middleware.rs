//! The `reqwest-middleware` adapter signs what is sent, checked by the
//! callback verifier at the end of the chain instead of a network call.

use std::sync::{Arc, Mutex};

use alphapo_auth::{Credentials, SignError, Signer, SigningMiddleware, Verifier, VerifyError};
use reqwest_middleware::{ClientBuilder, ClientWithMiddleware, Middleware, Next};

/// Stands in for the server: verifies each request like a callback, records
/// the outcome, and answers 200 without touching the network.
#[derive(Clone)]
struct VerifyingServer {
    verifier: Verifier,
    outcomes: Arc<Mutex<Vec<Result<(), VerifyError>>>>,
}

#[async_trait::async_trait]
impl Middleware for VerifyingServer {
    async fn handle(
        &self,
        request: reqwest::Request,
        _extensions: &mut http::Extensions,
        _next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let body = request
            .body()
            .and_then(reqwest::Body::as_bytes)
            .unwrap_or_default();
        let outcome = self.verifier.verify(request.headers(), body);
        self.outcomes.lock().expect("not poisoned").push(outcome);
        Ok(http::Response::new(Vec::<u8>::new()).into())
    }
}

fn credentials() -> Credentials {
    Credentials::new("merchant-key", "merchant-secret").expect("valid credentials")
}

fn client(server: &VerifyingServer) -> ClientWithMiddleware {
    ClientBuilder::new(reqwest::Client::new())
        .with(SigningMiddleware::new(Signer::new(&credentials())))
        .with(server.clone())
        .build()
}

fn server() -> VerifyingServer {
    VerifyingServer {
        verifier: Verifier::new(&credentials()),
        outcomes: Arc::default(),
    }
}

#[tokio::test]
async fn signs_hand_written_requests() {
    let server = server();
    let client = client(&server);
    client
        .post("https://app.alphapo.net/api/v2/not/in/the/spec")
        .body(r#"{"currency":"BTC"}"#)
        .send()
        .await
        .expect("the request is signed and answered");
    client
        .get("https://app.alphapo.net/api/v2/ping")
        .send()
        .await
        .expect("a request without body is signed too");
    let outcomes = server.outcomes.lock().expect("not poisoned").clone();
    assert_eq!(outcomes, [Ok(()), Ok(())]);
}

#[tokio::test]
async fn a_wrong_secret_is_caught_by_the_verifier() {
    let server = VerifyingServer {
        verifier: Verifier::new(&Credentials::new("merchant-key", "other").expect("valid")),
        outcomes: Arc::default(),
    };
    client(&server)
        .post("https://app.alphapo.net/api/v2/x")
        .body("{}")
        .send()
        .await
        .expect("answered");
    let outcomes = server.outcomes.lock().expect("not poisoned").clone();
    assert_eq!(outcomes, [Err(VerifyError::SignatureMismatch)]);
}

#[tokio::test]
async fn a_streaming_body_fails_before_sending() {
    let server = server();
    let chunks: Vec<Result<&'static [u8], std::io::Error>> = vec![Ok(b"{}")];
    let error = client(&server)
        .post("https://app.alphapo.net/api/v2/x")
        .body(reqwest::Body::wrap_stream(futures::stream::iter(chunks)))
        .send()
        .await
        .expect_err("a stream cannot be signed");
    let reqwest_middleware::Error::Middleware(error) = error else {
        panic!("expected a middleware error, got {error:?}");
    };
    assert_eq!(
        error.downcast_ref::<SignError>(),
        Some(&SignError::StreamingBody)
    );
    assert!(server.outcomes.lock().expect("not poisoned").is_empty());
}
