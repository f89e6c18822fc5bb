//! AlphaPo's exact error bodies for each authentication and format failure.

use alphapo_auth::{KEY_HEADER, SIGNATURE_HEADER};
use http::header::CONTENT_TYPE;
use http::{HeaderValue, StatusCode};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{self, raw, start};

const PATH: &str = "/api/v2/accounts/list";

/// Breaks a correctly signed request in one way.
type Tweak = Box<dyn FnOnce(&mut http::HeaderMap)>;

fn parsed(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

#[tokio::test]
async fn each_failure_has_alphapo_s_body() {
    let sandbox = start(support::config()).await;
    let cases: Vec<(&str, Tweak, &[u8], StatusCode, Value)> = vec![
        (
            "no content type",
            Box::new(|h| {
                h.remove(CONTENT_TYPE);
            }),
            b"{}",
            StatusCode::BAD_REQUEST,
            json!({"error": "Bad content format", "code": "bad_content_format"}),
        ),
        (
            "wrong content type",
            Box::new(|h| {
                h.insert(CONTENT_TYPE, HeaderValue::from_static("text/plain"));
            }),
            b"{}",
            StatusCode::BAD_REQUEST,
            json!({"error": "Bad content format", "code": "bad_content_format"}),
        ),
        (
            "invalid JSON",
            Box::new(|_| {}),
            b"{not json",
            StatusCode::BAD_REQUEST,
            json!({"error": "Bad content format", "code": "bad_content_format"}),
        ),
        (
            "missing key",
            Box::new(|h| {
                h.remove(KEY_HEADER);
            }),
            b"{}",
            StatusCode::FORBIDDEN,
            json!({"error": "No key header", "code": "required_header_key"}),
        ),
        (
            "wrong key",
            Box::new(|h| {
                h.insert(KEY_HEADER, HeaderValue::from_static("someone-else"));
            }),
            b"{}",
            StatusCode::FORBIDDEN,
            json!({"error": "Bad key header", "code": "bad_header_key"}),
        ),
        (
            "missing signature",
            Box::new(|h| {
                h.remove(SIGNATURE_HEADER);
            }),
            b"{}",
            StatusCode::FORBIDDEN,
            json!({"error": "No signature header", "code": "required_header_signature"}),
        ),
        (
            "wrong signature",
            Box::new(|h| {
                h.insert(SIGNATURE_HEADER, HeaderValue::from_static("00"));
            }),
            b"{}",
            StatusCode::FORBIDDEN,
            json!({"error": "Bad signature header", "code": "bad_header_signature"}),
        ),
    ];
    for (name, tweak, body, status, expected) in cases {
        let (got_status, text) = raw(&sandbox, Method::POST, PATH, body, tweak).await;
        assert_eq!((got_status, parsed(&text)), (status, expected), "{name}");
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_body_changed_after_signing_is_a_bad_signature() {
    let sandbox = start(support::config()).await;
    let mut headers = alphapo_auth::testing::sign_callback(&support::credentials(), b"{}");
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    let response = reqwest::Client::new()
        .post(format!("{}{PATH}", sandbox.base_url()))
        .headers(headers)
        .body("{ }")
        .send()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let body = parsed(&response.text().await.unwrap_or_default());
    assert_eq!(body["code"], "bad_header_signature");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn unknown_paths_and_unsigned_wrong_methods_answer_required_header_key() {
    let sandbox = start(support::config()).await;
    let expected = json!({"error": "No key header", "code": "required_header_key"});
    for (method, path, sign) in [
        (Method::POST, "/api/v2/invoices/list", true),
        (Method::GET, "/api/v2/accounts/list", false),
        (Method::POST, "/", true),
    ] {
        let (status, text) = raw(&sandbox, method, path, b"{}", |headers| {
            if !sign {
                headers.remove(KEY_HEADER);
                headers.remove(SIGNATURE_HEADER);
            }
        })
        .await;
        assert_eq!(
            (status, parsed(&text)),
            (StatusCode::FORBIDDEN, expected.clone()),
            "{path}"
        );
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_wrong_method_on_a_known_path_is_405_once_the_checks_pass() {
    let sandbox = start(support::config()).await;
    for (method, path, allow) in [
        (Method::POST, "/api/v2/ping", "GET, HEAD"),
        (Method::DELETE, "/api/v2/ping", "GET, HEAD"),
        (Method::GET, "/api/v2/accounts/list", "POST"),
        (Method::PUT, "/api/v2/invoices/create", "POST"),
        (Method::PUT, "/_sandbox/faults", "GET, HEAD, POST, DELETE"),
        (Method::DELETE, "/_sandbox/clock", "GET, HEAD"),
        (Method::GET, "/_sandbox/clock/advance", "POST"),
        (Method::DELETE, "/_sandbox/invoices/7", "GET, HEAD"),
        (Method::GET, "/_sandbox/withdrawals/7/confirm", "POST"),
        (Method::POST, "/_sandbox/assets/dashboard.js", "GET, HEAD"),
    ] {
        let response = reqwest::Client::new()
            .request(method.clone(), format!("{}{path}", sandbox.base_url()))
            .headers(alphapo_auth::testing::sign_callback(
                &support::credentials(),
                b"{}",
            ))
            .body("{}")
            .send()
            .await
            .unwrap_or_else(|error| panic!("{path}: {error}"));
        assert_eq!(
            response.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        assert_eq!(response.headers()["allow"], allow, "{method} {path}");
        let body = parsed(&response.text().await.unwrap_or_default());
        assert!(
            body["message"]
                .as_str()
                .is_some_and(|m| m.contains("is not supported")),
            "{body}"
        );
    }
    sandbox.shutdown().await;
}
