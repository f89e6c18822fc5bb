//! `alphapo listen`: a local callback receiver for development, like
//! `stripe listen`. It verifies each callback with the SDK
//! (`alphapo::callbacks`), prints it with its settlement as one JSON line,
//! answers 200 (401 for a bad key or signature), and, with
//! `--forward-to`, posts it on with its signature headers and exact body,
//! answering what the target answered.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use alphapo::callbacks::{ServeConfig, VerifiedCallback, Verifier, serve};
use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use clap::Args;
use http::{HeaderMap, StatusCode};
use url::Url;

use crate::commands::callback::verified_json;
use crate::connect::CredentialArgs;
use crate::console;
use crate::exit::Failure;

/// How long the forward target may take to answer.
const FORWARD_DEADLINE: Duration = Duration::from_secs(10);

/// Where to listen and where to forward.
#[derive(Args)]
pub struct ListenArgs {
    /// The port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 3000)]
    pub port: u16,
    /// Also POSTs each verified callback there, headers and body unchanged,
    /// and answers the sender with that target's status.
    #[arg(long, value_name = "URL")]
    pub forward_to: Option<Url>,
    /// The credentials the callbacks are signed with (the sandbox's:
    /// `sandbox-key` / `sandbox-secret` by default there).
    #[command(flatten)]
    pub credentials: CredentialArgs,
}

#[derive(Clone)]
struct Listener {
    verifier: Verifier,
    forward: Option<(reqwest::Client, Url)>,
}

/// Serves until Ctrl-C.
pub async fn run(args: ListenArgs) -> Result<(), Failure> {
    let credentials = args.credentials.credentials()?;
    let forward = match args.forward_to {
        Some(url) => {
            let client = reqwest::Client::builder()
                .timeout(FORWARD_DEADLINE)
                .build()
                .map_err(|e| Failure::Local(format!("cannot build an HTTP client: {e}")))?;
            Some((client, url))
        }
        None => None,
    };
    let state = Listener {
        verifier: Verifier::new(&credentials),
        forward,
    };
    let app = axum::Router::new()
        .fallback(post(receive))
        .with_state(state.clone());
    let listener =
        tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, args.port)))
            .await
            .map_err(|e| Failure::Local(format!("cannot listen on port {}: {e}", args.port)))?;
    let address = listener
        .local_addr()
        .map_err(|e| Failure::Local(format!("listener address: {e}")))?;
    console::err!("listening for callbacks on http://{address}/ (any path; Ctrl-C stops)");
    if let Some((_, url)) = &state.forward {
        console::err!("  forwarding each verified callback to {url}");
    }
    // Served with the SDK's deadlines: a slow client cannot hold it.
    serve(listener, app, ServeConfig::default(), async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    Ok(())
}

/// Verifies, prints, forwards.
async fn receive(State(listener): State<Listener>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let verified = match VerifiedCallback::verify(&listener.verifier, &headers, body.clone()) {
        Ok(verified) => verified,
        Err(error) => {
            console::err!("refused a callback: {error}");
            return if error.is_unverified() {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
        }
    };
    console::out!("{}", verified_json(&verified));
    let Some((client, url)) = &listener.forward else {
        return StatusCode::OK;
    };
    let mut request = client.post(url.clone()).body(body);
    for name in [
        http::header::CONTENT_TYPE.as_str(),
        alphapo_auth::KEY_HEADER,
        alphapo_auth::SIGNATURE_HEADER,
    ] {
        if let Some(value) = headers.get(name) {
            request = request.header(name, value);
        }
    }
    match request.send().await {
        Ok(response) => {
            let status = response.status();
            console::err!("  forwarded to {url}: HTTP {status}");
            StatusCode::from_u16(status.as_u16()).unwrap_or(StatusCode::BAD_GATEWAY)
        }
        Err(error) => {
            console::err!("  forwarding to {url} failed: {}", error.without_url());
            StatusCode::BAD_GATEWAY
        }
    }
}
