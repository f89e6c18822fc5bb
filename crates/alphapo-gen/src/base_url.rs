//! The generated client's base URL, with the URL of each operation parsed
//! once.
//!
//! progenitor formats `{base}{path}` into a string on every call and reqwest
//! parses it again, which was the largest single cost of a call (about 20k
//! instructions of host and path parsing). `cargo xtask generate` makes the
//! client hold a [`BaseUrl`] instead of a `String`, and makes each
//! operation ask it for [`BaseUrl::endpoint`]: the same text parsed the same
//! way, once per operation and client, then cloned.

use std::fmt;
use std::sync::{Arc, PoisonError, RwLock};

use reqwest::Url;

/// A base URL and the parsed URLs of the operations called under it.
///
/// ```
/// let base = alphapo_gen::BaseUrl::new("http://127.0.0.1:8080");
/// assert_eq!(base.as_str(), "http://127.0.0.1:8080");
/// let url = base.endpoint("/api/v2/ping").unwrap();
/// assert_eq!(url.as_str(), "http://127.0.0.1:8080/api/v2/ping");
/// assert!(alphapo_gen::BaseUrl::new("not a url").endpoint("/api/v2/ping").is_err());
/// ```
#[derive(Clone)]
pub struct BaseUrl {
    text: String,
    /// Every operation path parsed so far, with its URL (a handful at most:
    /// one per operation of the API). Shared by the client's clones.
    endpoints: Arc<RwLock<Vec<(&'static str, Url)>>>,
}

impl BaseUrl {
    /// Wraps the base URL's text; nothing is parsed until a call needs it.
    ///
    /// ```
    /// let base = alphapo_gen::BaseUrl::new("https://app.alphapo.net");
    /// assert_eq!(base.to_string(), "https://app.alphapo.net");
    /// ```
    pub fn new(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            endpoints: Arc::default(),
        }
    }

    /// The base URL as given.
    ///
    /// ```
    /// assert_eq!(alphapo_gen::BaseUrl::new("http://[::1]:1").as_str(), "http://[::1]:1");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The URL of the operation at `path`: the base's text followed by
    /// `path`, parsed (the first time only).
    ///
    /// # Errors
    ///
    /// Why the text is not a URL, naming it; every call under a base that is
    /// not a URL fails this way, before anything is sent.
    ///
    /// ```
    /// let base = alphapo_gen::BaseUrl::new("https://example.com/stem");
    /// let url = base.endpoint("/api/v2/accounts/list").unwrap();
    /// assert_eq!(url.path(), "/stem/api/v2/accounts/list");
    /// ```
    pub fn endpoint(&self, path: &'static str) -> Result<Url, String> {
        let known = self
            .endpoints
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .find(|(known, _)| *known == path)
            .map(|(_, url)| url.clone());
        if let Some(url) = known {
            return Ok(url);
        }
        let text = format!("{}{path}", self.text);
        let url = Url::parse(&text).map_err(|error| format!("{text} is not a URL: {error}"))?;
        let mut endpoints = self
            .endpoints
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        // Another clone may have parsed it meanwhile.
        if !endpoints.iter().any(|(known, _)| *known == path) {
            endpoints.push((path, url.clone()));
        }
        Ok(url)
    }
}

/// The base URL as given.
impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The base URL as given, quoted (as the `String` it replaces showed it).
impl fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}
