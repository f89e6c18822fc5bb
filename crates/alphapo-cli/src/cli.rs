//! The command line, as clap sees it.

use clap::{Parser, Subcommand};

use crate::commands::api::ApiCommand;
use crate::commands::callback::CallbackCommand;
use crate::commands::completions::CompletionsArgs;
use crate::commands::demo::DemoArgs;
use crate::commands::listen::ListenArgs;
use crate::commands::logs::LogsCommand;
use crate::commands::payouts::PayoutsArgs;
use crate::commands::sandbox::SandboxArgs;
use crate::commands::trigger::TriggerArgs;
use crate::connect::CredentialArgs;
use crate::exit::EXIT_CODES;

// The parsed command line holds secrets, so it has no `Debug`.
/// Call the AlphaPo API, sign bodies, verify callbacks, and run an offline
/// sandbox. Results are JSON on stdout; errors go to stderr.
///
/// The API commands take `--environment` or `--base-url` and the
/// credentials (`ALPHAPO_API_KEY`, `ALPHAPO_SECRET`); `alphapo <command>
/// --help` lists what each command takes.
#[derive(Parser)]
#[command(name = "alphapo", version, after_help = EXIT_CODES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

// No `Debug`: the API commands and `sandbox` hold secrets.
/// The subcommands.
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
        /// The credentials to sign with.
        #[command(flatten)]
        credentials: CredentialArgs,
    },
    /// Callback tools: verify one; list or resend a running sandbox's.
    #[command(subcommand, visible_alias = "callbacks")]
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
    /// A local callback receiver: verifies each callback, prints it with its
    /// settlement, answers 200 (401 for a bad signature), and forwards it
    /// unchanged with `--forward-to` (like `stripe listen`).
    Listen(ListenArgs),
    /// A running sandbox's live log.
    #[command(subcommand)]
    Logs(LogsCommand),
    /// Prints a shell completion script (e.g. `alphapo completions bash >
    /// ~/.local/share/bash-completion/completions/alphapo`).
    Completions(CompletionsArgs),
    /// What the payouts outbox holds (its database): `list` and `show`.
    Payouts(PayoutsArgs),
}
