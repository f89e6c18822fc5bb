//! Validation errors, one message per request field.

use std::collections::{BTreeMap, HashMap};

use alphapo_gen::types;

/// Validation errors, one message per request field, as AlphaPo sends them
/// (HTTP 400).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ValidationErrors(pub(super) BTreeMap<String, String>);

impl ValidationErrors {
    /// One error.
    pub(crate) fn field(name: &str, message: String) -> Self {
        Self(BTreeMap::from([(name.to_owned(), message)]))
    }

    /// Adds an error; the first message of a field wins, as in Laravel.
    pub(crate) fn add(&mut self, name: &str, message: String) {
        self.0.entry(name.to_owned()).or_insert(message);
    }

    /// `Ok(())` when there is no error.
    pub(crate) fn into_result(self) -> Result<(), Self> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }

    /// The error body, as the generated [`types::ApiError`].
    pub(crate) fn into_api_error(self) -> types::ApiError {
        types::ApiError {
            code: None,
            error: None,
            errors: self.0.into_iter().collect::<HashMap<_, _>>(),
        }
    }
}

/// `field: message` pairs, `; `-separated (for a driving error).
impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut separator = "";
        for (field, message) in &self.0 {
            write!(f, "{separator}{field}: {message}")?;
            separator = "; ";
        }
        Ok(())
    }
}
