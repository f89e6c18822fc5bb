//! The README's "Use it in your project" program is `tests/examples/readme_program.rs`
//! word for word, and it runs as written: against a sandbox with the default
//! credentials it creates an invoice and prints its checkout URL.

use std::path::PathBuf;
use std::process::Command;

use alphapo_auth::Credentials;
use alphapo_sandbox::SandboxConfig;

use crate::support::start;

/// The example program's source.
fn program() -> String {
    let path = alphapo_tests::workspace_root().join("tests/examples/readme_program.rs");
    std::fs::read_to_string(&path).expect("tests/examples/readme_program.rs")
}

/// The example binary `cargo test` built beside this test binary
/// (`target/<profile>/examples/readme_program`).
fn program_binary() -> PathBuf {
    let test_binary = std::env::current_exe().expect("the test binary's path");
    let profile_dir = test_binary
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>/deps/<test binary>");
    profile_dir
        .join("examples")
        .join(format!("readme_program{}", std::env::consts::EXE_SUFFIX))
}

#[test]
fn the_readme_shows_the_program_word_for_word() {
    let readme = std::fs::read_to_string(alphapo_tests::workspace_root().join("README.md"))
        .expect("README.md");
    let section = readme
        .split("## Use it in your project")
        .nth(1)
        .expect("README has a \"Use it in your project\" section");
    let block = section
        .split("```rust,no_run\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the section has a rust block");
    assert_eq!(
        block,
        program(),
        "README block and tests/examples/readme_program.rs differ"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_readme_program_creates_an_invoice_on_the_sandbox() {
    let binary = program_binary();
    assert!(
        binary.exists(),
        "{} is missing: `cargo test --workspace` builds the examples \
         (or: cargo build -p alphapo-tests --example readme_program)",
        binary.display()
    );
    let credentials = Credentials::new("sandbox-key", "sandbox-secret").expect("credentials");
    let sandbox = start(SandboxConfig::new(credentials)).await;
    let base_url = sandbox.base_url().to_owned();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(binary)
            .env("ALPHAPO_BASE_URL", base_url)
            .output()
            .expect("the program runs")
    })
    .await
    .expect("the program's thread");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "exit {:?}\nstdout: {stdout}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.starts_with("invoice ") && stdout.contains(": pay at http://127.0.0.1:"),
        "unexpected output: {stdout}"
    );
    sandbox.shutdown().await;
}
