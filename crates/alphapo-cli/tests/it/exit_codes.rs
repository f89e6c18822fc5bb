//! Exit codes by what happened to the money: each fault of a proxy in front
//! of the sandbox, for a money-moving call (`withdrawal-crypto`) and a
//! read-only one (`accounts-list`). After each money-moving case the test
//! asks the sandbox directly whether the withdrawal exists, so "8" is
//! checked against what really happened: 8 may be cautious (the client
//! cannot see whether a proxy forwarded), it must never be 6 or 7 when the
//! money moved.

use std::process::Output;

use crate::support::fault_proxy::{self, Fault};
use crate::support::{Running, alphapo, exit_code, sandbox, text};
use alphapo_tests::wire::refused_url;

const KEY: &str = "exit-code-key";
const SECRET: &str = "exit-code-secret-7a2c";

/// The client's timeout for a proxy that never answers. Any value works
/// (nothing ever answers); it only has to leave time to send the request.
const NEVER_ANSWERED_TIMEOUT: &str = "3";

fn run(base_url: &str, args: &[&str]) -> Output {
    alphapo(&[("ALPHAPO_API_KEY", KEY), ("ALPHAPO_SECRET", SECRET)])
        .args(args)
        .args(["--base-url", base_url, "--attempts", "1"])
        .output()
        .expect("runs")
}

/// `--timeout` for `fault`: the default (30 s) unless nothing will answer.
fn timeout(fault: Fault) -> &'static str {
    match fault {
        Fault::NeverAnswer => NEVER_ANSWERED_TIMEOUT,
        _ => "30",
    }
}

fn withdraw(base_url: &str, foreign_id: &str, timeout: &str) -> Output {
    let body = format!(
        r#"{{"currency":"BTC","amount":"0.001","address":"tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc","foreign_id":"{foreign_id}","end_user_reference":"c-1"}}"#
    );
    run(
        base_url,
        &["withdrawal-crypto", "--body", &body, "--timeout", timeout],
    )
}

/// Whether the sandbox holds a withdrawal with `foreign_id` (asked directly).
fn withdrawal_exists(running: &Running, foreign_id: &str) -> bool {
    let output = run(
        running.sandbox.base_url(),
        &[
            "transactions-info",
            "-f",
            &format!("foreign_id={foreign_id}"),
        ],
    );
    exit_code(&output) == 0
}

/// What one fault does to both kinds of call.
struct Case {
    fault: Fault,
    /// Whether the proxy forwarded the request (the money moved).
    forwarded: bool,
    /// The exit code of the read-only call.
    read_only_exit: i32,
}

const CASES: [Case; 7] = [
    Case {
        fault: Fault::CloseBeforeReading,
        forwarded: false,
        read_only_exit: 9,
    },
    Case {
        fault: Fault::DropAfterForwarding,
        forwarded: true,
        read_only_exit: 9,
    },
    Case {
        fault: Fault::NeverAnswer,
        forwarded: true,
        read_only_exit: 9,
    },
    Case {
        fault: Fault::Truncated,
        forwarded: true,
        read_only_exit: 9,
    },
    Case {
        fault: Fault::Html502BeforeForwarding,
        forwarded: false,
        read_only_exit: 6,
    },
    Case {
        fault: Fault::Html502AfterForwarding,
        forwarded: true,
        read_only_exit: 6,
    },
    Case {
        fault: Fault::Unreadable200,
        forwarded: true,
        read_only_exit: 6,
    },
];

#[test]
fn a_money_moving_call_exits_8_whenever_it_may_have_taken_effect() {
    let running = sandbox(KEY, SECRET);
    for (index, case) in CASES.iter().enumerate() {
        let proxy = fault_proxy::start(running.sandbox.local_addr(), case.fault);
        let foreign_id = format!("fault-{index}");
        let output = withdraw(&proxy.base_url, &foreign_id, timeout(case.fault));
        let said = text(&output);
        assert_eq!(exit_code(&output), 8, "{:?}: {said}", case.fault);
        assert!(said.contains("foreign_id"), "{:?}: {said}", case.fault);
        let forwarded = proxy.next_exchange();
        assert_eq!(forwarded, case.forwarded, "{:?}", case.fault);
        assert_eq!(
            withdrawal_exists(&running, &foreign_id),
            forwarded,
            "{:?}: the money moved iff the proxy forwarded",
            case.fault
        );
    }
}

#[test]
fn a_read_only_call_says_safe_to_retry_and_never_exits_8() {
    let running = sandbox(KEY, SECRET);
    for case in &CASES {
        let proxy = fault_proxy::start(running.sandbox.local_addr(), case.fault);
        let output = run(
            &proxy.base_url,
            &["accounts-list", "--timeout", timeout(case.fault)],
        );
        let said = text(&output);
        assert_eq!(
            exit_code(&output),
            case.read_only_exit,
            "{:?}: {said}",
            case.fault
        );
        assert!(said.contains("safe to retry"), "{:?}: {said}", case.fault);
        assert!(!said.contains("foreign_id"), "{:?}: {said}", case.fault);
        assert!(
            !said.contains("may have taken effect"),
            "{:?}: {said}",
            case.fault
        );
    }
}

#[test]
fn a_refused_connection_exits_7_and_names_the_url_and_the_cause() {
    let url = refused_url();
    for output in [
        withdraw(&url, "refused-1", "30"),
        run(&url, &["accounts-list"]),
    ] {
        let said = text(&output);
        assert_eq!(exit_code(&output), 7, "{said}");
        assert!(said.contains(&url), "the URL: {said}");
        assert!(said.contains("Connection refused"), "the cause: {said}");
        assert!(said.contains("safe to retry"), "{said}");
    }
}

#[test]
fn a_rejected_call_prints_the_servers_messages() {
    let running = sandbox(KEY, SECRET);
    let url = running.sandbox.base_url();
    assert_eq!(exit_code(&withdraw(url, "twice", "30")), 0);
    let output = withdraw(url, "twice", "30");
    let said = text(&output);
    assert_eq!(exit_code(&output), 4, "{said}");
    assert!(
        said.contains("foreign_id: The foreign id has already been taken."),
        "{said}"
    );
}

#[test]
fn a_429_with_a_text_body_says_rate_limited_and_no_parse_position() {
    let server = httpmock::MockServer::start();
    server.mock(|when, then| {
        when.path("/api/v2/accounts/list");
        then.status(429)
            .header("content-type", "text/html; charset=UTF-8")
            .header("retry-after", "1")
            .body("Too Many Attempts.");
    });
    let output = run(&server.base_url(), &["accounts-list"]);
    let said = text(&output);
    assert_eq!(exit_code(&output), 5, "{said}");
    assert!(said.contains("429") || said.contains("rate"), "{said}");
    assert!(
        !said.contains("line 1 column"),
        "a parse error leaked: {said}"
    );
    assert!(
        !said.contains("expected value"),
        "a parse error leaked: {said}"
    );
}
