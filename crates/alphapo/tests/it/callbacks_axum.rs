//! The axum extractor, driven with real HTTP requests (tower `oneshot`):
//! the handler runs only for verified, parsed callbacks, and its own status
//! is what goes out.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::callbacks_support::{credentials, fixture, verifier};
use alphapo::callbacks::{Callback, VerifiedCallback};
use alphapo_auth::{KEY_HEADER, Verifier, testing};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{FromRef, State};
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode, header::CONTENT_LENGTH};
use axum::routing::post;
use futures::StreamExt;
use tower::ServiceExt;

const PATH: &str = "/alphapo/callbacks";

/// The test app's state: the verifier, what the handler saw, what it answers.
#[derive(Clone)]
struct App {
    verifier: Verifier,
    received: Arc<Mutex<Vec<Callback>>>,
    reply: StatusCode,
}

impl FromRef<App> for Verifier {
    fn from_ref(app: &App) -> Verifier {
        app.verifier.clone()
    }
}

async fn handler(State(app): State<App>, verified: VerifiedCallback) -> StatusCode {
    app.received
        .lock()
        .expect("not poisoned")
        .push(verified.into_parts().0);
    app.reply
}

fn app(verifier: Verifier, reply: StatusCode) -> (Router, Arc<Mutex<Vec<Callback>>>) {
    let received = Arc::default();
    let state = App {
        verifier,
        received: Arc::clone(&received),
        reply,
    };
    let router = Router::new().route(PATH, post(handler)).with_state(state);
    (router, received)
}

fn request(headers: HeaderMap, body: Body) -> Request<Body> {
    let mut request = Request::post(PATH).body(body).expect("a valid request");
    request.headers_mut().extend(headers);
    request
}

/// Sends one request; returns the status, the response text and how many
/// callbacks the handler received.
async fn send(
    router: Router,
    received: &Mutex<Vec<Callback>>,
    request: Request<Body>,
) -> (StatusCode, String, usize) {
    let response = router.oneshot(request).await.expect("infallible");
    let status = response.status();
    let text = axum::body::to_bytes(response.into_body(), 64 * 1024)
        .await
        .expect("a readable response");
    let calls = received.lock().expect("not poisoned").len();
    (status, String::from_utf8_lossy(&text).into_owned(), calls)
}

fn signed(body: &[u8]) -> HeaderMap {
    testing::sign_callback(&credentials(), body)
}

#[tokio::test]
async fn a_verified_callback_reaches_the_handler_and_gets_its_200() {
    let body = fixture("00-deposit-confirmed.json");
    let (router, received) = app(verifier(), StatusCode::OK);
    let (status, _, calls) =
        send(router, &received, request(signed(&body), Body::from(body))).await;
    assert_eq!((status, calls), (StatusCode::OK, 1));
    let received = received.lock().expect("not poisoned");
    let Callback::Deposit(deposit) = &received[0] else {
        panic!("not a deposit")
    };
    assert_eq!(deposit.id, 1);
    assert_eq!(
        received[0]
            .settlement()
            .and_then(|settlement| settlement.incoming())
            .map(|money| money.amount.to_string())
            .as_deref(),
        Some("6.5119800")
    );
}

#[tokio::test]
async fn the_handlers_own_status_goes_out() {
    let body = fixture("16-invoice-confirmed.json");
    let (router, received) = app(verifier(), StatusCode::SERVICE_UNAVAILABLE);
    let (status, _, calls) =
        send(router, &received, request(signed(&body), Body::from(body))).await;
    assert_eq!((status, calls), (StatusCode::SERVICE_UNAVAILABLE, 1));
}

#[tokio::test]
async fn a_wrong_signature_is_401_and_never_reaches_the_handler() {
    let body = fixture("00-deposit-confirmed.json");
    let mut tampered = body.clone();
    tampered[40] ^= 0x20;
    let (router, received) = app(verifier(), StatusCode::OK);
    let (status, text, calls) = send(
        router,
        &received,
        request(signed(&body), Body::from(tampered)),
    )
    .await;
    assert_eq!((status, calls), (StatusCode::UNAUTHORIZED, 0));
    assert_eq!(text, "the callback signature does not match its body");
}

#[tokio::test]
async fn a_missing_or_wrong_key_is_401_and_never_reaches_the_handler() {
    let body = fixture("04-withdrawal-confirmed.json");
    let mut wrong_key = signed(&body);
    wrong_key.insert(KEY_HEADER, HeaderValue::from_static("not-our-key"));
    let mut no_key = signed(&body);
    no_key.remove(KEY_HEADER);
    for headers in [wrong_key, no_key, HeaderMap::new()] {
        let (router, received) = app(verifier(), StatusCode::OK);
        let (status, _, calls) = send(
            router,
            &received,
            request(headers, Body::from(body.clone())),
        )
        .await;
        assert_eq!((status, calls), (StatusCode::UNAUTHORIZED, 0));
    }
}

#[tokio::test]
async fn an_authentic_body_that_does_not_parse_is_400_and_never_reaches_the_handler() {
    for body in [
        &b"{\"id\": 1"[..],
        b"[]",
        b"{\"id\":1}",
        b"{\"type\":\"deposit\"}",
        b"\xff\xfe",
    ] {
        let (router, received) = app(verifier(), StatusCode::OK);
        let (status, _, calls) = send(
            router,
            &received,
            request(signed(body), Body::from(body.to_vec())),
        )
        .await;
        assert_eq!((status, calls), (StatusCode::BAD_REQUEST, 0), "{body:?}");
    }
}

#[tokio::test]
async fn a_declared_length_over_the_cap_is_413_before_reading() {
    let body = fixture("00-deposit-confirmed.json");
    let (router, received) = app(verifier().max_body_bytes(100), StatusCode::OK);
    let mut headers = signed(&body);
    headers.insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
    let (status, _, calls) = send(router, &received, request(headers, Body::from(body))).await;
    assert_eq!((status, calls), (StatusCode::PAYLOAD_TOO_LARGE, 0));
}

#[tokio::test]
async fn a_streamed_body_over_the_cap_is_413_and_is_not_read_to_the_end() {
    let limit = 1024;
    let polled = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&polled);
    let chunks = futures::stream::iter(0..1_000).map(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
        Ok::<_, std::io::Error>(Bytes::from_static(&[b' '; 512]))
    });
    let (router, received) = app(verifier().max_body_bytes(limit), StatusCode::OK);
    let (status, _, calls) = send(
        router,
        &received,
        request(signed(b"{}"), Body::from_stream(chunks)),
    )
    .await;
    assert_eq!((status, calls), (StatusCode::PAYLOAD_TOO_LARGE, 0));
    assert!(
        polled.load(Ordering::SeqCst) <= 3,
        "read {} chunks of 512 bytes for a 1 KiB cap",
        polled.load(Ordering::SeqCst)
    );
}

#[tokio::test]
async fn a_body_in_many_chunks_within_the_cap_is_reassembled() {
    let body = fixture("07-withdrawal_exchange-confirmed.json");
    let headers = signed(&body);
    let chunks: Vec<Result<Bytes, std::io::Error>> = body
        .chunks(7)
        .map(|chunk| Ok(Bytes::copy_from_slice(chunk)))
        .collect();
    let (router, received) = app(verifier(), StatusCode::OK);
    let (status, _, calls) = send(
        router,
        &received,
        request(headers, Body::from_stream(futures::stream::iter(chunks))),
    )
    .await;
    assert_eq!((status, calls), (StatusCode::OK, 1));
    assert!(matches!(
        received.lock().expect("not poisoned")[0],
        Callback::WithdrawalExchange(_)
    ));
}

#[tokio::test]
async fn a_failing_body_stream_is_400_and_never_reaches_the_handler() {
    let chunks = futures::stream::iter([
        Ok(Bytes::from_static(b"{\"type\":")),
        Err(std::io::Error::other("connection reset")),
    ]);
    let (router, received) = app(verifier(), StatusCode::OK);
    let (status, text, calls) = send(
        router,
        &received,
        request(signed(b"{}"), Body::from_stream(chunks)),
    )
    .await;
    assert_eq!((status, calls), (StatusCode::BAD_REQUEST, 0));
    assert_eq!(text, "the callback body could not be read");
}

#[tokio::test]
async fn the_verifier_can_be_the_whole_state() {
    async fn accept(verified: VerifiedCallback) -> String {
        verified.callback().status().unwrap_or_default().to_owned()
    }
    let body = fixture("22-deposit-not_confirmed.json");
    let router = Router::new()
        .route(PATH, post(accept))
        .with_state(verifier());
    let response = router
        .oneshot(request(signed(&body), Body::from(body)))
        .await
        .expect("infallible");
    assert_eq!(response.status(), StatusCode::OK);
    let text = axum::body::to_bytes(response.into_body(), 1024)
        .await
        .expect("readable");
    assert_eq!(&text[..], b"not_confirmed");
}

/// A body that sends `first` and then one byte every `every`, `total` bytes
/// in all (driven by tokio's clock, paused in these tests).
fn dripped(first: Vec<u8>, every: std::time::Duration, total: usize) -> Body {
    let stream = futures::stream::unfold((first, 0_usize), move |(rest, sent)| async move {
        if sent >= total {
            return None;
        }
        if sent > 0 {
            tokio::time::sleep(every).await;
        }
        let byte = rest.get(sent).copied().unwrap_or(b' ');
        Some((
            Ok::<_, std::io::Error>(Bytes::from(vec![byte])),
            (rest, sent + 1),
        ))
    });
    Body::from_stream(stream)
}

#[tokio::test(start_paused = true)]
async fn a_dripped_body_is_cut_with_408_at_the_default_deadline() {
    let body = fixture("00-deposit-confirmed.json");
    let (router, received) = app(verifier(), StatusCode::OK);
    let started = tokio::time::Instant::now();
    let drip = dripped(body.clone(), std::time::Duration::from_secs(2), body.len());
    let (status, text, calls) = send(router, &received, request(signed(&body), drip)).await;
    let waited = started.elapsed();
    assert_eq!((status, calls), (StatusCode::REQUEST_TIMEOUT, 0), "{text}");
    assert!(text.contains("did not arrive within 10s"), "{text}");
    // Paused time: the clock moves only by the timers, so this is exact.
    assert!(
        waited >= std::time::Duration::from_secs(10) && waited < std::time::Duration::from_secs(40),
        "cut after {waited:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn the_body_deadline_is_configurable_and_a_body_in_time_passes() {
    use alphapo::callbacks::axum::BodyReadTimeout;
    use axum::Extension;

    let body = fixture("00-deposit-confirmed.json");
    let (router, received) = app(verifier(), StatusCode::OK);
    let router = router.layer(Extension(BodyReadTimeout(std::time::Duration::from_secs(
        1,
    ))));
    let stalled =
        futures::stream::once(async { Ok::<_, std::io::Error>(Bytes::from_static(b"{")) })
            .chain(futures::stream::pending());
    let (status, _, calls) = send(
        router,
        &received,
        request(signed(&body), Body::from_stream(stalled)),
    )
    .await;
    assert_eq!((status, calls), (StatusCode::REQUEST_TIMEOUT, 0));

    // Ten bytes a second for the whole body, under a deadline it can meet.
    let (router, received) = app(verifier(), StatusCode::OK);
    let router = router.layer(Extension(BodyReadTimeout(std::time::Duration::from_secs(
        3_600,
    ))));
    let drip = dripped(
        body.clone(),
        std::time::Duration::from_millis(100),
        body.len(),
    );
    let (status, _, calls) = send(router, &received, request(signed(&body), drip)).await;
    assert_eq!((status, calls), (StatusCode::OK, 1));
}
