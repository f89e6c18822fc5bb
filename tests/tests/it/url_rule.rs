//! Redirect URLs must be HTTPS with a domain name: the generated types reject
//! `http://` and IP-address URLs before anything is sent.

use alphapo_auth::{Credentials, Signer};
use alphapo_gen::types::{self, RedirectUrl};
use alphapo_gen::{Client, Error};
use httpmock::MockServer;

#[test]
fn https_urls_with_a_domain_name_are_accepted() {
    for url in [
        "https://example.com/success",
        "https://shop.example.co.uk:8443/pay?order=1#done",
        "https://xn--bcher-kva.example/failed",
        "https://a.example/p;q/r?x=%20&y=a/b?c#frag/?",
    ] {
        assert!(RedirectUrl::try_from(url).is_ok(), "{url} was rejected");
    }
}

#[test]
fn plain_http_and_ip_addresses_are_rejected() {
    for url in [
        "http://example.com/success",
        "https://127.0.0.1/success",
        "https://10.0.0.1",
        "https://[::1]/success",
        "https://localhost/success",
        "ftp://example.com",
        "https://",
        "example.com",
        "https://exa mple.com",
        // Not URIs (RFC 3986): a bracket in the path, a second `#`, a bad
        // escape, a control character.
        "https://b.example/[",
        "https://a.example/#a#b",
        "https://a.example/%zz",
        "https://a.example/\u{3}",
    ] {
        assert!(RedirectUrl::try_from(url).is_err(), "{url} was accepted");
        let json = serde_json::to_string(url).expect("string");
        assert!(
            serde_json::from_str::<RedirectUrl>(&json).is_err(),
            "{url} deserialized"
        );
    }
}

#[tokio::test]
async fn an_invoice_with_a_bad_url_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let catch_all = server.mock(|_, then| {
        then.status(201);
    });
    let signer = Signer::new(&Credentials::new("key", "secret").expect("valid"));
    let client = Client::new(&server.base_url(), Some(signer));
    let mut example: serde_json::Value =
        alphapo_tests::spec::operations(&alphapo_tests::spec::load())
            .into_iter()
            .find(|op| op.id == "invoices_create")
            .and_then(|op| op.request_example)
            .expect("invoices_create example");
    example["url_success"] = "http://127.0.0.1/ok".into();
    // Typed construction fails on the field...
    assert!(serde_json::from_value::<types::InvoiceCreateRequest>(example.clone()).is_err());
    // ...and so does the builder path, before any byte leaves.
    let builder =
        types::builder::InvoiceCreateRequest::default().url_success("http://example.com/ok");
    let result = client.invoices_create().body(builder).send().await;
    assert!(
        matches!(result, Err(Error::InvalidRequest(_))),
        "{result:?}"
    );
    assert_eq!(catch_all.calls(), 0, "the server received a request");
}
