//! The README's `alphapo` lines, run as written (from the repository root,
//! with the variables its `export` line sets) against a sandbox standing in
//! for the one on port 8080.

use std::path::{Path, PathBuf};

use crate::support::{alphapo, exit_code, sandbox, text};

/// The port the README gives `alphapo sandbox`.
const README_SANDBOX: &str = "http://127.0.0.1:8080";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The shell block of the README's CLI section, one command per line,
/// comments dropped.
fn cli_block() -> Vec<String> {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let start = readme
        .find("```sh\ncargo install --locked --path crates/alphapo-cli")
        .expect("the README's CLI block");
    let block = &readme[start + "```sh\n".len()..];
    let block = &block[..block.find("```").expect("the block ends")];
    block
        .lines()
        .map(|line| {
            line.split("  #")
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned()
        })
        .filter(|line| !line.is_empty())
        .collect()
}

/// `NAME=value` pairs of the block's `export` line.
fn exported(block: &[String]) -> Vec<(String, String)> {
    let export = block
        .iter()
        .find_map(|line| line.strip_prefix("export "))
        .expect("an export line");
    export
        .split_whitespace()
        .map(|pair| {
            let (name, value) = pair.split_once('=').expect("NAME=value");
            (name.to_owned(), value.to_owned())
        })
        .collect()
}

#[test]
fn the_readmes_cli_lines_work_as_written() {
    let block = cli_block();
    let sandbox_line = block
        .iter()
        .find(|line| line.starts_with("alphapo sandbox "))
        .expect("a sandbox line");
    assert!(
        sandbox_line.contains("--port 8080") && sandbox_line.contains("127.0.0.1:3000"),
        "the sandbox on 8080, callbacks to the receiver on 3000: {sandbox_line}"
    );

    let vars = exported(&block);
    let key = &vars
        .iter()
        .find(|(n, _)| n == "ALPHAPO_API_KEY")
        .expect("key")
        .1;
    let secret = &vars
        .iter()
        .find(|(n, _)| n == "ALPHAPO_SECRET")
        .expect("secret")
        .1;
    let running = sandbox(key, secret);
    let env: Vec<(&str, &str)> = vars.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();

    let commands: Vec<&String> = block
        .iter()
        .filter(|line| line.starts_with("alphapo ") && !line.starts_with("alphapo sandbox "))
        .collect();
    assert!(commands.len() >= 6, "{commands:?}");
    for line in commands {
        let args: Vec<String> = line
            .split_whitespace()
            .skip(1)
            .map(|arg| arg.replace(README_SANDBOX, running.sandbox.base_url()))
            .collect();
        let output = alphapo(&env)
            .current_dir(root())
            .args(&args)
            .output()
            .expect("runs");
        assert_eq!(exit_code(&output), 0, "{line}\n{}", text(&output));
        let _: serde_json::Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("{line}: stdout is not JSON: {e}"));
    }
}

#[test]
fn the_readmes_callback_signature_fits_only_the_shipped_body() {
    let block = cli_block();
    let vars = exported(&block);
    let env: Vec<(&str, &str)> = vars.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let verify = block
        .iter()
        .find(|line| line.starts_with("alphapo callback verify "))
        .expect("a callback verify line");
    let args: Vec<&str> = verify.split_whitespace().skip(1).collect();

    let mut body = std::fs::read(root().join("examples/callback.json")).expect("the example");
    assert_eq!(&body[..3], b"{\n ", "indented JSON");
    body[2] = b'\t'; // one byte of whitespace changed: the same JSON
    let tampered = std::env::temp_dir().join(format!("alphapo-readme-{}.json", std::process::id()));
    std::fs::write(&tampered, &body).expect("write");
    let args: Vec<String> = args
        .iter()
        .map(|arg| match *arg {
            "@examples/callback.json" => format!("@{}", tampered.display()),
            other => other.to_owned(),
        })
        .collect();
    let output = alphapo(&env)
        .current_dir(root())
        .args(&args)
        .output()
        .expect("runs");
    let _ = std::fs::remove_file(&tampered);
    assert_eq!(exit_code(&output), 3, "{}", text(&output));
}
