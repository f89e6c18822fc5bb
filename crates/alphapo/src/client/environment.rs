//! Where the API lives, and the HTTPS-only rule.

use std::net::IpAddr;

use url::{Host, Url};

use super::build_error::BuildError;

/// The environment variable naming the environment, as the `alphapo` command
/// line reads it (see [`Client::from_env`](crate::Client::from_env)).
///
/// ```
/// assert_eq!(alphapo::ENVIRONMENT_VARIABLE, "ALPHAPO_ENVIRONMENT");
/// ```
pub const ENVIRONMENT_VARIABLE: &str = "ALPHAPO_ENVIRONMENT";

/// The environment variable holding a custom base URL, as the `alphapo`
/// command line reads it (see [`Client::from_env`](crate::Client::from_env)).
///
/// ```
/// assert_eq!(alphapo::BASE_URL_VARIABLE, "ALPHAPO_BASE_URL");
/// ```
pub const BASE_URL_VARIABLE: &str = "ALPHAPO_BASE_URL";

/// The API host a client talks to.
///
/// The operation paths (`/api/v2/...`, `/api/payments/v1/...`) are added by
/// the client, so a base URL is a scheme, a host and an optional path prefix.
///
/// ```
/// use alphapo::Environment;
///
/// assert_eq!(Environment::AlphaPo.base_url(), "https://app.alphapo.net");
/// assert_eq!(Environment::CoinsPaidSandbox.base_url(), "https://app.sandbox.cryptoprocessing.com");
/// assert_eq!(Environment::Custom("https://proxy.example.com".into()).base_url(), "https://proxy.example.com");
/// ```
///
/// A URL converts into [`Environment::Custom`] from whatever holds it, a
/// `&str`, a `String` or a [`url::Url`], so
/// [`ClientBuilder::environment`](crate::ClientBuilder::environment) takes
/// each as it is:
///
/// ```
/// use alphapo::Environment;
///
/// let local = Environment::from("http://127.0.0.1:8080");
/// assert_eq!(local, Environment::Custom("http://127.0.0.1:8080".to_owned()));
/// let parsed: url::Url = "http://127.0.0.1:8080".parse()?;
/// assert_eq!(Environment::from(parsed).base_url(), "http://127.0.0.1:8080/");
/// # Ok::<(), url::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Environment {
    /// AlphaPo production, `https://app.alphapo.net`.
    #[default]
    AlphaPo,
    /// CoinsPaid production, `https://app.cryptoprocessing.com`.
    CoinsPaid,
    /// CoinsPaid sandbox, `https://app.sandbox.cryptoprocessing.com` (also
    /// used by AlphaPo integrations for testing; separate keys).
    CoinsPaidSandbox,
    /// Any other base URL: `https://` always, `http://` only for loopback
    /// addresses (local testing). Checked when the client is built.
    Custom(String),
}

impl From<&str> for Environment {
    fn from(url: &str) -> Self {
        Self::Custom(url.to_owned())
    }
}

impl From<String> for Environment {
    fn from(url: String) -> Self {
        Self::Custom(url)
    }
}

impl From<&String> for Environment {
    fn from(url: &String) -> Self {
        Self::Custom(url.clone())
    }
}

impl From<Url> for Environment {
    fn from(url: Url) -> Self {
        Self::Custom(url.into())
    }
}

impl From<&Url> for Environment {
    fn from(url: &Url) -> Self {
        Self::Custom(url.as_str().to_owned())
    }
}

impl Environment {
    /// The base URL, as given.
    ///
    /// ```
    /// assert_eq!(alphapo::Environment::CoinsPaid.base_url(), "https://app.cryptoprocessing.com");
    /// ```
    pub fn base_url(&self) -> &str {
        match self {
            Self::AlphaPo => "https://app.alphapo.net",
            Self::CoinsPaid => "https://app.cryptoprocessing.com",
            Self::CoinsPaidSandbox => "https://app.sandbox.cryptoprocessing.com",
            Self::Custom(url) => url,
        }
    }

    /// The environment named by the variables the `alphapo` command line
    /// reads: [`BASE_URL_VARIABLE`] (a [`Environment::Custom`] URL) wins over
    /// [`ENVIRONMENT_VARIABLE`] (`alphapo`, `coinspaid` or
    /// `coinspaid-sandbox`, also spelled `sandbox`); neither set is
    /// [`Environment::AlphaPo`].
    pub(crate) fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, BuildError> {
        if let Some(url) = lookup(BASE_URL_VARIABLE) {
            return Ok(Self::Custom(url));
        }
        match lookup(ENVIRONMENT_VARIABLE).as_deref() {
            None | Some("alphapo") => Ok(Self::AlphaPo),
            Some("coinspaid") => Ok(Self::CoinsPaid),
            Some("coinspaid-sandbox" | "sandbox") => Ok(Self::CoinsPaidSandbox),
            Some(other) => Err(BuildError::InvalidVariable {
                name: ENVIRONMENT_VARIABLE,
                reason: format!("`{other}` is not one of alphapo, coinspaid, coinspaid-sandbox"),
            }),
        }
    }

    /// The checked base URL, without a trailing slash.
    pub(crate) fn checked_base_url(&self) -> Result<String, BuildError> {
        let invalid = |reason: &str| BuildError::InvalidBaseUrl {
            reason: reason.to_owned(),
        };
        let url = Url::parse(self.base_url()).map_err(|error| invalid(&error.to_string()))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid("it must not carry credentials"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid("it must not have a query or a fragment"));
        }
        let host = url.host().ok_or_else(|| invalid("it has no host"))?;
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(&host) => {}
            "http" => {
                return Err(BuildError::InsecureBaseUrl {
                    host: host.to_string(),
                });
            }
            _ => return Err(invalid("the scheme must be https")),
        }
        Ok(url.as_str().trim_end_matches('/').to_owned())
    }
}

/// Whether a host is this machine.
fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(address) => IpAddr::V4(*address).is_loopback(),
        Host::Ipv6(address) => IpAddr::V6(*address).is_loopback(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(url: &str) -> Result<String, BuildError> {
        Environment::Custom(url.to_owned()).checked_base_url()
    }

    #[test]
    fn https_anywhere_http_only_on_loopback() {
        assert_eq!(
            check("https://example.com/").unwrap(),
            "https://example.com"
        );
        assert_eq!(
            check("https://example.com/prefix/").unwrap(),
            "https://example.com/prefix"
        );
        assert_eq!(
            check("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert!(check("http://[::1]:8080").is_ok());
        assert!(check("http://localhost:8080").is_ok());
        assert!(matches!(
            check("http://example.com"),
            Err(BuildError::InsecureBaseUrl { .. })
        ));
        assert!(matches!(
            check("http://10.0.0.1"),
            Err(BuildError::InsecureBaseUrl { .. })
        ));
        assert!(matches!(
            check("ftp://example.com"),
            Err(BuildError::InvalidBaseUrl { .. })
        ));
        assert!(matches!(
            check("not a url"),
            Err(BuildError::InvalidBaseUrl { .. })
        ));
        assert!(matches!(
            check("https://u:p@example.com"),
            Err(BuildError::InvalidBaseUrl { .. })
        ));
        assert!(matches!(
            check("https://example.com/?a=b"),
            Err(BuildError::InvalidBaseUrl { .. })
        ));
    }

    #[test]
    fn the_named_environments_are_valid() {
        for environment in [
            Environment::AlphaPo,
            Environment::CoinsPaid,
            Environment::CoinsPaidSandbox,
        ] {
            assert_eq!(
                environment.checked_base_url().unwrap(),
                environment.base_url()
            );
        }
    }
}

#[cfg(test)]
mod from_lookup_tests {
    use super::*;

    fn lookup<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        |name| {
            vars.iter()
                .find(|(found, _)| *found == name)
                .map(|(_, value)| (*value).to_owned())
        }
    }

    #[test]
    fn the_cli_names_select_the_environment() {
        for (value, expected) in [
            ("alphapo", Environment::AlphaPo),
            ("coinspaid", Environment::CoinsPaid),
            ("coinspaid-sandbox", Environment::CoinsPaidSandbox),
            ("sandbox", Environment::CoinsPaidSandbox),
        ] {
            let vars = [(ENVIRONMENT_VARIABLE, value)];
            assert_eq!(Environment::from_lookup(lookup(&vars)).ok(), Some(expected));
        }
        assert_eq!(
            Environment::from_lookup(lookup(&[])).ok(),
            Some(Environment::AlphaPo)
        );
    }

    #[test]
    fn a_base_url_wins_and_a_bad_name_is_named() {
        let vars = [
            (ENVIRONMENT_VARIABLE, "coinspaid"),
            (BASE_URL_VARIABLE, "http://127.0.0.1:1"),
        ];
        assert_eq!(
            Environment::from_lookup(lookup(&vars)).ok(),
            Some(Environment::Custom("http://127.0.0.1:1".into()))
        );
        let error =
            Environment::from_lookup(lookup(&[(ENVIRONMENT_VARIABLE, "prod")])).unwrap_err();
        assert!(error.to_string().contains("ALPHAPO_ENVIRONMENT"), "{error}");
    }
}
