//! Every operation of the API as a method of [`Client`], generated from the
//! spec's operation table ([`alphapo_gen::for_each_operation!`]), and the
//! lookup that reconciles a money-moving call.

use alphapo_gen::types;

use super::handle::Client;
use crate::arguments;
use crate::error::Error;
use crate::operation::Operation;

/// Defines one [`Client`] method per row of the operation table: its
/// arguments follow from the path parameters (each a `&str`, checked into
/// its type and percent-encoded into the path) and the request body (none,
/// `{}`, a builder or a whole value), its doc comment from the spec, its
/// retries from `x-alphapo-moves-money`.
macro_rules! client_methods {
    ($({
        id: $id:ident,
        method: $method:ident,
        command: $command:ident,
        http: $http:ident,
        path: $path:literal,
        params: [$($param:ident: $param_type:ident),*],
        body: $body:ident $(($($body_args:tt)*))?,
        response: $response:ty,
        envelope: $envelope:ident,
        output: $output:ty,
        moves_money: $moves_money:tt,
        reported_by: [$($reported_by:ident),*],
        found_by_foreign_id: $found_by_foreign_id:literal,
        signed: $signed:literal,
        status: $status:ident,
        summary: $summary:literal,
        description: $description:literal,
    })*) => {
        impl Client {$(
            client_methods! {
                @method $method($id) -> $output,
                params: [$($param: $param_type),*],
                body: $body $(($($body_args)*))?,
                operation: Operation::new(stringify!($id), $moves_money, $signed),
                doc: [
                    concat!($summary, " (`", stringify!($id), "`, ", stringify!($http), " `", $path, "`)."),
                    "",
                    $description,
                    "",
                    client_methods!(@retries $moves_money),
                    $(
                        "",
                        concat!(
                            "`", stringify!($param), "` is checked against the spec's `",
                            stringify!($param_type), "` (refused before sending) and percent-encoded into the path.",
                        ),
                    )*
                ],
            }
        )*}
    };

    (@retries false) => {
        "Read-only: retried on connection failures, 429 and 502/503/504, within the \
         client's [`RetryPolicy`](crate::client::RetryPolicy)."
    };
    (@retries true) => {
        "Moves money or creates something: retried only when the request provably \
         had no effect (it never left, or was refused with 429). After an error that [may have been sent](Error::may_have_been_sent), \
         reconcile before sending again (withdrawals and exchanges: \
         [`Client::find_by_foreign_id`])."
    };

    (@path_params $operation:ident, [$($param:ident: $param_type:ident),*]) => {
        $(let $param = arguments::path_param::<types::$param_type>($operation, stringify!($param), $param)?;)*
    };

    (@example $method:ident, [$($param:ident),*]) => {
        client_methods!(@example_with "", [$($param),*], $method($($param),*))
    };
    (@example $method:ident, [$($param:ident),*], $request:ident, $example:literal) => {
        client_methods!(
            @example_with
            concat!("let request: alphapo::types::", stringify!($request), " = serde_json::from_str(r#\"", $example, "\"#)?;\n"),
            [$($param),*],
            $method($($param,)* request)
        )
    };
    (@example_with $request_line:expr, [$($param:ident),*], $method:ident($($argument:ident),*)) => {
        concat!(
            "```\n",
            "# async fn demo(client: alphapo::Client) -> Result<(), Box<dyn std::error::Error>> {\n",
            $request_line,
            $("let ", stringify!($param), " = \"", stringify!($param), "-1001\";\n",)*
            "let output = client.", stringify!($method), "(", stringify!($($argument),*), ").await?;\n",
            "println!(\"{output:?}\");\n",
            "# Ok(())\n",
            "# }\n",
            "```",
        )
    };

    (
        @method $method:ident($id:ident) -> $output:ty,
        params: [$($param:ident: $param_type:ident),*],
        body: none,
        operation: $operation:expr,
        doc: [$($doc:expr),* $(,)?],
    ) => {
        $(#[doc = $doc])*
        ///
        /// # Errors
        ///
        /// [`Error`] when the API cannot be reached or does not answer 2xx.
        ///
        #[doc = client_methods!(@example $method, [$($param),*])]
        pub async fn $method(&self, $($param: &str),*) -> Result<$output, Error> {
            const OPERATION: Operation = $operation;
            client_methods!(@path_params OPERATION, [$($param: $param_type),*]);
            self.execute(OPERATION, || self.inner.api.$id()$(.$param($param.clone()))*.send()).await
        }
    };
    (
        @method $method:ident($id:ident) -> $output:ty,
        params: [$($param:ident: $param_type:ident),*],
        body: empty($example:literal),
        operation: $operation:expr,
        doc: [$($doc:expr),* $(,)?],
    ) => {
        $(#[doc = $doc])*
        ///
        /// # Errors
        ///
        /// [`Error`] when the call fails; see [`Error::is_retryable`].
        ///
        #[doc = client_methods!(@example $method, [$($param),*])]
        pub async fn $method(&self, $($param: &str),*) -> Result<$output, Error> {
            const OPERATION: Operation = $operation;
            client_methods!(@path_params OPERATION, [$($param: $param_type),*]);
            self.execute(OPERATION, || {
                self.inner
                    .api
                    .$id()
                    $(.$param($param.clone()))*
                    .body(alphapo_gen::EmptyRequest)
                    .send()
            })
            .await
        }
    };
    (
        @method $method:ident($id:ident) -> $output:ty,
        params: [$($param:ident: $param_type:ident),*],
        body: builder($request:ident, $example:literal),
        operation: $operation:expr,
        doc: [$($doc:expr),* $(,)?],
    ) => {
        $(#[doc = $doc])*
        ///
        /// Takes the request's builder (or the request itself): every field
        /// is checked before anything is sent.
        ///
        /// # Errors
        ///
        /// [`Error`]: an argument is invalid (nothing is sent), or the call
        /// failed; see [`Error::may_have_been_sent`] and
        /// [`Error::is_retryable`].
        ///
        #[doc = client_methods!(@example $method, [$($param),*], $request, $example)]
        pub async fn $method(
            &self,
            $($param: &str,)*
            request: impl Into<types::builder::$request>,
        ) -> Result<$output, Error> {
            const OPERATION: Operation = $operation;
            client_methods!(@path_params OPERATION, [$($param: $param_type),*]);
            let body: types::$request = arguments::request(OPERATION, request.into())?;
            self.execute(OPERATION, || {
                self.inner.api.$id()$(.$param($param.clone()))*.body(body.clone()).send()
            })
            .await
        }
    };
    (
        @method $method:ident($id:ident) -> $output:ty,
        params: [$($param:ident: $param_type:ident),*],
        body: whole($request:ident, $example:literal),
        operation: $operation:expr,
        doc: [$($doc:expr),* $(,)?],
    ) => {
        $(#[doc = $doc])*
        ///
        /// # Errors
        ///
        /// [`Error`]: the argument is invalid (nothing is sent), or the call
        /// failed; see [`Error::may_have_been_sent`] and
        /// [`Error::is_retryable`].
        ///
        #[doc = client_methods!(@example $method, [$($param),*], $request, $example)]
        pub async fn $method(
            &self,
            $($param: &str,)*
            request: types::$request,
        ) -> Result<$output, Error> {
            const OPERATION: Operation = $operation;
            client_methods!(@path_params OPERATION, [$($param: $param_type),*]);
            arguments::check(OPERATION, &request)?;
            self.execute(OPERATION, || {
                self.inner.api.$id()$(.$param($param.clone()))*.body(request.clone()).send()
            })
            .await
        }
    };
}

alphapo_gen::for_each_operation!(client_methods);

impl Client {
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
