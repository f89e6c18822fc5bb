//! Known-answer tests: the official AlphaPo vector and every HMAC-SHA512 case
//! of RFC 4231, through the public signer and verifier.

use alphapo_auth::{Credentials, Secret, Signer, Verifier, VerifyError};

/// Credentials whose secret is the given raw key bytes.
fn credentials(key: &[u8]) -> Credentials {
    let secret = Secret::from_bytes(key.to_vec()).expect("test keys are not empty");
    Credentials::from_secret("test-key", secret).expect("the test API key is valid")
}

/// Signs with the public signer and checks that the verifier accepts the
/// result, then returns the hex signature.
fn sign_and_verify(key: &[u8], data: &[u8]) -> String {
    let credentials = credentials(key);
    let signature = Signer::new(&credentials).sign(data);
    let verified =
        Verifier::new(&credentials).verify_values(b"test-key", signature.as_str().as_bytes(), data);
    assert_eq!(verified, Ok(()));
    signature.as_str().to_owned()
}

#[test]
fn official_alphapo_vector() {
    let credentials = Credentials::new("key", "AbCdEfG123456").expect("valid credentials");
    let signature = Signer::new(&credentials).sign(br#"{"currency":"BTC","foreign_id":"123456"}"#);
    assert_eq!(
        signature.as_str(),
        "03c25fcf7cd35e7d995e402cd5d51edd72d48e1471e865907967809a0c189ba5\
         5b90815f20e2bb10f82c7a9e9d865546fda58989c2ae9e8e2ff7bc29195fa1ec"
    );
}

#[test]
fn rfc4231_case_1() {
    assert_eq!(
        sign_and_verify(&[0x0b; 20], b"Hi There"),
        "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde\
         daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"
    );
}

#[test]
fn rfc4231_case_2_key_shorter_than_output() {
    assert_eq!(
        sign_and_verify(b"Jefe", b"what do ya want for nothing?"),
        "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554\
         9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
    );
}

#[test]
fn rfc4231_case_3_combined_length_over_64() {
    assert_eq!(
        sign_and_verify(&[0xaa; 20], &[0xdd; 50]),
        "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39\
         bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"
    );
}

#[test]
fn rfc4231_case_4_combined_length_over_64() {
    let key: Vec<u8> = (0x01..=0x19).collect();
    assert_eq!(key.len(), 25);
    assert_eq!(
        sign_and_verify(&key, &[0xcd; 50]),
        "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db\
         a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"
    );
}

/// RFC 4231 only gives the first 128 bits of this output. The full signature
/// must start with them, and the verifier must refuse the truncated form:
/// AlphaPo signatures are always the full 512 bits.
#[test]
fn rfc4231_case_5_truncated_output() {
    let key = [0x0c; 20];
    let data = b"Test With Truncation";
    let signature = sign_and_verify(&key, data);
    assert_eq!(&signature[..32], "415fad6271580a531d4179bc891d87a6");

    let truncated = Verifier::new(&credentials(&key)).verify_values(
        b"test-key",
        b"415fad6271580a531d4179bc891d87a6",
        data,
    );
    assert_eq!(
        truncated,
        Err(VerifyError::WrongSignatureLength { found: 32 })
    );
}

#[test]
fn rfc4231_case_6_key_longer_than_block() {
    assert_eq!(
        sign_and_verify(
            &[0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First"
        ),
        "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352\
         6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"
    );
}

#[test]
fn rfc4231_case_7_key_and_data_longer_than_block() {
    let data = b"This is a test using a larger than block-size key and a larger \
                 than block-size data. The key needs to be hashed before being \
                 used by the HMAC algorithm.";
    assert_eq!(data.len(), 152);
    assert_eq!(
        sign_and_verify(&[0xaa; 131], data),
        "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944\
         b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"
    );
}

/// The text secret and the same bytes given raw key HMAC identically.
#[test]
fn text_and_byte_secrets_agree() {
    let text = Credentials::new("k", "AbCdEfG123456").expect("valid credentials");
    let bytes = Credentials::from_secret(
        "k",
        Secret::from_bytes(b"AbCdEfG123456".to_vec()).expect("not empty"),
    )
    .expect("valid credentials");
    assert_eq!(
        Signer::new(&text).sign(b"{}"),
        Signer::new(&bytes).sign(b"{}")
    );
}
