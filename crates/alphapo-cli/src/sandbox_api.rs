//! The control API of a running `alphapo sandbox` (`/_sandbox/...`), as the
//! dev-loop commands (`trigger`, `callback list|resend`, `logs tail`) call it.

use std::time::Duration;

use clap::Args;
use reqwest::{Method, Response};
use serde_json::Value;
use url::Url;

use crate::exit::Failure;

/// How long the sandbox may take to answer a control call.
const DEADLINE: Duration = Duration::from_secs(30);

/// Where the running sandbox is.
#[derive(Debug, Clone, Args)]
pub struct SandboxUrl {
    /// The running `alphapo sandbox`.
    #[arg(
        long = "sandbox-url",
        value_name = "URL",
        env = "ALPHAPO_SANDBOX_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub url: Url,
}

impl SandboxUrl {
    /// Sends `method path` (a path under `/_sandbox/`); the answer, once
    /// its headers arrived, or why none came. `deadline` bounds the whole
    /// exchange (`None` for a stream).
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        deadline: Option<Duration>,
    ) -> Result<Response, Failure> {
        let url = self
            .url
            .join(path)
            .map_err(|e| Failure::Usage(format!("--sandbox-url {}: {e}", self.url)))?;
        let mut client = reqwest::Client::builder().connect_timeout(DEADLINE);
        if let Some(deadline) = deadline {
            client = client.timeout(deadline);
        }
        let client = client
            .build()
            .map_err(|e| Failure::Local(format!("cannot build an HTTP client: {e}")))?;
        client
            .request(method, url)
            .send()
            .await
            .map_err(|error| self.unreachable(error))
    }

    /// Sends `method path` and reads the JSON answer; a refusal is a local
    /// failure with the sandbox's reason.
    pub async fn call(&self, method: Method, path: &str) -> Result<Value, Failure> {
        let response = self.send(method, path, Some(DEADLINE)).await?;
        let status = response.status();
        let body: Value = response
            .json()
            .await
            .map_err(|error| self.unreachable(error))?;
        if !status.is_success() {
            let reason = body["error"].as_str().unwrap_or("no reason given");
            return Err(Failure::Local(format!(
                "the sandbox refused {path}: {reason} (HTTP {status})"
            )));
        }
        Ok(body)
    }

    /// No sandbox answered, or its answer broke off.
    pub fn unreachable(&self, error: reqwest::Error) -> Failure {
        Failure::Local(format!(
            "no sandbox answered at {}: {} (is `alphapo sandbox` running there?)",
            self.url,
            causes(&error.without_url())
        ))
    }
}

/// An error and its causes, `: `-separated.
fn causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}
