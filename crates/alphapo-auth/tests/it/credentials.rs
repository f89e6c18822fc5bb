//! Building credentials and secrets: every rejected input is its own error.

use alphapo_auth::{Credentials, CredentialsError, Secret};

#[test]
fn accepts_ordinary_credentials() {
    let credentials = Credentials::new("Ar1JmPUG6sCNg", "AbCdEfG123456").expect("valid");
    assert_eq!(credentials.api_key(), "Ar1JmPUG6sCNg");
}

#[test]
fn rejects_empty_key_and_secret() {
    assert_eq!(
        Credentials::new("", "secret").err(),
        Some(CredentialsError::EmptyKey)
    );
    assert_eq!(
        Credentials::new("key", "").err(),
        Some(CredentialsError::EmptySecret)
    );
    assert_eq!(
        Secret::from_bytes(Vec::new()).err(),
        Some(CredentialsError::EmptySecret)
    );
}

#[test]
fn rejects_surrounding_whitespace_in_the_key() {
    for key in [" key", "key ", "key\n", "\tkey", "key\r\n", "\u{a0}key"] {
        assert_eq!(
            Credentials::new(key, "secret").err(),
            Some(CredentialsError::KeySurroundingWhitespace),
            "key {key:?}"
        );
    }
}

#[test]
fn rejects_surrounding_whitespace_in_the_secret() {
    for secret in [" s", "s ", "s\n", "\ts", "s\r\n", "s\u{a0}", "   "] {
        assert_eq!(
            Secret::new(secret).err(),
            Some(CredentialsError::SecretSurroundingWhitespace),
            "secret {secret:?}"
        );
        assert_eq!(
            Credentials::new("key", secret).err(),
            Some(CredentialsError::SecretSurroundingWhitespace),
            "secret {secret:?}"
        );
    }
}

#[test]
fn inner_whitespace_is_kept() {
    assert!(Secret::new("two words").is_ok());
    assert!(Credentials::new("two words", "secret").is_ok());
}

#[test]
fn rejects_keys_that_cannot_be_header_values() {
    for key in ["k\u{0}ey", "k\ney", "ключ", "k\u{7f}"] {
        assert_eq!(
            Credentials::new(key, "secret").err(),
            Some(CredentialsError::KeyNotPrintableAscii),
            "key {key:?}"
        );
    }
}

#[test]
fn raw_byte_secrets_are_taken_verbatim() {
    let secret = Secret::from_bytes(b" \x0b binary \n".to_vec()).expect("not empty");
    assert!(Credentials::from_secret("key", secret).is_ok());
}

#[test]
fn from_secret_checks_the_key() {
    let secret = Secret::new("secret").expect("valid");
    assert_eq!(
        Credentials::from_secret("", secret).err(),
        Some(CredentialsError::EmptyKey)
    );
}
