//! Pages for people, served by the sandbox: the hosted checkout pages an
//! invoice's `url` and a payment request's `payment_link` open in a browser,
//! and the dashboard at `/_sandbox/`. Server-rendered HTML, escaped
//! throughout; the small scripts and the stylesheet are served from
//! `/_sandbox/assets/`, nothing is loaded from elsewhere.

mod assets;
mod checkout;
mod dashboard;

pub(crate) use dashboard::show as dashboard;
mod format;
mod html;
pub(crate) mod invoice;
pub(crate) mod payment_request;
mod qr;

use axum::Router;
use axum::routing::get;
use http::HeaderMap;
use http::header::ACCEPT;

use crate::workbench::state::Workbench;

/// Whether a request asked for a page: its `Accept` names `text/html`, as
/// every browser's does. API clients (`application/json`, or no `Accept`
/// at all) keep the JSON.
pub(crate) fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get_all(ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|range| {
            range
                .split(';')
                .next()
                .is_some_and(|media| media.trim().eq_ignore_ascii_case("text/html"))
        })
}

/// The routes of the pages' assets, and `/_sandbox` without its slash; the
/// dashboard, the checkout pages and their JSON are control routes (the
/// pages answer the `GET` routes of invoices and payment requests by
/// content negotiation).
pub(crate) fn routes() -> Router<Workbench> {
    Router::new()
        .route("/_sandbox", get(dashboard))
        .route("/_sandbox/assets/{name}", get(assets::serve))
}

#[cfg(test)]
mod tests {
    use http::HeaderValue;

    use super::*;

    fn accepting(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn browsers_get_pages_and_api_clients_json() {
        let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        assert!(wants_html(&accepting(browser)));
        assert!(wants_html(&accepting("TEXT/HTML; q=0.5")));
        assert!(!wants_html(&accepting("application/json")));
        assert!(!wants_html(&accepting("*/*")));
        assert!(!wants_html(&accepting("text/htmlx")));
        assert!(!wants_html(&HeaderMap::new()));
    }
}
