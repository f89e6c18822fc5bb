//! Reading the two specs: a file, or the spec as a git revision has it.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::spec::SPEC_PATH;

/// A spec and the name the report gives it.
pub struct Loaded {
    pub label: String,
    pub document: Value,
}

/// `source` is a file when one exists at that path, else a git revision
/// whose `openapi/alphapo.yaml` is read (`HEAD~3`, `v0.1.0`).
pub fn old(root: &Path, source: &str) -> Result<Loaded, String> {
    if Path::new(source).is_file() {
        return file(Path::new(source));
    }
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .arg("show")
        .arg(format!("{source}:{SPEC_PATH}"))
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "'{source}' is neither a file nor a git revision with {SPEC_PATH}: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let text = String::from_utf8(output.stdout)
        .map_err(|_| format!("{source}:{SPEC_PATH} is not UTF-8"))?;
    parse(&format!("{source}:{SPEC_PATH}"), &text)
}

/// A spec file.
pub fn file(path: &Path) -> Result<Loaded, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse(&path.display().to_string(), &text)
}

/// Spec text (YAML or JSON) as a JSON document.
pub fn parse(label: &str, text: &str) -> Result<Loaded, String> {
    let document: Value =
        serde_yaml::from_str(text).map_err(|e| format!("{label} does not parse: {e}"))?;
    if !document.is_object() || document.get("openapi").is_none() {
        return Err(format!("{label} is not an OpenAPI document"));
    }
    Ok(Loaded {
        label: label.to_owned(),
        document,
    })
}
