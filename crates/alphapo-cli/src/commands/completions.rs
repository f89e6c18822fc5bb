//! `alphapo completions <SHELL>`: the shell completion script, on stdout.

use clap::Args;
use clap_complete::Shell;

/// Which shell.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in (bash, zsh, fish, powershell, elvish).
    #[arg(value_name = "SHELL")]
    pub shell: Shell,
}

/// Writes the script that completes `command` (the whole `alphapo`
/// command line, from the caller) in `args.shell` to stdout.
pub fn run(args: &CompletionsArgs, mut command: clap::Command) {
    clap_complete::generate(args.shell, &mut command, "alphapo", &mut std::io::stdout());
}
