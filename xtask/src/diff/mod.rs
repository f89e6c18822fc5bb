//! `cargo xtask diff <OLD> [--new FILE]`: the changes between an older spec
//! and this one, breaking apart from compatible.
//!
//! OLD is a spec file or a git revision (`HEAD~3`, `v0.1.0`); the new spec is
//! `openapi/alphapo.yaml` of the working tree unless `--new` names a file.
//! Exits 1 when a change breaks users, 0 otherwise, 2 on a usage error.

mod load;
mod report;
mod rules;
mod shape;
mod walk;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What the command line asked for.
#[derive(Debug, PartialEq)]
struct Request {
    old: String,
    new: Option<PathBuf>,
}

/// Parses the arguments after `diff`; `None` on a usage error.
fn request(args: &[String]) -> Option<Request> {
    let mut old = None;
    let mut new = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--new" => new = Some(PathBuf::from(args.next()?)),
            flag if flag.starts_with("--") => return None,
            spec if old.is_none() => old = Some(spec.to_owned()),
            _ => return None,
        }
    }
    Some(Request { old: old?, new })
}

/// Runs the subcommand: prints the report and returns the exit code. A spec
/// that cannot be read is a usage error (2), never a breaking change (1).
pub fn run(root: &Path, args: &[String]) -> ExitCode {
    let Some(request) = request(args) else {
        eprintln!("usage: cargo xtask diff <OLD> [--new FILE]");
        return ExitCode::from(2);
    };
    match changes(root, &request) {
        Ok(true) => ExitCode::FAILURE,
        Ok(false) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Loads both specs, prints the report, and tells whether anything breaks.
fn changes(root: &Path, request: &Request) -> Result<bool, String> {
    let old = load::old(root, &request.old)?;
    let new = match &request.new {
        Some(path) => load::file(path)?,
        None => load::file(&root.join(crate::spec::SPEC_PATH))?,
    };
    let changes = walk::changes(&old.document, &new.document)?;
    print!("{}", report::render(&old.label, &new.label, &changes));
    Ok(report::breaks(&changes))
}
