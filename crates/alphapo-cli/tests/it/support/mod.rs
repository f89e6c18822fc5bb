//! What the binary's test files share: a sandbox on its own runtime and the
//! `alphapo` command pointed at a base URL.

#![allow(dead_code)] // each test binary uses its own part

pub mod fault_proxy;

use std::process::Output;

use alphapo_auth::Credentials;
use alphapo_sandbox::{Sandbox, SandboxConfig, SandboxHandle};
use assert_cmd::Command;

/// A sandbox on its own runtime, so the test thread can run the binary.
pub struct Running {
    pub sandbox: SandboxHandle,
    _runtime: tokio::runtime::Runtime,
}

/// Starts a sandbox that accepts `key` and `secret`.
pub fn sandbox(key: &str, secret: &str) -> Running {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let config = SandboxConfig::new(Credentials::new(key, secret).expect("credentials"));
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
