//! `alphapo sandbox --fault ... --frozen-clock`: the flags arm faults on the
//! sandbox it starts, and its clock is driven over HTTP.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStderr, Command, Stdio};

use crate::support::{alphapo, exit_code, text};
use serde_json::{Value, json};

const KEY: &str = "faults-cli-key";
const SECRET: &str = "faults-cli-secret-7a2";

/// A running `alphapo sandbox` and the lines it wrote before serving.
struct Served {
    child: Child,
    url: String,
    banner: String,
    _stderr: BufReader<ChildStderr>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(args: &[&str]) -> Served {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("alphapo"))
        .env_clear()
        .env("ALPHAPO_SANDBOX_API_KEY", KEY)
        .env("ALPHAPO_SANDBOX_SECRET", SECRET)
        .args(["sandbox", "--port", "0"])
        .args(args)
        .stderr(Stdio::piped())
        .spawn()
        .expect("the sandbox starts");
    // Keep the pipe open until the child is stopped: writing to a closed
    // stderr would end it early.
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut banner = String::new();
    while !banner.contains("Ctrl-C") {
        let read = stderr.read_line(&mut banner).expect("a line");
        assert_ne!(read, 0, "the sandbox stopped: {banner}");
    }
    let url = banner
        .split_whitespace()
        .find(|word| word.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no URL in {banner:?}"))
        .to_owned();
    Served {
        child,
        url,
        banner,
        _stderr: stderr,
    }
}

fn accounts_list(url: &str) -> std::process::Output {
    alphapo(&[("ALPHAPO_API_KEY", KEY), ("ALPHAPO_SECRET", SECRET)])
        .args(["accounts-list", "--base-url", url, "--attempts", "1"])
        .output()
        .expect("runs")
}

/// A control API call: the status and the JSON answer.
fn control(method: reqwest::Method, url: String, body: Option<Value>) -> (u16, Value) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let mut request = reqwest::Client::new().request(method, url);
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let response = request.send().await.expect("the control API answers");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    })
}

#[test]
fn a_fault_flag_strikes_the_next_call_and_is_listed_by_the_control_api() {
    let served = serve(&[
        "--fault",
        "accounts_list=5xx:502,times=1",
        "--fault",
        "callbacks=deliver-twice",
    ]);
    assert!(
        served
            .banner
            .contains("fault armed: accounts_list=5xx:502,times=1"),
        "{}",
        served.banner
    );
    let (status, faults) = control(
        reqwest::Method::GET,
        format!("{}/_sandbox/faults", served.url),
        None,
    );
    assert_eq!(status, 200);
    assert_eq!(
        faults,
        json!([
            {"target": "accounts_list", "mode": "5xx", "status": 502, "times": 1},
            {"target": "callbacks", "mode": "deliver-twice"},
        ])
    );

    let struck = accounts_list(&served.url);
    assert_ne!(exit_code(&struck), 0, "{}", text(&struck));
    assert!(text(&struck).contains("502"), "{}", text(&struck));
    let next = accounts_list(&served.url);
    assert_eq!(exit_code(&next), 0, "{}", text(&next));
}

#[test]
fn the_frozen_clock_moves_only_when_advanced_over_http() {
    let served = serve(&["--frozen-clock"]);
    assert!(
        served.banner.contains("the clock is frozen"),
        "{}",
        served.banner
    );
    let (_, before) = control(
        reqwest::Method::GET,
        format!("{}/_sandbox/clock", served.url),
        None,
    );
    let (status, after) = control(
        reqwest::Method::POST,
        format!("{}/_sandbox/clock/advance", served.url),
        Some(json!({"seconds": 3600})),
    );
    assert_eq!(status, 200, "{after}");
    let unix = |clock: &Value| clock["unix_time"].as_i64().unwrap_or_default();
    assert_eq!(unix(&after) - unix(&before), 3600, "{before} {after}");
    assert_eq!(after["elapsed_seconds"], 3600, "{after}");
}

#[test]
fn a_fault_the_sandbox_cannot_arm_is_a_usage_error() {
    for (fault, said) in [
        ("invoice_create=5xx", "no operation \"invoice_create\""),
        ("*=teapot", "no fault mode \"teapot\""),
    ] {
        let output = alphapo(&[])
            .args(["sandbox", "--port", "0", "--fault", fault])
            .output()
            .expect("runs");
        assert_eq!(exit_code(&output), 2, "{fault}: {}", text(&output));
        assert!(text(&output).contains(said), "{fault}: {}", text(&output));
    }
}

#[test]
fn the_help_lists_every_fault_mode_and_the_frozen_clock() {
    let help = text(
        &alphapo(&[])
            .args(["sandbox", "--help"])
            .output()
            .expect("runs"),
    );
    for mode in [
        "5xx[:STATUS]",
        "5xx-after-commit[:STATUS]",
        "rate=P",
        "--fault-seed",
        "--confirm-withdrawals-after",
        "429[:SECONDS]",
        "latency:MILLIS",
        "drop-before-commit",
        "drop-after-commit",
        "fail-delivery[:N]",
        "deliver-twice",
        "out-of-order",
        "--frozen-clock",
        "/_sandbox/clock/advance",
        "/_sandbox/faults",
    ] {
        assert!(help.contains(mode), "{mode}: {help}");
    }
}
