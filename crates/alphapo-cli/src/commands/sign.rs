//! `alphapo sign`: the headers AlphaPo expects for a body, signed as is.

use alphapo_auth::{Credentials, Signer};
use serde_json::{Value, json};

use crate::exit::Failure;
use crate::input::read_source;

/// Signs the exact bytes given (never re-encoded) and returns the two
/// headers. The secret is used, never printed.
pub fn run(credentials: &Credentials, body: &str) -> Result<Value, Failure> {
    let bytes = read_source(body)?;
    let signature = Signer::new(credentials).sign(bytes.as_bytes());
    Ok(json!({
        alphapo_auth::KEY_HEADER: credentials.api_key(),
        alphapo_auth::SIGNATURE_HEADER: signature.as_str(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_official_vector_signs() {
        let credentials = Credentials::new("key", "AbCdEfG123456").unwrap();
        let headers = run(&credentials, r#"{"currency":"BTC","foreign_id":"123456"}"#).unwrap();
        assert_eq!(
            headers["x-processing-signature"],
            "03c25fcf7cd35e7d995e402cd5d51edd72d48e1471e865907967809a0c189ba55b90815f20e2bb10f82c7a9e9d865546fda58989c2ae9e8e2ff7bc29195fa1ec"
        );
        assert!(!headers.to_string().contains("AbCdEfG123456"));
    }
}
