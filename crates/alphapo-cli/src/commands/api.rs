//! One subcommand per operation of the spec, each calling the SDK, generated
//! from the spec's operation table (`alphapo::for_each_operation!`). A body's
//! fields are in `--help` and its example in `--template`, both from the spec.

use alphapo::{Client, types};
use clap::{Args, Subcommand};
use serde::Serialize;
use serde_json::Value;

use crate::connect::CallArgs;
use crate::exit::Failure;
use crate::input::BodyArgs;
use crate::schema::help::field_help;

/// What `-h` adds for an operation with a body.
const BODY_HINT: &str =
    "--help lists the body fields and their rules; --template prints an example body.";

/// An operation's arguments: where and how to call, its path parameters,
/// then its body's.
#[derive(Clone, Args)]
pub struct Operation<P: Args, B: Args> {
    /// Credentials, environment, timeouts, tracing.
    #[command(flatten)]
    pub call: CallArgs,
    /// The path parameters (`--foreign-id`), for an operation that has some.
    #[command(flatten)]
    pub path: P,
    /// The request body, for an operation that takes one.
    #[command(flatten)]
    pub body: B,
}

/// The arguments of an operation that takes no request fields.
#[derive(Debug, Clone, Default, Args)]
pub struct NoBody {}

/// Declares the API subcommands: their names follow the spec's operationIds
/// (`invoices_create` is `invoices-create`), their help the spec's summary
/// and description, and each runs one SDK method.
macro_rules! api_commands {
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
        moves_money: $moves_money:literal,
        reported_by: [$($reported_by:ident),*],
        found_by_foreign_id: $found_by_foreign_id:literal,
        signed: $signed:literal,
        status: $status:ident,
        summary: $summary:literal,
        description: $description:literal,
    })*) => {
        /// The path parameters of each operation, as flags named like them
        /// (`foreign_id` is `--foreign-id`).
        pub mod path {$(
            #[doc = concat!("The path parameters of `", stringify!($id), "`.")]
            #[derive(Debug, Clone, clap::Args)]
            pub struct $command {$(
                #[arg(long, help = concat!("The `", stringify!($param), "` in the path ", $path, "."))]
                pub $param: String,
            )*}
        )*}

        // No `Debug`: each holds the secret.
        /// Calls to the AlphaPo API.
        #[derive(Subcommand)]
        pub enum ApiCommand {$(
            #[command(
                about = concat!($summary, " (", stringify!($http), " ", $path, ")."),
                long_about = concat!($summary, " (", stringify!($http), " ", $path, ").\n\n", $description),
                after_help = api_commands!(@hint $body),
                after_long_help = api_commands!(@fields $body $(($($body_args)*))?),
            )]
            $command(Operation<path::$command, api_commands!(@args $body)>),
        )*}

        impl ApiCommand {
            /// Runs the call and returns its result as JSON.
            pub async fn run(&self, client: &Client) -> Result<Value, Failure> {
                match self {$(
                    Self::$command(Operation { path, body: args, .. }) => {
                        let path::$command { $($param),* } = path;
                        tracing::info!(
                            method = stringify!($http),
                            url = %format_args!("{}{}", client.base_url(), $path),
                            "calling {}", stringify!($id),
                        );
                        let output = api_commands!(@call client($($param),*), args, $method, $body $(($($body_args)*))?);
                        api_commands!(@print $envelope, output)
                    }
                )*}
            }

            /// The spec's example body, when `--template` asks for it instead
            /// of a call.
            pub fn template(&self) -> Option<&'static str> {
                match self {$(
                    Self::$command(Operation { body: args, .. }) => api_commands!(@template args, $body $(($($body_args)*))?),
                )*}
            }

            /// Where and how to call.
            pub fn call(&self) -> &CallArgs {
                match self {$(
                    Self::$command(operation) => &operation.call,
                )*}
            }

            /// Whether the call is signed, so needs credentials: all but the
            /// operations the spec marks `security: []` (`ping`).
            pub fn signed(&self) -> bool {
                match self {$(
                    Self::$command(_) => $signed,
                )*}
            }
        }
    };

    (@args none) => { NoBody };
    (@args empty) => { NoBody };
    (@args builder) => { BodyArgs };
    (@args whole) => { BodyArgs };

    (@hint none) => { None::<&'static str> };
    (@hint empty) => { None::<&'static str> };
    (@hint $body:ident) => { BODY_HINT };

    (@fields none) => { None::<&'static str> };
    (@fields empty($example:literal)) => { field_help::<alphapo::EmptyRequest>() };
    (@fields $body:ident($request:ident, $example:literal)) => { field_help::<types::$request>() };

    (@template $args:ident, none) => {{
        let NoBody {} = $args;
        None
    }};
    (@template $args:ident, empty($example:literal)) => {{
        let NoBody {} = $args;
        None
    }};
    (@template $args:ident, $body:ident($request:ident, $example:literal)) => {
        $args.template.then_some($example)
    };

    (@call $client:ident($($param:ident),*), $args:ident, $method:ident, none) => {{
        let NoBody {} = $args;
        $client.$method($($param),*).await?
    }};
    (@call $client:ident($($param:ident),*), $args:ident, $method:ident, empty($example:literal)) => {{
        let NoBody {} = $args;
        $client.$method($($param),*).await?
    }};
    (@call $client:ident($($param:ident),*), $args:ident, $method:ident, builder($request:ident, $example:literal)) => {{
        let request: types::$request = $args.parse()?;
        $client.$method($($param,)* request).await?
    }};
    (@call $client:ident($($param:ident),*), $args:ident, $method:ident, whole($request:ident, $example:literal)) => {{
        let request: types::$request = $args.parse()?;
        $client.$method($($param,)* request).await?
    }};

    // A body that is not JSON (`ping`'s `OK`) is reported as `{"status": "OK"}`.
    (@print none, $output:ident) => {{
        let () = $output;
        Ok(serde_json::json!({ "status": "OK" }))
    }};
    (@print data, $output:ident) => { to_json($output) };
    // A JSON body that carries nothing (`invoices_cancel`'s `[]`) is shown
    // as the API sent it.
    (@print empty, $output:ident) => {{
        let () = $output;
        Ok(serde_json::json!([]))
    }};
    (@print data_or_bare, $output:ident) => { to_json($output) };
}

alphapo::for_each_operation!(api_commands);

fn to_json(value: impl Serialize) -> Result<Value, Failure> {
    serde_json::to_value(value).map_err(|e| Failure::Local(format!("cannot print the result: {e}")))
}
