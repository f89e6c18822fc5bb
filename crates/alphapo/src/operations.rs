//! Every operation of the API as a method of [`Client`].

use alphapo_gen::types;

use crate::arguments;
use crate::retry::{Idempotency, Operation};
use crate::{Client, Error};

/// The operations that only read.
const fn read_only(id: &'static str) -> Operation {
    Operation {
        id,
        idempotency: Idempotency::ReadOnly,
        signed: true,
    }
}

/// The operations that move money or create something.
const fn money_moving(id: &'static str) -> Operation {
    Operation {
        id,
        idempotency: Idempotency::MoneyMoving,
        signed: true,
    }
}

/// `ping` needs no authentication (`security: []`): it is sent without a
/// body or signature, so a client without credentials can send it.
const PING: Operation = Operation {
    signed: false,
    ..read_only("ping")
};
const ACCOUNTS_LIST: Operation = read_only("accounts_list");
const TRANSACTIONS_INFO: Operation = read_only("transactions_info");

/// Defines the methods that take a request body built with the generated
/// request type or its builder.
macro_rules! operations {
    ($(
        $(#[$doc:meta])*
        $method:ident($body:ident) -> $output:ty = $kind:ident($id:ident);
    )+) => {
        impl Client {$(
            $(#[$doc])*
            ///
            /// # Errors
            ///
            /// [`Error`]: an argument is invalid (nothing is sent), or the
            /// call failed; see [`Error::may_have_been_sent`] and
            /// [`Error::is_retryable`].
            pub async fn $method(
                &self,
                request: impl Into<types::builder::$body>,
            ) -> Result<$output, Error> {
                const OPERATION: Operation = $kind(stringify!($id));
                let body: types::$body = arguments::request(OPERATION, request.into())?;
                self.execute(OPERATION, || self.inner.api.$id().body(body.clone()).send())
                    .await
            }
        )+}
    };
}

operations! {
    /// Lists the account's currencies with minimums and fees
    /// (`currencies_list`; read-only, retried).
    ///
    /// ```
    /// # async fn demo(client: alphapo::Client) -> Result<(), alphapo::Error> {
    /// let enabled = client
    ///     .list_currencies(alphapo::types::CurrenciesListRequest::builder().visible(alphapo::Flag::from(true)))
    ///     .await?;
    /// for currency in enabled {
    ///     println!("{} min {}", currency.currency, currency.minimum_amount);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    list_currencies(CurrenciesListRequest) -> Vec<types::Currency> = read_only(currencies_list);

    /// Lists exchangeable pairs with reference rates and minimums
    /// (`currencies_pairs`; read-only, retried).
    ///
    /// ```
    /// # async fn demo(client: alphapo::Client) -> Result<(), alphapo::Error> {
    /// let pairs = client
    ///     .list_currency_pairs(
    ///         alphapo::types::CurrencyPairsRequest::builder()
    ///             .currency_from(Some("BTC".parse().expect("a currency code"))),
    ///     )
    ///     .await?;
    /// # let _ = pairs;
    /// # Ok(())
    /// # }
    /// ```
    list_currency_pairs(CurrencyPairsRequest) -> Vec<types::CurrencyPair> = read_only(currencies_pairs);

    /// Lists currency pairs with reference rates (`currencies_rates`;
    /// read-only, retried).
    ///
    /// ```
    /// # async fn demo(client: alphapo::Client) -> Result<(), alphapo::Error> {
    /// let rates = client.list_currency_rates(alphapo::types::CurrencyPairsRequest::default()).await?;
    /// # let _ = rates;
    /// # Ok(())
    /// # }
    /// ```
    list_currency_rates(CurrencyPairsRequest) -> Vec<types::CurrencyPair> = read_only(currencies_rates);

    /// Creates (or returns) a deposit address for a customer
    /// (`addresses_take`; retried only when the request never left).
    ///
    /// ```
    /// # async fn demo(client: alphapo::Client) -> Result<(), alphapo::Error> {
    /// let address = client
    ///     .take_address(
    ///         alphapo::types::AddressTakeRequest::builder()
    ///             .currency("BTC")
    ///             .foreign_id("customer-42")
    ///             .end_user_reference("customer-42"),
    ///     )
    ///     .await?;
    /// println!("pay to {}", address.address);
    /// # Ok(())
    /// # }
    /// ```
    take_address(AddressTakeRequest) -> types::Address = money_moving(addresses_take);

    /// Withdraws crypto (`withdrawal_crypto`; retried only when the request
    /// never left). Give exactly one of `amount` and `amount_to`, greater
    /// than zero. `foreign_id` must be unique: after an error that
    /// [may have been sent](Error::may_have_been_sent), look the withdrawal up
    /// with [`Client::find_by_foreign_id`] before retrying with the same id.
    ///
    /// ```
    /// # async fn demo(client: alphapo::Client) -> Result<(), alphapo::Error> {
    /// let withdrawal = client
    ///     .withdraw_crypto(
    ///         alphapo::types::WithdrawalRequest::builder()
    ///             .currency("BTC")
    ///             .amount(Some("0.01".parse().expect("a decimal")))
    ///             .address("bc1qexampleaddress")
    ///             .foreign_id("payout-1001")
    ///             .end_user_reference("customer-42"),
    ///     )
    ///     .await?;
    /// println!("withdrawal {} is {}", withdrawal.id, withdrawal.status.as_str());
    /// # Ok(())
    /// # }
    /// ```
    withdraw_crypto(WithdrawalRequest) -> types::Withdrawal = money_moving(withdrawal_crypto);

    /// Quotes an exchange (`exchange_calculate`; read-only, retried, rate
    /// limited to 30 calls a minute). Give exactly one of `sender_amount` and
    /// `receiver_amount`, greater than zero.
    ///
    /// ```
    /// # async fn demo(client: alphapo::Client) -> Result<(), alphapo::Error> {
    /// let quote = client
    ///     .calculate_exchange(
    ///         alphapo::types::ExchangeCalculateRequest::builder()
    ///             .sender_currency("BTC")
    ///             .receiver_currency("EUR")
    ///             .sender_amount(Some("0.01".parse().expect("a decimal"))),
    ///     )
    ///     .await?;
    /// println!("price {} until {}", quote.price, quote.ts_release);
    /// # Ok(())
    /// # }
    /// ```
    calculate_exchange(ExchangeCalculateRequest) -> types::ExchangeQuote = read_only(exchange_calculate);

    /// Exchanges at a quoted price (`exchange_fixed`; retried only when the
    /// request never left).
    ///
    /// ```
    /// # async fn demo(client: alphapo::Client, quote: alphapo::types::ExchangeQuote) -> Result<(), alphapo::Error> {
    /// let exchange = client
    ///     .exchange_fixed(
    ///         alphapo::types::ExchangeFixedRequest::builder()
    ///             .sender_currency("BTC")
    ///             .receiver_currency("EUR")
    ///             .sender_amount(Some(quote.sender_amount))
    ///             .price(quote.price)
    ///             .foreign_id("exchange-7"),
    ///     )
    ///     .await?;
    /// # let _ = exchange;
    /// # Ok(())
    /// # }
    /// ```
    exchange_fixed(ExchangeFixedRequest) -> types::Exchange = money_moving(exchange_fixed);

    /// Exchanges at the market rate (`exchange_now`; retried only when the
    /// request never left).
    ///
    /// ```
    /// # async fn demo(client: alphapo::Client) -> Result<(), alphapo::Error> {
    /// let exchange = client
    ///     .exchange_now(
    ///         alphapo::types::ExchangeNowRequest::builder()
    ///             .sender_currency("BTC")
    ///             .receiver_currency("EUR")
    ///             .receiver_amount(Some("250".parse().expect("a decimal")))
    ///             .foreign_id("exchange-8"),
    ///     )
    ///     .await?;
    /// # let _ = exchange;
    /// # Ok(())
    /// # }
    /// ```
    exchange_now(ExchangeNowRequest) -> types::Exchange = money_moving(exchange_now);

    /// Creates a hosted invoice (`invoices_create`; retried only when the
    /// request never left). Title 1-50 characters, description up to 1000,
    /// redirect URLs `https://` on a domain name, amount greater than zero.
    ///
    /// ```
    /// # async fn demo(client: alphapo::Client) -> Result<(), alphapo::Error> {
    /// let invoice = client
    ///     .create_invoice(
    ///         alphapo::types::InvoiceCreateRequest::builder()
    ///             .timer(false)
    ///             .title("Order 1001")
    ///             .currency("EUR")
    ///             .amount("100.00".parse::<alphapo::Amount>().expect("a decimal"))
    ///             .foreign_id("order-1001")
    ///             .end_user_reference("customer-42")
    ///             .url_success("https://shop.example.com/paid")
    ///             .url_failed("https://shop.example.com/failed"),
    ///     )
    ///     .await?;
    /// println!("send the payer to {}", invoice.url);
    /// # Ok(())
    /// # }
    /// ```
    create_invoice(InvoiceCreateRequest) -> types::Invoice = money_moving(invoices_create);

    /// Creates a payment request, the newer hosted checkout
    /// (`payment_requests_create`; retried only when the request never left).
    ///
    /// ```
    /// # async fn demo(client: alphapo::Client) -> Result<(), alphapo::Error> {
    /// let request = client
    ///     .create_payment_request(
    ///         alphapo::types::PaymentRequestCreateRequest::builder()
    ///             .amount("25".parse::<alphapo::Amount>().expect("a decimal"))
    ///             .currency(alphapo::types::PaymentCurrency {
    ///                 iso: "EUR".into(),
    ///                 network_name: None,
    ///             })
    ///             .foreign_id(Some("request-9".try_into().expect("a valid id"))),
    ///     )
    ///     .await?;
    /// println!("{:?}", request.payment_link);
    /// # Ok(())
    /// # }
    /// ```
    create_payment_request(PaymentRequestCreateRequest) -> types::PaymentRequest = money_moving(payment_requests_create);
}

impl Client {
    /// Checks that the API is up (`ping`; read-only, retried). Any 2xx
    /// answer is success.
    ///
    /// # Errors
    ///
    /// [`Error`] when the API cannot be reached or does not answer 2xx.
    ///
    /// ```
    /// # async fn demo(client: alphapo::Client) -> Result<(), alphapo::Error> {
    /// client.ping().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn ping(&self) -> Result<(), Error> {
        self.execute(PING, || self.inner.api.ping().send()).await
    }

    /// Lists the merchant's balances, zero balances included
    /// (`accounts_list`; read-only, retried).
    ///
    /// # Errors
    ///
    /// [`Error`] when the call fails.
    ///
    /// ```
    /// # async fn demo(client: alphapo::Client) -> Result<(), alphapo::Error> {
    /// for balance in client.list_accounts().await? {
    ///     println!("{} {}", balance.balance, balance.currency);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn list_accounts(&self) -> Result<Vec<types::Balance>, Error> {
        self.execute(ACCOUNTS_LIST, || {
            self.inner
                .api
                .accounts_list()
                .body(alphapo_gen::EmptyRequest)
                .send()
        })
        .await
    }

    /// Looks one transaction up by `id`, `foreign_id` or `txid`
    /// (`transactions_info`; read-only, retried). Both documented response
    /// shapes (with and without the `data` wrapper) come back as the
    /// callback-shaped record.
    ///
    /// # Errors
    ///
    /// [`Error`] when the argument is invalid or the call fails.
    ///
    /// ```
    /// # async fn demo(client: alphapo::Client) -> Result<(), alphapo::Error> {
    /// let transaction = client
    ///     .transaction_info(alphapo::types::TransactionInfoRequest::Id(134702815))
    ///     .await?;
    /// println!("{} is {}", transaction.id, transaction.status.as_str());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn transaction_info(
        &self,
        request: types::TransactionInfoRequest,
    ) -> Result<types::TransactionCallback, Error> {
        arguments::check(TRANSACTIONS_INFO, &request)?;
        self.execute(TRANSACTIONS_INFO, || {
            self.inner
                .api
                .transactions_info()
                .body(request.clone())
                .send()
        })
        .await
    }

    /// Finds a withdrawal (or exchange) by the `foreign_id` it was created
    /// with: the way to reconcile after an error that
    /// [may have been sent](Error::may_have_been_sent).
    ///
    /// AlphaPo keeps `foreign_id` unique per withdrawal, exchange and
    /// invoice, so the recovery is:
    ///
    /// 1. the lookup succeeds: the operation went through; use the record
    ///    (its final state still arrives by callback);
    /// 2. the lookup fails with a client error (not found): the operation did
    ///    not happen; send it again with the SAME `foreign_id` (a duplicate
    ///    would be rejected, so this cannot move money twice);
    /// 3. the lookup itself cannot complete: try again later.
    ///
    /// The documentation says lookups by `foreign_id` work for withdrawals
    /// (deposits are looked up by `id`); invoices report through callbacks.
    ///
    /// # Errors
    ///
    /// [`Error`] when the id is invalid or the lookup fails.
    ///
    /// ```
    /// # async fn demo(client: alphapo::Client) -> Result<(), alphapo::Error> {
    /// let withdrawal = client.find_by_foreign_id("payout-1001").await?;
    /// println!("payout-1001 is {}", withdrawal.status.as_str());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn find_by_foreign_id(
        &self,
        foreign_id: &str,
    ) -> Result<types::TransactionCallback, Error> {
        self.transaction_info(types::TransactionInfoRequest::ForeignId(
            foreign_id.to_owned(),
        ))
        .await
    }
}
