//! A secret given on the command line or in the environment: usable, never
//! shown.

use std::fmt;

/// A secret argument. `Debug` prints `[redacted]`; there is no `Display`, so
/// the only way to the text is [`SecretArg::expose`], at the one place that
/// hands it to the signer.
#[derive(Clone)]
pub struct SecretArg(String);

impl SecretArg {
    /// The secret itself, for building credentials.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for SecretArg {
    fn from(text: String) -> Self {
        Self(text)
    }
}

impl fmt::Debug for SecretArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret() {
        let secret = SecretArg::from("s3cr3t-value".to_owned());
        let shown = format!("{secret:?} {:?}", Some(secret.clone()));
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert_eq!(secret.expose(), "s3cr3t-value");
    }
}
