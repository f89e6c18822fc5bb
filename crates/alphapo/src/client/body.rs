//! Reading response bodies without trusting their size.

use reqwest::header::HeaderMap;

/// The most bytes of a body an error keeps (and reads, when the body is not
/// needed whole).
pub(crate) const EXCERPT_LIMIT: usize = 4 * 1024;

/// The most bytes read from a success body the generated client did not parse.
pub(crate) const SUCCESS_LIMIT: usize = 16 * 1024 * 1024;

/// Response headers that may carry a request id, most specific first.
const REQUEST_ID_HEADERS: [&str; 4] = ["x-request-id", "request-id", "x-amzn-requestid", "cf-ray"];

/// The longest request id kept.
const REQUEST_ID_LIMIT: usize = 128;

/// A body read up to a limit.
pub(crate) struct Bounded {
    /// The bytes read, at most the limit.
    pub(crate) bytes: Vec<u8>,
    /// Whether the body went on past the limit.
    pub(crate) exceeded: bool,
}

/// Reads at most `limit` bytes of `response`'s body and drops the rest.
pub(crate) async fn read_bounded(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Bounded, reqwest::Error> {
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        let room = limit - bytes.len();
        if chunk.len() > room {
            bytes.extend_from_slice(&chunk[..room]);
            return Ok(Bounded {
                bytes,
                exceeded: true,
            });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Bounded {
        bytes,
        exceeded: false,
    })
}

/// The first [`EXCERPT_LIMIT`] bytes of a body as text (invalid UTF-8 and a
/// character cut at the end are replaced by U+FFFD).
pub(crate) fn excerpt(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&bytes[..bytes.len().min(EXCERPT_LIMIT)]).into_owned()
}

/// The request id of a response, if one of the usual headers carries one.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    REQUEST_ID_HEADERS.iter().find_map(|name| {
        let value = headers.get(*name)?.to_str().ok()?;
        Some(value.chars().take(REQUEST_ID_LIMIT).collect())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_is_bounded_and_survives_a_cut_character() {
        let body = "é".repeat(EXCERPT_LIMIT);
        let text = excerpt(body.as_bytes());
        assert!(text.len() <= EXCERPT_LIMIT + 3);
        assert!(text.starts_with("éé"));
    }

    #[test]
    fn the_request_id_comes_from_the_first_known_header() {
        let mut headers = HeaderMap::new();
        headers.insert("cf-ray", "8a1b".parse().unwrap());
        assert_eq!(request_id(&headers).as_deref(), Some("8a1b"));
        headers.insert("x-request-id", "req-1".parse().unwrap());
        assert_eq!(request_id(&headers).as_deref(), Some("req-1"));
        assert_eq!(request_id(&HeaderMap::new()), None);
    }
}
