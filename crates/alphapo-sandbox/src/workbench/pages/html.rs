//! HTML building blocks: escaping, and the frame every page shares.

use std::fmt::{self, Display};

use axum::response::{IntoResponse, Response};
use http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, VARY};
use http::{HeaderValue, StatusCode};

/// Text made safe for HTML element content and quoted attribute values:
/// `&`, `<`, `>`, `"` and `'` become character references.
///
/// Every value that comes from a request (titles, descriptions, ids, URLs)
/// goes through it, so a title such as `<script>` shows as text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Escaped<'a>(pub &'a str);

impl Display for Escaped<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(position) = rest.find(['&', '<', '>', '"', '\'']) {
            formatter.write_str(&rest[..position])?;
            let reference = match rest.as_bytes()[position] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            };
            formatter.write_str(reference)?;
            rest = &rest[position + 1..];
        }
        formatter.write_str(rest)
    }
}

/// Shorthand for [`Escaped`].
pub(super) fn esc(text: &str) -> Escaped<'_> {
    Escaped(text)
}

/// Only the sandbox's own scripts, styles and JSON routes; no inline
/// script, no framing, no form posts elsewhere.
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; \
    frame-ancestors 'none'";

/// A whole page: `title` (escaped here), the page's script under
/// `/_sandbox/assets/` if it has one, `data` attributes for the script
/// (already escaped) and the body's HTML.
pub(super) fn page(title: &str, script: Option<&str>, data: &str, body: &str) -> Response {
    let script = script
        .map(|name| {
            format!(
                "<script src=\"/_sandbox/assets/{}\" defer></script>\n",
                esc(name)
            )
        })
        .unwrap_or_default();
    let html = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} - AlphaPo sandbox</title>\n\
         <link rel=\"stylesheet\" href=\"/_sandbox/assets/pages.css\">\n\
         {script}</head>\n<body{data}>\n{body}\n</body>\n</html>\n",
        title = esc(title),
    );
    (
        StatusCode::OK,
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (VARY, HeaderValue::from_static("Accept")),
            (CONTENT_SECURITY_POLICY, HeaderValue::from_static(POLICY)),
        ],
        html,
    )
        .into_response()
}

/// A page for an object that does not exist: 404, in HTML.
pub(super) fn not_found(what: &str) -> Response {
    let body = format!(
        "<main><h1>Not found</h1><p>{}</p><p><a href=\"/_sandbox/\">Dashboard</a></p></main>",
        esc(what)
    );
    let mut response = page("Not found", None, "", &body);
    *response.status_mut() = StatusCode::NOT_FOUND;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_special_character_is_escaped() {
        assert_eq!(
            esc(r#"<script>alert("x" & 'y')</script>"#).to_string(),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(esc("plain ünïcode").to_string(), "plain ünïcode");
    }
}
