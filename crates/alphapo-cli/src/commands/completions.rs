//! `alphapo completions <SHELL>`: the shell completion script, on stdout.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::cli::Cli;

/// Which shell.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in (bash, zsh, fish, powershell, elvish).
    #[arg(value_name = "SHELL")]
    pub shell: Shell,
}

/// Writes the script for `args.shell` to stdout.
pub fn run(args: &CompletionsArgs) {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "alphapo", &mut std::io::stdout());
}
