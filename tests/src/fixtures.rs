//! The documented callback payloads in `tests/fixtures/callbacks/` and the
//! vendor's documentation examples in `tests/fixtures/vendor/`.

use serde_json::Value;

/// Every callback fixture as `(file name, payload)`, sorted by name.
pub fn callbacks() -> Vec<(String, Value)> {
    let dir = crate::workspace_root().join("tests/fixtures/callbacks");
    let mut fixtures: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .expect("fixtures directory")
        .map(|entry| {
            let path = entry.expect("fixture entry").path();
            let text = std::fs::read_to_string(&path).expect("fixture readable");
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (name, serde_json::from_str(&text).expect("fixture is JSON"))
        })
        .collect();
    fixtures.sort_by(|a, b| a.0.cmp(&b.0));
    fixtures
}

/// One of the vendor's documentation examples in `tests/fixtures/vendor/`,
/// as `INDEX.yaml` describes it.
#[derive(Debug, Clone)]
pub struct VendorExample {
    /// The file name in `tests/fixtures/vendor/`.
    pub file: String,
    /// The documentation page it was copied from.
    pub url: String,
    /// The page's "last modified" date, or `unknown`.
    pub last_modified: String,
    /// The spec's operationId, or `callback`.
    pub operation: String,
    /// `request`, `response`, `error` or `callback`.
    pub kind: String,
    /// Why the example does not hold, when it does not.
    pub exception: Option<String>,
    /// The file's text, unchanged.
    pub text: String,
}

/// The folder of the vendor's examples.
pub fn vendor_dir() -> std::path::PathBuf {
    crate::workspace_root().join("tests/fixtures/vendor")
}

/// Every example `tests/fixtures/vendor/INDEX.yaml` lists, in its order.
pub fn vendor_examples() -> Vec<VendorExample> {
    let dir = vendor_dir();
    let index = std::fs::read_to_string(dir.join("INDEX.yaml")).expect("INDEX.yaml readable");
    let index: serde_yaml::Value = serde_yaml::from_str(&index).expect("INDEX.yaml parses");
    let text = |entry: &serde_yaml::Value, key: &str| {
        entry[key]
            .as_str()
            .unwrap_or_else(|| panic!("an INDEX.yaml entry lacks {key}: {entry:?}"))
            .to_owned()
    };
    index["examples"]
        .as_sequence()
        .expect("INDEX.yaml lists examples")
        .iter()
        .map(|entry| {
            let file = text(entry, "file");
            VendorExample {
                text: std::fs::read_to_string(dir.join(&file))
                    .unwrap_or_else(|e| panic!("{file}: {e}")),
                url: text(entry, "url"),
                last_modified: text(entry, "last_modified"),
                operation: text(entry, "operation"),
                kind: text(entry, "kind"),
                exception: entry["exception"].as_str().map(str::to_owned),
                file,
            }
        })
        .collect()
}
