//! [`Intent`]: the request a payout sends, one variant per operation the
//! spec marks `x-alphapo-moves-money` that sends a request body, made from
//! the operation table, with the facts the outbox follows
//! (`x-alphapo-reported-by`, `x-alphapo-found-by-foreign-id`).

use alphapo_gen::types;
use serde_json::Value;

use crate::arguments;
use crate::client::Client;
use crate::error::Error;
use crate::operation::Operation;

/// The `foreign_id` field of a request: required on most, optional on a
/// payment request (the outbox requires it on all).
trait ForeignIdField {
    fn get(&self) -> Option<&str>;
}

impl ForeignIdField for types::ForeignId {
    fn get(&self) -> Option<&str> {
        Some(self.as_str())
    }
}

impl ForeignIdField for Option<types::ForeignId> {
    fn get(&self) -> Option<&str> {
        self.as_deref().map(String::as_str)
    }
}

/// Defines [`Intent`] from the rows of the operation table that move money
/// and take a request body (its `foreign_id` is what makes a resend safe)
/// without path parameters (`invoices_cancel` changes an invoice, it sends
/// nothing). Collects those rows, then expands once.
macro_rules! payout_intents {
    (@collect [$($done:tt)*] {
        id: $id:ident,
        method: $method:ident,
        command: $command:ident,
        http: $http:ident,
        path: $path:literal,
        params: [],
        body: $kind:ident($request:ident, $example:literal),
        response: $response:ty,
        envelope: $envelope:ident,
        output: $output:ty,
        moves_money: true,
        reported_by: [$($reported_by:ident),*],
        found_by_foreign_id: $found_by_foreign_id:literal,
        signed: $signed:literal,
        $($rest:tt)*
    } $($more:tt)*) => {
        payout_intents! {
            @collect [$($done)* (
                $id, $method, $command, $kind, $request, $signed, $path,
                [$($reported_by),*], $found_by_foreign_id
            )] $($more)*
        }
    };
    (@collect [$($done:tt)*] { $($row:tt)* } $($more:tt)*) => {
        payout_intents! { @collect [$($done)*] $($more)* }
    };
    (@collect [$((
        $id:ident, $method:ident, $command:ident, $kind:ident, $request:ident, $signed:literal, $path:literal,
        [$($reported_by:ident),*], $found_by_foreign_id:literal
    ))*]) => {
        /// Whether a callback of `callback_type` reports the outcome of a
        /// payout sent by `operation` (`x-alphapo-reported-by` in the spec).
        pub(crate) fn reported_by(operation: &str, callback_type: &str) -> bool {
            match operation {
                $(stringify!($id) => [$(stringify!($reported_by)),*].contains(&callback_type),)*
                _ => false,
            }
        }

        /// Whether `transactions_info` finds what `operation` made by its
        /// `foreign_id` (`x-alphapo-found-by-foreign-id` in the spec): a
        /// payout in doubt is then looked up before it is sent again.
        pub(crate) fn found_by_foreign_id(operation: &str) -> bool {
            match operation {
                $(stringify!($id) => $found_by_foreign_id,)*
                _ => false,
            }
        }

        /// Which request a payout sends: one variant per operation that
        /// moves money (`x-alphapo-moves-money` in the spec) with a request
        /// body (`invoices_cancel`, which only changes an invoice, has
        /// none), each holding
        /// the request of that operation's [`Client`] method. Build it from
        /// the request with `into()`.
        ///
        /// ```
        /// use alphapo::payouts::Intent;
        /// use alphapo::types;
        ///
        /// let request = types::WithdrawalRequest::builder()
        ///     .currency("BTC")
        ///     .amount("0.01".parse::<alphapo::Amount>()?)
        ///     .address("tb1qfdxh6gkfr0qgyatnlkd8khcnxph9tw06n6qwjc")
        ///     .end_user_reference("customer-7")
        ///     .foreign_id("payout-1001");
        /// let intent: Intent = types::WithdrawalRequest::try_from(request)?.into();
        /// assert_eq!(intent.operation(), "withdrawal_crypto");
        /// assert_eq!(intent.foreign_id(), "payout-1001");
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum Intent {$(
            #[doc = concat!(
                "`", stringify!($id), "` (`POST ", $path, "`): sent by [`Client::",
                stringify!($method), "`].",
            )]
            $command(types::$request),
        )*}

        $(
            impl From<types::$request> for Intent {
                fn from(request: types::$request) -> Self {
                    Self::$command(request)
                }
            }
        )*

        impl Intent {
            /// The spec's operation id (`withdrawal_crypto`, ...), stored with
            /// the payout.
            ///
            /// ```
            /// # fn demo(intent: alphapo::payouts::Intent) {
            /// println!("{} {}", intent.operation(), intent.foreign_id());
            /// # }
            /// ```
            pub fn operation(&self) -> &'static str {
                match self {$(
                    Self::$command(_) => stringify!($id),
                )*}
            }

            /// The request's `foreign_id`: the payout's identity for life.
            /// Empty when the request has none (only a payment request may
            /// lack one; [`Outbox::enqueue`](super::Outbox::enqueue) refuses it).
            ///
            /// ```
            /// # fn demo(intent: alphapo::payouts::Intent) {
            /// assert!(!intent.foreign_id().is_empty());
            /// # }
            /// ```
            pub fn foreign_id(&self) -> &str {
                match self {$(
                    Self::$command(request) => ForeignIdField::get(&request.foreign_id).unwrap_or(""),
                )*}
            }

            /// The operation, as the client's argument checks and errors
            /// name it.
            fn operation_facts(&self) -> Operation {
                match self {$(
                    Self::$command(_) => Operation::new(stringify!($id), true, $signed),
                )*}
            }

            /// Runs the checks the client method runs before sending
            /// (the same [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument)
            /// errors), requires a `foreign_id`, and gives the exact JSON
            /// body to store.
            pub(crate) fn checked_body(&self) -> Result<String, Error> {
                let operation = self.operation_facts();
                let body = match self {$(
                    Self::$command(request) => {
                        payout_intents!(@check $kind, operation, $request, request)?;
                        serde_json::to_string(request)
                    }
                )*};
                if self.foreign_id().is_empty() {
                    return Err(Error::invalid_argument(
                        operation,
                        "foreign_id",
                        "is required for a payout: it is what makes a resend safe",
                    ));
                }
                body.map_err(|error| Error::invalid_argument(operation, "body", error.to_string()))
            }

            /// The intent of a stored row: its operation and exact body.
            pub(crate) fn from_stored(operation: &str, body: &str) -> Result<Self, String> {
                match operation {
                    $(stringify!($id) => serde_json::from_str::<types::$request>(body)
                        .map(Self::$command)
                        .map_err(|error| format!("the stored body does not parse: {error}")),)*
                    other => Err(format!("no money-moving operation `{other}` in this version")),
                }
            }

            /// Sends the request through the client's method (its checks,
            /// signing and safe retries); the answer as JSON.
            pub(crate) async fn send(&self, client: &Client) -> Result<Value, Error> {
                match self {$(
                    Self::$command(request) => client
                        .$method(request.clone())
                        .await
                        .map(|output| serde_json::to_value(output).unwrap_or(Value::Null)),
                )*}
            }
        }
    };
    (@check builder, $operation:expr, $request:ident, $value:expr) => {
        arguments::request::<_, types::$request>(
            $operation,
            types::builder::$request::from($value.clone()),
        )
        .map(drop)
    };
    (@check whole, $operation:expr, $request:ident, $value:expr) => {
        arguments::check($operation, $value)
    };
    ($($row:tt)*) => {
        payout_intents! { @collect [] $($row)* }
    };
}

alphapo_gen::for_each_operation!(payout_intents);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_payout_facts_come_from_the_spec() {
        assert!(reported_by("withdrawal_crypto", "withdrawal"));
        assert!(reported_by("withdrawal_crypto", "withdrawal_exchange"));
        assert!(!reported_by("withdrawal_crypto", "withdrawal_instant"));
        assert!(reported_by("withdrawal_instant", "withdrawal_instant"));
        assert!(reported_by(
            "withdrawal_instant_exchange",
            "withdrawal_instant_exchange"
        ));
        assert!(reported_by("exchange_now", "exchange"));
        assert!(reported_by("invoices_create", "invoice"));
        assert!(reported_by("payment_requests_create", "payment_request"));
        assert!(!reported_by("addresses_take", "deposit"));
        assert!(!reported_by("no_such_operation", "withdrawal"));

        for found in [
            "withdrawal_crypto",
            "withdrawal_instant",
            "withdrawal_instant_exchange",
            "exchange_fixed",
            "exchange_now",
        ] {
            assert!(found_by_foreign_id(found), "{found}");
        }
        for not_found in [
            "invoices_create",
            "payment_requests_create",
            "addresses_take",
        ] {
            assert!(!found_by_foreign_id(not_found), "{not_found}");
        }
    }
}
