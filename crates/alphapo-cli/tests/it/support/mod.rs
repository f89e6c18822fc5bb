//! What the test modules share: a sandbox on its own runtime and the
//! `alphapo` command with a clean environment.

pub mod fault_proxy;

use std::process::Output;

use alphapo_auth::Credentials;
use alphapo_sandbox::{Sandbox, SandboxConfig, SandboxHandle};
use assert_cmd::Command;
use serde_json::Value;

/// A sandbox on its own runtime, so the test thread can run the binary.
pub struct Running {
    pub sandbox: SandboxHandle,
    _runtime: tokio::runtime::Runtime,
}

impl Running {
    /// Shuts the sandbox down and waits for it.
    pub fn stop(self) {
        let Running { sandbox, _runtime } = self;
        _runtime.block_on(sandbox.shutdown());
    }
}

/// Starts a sandbox that accepts `key` and `secret`.
pub fn sandbox(key: &str, secret: &str) -> Running {
    start(config(key, secret))
}

/// The default sandbox configuration for `key` and `secret`, to adjust.
pub fn config(key: &str, secret: &str) -> SandboxConfig {
    SandboxConfig::new(Credentials::new(key, secret).expect("credentials"))
}

/// Starts a sandbox with `config`.
pub fn start(config: SandboxConfig) -> Running {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sandbox = runtime
        .block_on(Sandbox::start(config))
        .expect("sandbox starts");
    Running {
        sandbox,
        _runtime: runtime,
    }
}

/// `alphapo` with a clean environment and only `vars` set.
pub fn alphapo(vars: &[(&str, &str)]) -> Command {
    let mut command = Command::cargo_bin("alphapo").expect("binary");
    command.env_clear();
    for (name, value) in vars {
        command.env(name, value);
    }
    command
}

/// The exit code of a finished run.
pub fn exit_code(output: &Output) -> i32 {
    output.status.code().expect("exited")
}

/// stdout and stderr, for assertion messages and searches.
pub fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The JSON a successful run printed (the run must have succeeded).
pub fn json_ok(output: &Output) -> Value {
    assert_eq!(exit_code(output), 0, "{}", text(output));
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}
