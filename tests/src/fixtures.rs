//! The documented callback payloads in `tests/fixtures/callbacks/`.

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
