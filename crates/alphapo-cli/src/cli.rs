//! The command line, as clap sees it.

use clap::{Parser, Subcommand};

use crate::commands::api::ApiCommand;
use crate::commands::callback::CallbackCommand;
use crate::commands::demo::DemoArgs;
use crate::commands::payouts::PayoutsArgs;
use crate::commands::sandbox::SandboxArgs;
use crate::commands::trigger::TriggerArgs;
use crate::connect::{ConnectArgs, CredentialArgs};
use crate::exit::EXIT_CODES;

/// Call the AlphaPo API, sign bodies, verify callbacks, and run an offline
/// sandbox. Results are JSON on stdout; errors go to stderr.
///
/// It holds the secret, so it has no `Debug`.
#[derive(Parser)]
#[command(name = "alphapo", version, after_help = EXIT_CODES)]
pub struct Cli {
    /// Credentials.
    #[command(flatten)]
    pub credentials: CredentialArgs,
    /// Where to send calls.
    #[command(flatten)]
    pub connect: ConnectArgs,
    /// Shows the SDK's tracing spans on stderr (operation, attempts, status,
    /// timings; never a body, key or signature). `RUST_LOG` sets the filter
    /// instead.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands (no `Debug`: `sandbox` holds a secret).
#[derive(Subcommand)]
pub enum Command {
    /// API calls, one per operation of the spec.
    #[command(flatten)]
    Api(ApiCommand),
    /// Prints the `X-Processing-Key` and `X-Processing-Signature` headers for a body.
    Sign {
        /// The body to sign: inline text, `@FILE`, or `-` for stdin. Bytes are signed as is.
        #[arg(long, value_name = "TEXT|@FILE|-")]
        body: String,
    },
    /// Callback tools.
    #[command(subcommand)]
    Callback(CallbackCommand),
    /// Runs the offline sandbox: AlphaPo's API on 127.0.0.1, with state and callbacks.
    #[command(after_help = crate::sandbox::help())]
    Sandbox(SandboxArgs),
    /// Has a running sandbox create what an outcome needs and drive it there
    /// (like `stripe trigger`); prints the objects created and the callbacks caused.
    ///
    /// `--help` lists each event with the callbacks it causes.
    Trigger(TriggerArgs),
    /// The end-to-end demo: sandbox, invoice, payment, verified callbacks. Offline.
    Demo(DemoArgs),
    /// What the payouts outbox holds (its database): `list` and `show`.
    Payouts(PayoutsArgs),
}
