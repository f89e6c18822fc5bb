//! Each subcommand takes and shows only what it uses: the API credentials
//! and connection flags belong to the API commands (and the credentials to
//! `sign` and `callback verify`); `sandbox` reads only its own key and
//! secret, and no command prints a credential it was not asked to show.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStderr, Stdio};

use alphapo_tests::wire::refused_url;

use crate::support::{alphapo, exit_code, json_ok, text};

/// A user's real-looking production credentials, exported as the README
/// says for the API commands.
const REAL_KEY: &str = "live-7f3a9c2e41b84d0f9a6e5b3c2d1e0f4a";
const REAL_SECRET: &str = "live-secret-Qm8vX2pL9sK4tR7wY1zA6bN3cD5eF0gH";
const REAL: [(&str, &str); 2] = [
    ("ALPHAPO_API_KEY", REAL_KEY),
    ("ALPHAPO_SECRET", REAL_SECRET),
];

/// What a run said must hold neither real value.
fn assert_no_real_credential(what: &str, said: &str) {
    assert!(!said.contains(REAL_KEY), "{what} printed the key: {said}");
    assert!(
        !said.contains(REAL_SECRET),
        "{what} printed the secret: {said}"
    );
}

/// The subcommand names `alphapo --help` lists.
fn subcommands() -> Vec<String> {
    let help = json_free_help(&["--help"]);
    let commands = help
        .split("Commands:\n")
        .nth(1)
        .expect("a Commands section");
    commands
        .lines()
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

/// `alphapo ARGS` with the real credentials exported; it must succeed.
fn json_free_help(args: &[&str]) -> String {
    let output = alphapo(&REAL).args(args).output().expect("runs");
    assert_eq!(exit_code(&output), 0, "{args:?}: {}", text(&output));
    text(&output)
}

/// A running `alphapo sandbox --port 0` with `vars` and its stderr, read
/// up to the line that ends its banner; the banner is returned.
struct SandboxProcess {
    child: Child,
    // Kept open until the child is stopped: it writes more lines.
    _stderr: BufReader<ChildStderr>,
    banner: String,
    url: String,
}

impl SandboxProcess {
    fn start(vars: &[(&str, &str)], args: &[&str]) -> Self {
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("alphapo"));
        command.env_clear();
        for (name, value) in vars {
            command.env(name, value);
        }
        let mut child = command
            .args(["sandbox", "--port", "0"])
            .args(args)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("the sandbox starts");
        let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
        let mut banner = String::new();
        loop {
            let before = banner.len();
            let read = stderr.read_line(&mut banner).expect("stderr");
            assert!(read > 0, "the sandbox ended early: {banner}");
            if banner[before..].starts_with("Stop with Ctrl-C") {
                break;
            }
        }
        let url = banner
            .split_whitespace()
            .find(|word| word.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("no URL in {banner}"))
            .to_owned();
        Self {
            child,
            _stderr: stderr,
            banner,
            url,
        }
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_sandbox_ignores_the_api_credentials_and_accepts_its_documented_key() {
    let sandbox = SandboxProcess::start(&REAL, &[]);
    assert_no_real_credential("sandbox", &sandbox.banner);
    assert!(
        sandbox.banner.contains("API key: sandbox-key"),
        "{}",
        sandbox.banner
    );

    // The documented defaults sign calls it accepts...
    let balances = json_ok(
        &alphapo(&[
            ("ALPHAPO_API_KEY", "sandbox-key"),
            ("ALPHAPO_SECRET", "sandbox-secret"),
        ])
        .args(["accounts-list", "--base-url", &sandbox.url])
        .output()
        .expect("runs"),
    );
    assert!(balances.is_array(), "{balances}");
    // ...and the real ones are not its own.
    let output = alphapo(&REAL)
        .args(["accounts-list", "--base-url", &sandbox.url])
        .output()
        .expect("runs");
    assert_eq!(exit_code(&output), 3, "{}", text(&output));
    assert_no_real_credential("accounts-list", &text(&output));
}

#[test]
fn a_sandbox_key_that_was_set_is_not_printed() {
    let key = "my-own-sandbox-key-4411";
    let sandbox = SandboxProcess::start(
        &[
            REAL[0],
            REAL[1],
            ("ALPHAPO_SANDBOX_API_KEY", key),
            ("ALPHAPO_SANDBOX_SECRET", "my-own-sandbox-secret-4411"),
        ],
        &[],
    );
    assert!(!sandbox.banner.contains(key), "{}", sandbox.banner);
    assert!(
        !sandbox.banner.contains("my-own-sandbox-secret"),
        "{}",
        sandbox.banner
    );
    assert_no_real_credential("sandbox", &sandbox.banner);
    let output = alphapo(&[
        ("ALPHAPO_API_KEY", key),
        ("ALPHAPO_SECRET", "my-own-sandbox-secret-4411"),
    ])
    .args(["accounts-list", "--base-url", &sandbox.url])
    .output()
    .expect("runs");
    assert_eq!(exit_code(&output), 0, "{}", text(&output));
}

#[test]
fn no_help_of_any_command_shows_a_real_credential() {
    let commands = subcommands();
    for expected in [
        "sandbox",
        "demo",
        "trigger",
        "sign",
        "callback",
        "accounts-list",
    ] {
        assert!(
            commands.iter().any(|c| c == expected),
            "{expected}: {commands:?}"
        );
    }
    assert_no_real_credential("--help", &json_free_help(&["--help"]));
    for command in &commands {
        let said = json_free_help(&[command, "--help"]);
        assert_no_real_credential(command, &said);
    }
    assert_no_real_credential(
        "callback verify",
        &json_free_help(&["callback", "verify", "--help"]),
    );
}

#[test]
fn no_run_of_any_command_prints_a_real_credential() {
    let refused = refused_url();
    let runs: [&[&str]; 7] = [
        &["accounts-list", "--base-url", &refused],
        &["ping", "--base-url", &refused],
        &["accounts-list", "--base-url", "127.0.0.1:8080"],
        &["callback", "verify", "--body", "{}", "--key-header", "k"],
        &["trigger", "deposit", "--sandbox-url", &refused],
        &["demo", "--wait", "30"],
        &["sandbox", "--port", "1", "--invoice-ttl", "nope"],
    ];
    for args in runs {
        let output = alphapo(&REAL).args(args).output().expect("runs");
        assert_no_real_credential(&format!("{args:?}"), &text(&output));
    }
    // `sign` is asked to show the key header; never the secret.
    let output = alphapo(&REAL)
        .args(["sign", "--body", "{}"])
        .output()
        .expect("runs");
    assert_eq!(json_ok(&output)["x-processing-key"], REAL_KEY);
    assert!(!text(&output).contains(REAL_SECRET), "{}", text(&output));
}

/// Flags that mean nothing to a command are refused by it (exit 2).
#[test]
fn a_command_refuses_flags_it_does_not_use() {
    let refused = [
        &["sandbox", "--environment", "alphapo"][..],
        &["sandbox", "--api-key", "x"],
        &["sandbox", "--secret", "x"],
        &["sandbox", "--base-url", "http://127.0.0.1:9"],
        &["demo", "--environment", "alphapo"],
        &["demo", "--timeout", "5"],
        &["trigger", "deposit", "--base-url", "http://127.0.0.1:9"],
        &["trigger", "deposit", "--api-key", "x"],
        &["sign", "--body", "{}", "--environment", "alphapo"],
        &[
            "callback",
            "verify",
            "--body",
            "{}",
            "--base-url",
            "http://x",
        ],
        &["--base-url", "http://127.0.0.1:9", "accounts-list"],
        &["-v", "sandbox"],
    ];
    for args in refused {
        let output = alphapo(&REAL).args(args).output().expect("runs");
        assert_eq!(exit_code(&output), 2, "{args:?}: {}", text(&output));
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("unexpected argument"),
            "{args:?}: {}",
            text(&output)
        );
    }
}

#[test]
fn each_help_lists_only_what_the_command_takes() {
    const API_ONLY: [&str; 6] = [
        "--environment",
        "--base-url",
        "--api-key",
        "--secret ",
        "--timeout",
        "--attempts",
    ];
    for command in ["sandbox", "demo", "trigger"] {
        let help = json_free_help(&[command, "--help"]);
        for flag in API_ONLY {
            assert!(
                !help.contains(flag),
                "{command} --help lists {flag}: {help}"
            );
        }
        assert!(!help.contains("--verbose"), "{command}: {help}");
    }
    let trigger = json_free_help(&["trigger", "--help"]);
    let usage = trigger
        .lines()
        .find(|l| l.starts_with("Usage:"))
        .unwrap_or("");
    assert_eq!(
        usage, "Usage: alphapo trigger [OPTIONS] <EVENT>",
        "{trigger}"
    );

    let api = json_free_help(&["accounts-list", "--help"]);
    for flag in API_ONLY {
        assert!(
            api.contains(flag),
            "accounts-list --help lacks {flag}: {api}"
        );
    }
    assert!(api.contains("--verbose"), "{api}");
    for command in [&["sign"][..], &["callback", "verify"]] {
        let help = json_free_help(&[command, &["--help"]].concat());
        assert!(
            help.contains("--api-key") && help.contains("--secret "),
            "{help}"
        );
        assert!(!help.contains("--environment"), "{command:?}: {help}");
        assert!(!help.contains("--base-url"), "{command:?}: {help}");
    }

    let top = json_free_help(&["--help"]);
    assert!(!top.contains("Debug"), "an internal note in --help: {top}");
    assert!(!top.contains("--api-key"), "{top}");
}

#[test]
fn a_base_url_without_a_scheme_says_to_add_http() {
    let output = alphapo(&REAL)
        .args(["accounts-list", "--base-url", "127.0.0.1:8080"])
        .output()
        .expect("runs");
    let said = text(&output);
    assert_eq!(exit_code(&output), 2, "{said}");
    assert!(said.contains("http://127.0.0.1:8080"), "{said}");
    assert!(!said.contains("relative URL"), "{said}");
}
