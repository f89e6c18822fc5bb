//! `cargo xtask fake-operation`: proves that adding an operation to the spec
//! needs no hand-written list.
//!
//! On a copy of the workspace (in the system's temporary directory, built
//! offline into the shared target directory), it adds `fake_echo` to the
//! spec with its `x-alphapo-*` facts and regenerates. The copy's crates get
//! another version, so their builds sit beside the workspace's in the target
//! directory instead of replacing them (cargo names a path crate's build by
//! its name, version and path inside the workspace). Then:
//!
//! 1. the table has the row, so the SDK method and the CLI subcommand exist;
//! 2. the build fails with exactly one error: the sandbox has no `FakeEcho`
//!    endpoint (the behaviour, the one thing left to write);
//! 3. with that behaviour written, `alphapo fake-echo --help` shows the
//!    spec's summary, and the signing coverage test (which sends every
//!    operation of the table) passes with the new operation in it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use crate::{codegen, operation_table, spec};

/// The operation added to the copy's spec, right under `paths:`.
pub const FAKE_PATH_ITEM: &str = "  /api/v2/fake/echo:
    post:
      operationId: fake_echo
      tags: [Currencies]
      summary: Echo the currency pairs (a fake operation)
      description: Added by `cargo xtask fake-operation` to a copy of the spec.
      x-alphapo-method: fake_echo
      x-alphapo-moves-money: false
      x-alphapo-envelope: data
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/CurrencyPairsRequest'
            example:
              currency_from: BTC
      responses:
        '200':
          description: The pairs.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/CurrencyPairsResponse'
              example:
                data: []
";

/// The sandbox behaviour of the fake operation, appended to the file of its
/// area: it answers like `currencies_pairs`.
const FAKE_BEHAVIOUR: &str = "
/// `fake_echo`, the operation `cargo xtask fake-operation` adds.
pub(crate) struct FakeEcho;

pairs_endpoint!(FakeEcho);
";

/// The error the build must stop at before the behaviour is written.
const MISSING_BEHAVIOUR: &str = "cannot find type `FakeEcho` in this scope";

/// The spec text with the fake operation added.
pub fn with_fake_operation(spec: &str) -> Result<String, String> {
    let anchor = "\npaths:\n";
    let at = spec
        .find(anchor)
        .ok_or("the spec has no top-level `paths:`")?
        + anchor.len();
    Ok(format!("{}{FAKE_PATH_ITEM}{}", &spec[..at], &spec[at..]))
}

/// The workspace manifest with the crates' version one patch release higher
/// (`0.1.0` becomes `0.1.1`), which every `version = "0.1.0"` requirement
/// between them still accepts.
pub fn with_other_version(manifest: &str) -> Result<String, String> {
    let anchor = "[workspace.package]\nversion = \"";
    let start = manifest
        .find(anchor)
        .ok_or("Cargo.toml has no [workspace.package] version")?
        + anchor.len();
    let end = start
        + manifest[start..]
            .find('"')
            .ok_or("the workspace version is not closed")?;
    let version = &manifest[start..end];
    let (release, patch) = version
        .rsplit_once('.')
        .ok_or_else(|| format!("the workspace version {version} is not major.minor.patch"))?;
    let patch: u64 = patch
        .parse()
        .map_err(|_| format!("the workspace version {version} has no numeric patch"))?;
    Ok(format!(
        "{}{release}.{}{}",
        &manifest[..start],
        patch + 1,
        &manifest[end..]
    ))
}

/// Runs the whole check; prints each step with its duration.
pub fn run(root: &Path) -> Result<(), String> {
    let started = Instant::now();
    let copy = std::env::temp_dir().join(format!("alphapo-fake-operation-{}", std::process::id()));
    let result = check(root, &copy, started);
    // The copy is scratch space; a failure to remove it is not the result.
    let _ = std::fs::remove_dir_all(&copy);
    result
}

fn check(root: &Path, copy: &Path, started: Instant) -> Result<(), String> {
    let step = |what: &str| println!("==> {what} (at {}s)", started.elapsed().as_secs());
    step(&format!("copying the workspace to {}", copy.display()));
    copy_tree(root, copy)?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));

    let manifest = copy.join("Cargo.toml");
    write(&manifest, &with_other_version(&read(&manifest)?)?)?;

    step("adding fake_echo to the spec and regenerating");
    let spec_path = copy.join(spec::SPEC_PATH);
    let text = read(&spec_path)?;
    let changed = with_fake_operation(&text)?;
    write(&spec_path, &changed)?;
    for file in codegen::render(&spec::parse(&changed)?)? {
        write(&copy.join(file.path), &file.contents)?;
    }
    let table = read(&copy.join(operation_table::TABLE_PATH))?;
    for row in ["id: fake_echo,", "method: fake_echo,", "command: FakeEcho,"] {
        if !table.contains(row) {
            return Err(format!("the regenerated table has no `{row}`"));
        }
    }

    step("building the CLI: only the sandbox behaviour may be missing");
    let build = cargo(copy, &target, &["check", "--offline", "-p", "alphapo-cli"])?;
    let stderr = String::from_utf8_lossy(&build.stderr);
    let errors = stderr.lines().filter(|l| l.starts_with("error[")).count();
    if build.status.success() || errors != 1 || !stderr.contains(MISSING_BEHAVIOUR) {
        return Err(format!(
            "expected exactly one error, `{MISSING_BEHAVIOUR}`; got {errors}:\n{stderr}"
        ));
    }
    println!("    the one error: {MISSING_BEHAVIOUR}");

    step("writing the sandbox behaviour; `alphapo fake-echo --help`");
    let behaviour = copy.join("crates/alphapo-sandbox/src/api/currencies.rs");
    write(&behaviour, &(read(&behaviour)? + FAKE_BEHAVIOUR))?;
    let help = succeed(cargo(
        copy,
        &target,
        &[
            "run",
            "--offline",
            "-q",
            "-p",
            "alphapo-cli",
            "--",
            "fake-echo",
            "--help",
        ],
    )?)?;
    if !help.contains("Echo the currency pairs (a fake operation)") {
        return Err(format!(
            "`alphapo fake-echo --help` lacks the summary:\n{help}"
        ));
    }

    step("the signing coverage test, fake_echo included");
    let tests = succeed(cargo(
        copy,
        &target,
        &[
            "test",
            "--offline",
            "-q",
            "-p",
            "alphapo-tests",
            "--test",
            "it",
            "signing::",
        ],
    )?)?;
    println!("{}", tests.trim_end());
    step("fake operation: SDK method, CLI subcommand and coverage test from the spec alone");
    Ok(())
}

/// Runs cargo in `dir` with the shared target directory.
fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Result<Output, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .map_err(|e| format!("cannot run cargo {}: {e}", args.join(" ")))
}

/// The stdout of a command that must succeed.
fn succeed(output: Output) -> Result<String, String> {
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!(
            "failed ({}):\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Copies the workspace without `.git` and build output.
fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("cannot list {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot list {}: {e}", from.display()))?;
        let name = entry.file_name();
        if name == ".git" || name == "target" {
            continue;
        }
        let source = entry.path();
        let kind = entry
            .file_type()
            .map_err(|e| format!("cannot stat {}: {e}", source.display()))?;
        if kind.is_dir() {
            copy_tree(&source, &to.join(&name))?;
        } else if kind.is_file() {
            std::fs::copy(&source, to.join(&name))
                .map_err(|e| format!("cannot copy {}: {e}", source.display()))?;
        }
    }
    Ok(())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
