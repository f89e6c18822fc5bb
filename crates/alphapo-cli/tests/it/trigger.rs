//! `alphapo trigger <event>` against an in-process sandbox: it prints the
//! sandbox's report, its `--help` lists every event with the callbacks it
//! causes (from the sandbox's own table), and a missing sandbox is a clear
//! local failure.

use std::time::Duration;

use crate::support::{alphapo, exit_code, sandbox, text};
use alphapo_sandbox::EVENTS;
use alphapo_tests::wire::refused_url;
use serde_json::Value;

#[test]
fn invoice_paid_prints_the_invoice_and_its_callbacks() {
    let running = sandbox("trigger-key", "trigger-secret");
    let output = alphapo(&[])
        .args(["trigger", "invoice-paid", "--sandbox-url"])
        .arg(running.sandbox.base_url())
        .output()
        .expect("runs");
    assert_eq!(exit_code(&output), 0, "{}", text(&output));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(report["event"], "invoice-paid");
    assert_eq!(report["objects"][0]["kind"], "invoice");
    assert_eq!(report["objects"][0]["status"], "confirmed");
    let callbacks: Vec<String> = report["callbacks"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| format!("{} {}", c["kind"], c["status"]).replace('"', ""))
        .collect();
    assert_eq!(callbacks, ["invoice processing", "invoice confirmed"]);
    // The sandbox then sent (here: recorded) those very callbacks.
    let waiting = tokio::runtime::Runtime::new().expect("a runtime to wait on");
    let delivered = waiting
        .block_on(
            running
                .sandbox
                .deliveries()
                .wait_for(2, Duration::from_secs(10)),
        )
        .expect("two callbacks");
    let id = report["objects"][0]["id"].as_str().unwrap_or_default();
    assert!(delivered.iter().all(|d| d.payload.id() == id));
}

#[test]
fn help_lists_every_event_with_the_callbacks_it_causes() {
    let output = alphapo(&[])
        .args(["trigger", "--help"])
        .output()
        .expect("runs");
    let help = text(&output);
    assert_eq!(exit_code(&output), 0, "{help}");
    for definition in &EVENTS {
        let callbacks: Vec<String> = definition
            .callbacks
            .iter()
            .map(ToString::to_string)
            .collect();
        let said = format!(
            "{}; callbacks: {}",
            definition.summary,
            callbacks.join(", ")
        );
        let name = format!("- {}:", definition.name);
        assert!(
            help.lines()
                .any(|line| line.trim_start().starts_with(&name) && line.ends_with(&said)),
            "no {name} {said:?} in {help}"
        );
    }
}

#[test]
fn without_a_running_sandbox_it_says_so() {
    let closed = refused_url();
    let output = alphapo(&[])
        .args(["trigger", "deposit", "--sandbox-url", &closed])
        .output()
        .expect("runs");
    assert_eq!(exit_code(&output), 1, "{}", text(&output));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains(&format!("no sandbox answered at {closed}/"))
            && said.contains("is `alphapo sandbox` running there?"),
        "{said}"
    );
}

#[test]
fn an_unknown_event_is_a_usage_error_naming_the_known_ones() {
    let output = alphapo(&[])
        .args(["trigger", "invoice-lost"])
        .output()
        .expect("runs");
    assert_eq!(exit_code(&output), 2, "{}", text(&output));
    assert!(text(&output).contains("invoice-paid"), "{}", text(&output));
}

#[test]
fn a_trigger_whose_callbacks_were_all_refused_exits_10() {
    let mut config = crate::support::config("trigger-key", "trigger-secret");
    config.callback_url = Some(
        format!("{}/alphapo/callbacks", refused_url())
            .parse()
            .expect("a URL"),
    );
    let running = crate::support::start(config);
    let output = alphapo(&[])
        .args(["trigger", "deposit", "--sandbox-url"])
        .arg(running.sandbox.base_url())
        .output()
        .expect("runs");
    let said = text(&output);
    assert_eq!(exit_code(&output), 10, "{said}");
    assert!(said.contains("refused every callback"), "{said}");
    let report: Value = serde_json::from_slice(&output.stdout).expect("the report, still");
    assert_eq!(report["event"], "deposit");
}
