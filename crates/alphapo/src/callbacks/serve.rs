//! Serving a callback receiver so that slow clients cannot hold it: a
//! header-read deadline, body and request deadlines that run from the
//! request's arrival, bodies read before a request takes one of the
//! concurrency-limited slots, and a cap on open connections.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use ::axum::Router;
use ::axum::body::Body;
use ::axum::extract::{Request, State};
use ::axum::http::StatusCode;
use ::axum::middleware::{self, Next};
use ::axum::response::{IntoResponse, Response};
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
/// | [`body_read_timeout`](ServeConfig::body_read_timeout): the whole body must arrive within, from the end of the headers | 10 s | 408 |
/// | [`max_body_bytes`](ServeConfig::max_body_bytes) | 64 KiB | 413 |
/// | [`request_timeout`](ServeConfig::request_timeout): a whole request, from the end of its headers, body and handler included | 30 s | 408, the handler is dropped (its transaction rolls back) |
/// | [`max_concurrent_requests`](ServeConfig::max_concurrent_requests): requests whose body is in, running at once | 1,024 | further requests wait for a slot (within their deadline) |
/// | [`max_connections`](ServeConfig::max_connections) | 4,096 | new connections wait in the listen queue |
///
/// Every deadline runs from the request's arrival, never from when it got a
/// slot. A request takes a slot only once its whole body is in, so clients
/// that send their headers and then stall their body wait in their own
/// connection (at most `max_connections` of them, each holding at most
/// `max_body_bytes`) and cannot starve the callbacks that arrived whole.
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
    body: BodyLimits,
}

/// How a body is read before its request takes a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct BodyLimits {
    timeout: Duration,
    max_bytes: usize,
}

impl Default for ServeConfig {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_concurrent_requests: 1024,
            max_connections: 4096,
            body: BodyLimits {
                timeout: Duration::from_secs(10),
                max_bytes: 64 * 1024,
            },
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

    /// How long the whole body may take to arrive once the headers are in
    /// (default 10 s); past it the answer is 408. The body is read before
    /// the request takes a slot, so this deadline never waits for one.
    ///
    /// ```
    /// use std::time::Duration;
    /// let config = alphapo::callbacks::ServeConfig::default()
    ///     .body_read_timeout(Duration::from_secs(2));
    /// assert_eq!(config.body_limits().0, Duration::from_secs(2));
    /// ```
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.body.timeout = timeout;
        self
    }

    /// The largest body read (default 64 KiB, at least 1 byte); a larger
    /// one is answered 413. A callback is about 1 KB, so the default is far
    /// below the verifier's own limit ([`Verifier::body_limit`](super::Verifier::body_limit));
    /// the bodies being read hold at most `max_connections` times this much
    /// memory (256 MiB by default).
    ///
    /// ```
    /// let config = alphapo::callbacks::ServeConfig::default().max_body_bytes(16 * 1024);
    /// assert_eq!(config.body_limits().1, 16 * 1024);
    /// ```
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.body.max_bytes = limit.max(1);
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

    /// The body limits: the body-read deadline and the largest body.
    ///
    /// ```
    /// use std::time::Duration;
    /// assert_eq!(
    ///     alphapo::callbacks::ServeConfig::default().body_limits(),
    ///     (Duration::from_secs(10), 64 * 1024)
    /// );
    /// ```
    pub fn body_limits(&self) -> (Duration, usize) {
        (self.body.timeout, self.body.max_bytes)
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
        .layer(middleware::from_fn_with_state(config.body, read_body_first))
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

/// Reads the whole body (within its deadline, from the end of the headers)
/// before the request goes on to take a slot.
async fn read_body_first(
    State(limits): State<BodyLimits>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    match super::axum::read_body(&parts.headers, body, limits.max_bytes, limits.timeout).await {
        Ok(body) => next.run(Request::from_parts(parts, Body::from(body))).await,
        Err(rejection) => rejection.into_response(),
    }
}
