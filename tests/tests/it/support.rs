//! What the sandbox tests share: one set of credentials, a fresh sandbox
//! that accepts them, and raw requests signed as the API wants them.

use alphapo_auth::{Credentials, testing};
use alphapo_sandbox::{Sandbox, SandboxConfig, SandboxHandle};
use serde_json::Value;

/// The API key the sandbox tests sign with.
pub const KEY: &str = "it-test-key";
/// The secret the sandbox tests sign with.
pub const SECRET: &str = "it-test-secret-7a3e";

/// The test credentials.
pub fn credentials() -> Credentials {
    Credentials::new(KEY, SECRET).expect("valid credentials")
}

/// A sandbox that accepts [`credentials`].
pub async fn sandbox() -> SandboxHandle {
    start(SandboxConfig::new(credentials())).await
}

/// A sandbox started from `config`.
pub async fn start(config: SandboxConfig) -> SandboxHandle {
    Sandbox::start(config).await.expect("sandbox starts")
}

/// `method path` on the sandbox, with `body` signed by [`credentials`]
/// (nothing signed without a body, as the API wants it).
pub async fn send(
    sandbox: &SandboxHandle,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> reqwest::Response {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("an HTTP method");
    let mut request =
        reqwest::Client::new().request(method, format!("{}{path}", sandbox.base_url()));
    if let Some(body) = body {
        let bytes = body.to_string().into_bytes();
        request = request
            .headers(testing::sign_callback(&credentials(), &bytes))
            .body(bytes);
    }
    request.send().await.expect("the sandbox answers")
}
