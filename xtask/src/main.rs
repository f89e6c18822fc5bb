//! `cargo xtask`: code generation from `openapi/alphapo.yaml`.
//!
//! - `cargo xtask generate` writes the generated client, the generated
//!   httpmock helpers, the operation table and the request bodies' schemas.
//! - `cargo xtask check` validates the spec, regenerates in memory and exits
//!   non-zero with a unified diff when a checked-in file is stale, missing or
//!   edited by hand.
//! - `cargo xtask fake-operation` adds an operation to a copy of the spec and
//!   shows that only its sandbox behaviour needs writing by hand (several
//!   minutes: it builds a copy of the workspace).
//! - `cargo xtask cycles` fails when the modules of a crate import one
//!   another in a circle, naming what ties each circle.
//! - `cargo xtask diff <OLD>` lists the changes since an older spec and exits
//!   non-zero when one breaks users.
//! - `cargo xtask fuzz-seeds` writes the callback fuzz target's corpus from
//!   the documented callback fixtures.

mod body_schemas;
mod codegen;
mod cycles;
mod diff;
mod fake_operation;
mod fuzz_seeds;
mod generated_file;
mod generator_view;
mod operation_facts;
mod operation_table;
mod parsed_urls;
mod replacements;
mod request_body;
mod response_headers;
mod spec;
mod stale;
mod tolerant_reads;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <generate|check|cycles|diff|fake-operation|fuzz-seeds>

  generate  write the generated code from openapi/alphapo.yaml
  check     validate the spec and fail with a diff if generated code is stale
  cycles    fail if the modules of any crate import one another in a circle
  diff <OLD> [--new FILE]
            list the spec changes since OLD (a spec file or a git revision),
            breaking apart from compatible; exit 1 if any breaks users
  fake-operation
            add an operation to a copy of the spec and check that only its
            sandbox behaviour is left to write (builds a copy: minutes)
  fuzz-seeds
            write the callback fuzz corpus from tests/fixtures/callbacks";

fn main() -> ExitCode {
    let command = std::env::args().nth(1);
    let root = workspace_root();
    let result = match command.as_deref() {
        Some("generate") => generate(&root),
        Some("check") => check(&root),
        Some("fake-operation") => fake_operation::run(&root).map(|()| ExitCode::SUCCESS),
        Some("cycles") => cycles::run(&root),
        Some("fuzz-seeds") => fuzz_seeds::write(&root).map(|()| ExitCode::SUCCESS),
        Some("diff") => Ok(diff::run(
            &root,
            &std::env::args().skip(2).collect::<Vec<_>>(),
        )),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the parent of this crate's directory (as cargo reports
/// it when running the task, else as it was when the task was built).
fn workspace_root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir
        .parent()
        .map(PathBuf::from)
        .unwrap_or(manifest_dir)
}

fn generate(root: &std::path::Path) -> Result<ExitCode, String> {
    let spec = spec::load(root)?;
    for file in codegen::render(&spec)? {
        let path = root.join(file.path);
        std::fs::write(&path, &file.contents)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("wrote {}", file.path);
    }
    Ok(ExitCode::SUCCESS)
}

fn check(root: &std::path::Path) -> Result<ExitCode, String> {
    let spec = spec::load(root)?;
    let mut stale_files = 0;
    for file in codegen::render(&spec)? {
        if let Some(diff) = stale::diff(root, &file) {
            println!("{diff}");
            stale_files += 1;
        }
    }
    if stale_files == 0 {
        println!("generated code is up to date with {}", spec::SPEC_PATH);
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "{stale_files} generated file(s) differ from {}: run `cargo xtask generate`",
            spec::SPEC_PATH
        );
        Ok(ExitCode::FAILURE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_in_code_matches_the_spec() {
        let root = workspace_root();
        let spec = spec::load(&root).expect("the spec loads");
        for file in codegen::render(&spec).expect("generation succeeds") {
            assert_eq!(stale::diff(&root, &file), None, "{} is stale", file.path);
        }
    }

    #[test]
    fn a_changed_spec_field_shows_up_in_the_diff() {
        let root = workspace_root();
        let text = std::fs::read_to_string(root.join(spec::SPEC_PATH)).expect("readable");
        let changed = text.replacen("maxLength: 50", "maxLength: 49", 1);
        assert_ne!(text, changed, "the spec has an invoice title limit of 50");
        let spec = spec::parse(&changed).expect("the changed spec is valid");
        let diffs: Vec<String> = codegen::render(&spec)
            .expect("generation succeeds")
            .iter()
            .filter_map(|file| stale::diff(&root, file))
            .collect();
        assert!(!diffs.is_empty(), "a spec change went unnoticed");
        let all = diffs.join("\n");
        assert!(
            all.contains("-") && all.contains("49"),
            "the diff does not show the change:\n{all}"
        );
    }

    #[test]
    fn a_fake_operation_gets_its_row_in_the_table() {
        let root = workspace_root();
        let text = std::fs::read_to_string(root.join(spec::SPEC_PATH)).expect("readable");
        let spec = spec::parse(&fake_operation::with_fake_operation(&text).expect("inserted"))
            .expect("the spec with a fake operation is valid");
        let table = codegen::render(&spec)
            .expect("generation succeeds")
            .into_iter()
            .find(|file| file.path == operation_table::TABLE_PATH)
            .expect("the table is generated");
        for row in [
            "id: fake_echo,",
            "method: fake_echo,",
            "command: FakeEcho,",
            "path: \"/api/v2/fake/echo\",",
        ] {
            assert!(table.contents.contains(row), "no `{row}` in the table");
        }
    }

    #[test]
    fn the_copy_of_the_workspace_gets_the_next_patch_version() {
        let manifest =
            "[workspace]\n\n[workspace.package]\nversion = \"0.1.9\"\nedition = \"2024\"\n";
        assert_eq!(
            fake_operation::with_other_version(manifest).expect("a version"),
            manifest.replace("0.1.9", "0.1.10")
        );
    }

    #[test]
    fn an_operation_without_its_facts_is_rejected() {
        let root = workspace_root();
        let text = std::fs::read_to_string(root.join(spec::SPEC_PATH)).expect("readable");
        let no_method = text.replacen("      x-alphapo-method: create_invoice\n", "", 1);
        assert_ne!(text, no_method, "invoices_create declares its method");
        let spec = spec::parse(&no_method).expect("still valid OpenAPI");
        let error = codegen::render(&spec)
            .err()
            .expect("a missing method accepted");
        assert!(error.contains("no x-alphapo-method"), "{error}");
    }

    #[test]
    fn an_operation_without_an_id_or_example_is_rejected() {
        let root = workspace_root();
        let text = std::fs::read_to_string(root.join(spec::SPEC_PATH)).expect("readable");
        let no_id = text.replacen(
            "operationId: accounts_list",
            "x-removed-id: accounts_list",
            1,
        );
        let error = spec::parse(&no_id).expect_err("missing operationId accepted");
        assert!(error.contains("no operationId"), "{error}");
    }

    #[test]
    fn a_body_less_operation_must_need_no_auth() {
        let root = workspace_root();
        let text = std::fs::read_to_string(root.join(spec::SPEC_PATH)).expect("readable");
        let signed_ping = text.replacen("      security: []\n", "", 1);
        assert_ne!(text, signed_ping, "ping declares `security: []`");
        let error = spec::parse(&signed_ping).expect_err("an unsigned body-less call accepted");
        assert!(
            error.contains("GET /api/v2/ping: no request body"),
            "{error}"
        );
    }
}
