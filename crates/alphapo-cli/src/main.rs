//! The `alphapo` command.

mod api_failure;
mod cli;
mod commands;
mod connect;
mod console;
mod exit;
mod input;
mod sandbox_api;
mod schema;
mod secret;
mod verbose;

use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use serde_json::Value;

use crate::cli::{Cli, Command};
use crate::commands::{demo, sandbox, sign};
use crate::exit::Failure;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    verbose::install(match &cli.command {
        Command::Api(command) => command.call().verbose,
        _ => false,
    });
    match run(cli).await {
        Ok(Some(output)) => match serde_json::to_string_pretty(&output) {
            Ok(text) => {
                console::out!("{text}");
                ExitCode::SUCCESS
            }
            Err(error) => report(Failure::Local(format!("cannot print the result: {error}"))),
        },
        Ok(None) => ExitCode::SUCCESS,
        Err(failure) => report(failure),
    }
}

fn report(failure: Failure) -> ExitCode {
    console::err!("alphapo: {failure}");
    failure.exit_code()
}

/// Runs a command; `Some` output is printed as JSON.
async fn run(cli: Cli) -> Result<Option<Value>, Failure> {
    match cli.command {
        Command::Api(command) => {
            if let Some(example) = command.template() {
                // As the spec writes it: numbers keep their digits.
                console::out!("{example}");
                return Ok(None);
            }
            let client = command.call().client(command.signed())?;
            command.run(&client).await.map(Some)
        }
        Command::Sign { body, credentials } => {
            sign::run(&credentials.credentials()?, &body).map(Some)
        }
        Command::Callback(command) => command.run().await.map(Some),
        Command::Sandbox(args) => sandbox::run(args).await.map(|()| None),
        Command::Demo(args) => demo::run(args).await.map(|()| None),
        Command::Trigger(args) => commands::trigger::run(args).await.map(Some),
        Command::Listen(args) => commands::listen::run(args).await.map(|()| None),
        Command::Logs(command) => command.run().await.map(|()| None),
        Command::Completions(args) => {
            commands::completions::run(&args, Cli::command());
            Ok(None)
        }
        Command::Payouts(args) => commands::payouts::run(args).await.map(Some),
    }
}
