//! What the binary shows and what it never shows: credentials stay out of
//! `--help`, `-v` shows the SDK's spans without bodies or signatures, and
//! production is never a silent default.

use crate::support::{alphapo, exit_code, sandbox, text};

const KEY: &str = "visible-nowhere-key-51c";
const SECRET: &str = "visible-nowhere-secret-93e";

const CREDENTIALS: [(&str, &str); 4] = [
    ("ALPHAPO_API_KEY", KEY),
    ("ALPHAPO_SECRET", SECRET),
    ("ALPHAPO_SANDBOX_API_KEY", KEY),
    ("ALPHAPO_SANDBOX_SECRET", SECRET),
];

#[test]
fn help_never_shows_a_credential() {
    for args in [
        &["--help"][..],
        &["sandbox", "--help"],
        &["accounts-list", "--help"],
    ] {
        let output = alphapo(&CREDENTIALS).args(args).output().expect("runs");
        let said = text(&output);
        assert_eq!(exit_code(&output), 0, "{args:?}: {said}");
        assert!(said.contains("ALPHAPO_SECRET") || said.contains("ALPHAPO_SANDBOX_SECRET"));
        assert!(
            !said.contains(KEY) && !said.contains(SECRET),
            "{args:?}: {said}"
        );
    }
}

#[test]
fn the_timeout_must_be_positive_and_shows_its_default() {
    let help = text(
        &alphapo(&[])
            .args(["accounts-list", "--help"])
            .output()
            .expect("runs"),
    );
    assert!(help.contains("[default: 30]"), "{help}");
    let output = alphapo(&CREDENTIALS)
        .args([
            "accounts-list",
            "--base-url",
            "http://127.0.0.1:9",
            "--timeout",
            "0",
        ])
        .output()
        .expect("runs");
    assert_eq!(exit_code(&output), 2, "{}", text(&output));
    assert!(text(&output).contains("more than 0"));
}

#[test]
fn production_is_never_a_silent_default() {
    let output = alphapo(&CREDENTIALS)
        .arg("accounts-list")
        .output()
        .expect("runs");
    let said = text(&output);
    assert_eq!(exit_code(&output), 2, "{said}");
    assert!(
        said.contains("--environment") && said.contains("--base-url"),
        "{said}"
    );
    assert!(!said.contains("alphapo.net"), "nothing was called: {said}");
}

/// Whether `text` holds a run of 128 hex digits (an HMAC-SHA512 signature).
fn holds_a_signature(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_hexdigit())
        .any(|run| run.len() >= 128)
}

#[test]
fn verbose_shows_the_sdks_spans_and_never_a_body_or_a_secret() {
    let running = sandbox(KEY, SECRET);
    let url = running.sandbox.base_url();
    let title = "a-title-only-the-body-holds";
    let invoice = format!(
        r#"{{"timer":false,"title":"{title}","currency":"EUR","amount":"10","foreign_id":"verbose-1","end_user_reference":"c-1","url_success":"https://shop.example.com/ok","url_failed":"https://shop.example.com/no"}}"#
    );
    let call = ["invoices-create", "--base-url", url, "--body", &invoice];

    let quiet = alphapo(&CREDENTIALS).args(call).output().expect("runs");
    assert_eq!(exit_code(&quiet), 0, "{}", text(&quiet));
    assert!(quiet.stderr.is_empty(), "{}", text(&quiet));

    let output = alphapo(&CREDENTIALS)
        .args([
            "invoices-create",
            "-v",
            "--base-url",
            url,
            "--body",
            &invoice,
        ])
        .args(["-f", "foreign_id=verbose-2"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(exit_code(&output), 0, "{stderr}");
    for shown in [
        "alphapo.call",
        "alphapo.attempt",
        "operation=\"invoices_create\"",
        "status=201",
        &format!("url={url}/api/v2/invoices/create"),
        "method=\"POST\"",
    ] {
        assert!(stderr.contains(shown), "{shown} in {stderr}");
    }
    assert!(!stderr.contains(title), "the body leaked: {stderr}");
    assert!(!stderr.contains(SECRET), "the secret leaked: {stderr}");
    assert!(!holds_a_signature(&stderr), "a signature leaked: {stderr}");

    let output = alphapo(&[CREDENTIALS[0], CREDENTIALS[1], ("RUST_LOG", "alphapo=info")])
        .args(["accounts-list", "--base-url", url])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("alphapo.call"), "RUST_LOG alone: {stderr}");
    assert!(
        !stderr.contains("alphapo.attempt"),
        "its filter wins: {stderr}"
    );
}
