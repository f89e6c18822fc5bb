//! `alphapo sandbox` says how to use it (the control routes and the default
//! credentials, in `--help` and at startup) and prints a live log: one line
//! per request and per callback attempt, never a body, key, signature or a
//! secret the user set.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::support::{alphapo, exit_code, text};
use alphapo_sandbox::control_routes;
use alphapo_tests::wire::refused_url;

/// How long a test waits for a line before it fails (a guard, not a
/// measurement).
const PATIENCE: Duration = Duration::from_secs(30);

/// Lines of a child's stream, read on a thread.
fn lines(stream: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}

/// Lines until those read satisfy `done`.
fn read_until(lines: &mpsc::Receiver<String>, done: impl Fn(&[String]) -> bool) -> Vec<String> {
    let mut seen = Vec::new();
    while !done(&seen) {
        match lines.recv_timeout(PATIENCE) {
            Ok(line) => seen.push(line),
            Err(error) => panic!("{error} after {seen:#?}"),
        }
    }
    seen
}

/// Whether any line contains `text`.
fn has(lines: &[String], text: &str) -> bool {
    lines.iter().any(|line| line.contains(text))
}

/// `alphapo sandbox` on a free port with `vars`, its stdout and stderr
/// lines.
fn start(
    vars: &[(&str, &str)],
    args: &[&str],
) -> (Child, mpsc::Receiver<String>, mpsc::Receiver<String>) {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("alphapo"));
    command
        .env_clear()
        .args(["sandbox", "--port", "0"])
        .args(args);
    for (name, value) in vars {
        command.env(name, value);
    }
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the sandbox starts");
    let stdout = lines(child.stdout.take().expect("stdout"));
    let stderr = lines(child.stderr.take().expect("stderr"));
    (child, stdout, stderr)
}

/// The sandbox's URL, from the first banner line.
fn url_of(banner: &[String]) -> String {
    banner[0]
        .split_whitespace()
        .find(|word| word.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no URL in {banner:?}"))
        .to_owned()
}

/// A plain `GET` of `path` (a dashboard's poll), answered before it returns.
fn get(url: &str, path: &str) {
    let address = url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).expect("connects");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nhost: {address}\r\nconnection: close\r\n\r\n"
    )
    .expect("sends");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("reads");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

/// `alphapo trigger <event>` against the sandbox at `url`, which exits
/// `exit` (10: the receiver refused every callback).
fn trigger(url: &str, event: &str, exit: i32) {
    let triggered = alphapo(&[])
        .args(["trigger", event, "--sandbox-url", url])
        .output()
        .expect("runs");
    assert_eq!(exit_code(&triggered), exit, "{}", text(&triggered));
}

/// Moves a frozen sandbox's clock forward over its control API.
fn advance(url: &str, seconds: u64) {
    let address = url.trim_start_matches("http://");
    let address = address.split('/').next().unwrap_or(address);
    let body = format!("{{\"seconds\": {seconds}}}");
    let mut stream = std::net::TcpStream::connect(address).expect("connects");
    write!(
        stream,
        "POST /_sandbox/clock/advance HTTP/1.1\r\nHost: {address}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("writes");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("reads");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

fn stop(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn help_lists_the_control_routes_and_the_default_credentials() {
    let output = alphapo(&[])
        .args(["sandbox", "--help"])
        .output()
        .expect("runs");
    let help = text(&output);
    assert_eq!(exit_code(&output), 0, "{help}");
    assert!(
        help.contains("API key `sandbox-key`, secret `sandbox-secret`"),
        "{help}"
    );
    assert!(
        help.contains("retried 12 times")
            && help.contains("1, 5, 15, 30, 60, 90, 120, 180, 240, 240, 240, 240 minutes"),
        "{help}"
    );
    for route in control_routes() {
        let call = format!("{} {}", route.method, route.path);
        assert!(
            help.lines()
                .any(|line| line.contains(&call) && line.contains(route.summary)),
            "no {call} in {help}"
        );
    }
}

#[test]
fn startup_names_the_default_secret_and_the_log_has_a_line_per_request_and_attempt() {
    let (child, stdout, stderr) = start(&[], &[]);
    let banner = read_until(&stderr, |lines| has(lines, "Stop with Ctrl-C"));
    let url = url_of(&banner);
    let banner = banner.join("\n");
    assert!(banner.contains("API key: sandbox-key"), "{banner}");
    assert!(
        banner.contains("secret:  sandbox-secret (the documented public default)"),
        "{banner}"
    );
    assert!(
        banner.contains("POST /_sandbox/withdrawals/{id}/decline"),
        "{banner}"
    );

    trigger(&url, "withdrawal-declined", 0);
    let log = read_until(&stdout, |lines| {
        has(lines, " POST /_sandbox/triggers/withdrawal-declined ")
            && has(lines, " callback withdrawal declined ")
    });
    stop(child);
    let request = log
        .iter()
        .find(|line| line.contains(" POST "))
        .cloned()
        .unwrap_or_default();
    // `HH:MM:SS POST /_sandbox/triggers/withdrawal-declined 200 1.2 ms`
    let words: Vec<&str> = request.split(' ').collect();
    assert_eq!(words.len(), 6, "{request}");
    assert_eq!(words[0].len(), 8, "{request}");
    assert_eq!(
        &words[1..4],
        ["POST", "/_sandbox/triggers/withdrawal-declined", "200"]
    );
    assert!(
        words[4].parse::<f64>().is_ok() && words[5] == "ms",
        "{request}"
    );
    assert!(
        log.iter()
            .any(|line| line.contains(" callback withdrawal declined ")
                && line.ends_with(" not sent: no callback URL is configured")),
        "{log:#?}"
    );
}

#[test]
fn the_pages_polls_stay_out_of_the_log_unless_asked() {
    for (args, shown) in [(&[][..], false), (&["--log-reads"][..], true)] {
        let (child, stdout, stderr) = start(&[], args);
        let banner = read_until(&stderr, |lines| has(lines, "Stop with Ctrl-C"));
        let url = url_of(&banner);
        get(&url, "/_sandbox/balances");
        trigger(&url, "withdrawal-declined", 0);
        // Events come in the order the sandbox answered: the read first.
        let log = read_until(&stdout, |lines| {
            has(lines, " POST /_sandbox/triggers/withdrawal-declined ")
        });
        stop(child);
        assert_eq!(
            has(&log, " GET /_sandbox/balances 200 "),
            shown,
            "{args:?}: {log:#?}"
        );
    }
}

#[test]
fn a_secret_the_user_set_is_never_printed_and_attempts_are_logged() {
    const KEY: &str = "log-key-7f1";
    const SECRET: &str = "log-secret-never-shown-2b9";
    // A callback target nobody listens on: every attempt fails.
    let target = format!("{}/callbacks", refused_url());
    let (child, stdout, stderr) = start(
        &[
            ("ALPHAPO_SANDBOX_API_KEY", KEY),
            ("ALPHAPO_SANDBOX_SECRET", SECRET),
        ],
        &["--callback-url", &target, "--frozen-clock"],
    );
    let banner = read_until(&stderr, |lines| has(lines, "Stop with Ctrl-C"));
    let url = url_of(&banner);
    assert!(
        banner
            .iter()
            .any(|line| line == "  secret:  the one you set (not shown)"),
        "{banner:#?}"
    );
    trigger(&url, "withdrawal-cancelled", 10);
    let mut log = read_until(&stdout, |lines| has(lines, " attempt 1: "));
    // AlphaPo's first retry comes a minute later, on the frozen clock.
    advance(&url, 60);
    log.extend(read_until(&stdout, |lines| has(lines, " attempt 2: ")));
    stop(child);
    let first = log
        .iter()
        .find(|line| line.contains(" attempt 1: "))
        .unwrap_or_else(|| panic!("no first attempt in {log:#?}"));
    assert!(
        first.contains(" callback withdrawal cancelled ")
            && first.contains(&format!(" -> {target} attempt 1: "))
            && first.contains(", retry in 60 s"),
        "{first}"
    );
    let everything = format!("{}\n{}", banner.join("\n"), log.join("\n"));
    assert!(!everything.contains(SECRET), "{everything}");
}
