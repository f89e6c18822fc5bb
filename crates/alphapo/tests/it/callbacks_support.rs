//! Helpers shared by the `callbacks_*` tests.

use alphapo::callbacks::{CallbackError, VerifiedCallback};
use alphapo_auth::{Credentials, Verifier, testing};

/// The API key the tests sign with.
pub const KEY: &str = "test-api-key";
/// The secret the tests sign with.
pub const SECRET: &str = "test-secret-5f1c9a";

/// The test credentials.
pub fn credentials() -> Credentials {
    Credentials::new(KEY, SECRET).expect("valid test credentials")
}

/// A verifier for the test credentials.
pub fn verifier() -> Verifier {
    Verifier::new(&credentials())
}

/// Signs `body` as AlphaPo would and passes it through the entry point.
pub fn receive(body: &[u8]) -> Result<VerifiedCallback, CallbackError> {
    let headers = testing::sign_callback(&credentials(), body);
    VerifiedCallback::verify(&verifier(), &headers, body.to_vec())
}

/// Every documented callback fixture, by file name, in name order.
pub fn fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = alphapo_tests::workspace_root().join("tests/fixtures/callbacks");
    let mut found: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("the fixtures folder is readable")
        .map(|entry| {
            let path = entry.expect("a readable entry").path();
            let name = path
                .file_name()
                .and_then(|name| name.to_str())
                .expect("a UTF-8 file name")
                .to_owned();
            (name, std::fs::read(&path).expect("a readable fixture"))
        })
        .filter(|(name, _)| name.ends_with(".json"))
        .collect();
    found.sort();
    assert!(!found.is_empty(), "no fixtures in {}", dir.display());
    found
}

/// The fixture with this file name.
pub fn fixture(name: &str) -> Vec<u8> {
    fixtures()
        .into_iter()
        .find(|(found, _)| found == name)
        .unwrap_or_else(|| panic!("no fixture {name}"))
        .1
}
