//! Every endpoint answers with its documented status and a body that parses
//! into the generated type.

use alphapo_gen::types;
use http::StatusCode;

use crate::support::{
    self, amount, client, error_body, invoice_request, payment_currency, quote_request, start,
};

#[tokio::test]
async fn ping_answers_ok_without_auth() {
    let sandbox = start(support::config()).await;
    let response = reqwest::get(format!("{}/api/v2/ping", sandbox.base_url()))
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap_or_default(), "OK");
    // The generated client sends a signed `{}` with it; that works too.
    let signed = client(&sandbox).ping().send().await;
    assert_eq!(signed.map(|r| r.status()).ok(), Some(StatusCode::OK));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn reads_answer_200() {
    let sandbox = start(support::config()).await;
    let client = client(&sandbox);

    let accounts = client
        .accounts_list()
        .body(alphapo_gen::EmptyRequest)
        .send()
        .await;
    let accounts = accounts.unwrap_or_else(|error| panic!("accounts/list: {error}"));
    assert_eq!(accounts.status(), StatusCode::OK);
    let btc = accounts
        .data
        .iter()
        .find(|balance| balance.currency == "BTC");
    assert_eq!(
        btc.map(|b| b.balance.to_string()),
        Some("1.00000000".to_owned())
    );
    assert_eq!(
        accounts.data.len(),
        10,
        "every currency, zero balances included"
    );

    let currencies = client
        .currencies_list()
        .body(types::CurrenciesListRequest::builder().visible(alphapo_gen::Flag::from(true)))
        .send()
        .await
        .unwrap_or_else(|error| panic!("currencies/list: {error}"));
    assert_eq!(currencies.status(), StatusCode::OK);
    assert!(currencies.data.iter().any(|c| c.currency == "USDTT"));

    let pairs = client
        .currencies_pairs()
        .body(
            types::CurrencyPairsRequest::builder()
                .currency_from(Some("BTC".parse().unwrap_or_else(|e| panic!("{e}")))),
        )
        .send()
        .await
        .unwrap_or_else(|error| panic!("currencies/pairs: {error}"));
    assert_eq!(pairs.status(), StatusCode::OK);
    assert!(
        pairs
            .data
            .iter()
            .all(|pair| pair.currency_from.currency == "BTC")
    );
    assert!(
        pairs
            .data
            .iter()
            .any(|pair| pair.currency_to.currency == "EUR")
    );

    let rates = client
        .currencies_rates()
        .body(types::CurrencyPairsRequest::default())
        .send()
        .await
        .unwrap_or_else(|error| panic!("currencies/rates: {error}"));
    assert_eq!(rates.status(), StatusCode::OK);
    assert_eq!(rates.data.len(), 10 * 9);

    let quote = client
        .exchange_calculate()
        .body(quote_request())
        .send()
        .await
        .unwrap_or_else(|error| panic!("exchange/calculate: {error}"));
    assert_eq!(quote.status(), StatusCode::OK);
    assert_eq!(quote.data.fix_period, 60);
    assert_eq!(quote.data.ts_release - quote.data.ts_fixed, 60);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn creates_answer_201_and_info_finds_them() {
    let sandbox = start(support::config()).await;
    let client = client(&sandbox);

    let address = client
        .addresses_take()
        .body(
            types::AddressTakeRequest::builder()
                .currency("BTC")
                .foreign_id("user-1")
                .end_user_reference("user-1"),
        )
        .send()
        .await
        .unwrap_or_else(|error| panic!("addresses/take: {error}"));
    assert_eq!(address.status(), StatusCode::CREATED);
    assert!(address.data.address.starts_with("tb1q"));

    let withdrawal = client
        .withdrawal_crypto()
        .body(
            types::WithdrawalRequest::builder()
                .currency("BTC")
                .amount(Some(amount("0.01")))
                .address("tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc")
                .foreign_id("w-1")
                .end_user_reference("user-1"),
        )
        .send()
        .await
        .unwrap_or_else(|error| panic!("withdrawal/crypto: {error}"));
    assert_eq!(withdrawal.status(), StatusCode::CREATED);
    assert_eq!(withdrawal.data.status.as_str(), "processing");

    let quote = client
        .exchange_calculate()
        .body(quote_request())
        .send()
        .await
        .unwrap_or_else(|error| panic!("exchange/calculate: {error}"))
        .into_inner()
        .data;
    let fixed = client
        .exchange_fixed()
        .body(
            types::ExchangeFixedRequest::builder()
                .sender_currency("BTC")
                .receiver_currency("EUR")
                .sender_amount(Some(quote.sender_amount))
                .price(quote.price)
                .foreign_id("x-1"),
        )
        .send()
        .await
        .unwrap_or_else(|error| panic!("exchange/fixed: {error}"));
    assert_eq!(fixed.status(), StatusCode::CREATED);
    assert_eq!(fixed.data.receiver_amount, quote.receiver_amount);

    let now = client
        .exchange_now()
        .body(
            types::ExchangeNowRequest::builder()
                .sender_currency("EUR")
                .receiver_currency("BTC")
                .receiver_amount(Some(amount("0.01")))
                .foreign_id("x-2"),
        )
        .send()
        .await
        .unwrap_or_else(|error| panic!("exchange/now: {error}"));
    assert_eq!(now.status(), StatusCode::CREATED);

    let invoice = client
        .invoices_create()
        .body(
            invoice_request()
                .timer(true)
                .title("Order 1")
                .foreign_id("i-1")
                .end_user_reference("user-1")
                .sender_currency(Some("BTC".parse().unwrap_or_else(|e| panic!("{e}")))),
        )
        .send()
        .await
        .unwrap_or_else(|error| panic!("invoices/create: {error}"));
    assert_eq!(invoice.status(), StatusCode::CREATED);
    assert_eq!(invoice.data.status.as_str(), "pending");
    assert!(invoice.data.address.is_some() && invoice.data.sender_amount.is_some());

    let request = client
        .payment_requests_create()
        .body(
            types::PaymentRequestCreateRequest::builder()
                .amount(amount("25"))
                .currency(payment_currency("EUR", None)),
        )
        .send()
        .await
        .unwrap_or_else(|error| panic!("payment request: {error}"));
    assert_eq!(request.status(), StatusCode::CREATED);
    assert_eq!(request.data.status.as_str(), "created");

    for (lookup, expected) in [
        (
            types::TransactionInfoRequest::Id(withdrawal.data.id),
            withdrawal.data.id,
        ),
        (
            types::TransactionInfoRequest::ForeignId("w-1".into()),
            withdrawal.data.id,
        ),
        (
            types::TransactionInfoRequest::ForeignId("x-1".into()),
            fixed.data.id,
        ),
        (
            types::TransactionInfoRequest::Id(invoice.data.id),
            invoice.data.id,
        ),
    ] {
        let info = client
            .transactions_info()
            .body(lookup)
            .send()
            .await
            .unwrap_or_else(|error| panic!("transactions/info: {error}"));
        assert_eq!(info.status(), StatusCode::OK);
        let id = match info.into_inner() {
            types::TransactionInfoResponse::Callback(callback) => callback.id,
            types::TransactionInfoResponse::InfoEnvelope(envelope) => envelope.data.id,
        };
        assert_eq!(id, expected);
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn unknown_transactions_are_a_validation_error() {
    let sandbox = start(support::config()).await;
    let body = error_body(
        client(&sandbox)
            .transactions_info()
            .body(types::TransactionInfoRequest::Txid("nope".into()))
            .send()
            .await,
    );
    assert_eq!(body.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        body.errors.get("txid").map(String::as_str),
        Some("The selected txid is invalid.")
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn non_loopback_binds_are_refused() {
    let mut config = support::config();
    config.bind = "0.0.0.0:0".parse().unwrap_or_else(|e| panic!("{e}"));
    let error = alphapo_sandbox::Sandbox::start(config).await.err();
    assert!(matches!(
        error,
        Some(alphapo_sandbox::SandboxError::NonLoopbackBind(_))
    ));
}
