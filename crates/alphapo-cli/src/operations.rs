//! One subcommand per operation of the spec, each calling the SDK.

use alphapo::{Client, types};
use clap::Subcommand;
use serde::Serialize;
use serde_json::Value;

use crate::exit::Failure;
use crate::input::BodyArgs;

/// Declares the API subcommands: their names follow the spec's operationIds
/// (`invoices_create` is `invoices-create`), and each runs one SDK method.
macro_rules! api_commands {
    (
        without_body { $( $(#[$doc:meta])* $plain:ident => $plain_method:ident, )* }
        with_body { $( $(#[$body_doc:meta])* $variant:ident($request:ident) => $method:ident, )* }
    ) => {
        /// Calls to the AlphaPo API.
        #[derive(Debug, Subcommand)]
        pub enum ApiCommand {
            $( $(#[$doc])* $plain, )*
            $( $(#[$body_doc])* $variant(BodyArgs), )*
        }

        impl ApiCommand {
            /// Runs the call and returns its result as JSON.
            pub async fn run(&self, client: &Client) -> Result<Value, Failure> {
                match self {
                    $( Self::$plain => to_json(client.$plain_method().await?), )*
                    $( Self::$variant(body) => {
                        let request: types::$request = body.parse()?;
                        to_json(client.$method(request).await?)
                    } )*
                }
            }
        }
    };
}

api_commands! {
    without_body {
        /// Checks that the API is up (GET /api/v2/ping).
        Ping => ping_status,
        /// Lists the balances (POST /api/v2/accounts/list).
        AccountsList => list_accounts,
    }
    with_body {
        /// Lists currencies, minimums and fees (POST /api/v2/currencies/list).
        CurrenciesList(CurrenciesListRequest) => list_currencies,
        /// Lists exchangeable pairs (POST /api/v2/currencies/pairs).
        CurrenciesPairs(CurrencyPairsRequest) => list_currency_pairs,
        /// Lists pair rates (POST /api/v2/currencies/rates).
        CurrenciesRates(CurrencyPairsRequest) => list_currency_rates,
        /// Creates a deposit address (POST /api/v2/addresses/take).
        AddressesTake(AddressTakeRequest) => take_address,
        /// Sends crypto (POST /api/v2/withdrawal/crypto).
        WithdrawalCrypto(WithdrawalRequest) => withdraw_crypto,
        /// Quotes an exchange (POST /api/v2/exchange/calculate).
        ExchangeCalculate(ExchangeCalculateRequest) => calculate_exchange,
        /// Exchanges at a quoted price (POST /api/v2/exchange/fixed).
        ExchangeFixed(ExchangeFixedRequest) => exchange_fixed,
        /// Exchanges at the market price (POST /api/v2/exchange/now).
        ExchangeNow(ExchangeNowRequest) => exchange_now,
        /// Creates a hosted invoice (POST /api/v2/invoices/create).
        InvoicesCreate(InvoiceCreateRequest) => create_invoice,
        /// Looks up one transaction by id, foreign_id or txid (GET /api/v2/transactions/info).
        TransactionsInfo(TransactionInfoRequest) => transaction_info,
        /// Creates a payment request (POST /api/payments/v1/requests).
        PaymentRequestsCreate(PaymentRequestCreateRequest) => create_payment_request,
    }
}

impl ApiCommand {
    /// Whether the call is signed, so needs credentials: all but `ping`
    /// (`security: []` in the spec).
    pub fn signed(&self) -> bool {
        !matches!(self, Self::Ping)
    }
}

/// `ping` answers plain text; the CLI reports it as `{"status": "OK"}`.
trait PingStatus {
    async fn ping_status(&self) -> Result<Value, alphapo::Error>;
}

impl PingStatus for Client {
    async fn ping_status(&self) -> Result<Value, alphapo::Error> {
        self.ping().await?;
        Ok(serde_json::json!({ "status": "OK" }))
    }
}

fn to_json(value: impl Serialize) -> Result<Value, Failure> {
    serde_json::to_value(value).map_err(|e| Failure::Local(format!("cannot print the result: {e}")))
}
