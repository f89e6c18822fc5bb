//! Serving a callback receiver so that slow clients cannot hold it: a
//! header-read deadline, a per-request deadline, a concurrency limit and a
//! cap on open connections.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use ::axum::Router;
use ::axum::http::StatusCode;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::limit::ConcurrencyLimitLayer;
use tower_http::timeout::TimeoutLayer;

/// The limits [`serve`] enforces. The defaults suit a callback endpoint
/// (AlphaPo's callbacks are small and few): every slow client is cut within
/// 30 seconds.
///
/// | limit | default | past it |
/// |---|---|---|
/// | [`header_read_timeout`](ServeConfig::header_read_timeout): the request line and headers must arrive within | 10 s | the connection is closed |
/// | [`request_timeout`](ServeConfig::request_timeout): a whole request, body and handler included | 30 s | 408, the handler is dropped (its transaction rolls back) |
/// | [`max_concurrent_requests`](ServeConfig::max_concurrent_requests) | 1,024 | further requests wait for a slot (within their deadline) |
/// | [`max_connections`](ServeConfig::max_connections) | 4,096 | new connections wait in the listen queue |
///
/// The body itself has its own deadline in the extractor (10 s by default,
/// see [`axum::BodyReadTimeout`](super::axum::BodyReadTimeout)).
///
/// ```
/// use std::time::Duration;
/// use alphapo::callbacks::ServeConfig;
///
/// let config = ServeConfig::default()
///     .header_read_timeout(Duration::from_secs(5))
///     .request_timeout(Duration::from_secs(20))
///     .max_concurrent_requests(256)
///     .max_connections(1_000);
/// assert_eq!(config.limits(), (Duration::from_secs(5), Duration::from_secs(20), 256, 1_000));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct ServeConfig {
    header_read_timeout: Duration,
    request_timeout: Duration,
    max_concurrent_requests: usize,
    max_connections: usize,
}

impl Default for ServeConfig {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_concurrent_requests: 1024,
            max_connections: 4096,
        }
    }
}

impl ServeConfig {
    /// How long a client may take to send the request line and headers
    /// (default 10 s); the connection is closed past it.
    ///
    /// ```
    /// let config = alphapo::callbacks::ServeConfig::default()
    ///     .header_read_timeout(std::time::Duration::from_secs(3));
    /// assert_eq!(config.limits().0, std::time::Duration::from_secs(3));
    /// ```
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// How long a whole request may take once its headers are in, body and
    /// handler included (default 30 s); past it the answer is 408 and the
    /// handler is dropped.
    ///
    /// ```
    /// let config = alphapo::callbacks::ServeConfig::default()
    ///     .request_timeout(std::time::Duration::from_secs(15));
    /// assert_eq!(config.limits().1, std::time::Duration::from_secs(15));
    /// ```
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// How many requests run at once (default 1,024, at least 1); more wait
    /// for a slot.
    ///
    /// ```
    /// let config = alphapo::callbacks::ServeConfig::default().max_concurrent_requests(0);
    /// assert_eq!(config.limits().2, 1);
    /// ```
    pub fn max_concurrent_requests(mut self, limit: usize) -> Self {
        self.max_concurrent_requests = limit.max(1);
        self
    }

    /// How many connections are open at once (default 4,096, at least 1);
    /// more wait in the listen queue until one closes.
    ///
    /// ```
    /// let config = alphapo::callbacks::ServeConfig::default().max_connections(64);
    /// assert_eq!(config.limits().3, 64);
    /// ```
    pub fn max_connections(mut self, limit: usize) -> Self {
        self.max_connections = limit.max(1);
        self
    }

    /// The limits: header-read deadline, request deadline, concurrent
    /// requests, open connections.
    ///
    /// ```
    /// use std::time::Duration;
    /// assert_eq!(
    ///     alphapo::callbacks::ServeConfig::default().limits(),
    ///     (Duration::from_secs(10), Duration::from_secs(30), 1024, 4096)
    /// );
    /// ```
    pub fn limits(&self) -> (Duration, Duration, usize, usize) {
        (
            self.header_read_timeout,
            self.request_timeout,
            self.max_concurrent_requests,
            self.max_connections,
        )
    }
}

/// Serves `router` on `listener` over HTTP/1.1 with the limits of `config`,
/// until `shutdown` completes (pass [`std::future::pending`] to serve
/// forever). On shutdown it stops accepting; connections in flight end
/// within their request deadline.
///
/// Put it behind your HTTPS reverse proxy: AlphaPo only calls `https://`
/// URLs.
///
/// A failed `accept` (for example out of file descriptors) is logged and
/// retried after a pause, so serving never stops on its own.
///
/// ```no_run
/// use alphapo::callbacks::{ServeConfig, VerifiedCallback, Verifier, serve};
/// use axum::{Router, http::StatusCode, routing::post};
///
/// async fn receive(callback: VerifiedCallback) -> StatusCode {
///     StatusCode::OK
/// }
///
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// let app = Router::new()
///     .route("/alphapo/callbacks", post(receive))
///     .with_state(Verifier::from_env()?);
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
/// serve(listener, app, ServeConfig::default(), std::future::pending()).await;
/// # Ok(())
/// # }
/// ```
pub async fn serve(
    listener: TcpListener,
    router: Router,
    config: ServeConfig,
    shutdown: impl Future<Output = ()>,
) {
    let app = router
        .layer(ConcurrencyLimitLayer::new(config.max_concurrent_requests))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            config.request_timeout,
        ));
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(config.header_read_timeout);
    let connections = Arc::new(Semaphore::new(config.max_connections));
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&connections).acquire_owned() => permit,
            () = &mut shutdown => return,
        };
        let Ok(permit) = permit else {
            // The semaphore is never closed; nothing left to serve if it were.
            return;
        };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => return,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(error) => {
                tracing::warn!(%error, "accepting a callback connection failed; retrying shortly");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        tokio::spawn(async move {
            // A client that vanished or was cut by a deadline ends here.
            if let Err(error) = connection.await {
                tracing::debug!(%error, "a callback connection ended with an error");
            }
            drop(permit);
        });
    }
}
