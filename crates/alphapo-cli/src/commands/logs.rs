//! `alphapo logs tail`: a running sandbox's live log in this terminal
//! (`GET /_sandbox/events`), so the sandbox need not share one with the
//! commands' JSON.

use clap::{Args, Subcommand};
use reqwest::Method;

use crate::console;
use crate::exit::Failure;
use crate::sandbox_api::SandboxUrl;

/// Live logs.
#[derive(Debug, Subcommand)]
pub enum LogsCommand {
    /// Prints a running sandbox's live log (one line per request and per
    /// callback attempt, never a body, key or signature) until Ctrl-C or
    /// the sandbox stops.
    Tail(TailArgs),
}

/// What to show, from where.
#[derive(Debug, Args)]
pub struct TailArgs {
    /// Also the successful reads of the sandbox's pages and control API.
    #[arg(long)]
    pub log_reads: bool,
    /// Where the sandbox is.
    #[command(flatten)]
    pub sandbox: SandboxUrl,
}

impl LogsCommand {
    /// Runs the subcommand.
    pub async fn run(&self) -> Result<(), Failure> {
        match self {
            LogsCommand::Tail(args) => tail(args).await,
        }
    }
}

async fn tail(args: &TailArgs) -> Result<(), Failure> {
    let path = if args.log_reads {
        "_sandbox/events?reads=true"
    } else {
        "_sandbox/events"
    };
    let mut response = args.sandbox.send(Method::GET, path, None).await?;
    if !response.status().is_success() {
        return Err(Failure::Local(format!(
            "{} has no live log (HTTP {}): is it an `alphapo sandbox` of this version?",
            args.sandbox.url,
            response.status()
        )));
    }
    console::err!(
        "attached to the live log of {} (Ctrl-C stops)",
        args.sandbox.url
    );
    let mut pending = Vec::new();
    loop {
        let chunk = tokio::select! {
            chunk = response.chunk() => chunk.map_err(|error| args.sandbox.unreachable(error))?,
            stopped = tokio::signal::ctrl_c() => {
                stopped.map_err(|e| Failure::Local(format!("cannot wait for Ctrl-C: {e}")))?;
                return Ok(());
            }
        };
        let Some(chunk) = chunk else {
            console::err!("the sandbox stopped");
            return Ok(());
        };
        pending.extend_from_slice(&chunk);
        while let Some(end) = pending.iter().position(|&byte| byte == b'\n') {
            let line: Vec<u8> = pending.drain(..=end).collect();
            console::out!("{}", String::from_utf8_lossy(&line[..end]));
        }
    }
}
