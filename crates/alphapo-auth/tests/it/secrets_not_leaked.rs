//! No `Debug` or `Display` output of this crate's types contains the secret
//! (in text or in hex), and no verification error contains the expected
//! signature.

use alphapo_auth::{Credentials, CredentialsError, Secret, Signer, Verifier, VerifyError, testing};

const SECRET: &str = "S3cr3t-do-not-leak";
const BODY: &[u8] = br#"{"id":7}"#;

fn credentials() -> Credentials {
    Credentials::new("public-key", SECRET).expect("valid credentials")
}

/// Fails if `output` contains the secret, its hex form, or `also_forbidden`.
fn assert_clean(what: &str, output: &str, also_forbidden: &[&str]) {
    let secret_hex = hex::encode(SECRET);
    assert!(
        !output.contains(SECRET),
        "{what} leaks the secret: {output}"
    );
    assert!(
        !output.contains(&secret_hex),
        "{what} leaks the secret in hex: {output}"
    );
    for forbidden in also_forbidden {
        assert!(
            !output.contains(forbidden),
            "{what} leaks {forbidden}: {output}"
        );
    }
}

/// The forbidden strings of [`assert_clean`] are actually caught.
#[test]
fn the_checker_catches_a_leak() {
    let leaked = std::panic::catch_unwind(|| assert_clean("x", &format!("[{SECRET}]"), &[]));
    assert!(leaked.is_err());
}

#[test]
fn credentials_secret_signer_and_verifier() {
    let credentials = credentials();
    let secret = Secret::new(SECRET).expect("valid secret");
    let signer = Signer::new(&credentials);
    let verifier = Verifier::new(&credentials).with_additional_secret(&secret);
    let outputs = [
        ("Credentials", format!("{credentials:?} {credentials:#?}")),
        ("Secret", format!("{secret:?} {secret:#?}")),
        ("Signer", format!("{signer:?} {signer:#?}")),
        ("Verifier", format!("{verifier:?} {verifier:#?}")),
    ];
    for (what, output) in outputs {
        assert_clean(what, &output, &[]);
    }
    // The public key is fine to show, and shows where it helps debugging.
    assert!(format!("{credentials:?}").contains("public-key"));
}

#[test]
fn every_error() {
    let credentials_errors = [
        Credentials::new("", SECRET).err(),
        Credentials::new(" key", SECRET).err(),
        Credentials::new("kéy", SECRET).err(),
        Credentials::new("key", "").err(),
        Credentials::new("key", format!("{SECRET}\n")).err(),
    ];
    for error in credentials_errors {
        let error: CredentialsError = error.expect("each input is rejected");
        assert_clean("CredentialsError", &format!("{error} {error:?}"), &[]);
    }

    #[cfg(feature = "reqwest")]
    {
        let error = alphapo_auth::SignError::StreamingBody;
        assert_clean("SignError", &format!("{error} {error:?}"), &[]);
    }

    let credentials = credentials();
    let expected = Signer::new(&credentials).sign(BODY);
    let expected_upper = expected.as_str().to_uppercase();
    let verifier = Verifier::new(&credentials);
    let good = testing::sign_callback(&credentials, BODY);
    let other = Credentials::new("public-key", "other").expect("valid credentials");
    let wrong = testing::sign_callback(&other, BODY);

    let mut errors: Vec<VerifyError> = vec![
        verifier.verify(&wrong, BODY).expect_err("wrong secret"),
        verifier.verify(&good, b"{}").expect_err("wrong body"),
        verifier
            .verify(&http::HeaderMap::new(), BODY)
            .expect_err("no headers"),
        verifier
            .verify_values(b"public-key", &expected.as_str().as_bytes()[..64], BODY)
            .expect_err("short"),
        verifier
            .verify_values(b"public-key", &[b'z'; 128], BODY)
            .expect_err("not hex"),
        verifier
            .verify_values(SECRET.as_bytes(), expected.as_str().as_bytes(), BODY)
            .expect_err("secret sent as key"),
        verifier
            .clone()
            .max_body_bytes(1)
            .verify(&good, BODY)
            .expect_err("too large"),
    ];
    let mut repeated = good.clone();
    repeated.append(
        alphapo_auth::KEY_HEADER,
        http::HeaderValue::from_static("public-key"),
    );
    errors.push(verifier.verify(&repeated, BODY).expect_err("repeated key"));
    let mut repeated = good;
    let value = http::HeaderValue::from_str(expected.as_str()).expect("hex is a header value");
    repeated.append(alphapo_auth::SIGNATURE_HEADER, value);
    errors.push(
        verifier
            .verify(&repeated, BODY)
            .expect_err("repeated signature"),
    );

    for error in errors {
        assert_clean(
            "VerifyError",
            &format!("{error} {error:?}"),
            &[expected.as_str(), &expected_upper, &expected.as_str()[..16]],
        );
    }
}
