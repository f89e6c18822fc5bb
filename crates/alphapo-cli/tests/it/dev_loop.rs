//! The dev loop beside a running sandbox: shell completions, the callback
//! log and its Resend, and the live log in another terminal.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

use crate::support::{alphapo, exit_code, json_ok, sandbox, text};

const KEY: &str = "dev-loop-key";
const SECRET: &str = "dev-loop-secret";

#[test]
fn completions_are_printed_for_each_shell() {
    let bash = alphapo(&[])
        .args(["completions", "bash"])
        .output()
        .expect("runs");
    let script = String::from_utf8_lossy(&bash.stdout);
    assert_eq!(exit_code(&bash), 0, "{}", text(&bash));
    for word in ["_alphapo", "invoices-create", "sandbox", "--sandbox-url"] {
        assert!(script.contains(word), "{word} missing from the bash script");
    }
    for shell in ["zsh", "fish", "powershell"] {
        let output = alphapo(&[])
            .args(["completions", shell])
            .output()
            .expect("runs");
        assert_eq!(exit_code(&output), 0, "{shell}: {}", text(&output));
        assert!(
            String::from_utf8_lossy(&output.stdout).contains("invoices-create"),
            "{shell}"
        );
    }
    let output = alphapo(&[])
        .args(["completions", "tcsh"])
        .output()
        .expect("runs");
    assert_eq!(exit_code(&output), 2, "{}", text(&output));
}

#[test]
fn callbacks_list_and_resend_act_on_the_running_sandbox() {
    let running = sandbox(KEY, SECRET);
    let url = running.sandbox.base_url();
    json_ok(
        &alphapo(&[])
            .args(["trigger", "deposit", "--sandbox-url", url])
            .output()
            .expect("runs"),
    );
    let waiting = tokio::runtime::Runtime::new().expect("a runtime to wait on");
    let recorded = waiting
        .block_on(
            running
                .sandbox
                .deliveries()
                .wait_for(1, Duration::from_secs(10)),
        )
        .expect("a callback");

    let list = |command: &str| {
        json_ok(
            &alphapo(&[("ALPHAPO_SANDBOX_URL", url)])
                .args([command, "list"])
                .output()
                .expect("runs"),
        )
    };
    let listed = list("callbacks");
    let deliveries = listed.as_array().expect("an array");
    assert_eq!(
        deliveries.len(),
        running.sandbox.deliveries().snapshot().len()
    );
    let first = &deliveries[0];
    assert_eq!(first["id"], recorded[0].id);
    assert!(first["payload"].is_object(), "{first}");
    assert!(first.get("signature").is_none(), "no signature: {first}");
    assert!(first.get("body").is_none(), "no body: {first}");

    let resent = json_ok(
        &alphapo(&[])
            .args(["callbacks", "resend", "1", "--sandbox-url", url])
            .output()
            .expect("runs"),
    );
    let new_id = resent["id"].as_u64().expect("the new delivery's id");
    let after = list("callback");
    let copy = after
        .as_array()
        .and_then(|all| all.iter().find(|d| d["id"] == new_id))
        .unwrap_or_else(|| panic!("delivery {new_id} in {after}"));
    assert_eq!(copy["payload"], first["payload"]);

    let output = alphapo(&[])
        .args(["callbacks", "resend", "999", "--sandbox-url", url])
        .output()
        .expect("runs");
    assert_eq!(exit_code(&output), 1, "{}", text(&output));
    assert!(text(&output).contains("HTTP 404"), "{}", text(&output));
}

#[test]
fn logs_tail_prints_the_live_log_until_the_sandbox_stops() {
    let running = sandbox(KEY, SECRET);
    let url = running.sandbox.base_url().to_owned();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("alphapo"))
        .env_clear()
        .args(["logs", "tail", "--sandbox-url", &url])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("logs tail starts");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut attached = String::new();
    stderr.read_line(&mut attached).expect("a first line");
    assert!(attached.contains("attached"), "{attached}");

    let invoice = r#"{"timer":false,"title":"a-title-only-the-body-holds","currency":"EUR","amount":"10","foreign_id":"tail-1","end_user_reference":"c-1","url_success":"https://shop.example.com/ok","url_failed":"https://shop.example.com/no"}"#;
    let output = alphapo(&[("ALPHAPO_API_KEY", KEY), ("ALPHAPO_SECRET", SECRET)])
        .args(["invoices-create", "--base-url", &url, "--body", invoice])
        .output()
        .expect("runs");
    assert_eq!(exit_code(&output), 0, "{}", text(&output));

    let mut line = String::new();
    stdout.read_line(&mut line).expect("a log line");
    assert!(
        line.contains("POST /api/v2/invoices/create invoices_create 201"),
        "{line}"
    );
    assert!(!line.contains("a-title-only"), "a body leaked: {line}");
    assert!(!line.contains(KEY), "{line}");

    running.stop();
    let status = child.wait().expect("logs tail ends with the sandbox");
    let mut rest = String::new();
    let _ = std::io::Read::read_to_string(&mut stderr, &mut rest);
    assert!(status.success(), "{rest}");
    assert!(rest.contains("the sandbox stopped"), "{rest}");
}

#[test]
fn logs_tail_without_a_sandbox_is_a_local_failure() {
    let output = alphapo(&[])
        .args(["logs", "tail", "--sandbox-url"])
        .arg(alphapo_tests::wire::refused_url())
        .output()
        .expect("runs");
    assert_eq!(exit_code(&output), 1, "{}", text(&output));
    assert!(text(&output).contains("is `alphapo sandbox` running"));
}

#[test]
fn listen_verifies_prints_and_forwards_what_the_sandbox_sends() {
    let target = httpmock::MockServer::start();
    let forwarded = target.mock(|when, then| {
        when.method(httpmock::Method::POST)
            .path("/hook")
            .header("x-processing-key", KEY)
            .header_exists("x-processing-signature");
        then.status(200);
    });
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("alphapo"))
        .env_clear()
        .env("ALPHAPO_API_KEY", KEY)
        .env("ALPHAPO_SECRET", SECRET)
        .args(["listen", "--port", "0", "--forward-to"])
        .arg(format!("{}/hook", target.base_url()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("listen starts");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut banner = String::new();
    stderr.read_line(&mut banner).expect("a first line");
    let url = banner
        .split_whitespace()
        .find(|word| word.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no URL in {banner}"))
        .to_owned();

    let mut config = crate::support::config(KEY, SECRET);
    config.callback_url = Some(format!("{url}alphapo/callbacks").parse().expect("a URL"));
    let running = crate::support::start(config);
    let report = json_ok(
        &alphapo(&[])
            .args([
                "trigger",
                "deposit",
                "--sandbox-url",
                running.sandbox.base_url(),
            ])
            .output()
            .expect("runs"),
    );
    let caused = report["callbacks"].as_array().map_or(0, Vec::len);
    let mut line = String::new();
    stdout.read_line(&mut line).expect("a callback line");
    let printed: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
    assert_eq!(printed["verified"], true, "{printed}");
    assert_eq!(printed["type"], "deposit", "{printed}");

    // The sandbox saw the forward target's 200 (so the delivery is done),
    // and the target got the callback with its signature.
    let waiting = tokio::runtime::Runtime::new().expect("a runtime to wait on");
    let delivered = waiting
        .block_on(
            running
                .sandbox
                .deliveries()
                .wait_for(caused, Duration::from_secs(10)),
        )
        .expect("every delivery");
    for delivery in &delivered {
        assert_eq!(delivery.attempts[0].status, Some(200), "{delivered:?}");
    }
    assert_eq!(forwarded.calls(), caused);

    // A forged callback is refused with 401 and not forwarded.
    let forged = waiting.block_on(async {
        reqwest::Client::new()
            .post(format!("{url}alphapo/callbacks"))
            .header("x-processing-key", KEY)
            .header("x-processing-signature", "00".repeat(64))
            .body(delivered[0].body.clone())
            .send()
            .await
            .expect("answered")
            .status()
    });
    assert_eq!(forged.as_u16(), 401);
    assert_eq!(
        forwarded.calls(),
        caused,
        "a forged callback is not forwarded"
    );
    let _ = child.kill();
    let _ = child.wait();
}
