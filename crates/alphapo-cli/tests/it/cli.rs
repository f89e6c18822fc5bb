//! The `alphapo` binary end to end: every subcommand against the sandbox,
//! and each exit-code class.

use std::process::Output;
use std::time::Duration;

use alphapo_auth::{Credentials, testing};
use alphapo_sandbox::RateLimit;
use assert_cmd::Command;

use crate::support::{self, Running, alphapo, exit_code, json_ok};

const KEY: &str = "cli-test-key";
const SECRET: &str = "cli-test-secret-4f1d";
/// The exchange every exchange subcommand test quotes.
const PAIR: [&str; 6] = [
    "-f",
    "sender_currency=BTC",
    "-f",
    "receiver_currency=EUR",
    "-f",
    "sender_amount=0.01",
];

fn sandbox(calculate_limit: u32) -> Running {
    let mut config = support::config(KEY, SECRET);
    config.confirmation_delay = Duration::from_millis(10);
    config.calculate_rate_limit = RateLimit {
        requests: calculate_limit,
        window: Duration::from_secs(60),
    };
    support::start(config)
}

/// `alphapo` signing with `secret`, pointed at `base_url` (by its variable,
/// which only the API commands read).
fn alphapo_at(base_url: &str, secret: &str) -> Command {
    alphapo(&[
        ("ALPHAPO_API_KEY", KEY),
        ("ALPHAPO_SECRET", secret),
        ("ALPHAPO_BASE_URL", base_url),
    ])
}

/// An API call, one attempt.
fn run<S: AsRef<std::ffi::OsStr>>(base_url: &str, args: &[S]) -> Output {
    alphapo_at(base_url, SECRET)
        .args(args)
        .args(["--attempts", "1"])
        .output()
        .expect("runs")
}

#[test]
fn every_spec_operation_is_a_subcommand() {
    let spec = alphapo_tests::spec::load();
    for op in alphapo_tests::spec::operations(&spec) {
        let name = op.id.replace('_', "-");
        let output = alphapo(&[])
            .args([name.as_str(), "--help"])
            .output()
            .expect("runs");
        assert_eq!(exit_code(&output), 0, "no subcommand {name}");
    }
}

#[test]
fn every_subcommand_works_against_the_sandbox() {
    let running = sandbox(30);
    let url = running.sandbox.base_url().to_owned();

    assert_eq!(json_ok(&run(&url, &["ping"]))["status"], "OK");
    let balances = json_ok(&run(&url, &["accounts-list"]));
    assert!(balances.as_array().is_some_and(|b| !b.is_empty()));
    for list in ["currencies-list", "currencies-pairs", "currencies-rates"] {
        assert!(json_ok(&run(&url, &[list])).is_array(), "{list}");
    }

    let address = json_ok(&run(
        &url,
        &[
            "addresses-take",
            "-f",
            "currency=BTC",
            "-f",
            "foreign_id=cli-1",
            "-f",
            "end_user_reference=c-1",
        ],
    ));
    assert!(address["address"].is_string());

    let withdrawal = json_ok(&run(
        &url,
        &[
            "withdrawal-crypto",
            "--body",
            r#"{"currency":"BTC","amount":"0.01","address":"tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc","foreign_id":"cli-w-1","end_user_reference":"c-1"}"#,
        ],
    ));
    let withdrawal_id = withdrawal["id"]
        .as_i64()
        .expect("withdrawal id")
        .to_string();
    let info = json_ok(&run(
        &url,
        &["transactions-info", "-F", &format!("id={withdrawal_id}")],
    ));
    assert_eq!(
        info["id"].as_i64().map(|id| id.to_string()),
        Some(withdrawal_id)
    );

    let pair = PAIR;
    let quote = json_ok(&run(
        &url,
        &[&["exchange-calculate"][..], &pair[..]].concat(),
    ));
    let price = quote["price"].as_str().expect("price").to_owned();
    let price = format!("price={price}");
    let fixed_args = [
        &["exchange-fixed"][..],
        &pair[..],
        &["-f", "foreign_id=cli-x-1", "-f", &price][..],
    ]
    .concat();
    assert_eq!(json_ok(&run(&url, &fixed_args))["status"], "processing");
    let now_args = [
        &["exchange-now"][..],
        &pair[..],
        &["-f", "foreign_id=cli-x-2"][..],
    ]
    .concat();
    assert_eq!(json_ok(&run(&url, &now_args))["type"], "exchange");

    let invoice = json_ok(&run(&url, &invoice_args("cli-i-1")));
    assert!(invoice["url"].is_string());

    let request = json_ok(&run(
        &url,
        &[
            "payment-requests-create",
            "--body",
            r#"{"amount":"100","currency":{"iso":"EUR"}}"#,
        ],
    ));
    assert!(request["id"].is_string());
}

fn invoice_args(foreign_id: &str) -> Vec<String> {
    [
        "invoices-create",
        "-F",
        "timer=false",
        "-f",
        "title=CLI order",
        "-f",
        "currency=EUR",
        "-f",
        "amount=25.50",
        "-f",
        "end_user_reference=c-1",
        "-f",
        "url_success=https://shop.example.com/ok",
        "-f",
        "url_failed=https://shop.example.com/failed",
        "-f",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .chain([format!("foreign_id={foreign_id}")])
    .collect()
}

#[test]
fn each_failure_class_has_its_exit_code() {
    let running = sandbox(1);
    let url = running.sandbox.base_url().to_owned();
    let invoice: Vec<String> = invoice_args("cli-dup");
    let invoice: Vec<&str> = invoice.iter().map(String::as_str).collect();

    // 2: invalid arguments, refused before sending.
    let too_long = "x".repeat(51);
    let output = run(
        &url,
        &[&invoice[..], &["-f", &format!("title={too_long}")]].concat(),
    );
    assert_eq!(
        exit_code(&output),
        2,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("title"));

    // 3: authentication (the sandbox answers AlphaPo's bad_header_signature).
    let output = alphapo_at(&url, "wrong-secret")
        .args(["accounts-list"])
        .output()
        .expect("runs");
    assert_eq!(exit_code(&output), 3);
    assert!(String::from_utf8_lossy(&output.stderr).contains("bad_header_signature"));

    // 4: validation (a reused foreign_id).
    assert_eq!(exit_code(&run(&url, &invoice)), 0);
    let output = run(&url, &invoice);
    assert_eq!(exit_code(&output), 4);
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("foreign_id: The foreign id has already been taken."),
        "the server's message: {}",
        String::from_utf8_lossy(&output.stderr)
    );

    // 5: rate limited (one exchange/calculate a minute here).
    let calculate = [&["exchange-calculate"][..], &PAIR[..]].concat();
    assert_eq!(exit_code(&run(&url, &calculate)), 0);
    assert_eq!(exit_code(&run(&url, &calculate)), 5);

    // 6, 7 and 8 (what happened to the money): the exit_codes module, through
    // a fault proxy.

    // Missing credentials are a usage error too, for every signed call.
    let output = alphapo(&[])
        .args(["accounts-list", "--base-url", &url])
        .output()
        .expect("runs");
    assert_eq!(exit_code(&output), 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("ALPHAPO_API_KEY"), "{stderr}");
}

#[test]
fn ping_runs_without_credentials_and_sends_no_body_or_auth() {
    let server = httpmock::MockServer::start();
    let bare_ping = server.mock(|when, then| {
        when.method(httpmock::Method::GET)
            .path("/api/v2/ping")
            .header_missing("content-type")
            .header_missing("x-processing-key")
            .header_missing("x-processing-signature")
            .is_true(|request| request.body_ref().is_empty());
        then.status(200)
            .header("content-type", "text/html; charset=UTF-8")
            .body("OK");
    });
    let output = alphapo(&[])
        .args(["ping", "--base-url", &server.base_url()])
        .output()
        .expect("runs");
    assert_eq!(json_ok(&output)["status"], "OK");
    assert_eq!(bare_ping.calls(), 1);
}

#[test]
fn sign_prints_the_official_vector() {
    let output = alphapo(&[])
        .env("ALPHAPO_API_KEY", "key")
        .env("ALPHAPO_SECRET", "AbCdEfG123456")
        .args([
            "sign",
            "--body",
            r#"{"currency":"BTC","foreign_id":"123456"}"#,
        ])
        .output()
        .expect("runs");
    let headers = json_ok(&output);
    assert_eq!(
        headers["x-processing-signature"],
        "03c25fcf7cd35e7d995e402cd5d51edd72d48e1471e865907967809a0c189ba55b90815f20e2bb10f82c7a9e9d865546fda58989c2ae9e8e2ff7bc29195fa1ec"
    );
    assert!(!String::from_utf8_lossy(&output.stdout).contains("AbCdEfG123456"));
}

fn verify(body: &[u8], key: &str, signature: &str) -> Output {
    // One file per call: tests run in parallel in this process.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!(
        "alphapo-cli-callback-{}-{call}.json",
        std::process::id()
    ));
    std::fs::write(&path, body).expect("write body");
    let output = alphapo_at("http://127.0.0.1:9", SECRET)
        .args([
            "callback",
            "verify",
            "--key-header",
            key,
            "--signature-header",
            signature,
            "--body",
        ])
        .arg(format!("@{}", path.display()))
        .output()
        .expect("runs");
    let _ = std::fs::remove_file(path);
    output
}

#[test]
fn callback_verify_accepts_signed_callbacks_and_rejects_the_rest() {
    let credentials = Credentials::new(KEY, SECRET).expect("credentials");
    let body = std::fs::read(
        alphapo_tests::workspace_root().join("tests/fixtures/callbacks/00-deposit-confirmed.json"),
    )
    .expect("fixture");
    let headers = testing::sign_callback(&credentials, &body);
    let signature = headers[alphapo_auth::SIGNATURE_HEADER]
        .to_str()
        .expect("ascii")
        .to_owned();

    let verified = json_ok(&verify(&body, KEY, &signature));
    assert_eq!(verified["verified"], true);
    assert_eq!(verified["type"], "deposit");
    assert_eq!(
        verified["callback"]["currency_received"]["amount_minus_fee"],
        "6.5119800"
    );

    let mut tampered = body.clone();
    let last = tampered.len() - 3;
    tampered[last] ^= 1;
    assert_eq!(exit_code(&verify(&tampered, KEY, &signature)), 3);
    assert_eq!(exit_code(&verify(&body, "another-key", &signature)), 3);

    let not_a_callback = b"[1, 2, 3]";
    let headers = testing::sign_callback(&credentials, not_a_callback);
    let signature = headers[alphapo_auth::SIGNATURE_HEADER]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert_eq!(exit_code(&verify(not_a_callback, KEY, &signature)), 4);
}

#[test]
fn callback_verify_prints_money_with_its_direction_for_every_fixture() {
    let credentials = Credentials::new(KEY, SECRET).expect("credentials");
    let dir = alphapo_tests::workspace_root().join("tests/fixtures/callbacks");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|entry| entry.expect("entry").path())
        .collect();
    files.sort();
    for path in files {
        let body = std::fs::read(&path).expect("fixture");
        let headers = testing::sign_callback(&credentials, &body);
        let signature = headers[alphapo_auth::SIGNATURE_HEADER]
            .to_str()
            .expect("ascii");
        let verified = json_ok(&verify(&body, KEY, signature));
        let (kind, settlement) = (
            verified["type"].as_str().expect("a type"),
            &verified["settlement"],
        );
        let name = path.display();
        assert!(
            verified.get("credited").is_none(),
            "{name}: no direction-less amount"
        );
        if kind.starts_with("withdrawal") {
            assert!(settlement.get("incoming").is_none(), "{name}: {settlement}");
        }
        if verified["confirmed"] != true {
            assert!(
                settlement.is_null(),
                "{name}: not confirmed, no money: {settlement}"
            );
        }
    }
    let withdrawal = std::fs::read(dir.join("04-withdrawal-confirmed.json")).expect("fixture");
    let headers = testing::sign_callback(&credentials, &withdrawal);
    let signature = headers[alphapo_auth::SIGNATURE_HEADER]
        .to_str()
        .expect("ascii");
    let verified = json_ok(&verify(&withdrawal, KEY, signature));
    assert_eq!(
        verified["settlement"],
        serde_json::json!({"outgoing": {"currency": "BTC", "amount": "0.02000000"}})
    );
}

#[test]
fn the_secret_is_never_printed() {
    let outputs = [
        alphapo_at("http://127.0.0.1:9", SECRET)
            .arg("--help")
            .output()
            .expect("runs"),
        alphapo_at("http://127.0.0.1:9", SECRET)
            .arg("accounts-list")
            .output()
            .expect("runs"),
        alphapo_at("http://127.0.0.1:9", SECRET)
            .args(["sign", "--body", "{}"])
            .output()
            .expect("runs"),
    ];
    for output in outputs {
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(!text.contains(SECRET), "the secret leaked: {text}");
    }
}

#[test]
fn the_demo_runs_end_to_end_offline() {
    let output = alphapo(&[])
        .arg("demo")
        .timeout(Duration::from_secs(60))
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        exit_code(&output),
        0,
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("[7/7]"), "{stdout}");
    assert!(stdout.contains("is confirmed"), "{stdout}");
    assert!(
        stdout.contains("EUR (credit it)"),
        "the confirmed invoice brings money in: {stdout}"
    );
    assert!(stdout.contains("HTTP 401"), "{stdout}");
    assert!(
        stdout.contains("a balance: 10000.00000000 EUR"),
        "the demo names the starting balance: {stdout}"
    );
    assert!(
        stdout.contains(
            "EUR balance: 10000.00000000 at the start + 100.00000000 paid - 1.00000000 in fees \
             (the 1 % deposit fee the callback lists in `fees`) = 10099.00000000"
        ),
        "the demo explains the balance with the fee: {stdout}"
    );
    assert!(
        stdout.contains("next:") && stdout.contains("alphapo listen"),
        "the demo ends with what to try next: {stdout}"
    );
}

#[test]
fn the_sandbox_subcommand_serves_until_stopped() {
    use std::io::{BufRead, BufReader};

    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("alphapo"))
        .env_clear()
        .env("ALPHAPO_SANDBOX_API_KEY", KEY)
        .env("ALPHAPO_SANDBOX_SECRET", SECRET)
        .args(["sandbox", "--port", "0"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the sandbox starts");
    // Keep the pipe open until the child is stopped: it writes more lines,
    // and writing to a closed stderr would end it early.
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut first_line = String::new();
    stderr.read_line(&mut first_line).expect("a first line");
    let url = first_line
        .split_whitespace()
        .find(|word| word.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no URL in {first_line:?}"))
        .to_owned();
    let balances = json_ok(&run(&url, &["accounts-list"]));
    let _ = child.kill();
    let _ = child.wait();
    drop(stderr);
    assert!(
        balances.as_array().is_some_and(|b| !b.is_empty()),
        "{balances}"
    );
}

#[test]
fn invoices_cancel_fails_the_invoice_and_its_signed_callback_follows() {
    let running = sandbox(30);
    let url = running.sandbox.base_url().to_owned();
    json_ok(&run(&url, &invoice_args("cli-cancel-1")));

    let answer = json_ok(&run(
        &url,
        &["invoices-cancel", "--foreign-id", "cli-cancel-1"],
    ));
    assert_eq!(answer, serde_json::json!([]));

    // The invoice callback with the status a cancelled invoice takes, signed
    // with the merchant's secret: the CLI's own verifier accepts it.
    let waiting = tokio::runtime::Runtime::new().expect("a runtime to wait on");
    let deliveries = waiting
        .block_on(
            running
                .sandbox
                .deliveries()
                .wait_for(1, Duration::from_secs(10)),
        )
        .expect("the invoice callback");
    let delivery = deliveries
        .iter()
        .find(|delivery| delivery.payload.kind() == "invoice")
        .expect("an invoice callback");
    assert_eq!(delivery.payload.status(), "failed");
    let verified = json_ok(&verify(delivery.body.as_bytes(), KEY, &delivery.signature));
    assert_eq!(verified["verified"], true);
    assert_eq!(verified["type"], "invoice");
    assert_eq!(verified["callback"]["foreign_id"], "cli-cancel-1");
    assert_eq!(verified["callback"]["status"], "failed");

    // A failed invoice cannot be cancelled again: the documented error.
    let again = run(&url, &["invoices-cancel", "--foreign-id", "cli-cancel-1"]);
    assert_ne!(exit_code(&again), 0);
    let shown = support::text(&again);
    assert!(
        shown.contains("Invoice cannot be failed in its current state.")
            && shown.contains("invalid_invoice_state"),
        "{shown}"
    );

    // No invoice has this foreign_id (UNCONFIRMED answer: Laravel's).
    let unknown = run(
        &url,
        &["invoices-cancel", "--foreign-id", "no such/invoice"],
    );
    assert_ne!(exit_code(&unknown), 0);
    let shown = support::text(&unknown);
    assert!(
        shown.contains("The selected foreign id is invalid."),
        "{shown}"
    );

    // The path parameter is required.
    let missing = run(&url, &["invoices-cancel"]);
    assert_eq!(exit_code(&missing), 2, "{}", support::text(&missing));
}

#[test]
fn instant_withdrawals_debit_the_network_fee_and_refuse_other_currencies() {
    let running = sandbox(30);
    let url = running.sandbox.base_url().to_owned();
    let instant = json_ok(&run(
        &url,
        &[
            "withdrawal-instant",
            "--body",
            r#"{"sender_currency":"BTC","sender_amount":"0.01","address":"tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc","foreign_id":"cli-iw-1","end_user_reference":"c-1"}"#,
        ],
    ));
    assert_eq!(instant["type"], "withdrawal_instant");
    assert_eq!(instant["status"], "processing");
    assert_eq!(instant["sender_amount"], "0.01000000");

    let converted = json_ok(&run(
        &url,
        &[
            "withdrawal-instant-exchange",
            "--body",
            r#"{"sender_currency":"EUR","receiver_currency":"BTC","sender_amount":"100","address":"tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc","foreign_id":"cli-iw-2","end_user_reference":"c-1"}"#,
        ],
    ));
    assert_eq!(converted["type"], "withdrawal_instant_exchange");
    assert_eq!(converted["receiver_currency"], "BTC");

    let refused = run(
        &url,
        &[
            "withdrawal-instant",
            "--body",
            r#"{"sender_currency":"ETH","sender_amount":"0.1","address":"0x2D6CA312567986C08CC4eF3F706136D1c9eF0321","foreign_id":"cli-iw-3","end_user_reference":"c-1"}"#,
        ],
    );
    assert_ne!(exit_code(&refused), 0);
    let shown = support::text(&refused);
    assert!(
        shown.contains("The selected sender currency is invalid."),
        "{shown}"
    );
}
