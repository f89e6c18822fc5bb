//! Every operation of the spec, sent through the generated client to a mock
//! server: the server must receive the documented method and path, JSON, the
//! API key, and a signature that matches an HMAC-SHA512 computed here over
//! the exact bytes it received; the documented response must parse.

use alphapo_auth::{Credentials, Signer};
use alphapo_gen::{Client, types};
use alphapo_httpmock::MockServerExt;
use alphapo_tests::json;
use alphapo_tests::spec::{self, Operation};
use alphapo_tests::wire::{self, Log, Received};
use futures::TryStreamExt;
use httpmock::MockServer;
use serde_json::Value;

const API_KEY: &str = "test-api-key";
const SECRET: &str = "test-secret-0123456789";

fn client(server: &MockServer) -> Client {
    let credentials = Credentials::new(API_KEY, SECRET).expect("valid credentials");
    Client::new(&server.base_url(), Some(Signer::new(&credentials)))
}

/// Answers with the operation's documented status and example response.
fn respond(then: httpmock::Then, op: &Operation) {
    let body = match &op.response_example {
        Value::String(text) if !op.success_media_type.contains("json") => text.clone().into_bytes(),
        example => serde_json::to_vec(example).expect("example serializes"),
    };
    then.status(op.success_status)
        .header("content-type", op.success_media_type.as_str())
        .body(body);
}

/// One test arm per row of the operation table (`for_each_operation!`): an
/// operation of the spec without a row fails
/// `every_operation_in_the_spec_is_covered`.
macro_rules! signing_arms {
    ($({
        id: $id:ident,
        method: $method:ident,
        command: $command:ident,
        http: $http:ident,
        path: $path:literal,
        params: [$($param:ident: $param_type:ident),*],
        body: $body:ident $(($($body_args:tt)*))?,
        response: $response:ty,
        envelope: $envelope:ident,
        output: $output:ty,
        moves_money: $moves_money:literal,
        reported_by: [$($reported_by:ident),*],
        found_by_foreign_id: $found_by_foreign_id:literal,
        signed: $signed:literal,
        status: $status:ident,
        summary: $summary:literal,
        description: $description:literal,
    })*) => {
        /// The operationIds of the table.
        const IN_TABLE: &[&str] = &[$(stringify!($id)),*];

        /// Sends `op` through the generated client to a mock of it.
        async fn send(server: &MockServer, op: &Operation, log: &Log) -> Result<Value, String> {
            match op.id.as_str() {
                $(stringify!($id) => {
                    let _mock = server.$id(|when, then| {
                        wire::record(when.into_inner(), log);
                        respond(then.into_inner(), op);
                    });
                    signing_arms!(
                        @send client(server).$id()$(.$param(op.path_param(stringify!($param))))*,
                        op,
                        $body $(($($body_args)*))?
                    )
                })*
                other => Err(format!("operation {other} is not in the table")),
            }
        }
    };
    (@send $call:expr, $op:ident, none) => {
        read_text($call.send().await.map_err(|e| e.to_string())?.into_inner()).await
    };
    (@send $call:expr, $op:ident, empty($example:literal)) => {
        signing_arms!(@json $call, $op, alphapo_gen::EmptyRequest)
    };
    (@send $call:expr, $op:ident, builder($request:ident, $example:literal)) => {
        signing_arms!(@json $call, $op, types::$request)
    };
    (@send $call:expr, $op:ident, whole($request:ident, $example:literal)) => {
        signing_arms!(@json $call, $op, types::$request)
    };
    (@json $call:expr, $op:ident, $request:ty) => {{
        let example = $op.request_example.clone().ok_or("no request example")?;
        let body: $request =
            serde_json::from_value(example).map_err(|e| format!("request example: {e}"))?;
        let response = $call.body(body).send().await.map_err(|e| e.to_string())?;
        serde_json::to_value(response.into_inner()).map_err(|e| e.to_string())
    }};
}

alphapo_gen::for_each_operation!(signing_arms);

/// A body that is not JSON (`ping`'s `OK`), as a JSON string.
async fn read_text(body: alphapo_gen::ByteStream) -> Result<Value, String> {
    let chunks: Vec<_> = body
        .into_inner()
        .try_collect()
        .await
        .map_err(|e| e.to_string())?;
    Ok(Value::String(
        String::from_utf8_lossy(&chunks.concat()).into_owned(),
    ))
}

/// Sends one operation and returns what the server received and the parsed response.
async fn exercise(op: &Operation) -> Result<(Received, Value), String> {
    let server = MockServer::start_async().await;
    let log = Log::default();
    let response = send(&server, op, &log).await?;
    let received = log.lock().expect("log lock").clone();
    match received.as_slice() {
        [one] => Ok((one.clone(), response)),
        other => Err(format!(
            "the server saw {} requests, expected 1",
            other.len()
        )),
    }
}

fn check_wire(op: &Operation, received: &Received) -> Vec<String> {
    let mut problems = Vec::new();
    let mut expect = |ok: bool, what: String| {
        if !ok {
            problems.push(what);
        }
    };
    expect(
        received.method == op.method,
        format!("method {} != {}", received.method, op.method),
    );
    expect(
        received.path == op.example_path(),
        format!("path {} != {}", received.path, op.example_path()),
    );
    if op.anonymous {
        check_anonymous(received, &mut expect);
    } else {
        check_signed(op, received, &mut expect);
    }
    problems
}

/// An operation with `security: []` (ping) goes out bare: no body, no
/// `Content-Type`, no signature headers.
fn check_anonymous(received: &Received, expect: &mut impl FnMut(bool, String)) {
    for header in ["content-type", "x-processing-key", "x-processing-signature"] {
        expect(
            received.header(header).is_empty(),
            format!(
                "an anonymous call sent {header}: {:?}",
                received.header(header)
            ),
        );
    }
    expect(
        received.body.is_empty(),
        format!(
            "an anonymous call sent a body: {}",
            String::from_utf8_lossy(&received.body)
        ),
    );
}

/// Every other operation sends its example as JSON, signed over the exact bytes.
fn check_signed(op: &Operation, received: &Received, expect: &mut impl FnMut(bool, String)) {
    expect(
        received.header("content-type") == ["application/json"],
        format!("content-type {:?}", received.header("content-type")),
    );
    expect(
        received.header("x-processing-key") == [API_KEY],
        format!("key {:?}", received.header("x-processing-key")),
    );
    let expected_signature = wire::hmac_sha512_hex(SECRET.as_bytes(), &received.body);
    expect(
        received.header("x-processing-signature") == [expected_signature.as_str()],
        format!(
            "signature {:?} does not match the received bytes",
            received.header("x-processing-signature")
        ),
    );
    let sent: Result<Value, _> = serde_json::from_slice(&received.body);
    match (&op.request_example, sent) {
        (_, Err(e)) => expect(false, format!("body is not JSON: {e}")),
        (Some(example), Ok(sent)) => {
            if let Some(difference) = json::difference(example, &sent) {
                expect(
                    false,
                    format!("body differs from the example: {difference}"),
                );
            }
        }
        (None, Ok(sent)) => expect(
            false,
            format!("a signed call without a spec body sent {sent}"),
        ),
    }
}

#[tokio::test]
async fn every_operation_is_signed_over_the_exact_bytes_received() {
    let spec = spec::load();
    let operations = spec::operations(&spec);
    let mut failures = Vec::new();
    for op in &operations {
        match exercise(op).await {
            Err(error) => failures.push(format!("{}: {error}", op.id)),
            Ok((received, response)) => {
                failures.extend(
                    check_wire(op, &received)
                        .into_iter()
                        .map(|p| format!("{}: {p}", op.id)),
                );
                if let Some(difference) = json::difference(&op.response_example, &response) {
                    failures.push(format!("{}: parsed response differs: {difference}", op.id));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_operation_in_the_spec_is_covered() {
    let spec = spec::load();
    let mut in_spec: Vec<String> = spec::operations(&spec)
        .into_iter()
        .map(|op| op.id)
        .collect();
    let mut covered: Vec<String> = IN_TABLE.iter().map(|s| (*s).to_owned()).collect();
    in_spec.sort();
    covered.sort();
    assert_eq!(
        in_spec, covered,
        "operations in the spec vs operations in the table (run `cargo xtask generate`)"
    );
    assert!(
        in_spec.len() >= 16,
        "the spec must hold at least 16 operations"
    );
}

#[tokio::test]
async fn a_signature_by_another_secret_is_detected() {
    // The check above must be able to fail: sign with a different secret.
    let server = MockServer::start_async().await;
    let log = Log::default();
    let _mock = server.accounts_list(|when, then| {
        wire::record(when.into_inner(), &log);
        then.ok(&types::AccountsListResponse { data: vec![] });
    });
    let other = Signer::new(&Credentials::new(API_KEY, "another-secret").expect("valid"));
    let client = Client::new(&server.base_url(), Some(other));
    client
        .accounts_list()
        .body(alphapo_gen::EmptyRequest)
        .send()
        .await
        .expect("sent");
    let received = log.lock().expect("log lock")[0].clone();
    let op = spec::operations(&spec::load())
        .into_iter()
        .find(|op| op.id == "accounts_list")
        .expect("op");
    let problems = check_wire(&op, &received);
    assert!(
        problems.iter().any(|p| p.contains("signature")),
        "{problems:?}"
    );
}

#[tokio::test]
async fn a_client_without_credentials_pings_and_sends_nothing_signed() {
    let server = MockServer::start_async().await;
    let log = Log::default();
    let ping = server.ping(|when, then| {
        wire::record(when.into_inner(), &log);
        then.into_inner().status(200).body("OK");
    });
    let accounts = server.accounts_list(|when, then| {
        wire::record(when.into_inner(), &log);
        then.ok(&types::AccountsListResponse { data: vec![] });
    });
    let client = Client::new(&server.base_url(), None);
    client
        .ping()
        .send()
        .await
        .expect("ping needs no credentials");
    let error = client
        .accounts_list()
        .body(alphapo_gen::EmptyRequest)
        .send()
        .await
        .expect_err("a signed call without credentials");
    assert!(error.to_string().contains("no credentials"), "{error}");
    assert_eq!(ping.calls_async().await, 1);
    assert_eq!(accounts.calls_async().await, 0, "nothing signed may leave");
    let received = log.lock().expect("log lock").clone();
    let [sent] = received.as_slice() else {
        panic!(
            "the server saw {} requests, expected the ping only",
            received.len()
        );
    };
    let mut problems = Vec::new();
    check_anonymous(sent, &mut |ok, what| {
        if !ok {
            problems.push(what);
        }
    });
    assert!(problems.is_empty(), "{problems:?}");
}
