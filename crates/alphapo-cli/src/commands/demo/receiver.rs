//! A merchant's callback endpoint, built with the SDK's callbacks API: it
//! verifies each callback, drops duplicates, hands new ones on, and answers
//! 200 only once the callback is handed on.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use alphapo::Credentials;
use alphapo::callbacks::{
    Callback, InMemorySeenKeys, SeenKeys, ServeConfig, VerifiedCallback, Verifier, serve,
};
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::post;
use tokio::sync::{mpsc, oneshot};

use crate::exit::Failure;

/// The path callbacks are POSTed to.
pub const CALLBACK_PATH: &str = "/alphapo/callbacks";

#[derive(Clone)]
struct Receiver {
    verifier: Verifier,
    seen: Arc<InMemorySeenKeys>,
    callbacks: mpsc::Sender<Callback>,
}

impl FromRef<Receiver> for Verifier {
    fn from_ref(receiver: &Receiver) -> Verifier {
        receiver.verifier.clone()
    }
}

/// A running receiver on 127.0.0.1.
pub struct RunningReceiver {
    /// The full callback URL.
    pub url: String,
    stop: oneshot::Sender<()>,
}

impl RunningReceiver {
    /// Stops serving.
    pub fn stop(self) {
        // The server may already be gone; then there is nothing to stop.
        let _ = self.stop.send(());
    }
}

/// Starts a receiver on a free loopback port; new verified callbacks go to
/// `callbacks`.
pub async fn start(
    credentials: &Credentials,
    callbacks: mpsc::Sender<Callback>,
) -> Result<RunningReceiver, Failure> {
    let state = Receiver {
        verifier: Verifier::new(credentials),
        seen: Arc::new(InMemorySeenKeys::new(10_000)),
        callbacks,
    };
    let app = axum::Router::new()
        .route(CALLBACK_PATH, post(receive))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .map_err(|e| Failure::Local(format!("cannot bind the callback receiver: {e}")))?;
    let address = listener
        .local_addr()
        .map_err(|e| Failure::Local(format!("callback receiver address: {e}")))?;
    let (stop, stopped) = oneshot::channel::<()>();
    // Served with the SDK's deadlines: a slow client cannot hold it.
    tokio::spawn(serve(listener, app, ServeConfig::default(), async move {
        let _ = stopped.await;
    }));
    Ok(RunningReceiver {
        url: format!("http://{address}{CALLBACK_PATH}"),
        stop,
    })
}

/// Stores (here: hands on) a verified callback once, then answers 200; a
/// duplicate is acknowledged without being handed on again.
async fn receive(State(receiver): State<Receiver>, verified: VerifiedCallback) -> StatusCode {
    let callback = verified.callback();
    let is_new = match callback.dedup_key() {
        Some(key) => match receiver.seen.insert_if_new(&key).await {
            Ok(is_new) => is_new,
            Err(_) => return StatusCode::SERVICE_UNAVAILABLE,
        },
        None => true,
    };
    if is_new && receiver.callbacks.send(callback.clone()).await.is_err() {
        // Nobody is listening: not stored, so let AlphaPo retry.
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    StatusCode::OK
}
