//! `alphapo sandbox`: AlphaPo's API on 127.0.0.1, until Ctrl-C, with a live
//! log on stdout: one line per request it answers and per callback
//! delivery attempt.

use std::fmt::Write as _;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use alphapo_auth::Credentials;
use alphapo_sandbox::{Clock, Fault, Sandbox, SandboxConfig, SandboxEvent, control_routes};
use clap::Args;
use tokio::sync::broadcast;

use crate::console;
use crate::exit::Failure;
use crate::secret::SecretArg;

/// The key the sandbox accepts when none is given (local testing only).
pub const DEFAULT_API_KEY: &str = "sandbox-key";
/// The secret the sandbox accepts when none is given (local testing only;
/// it is published here, so it protects nothing).
pub const DEFAULT_SECRET: &str = "sandbox-secret";

/// How to run the sandbox. It holds a secret, so it has no `Debug`.
#[derive(Clone, Args)]
pub struct SandboxArgs {
    /// The port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Where to POST signed callbacks.
    #[arg(long, value_name = "URL")]
    pub callback_url: Option<url::Url>,
    /// Seconds a timer invoice waits for payment (AlphaPo: 900).
    #[arg(long, value_name = "SECONDS", default_value_t = 900)]
    pub invoice_ttl: u64,
    /// Milliseconds the simulated blockchain takes to confirm.
    #[arg(long, value_name = "MILLISECONDS", default_value_t = 2000)]
    pub confirmation_delay: u64,
    /// The API key clients must use (default: `sandbox-key`). Only this
    /// flag and its variable set it: `ALPHAPO_API_KEY` is never read here.
    #[arg(long, env = "ALPHAPO_SANDBOX_API_KEY", hide_env_values = true)]
    pub sandbox_api_key: Option<String>,
    /// The secret clients must sign with (default: `sandbox-secret`). Only
    /// this flag and its variable set it: `ALPHAPO_SECRET` is never read here.
    #[arg(long, env = "ALPHAPO_SANDBOX_SECRET", hide_env_values = true)]
    pub sandbox_secret: Option<SecretArg>,
    /// Also logs the successful reads of the sandbox's pages and control
    /// API (`GET /_sandbox/...`), which an open checkout page or dashboard
    /// polls every second or so; left out by default.
    #[arg(long)]
    pub log_reads: bool,
    /// Makes the sandbox fail on purpose (repeatable; the first armed
    /// fault that matches a call strikes it).
    #[arg(
        long = "fault",
        value_name = "TARGET=MODE[:ARG][,times=N][,rate=P]",
        long_help = FAULT_HELP
    )]
    pub faults: Vec<Fault>,
    /// The seed of the draws of faults armed with a rate: the same seed
    /// and sequence of calls strike the same calls.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub fault_seed: u64,
    /// Confirms each withdrawal by itself this many seconds (on the
    /// sandbox clock) after it is made, as the real API does; without it,
    /// withdrawals stay processing until confirmed over the control API.
    #[arg(long, value_name = "SECONDS")]
    pub confirm_withdrawals_after: Option<u64>,
    /// Stops the sandbox's clock at the current time: timers (confirmations,
    /// invoice and payment-request expiry, callback retries) then run only
    /// when the clock is advanced with `POST /_sandbox/clock/advance
    /// {"seconds": N}`.
    #[arg(long)]
    pub frozen_clock: bool,
}

/// `--fault`'s long help: the grammar and every mode.
const FAULT_HELP: &str = "\
Makes the sandbox fail on purpose (repeatable; the first armed fault that
matches a call strikes it). TARGET is an operationId of the spec
(invoices_create, withdrawal_crypto, ...), * for every API operation, or
callbacks. times=N strikes the next N calls (or callbacks) only; rate=P
strikes each matching call with probability P (0 < P <= 1), drawn from a
generator seeded by --fault-seed.

API modes (TARGET = operationId or *):
  5xx[:STATUS]        STATUS (default 503) with a load balancer's HTML page
  5xx-after-commit[:STATUS]
                      the call takes effect, then the same STATUS page
  429[:SECONDS]       429 with Retry-After: SECONDS (default 1)
  latency:MILLIS      answers MILLIS later (on the sandbox clock)
  drop-before-commit  closes the connection unanswered; nothing happens
  drop-after-commit   the call takes effect, then the connection closes
                      unanswered
Callback modes (TARGET = callbacks):
  fail-delivery[:N]   the first N attempts (default 1) of each callback count
                      as failed, so it is redelivered
  deliver-twice       each callback is sent twice, same body and signature
  out-of-order        a callback is held back until the next one has gone

Examples: --fault invoices_create=drop-after-commit,times=1
          --fault '*=5xx:502'  --fault callbacks=fail-delivery:2
          --fault withdrawal_crypto=drop-after-commit,rate=0.05 --fault-seed 7
Faults are also armed, listed and cleared at runtime with
POST/GET/DELETE /_sandbox/faults.";

impl SandboxArgs {
    fn config(&self) -> Result<SandboxConfig, Failure> {
        let credentials = Credentials::new(
            self.sandbox_api_key.as_deref().unwrap_or(DEFAULT_API_KEY),
            self.sandbox_secret
                .as_ref()
                .map_or(DEFAULT_SECRET, SecretArg::expose),
        )
        .map_err(|e| Failure::Usage(format!("invalid sandbox credentials: {e}")))?;
        let mut config = SandboxConfig::new(credentials);
        config.bind = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        config.callback_url = self.callback_url.clone();
        config.invoice_ttl = Duration::from_secs(self.invoice_ttl);
        config.confirmation_delay = Duration::from_millis(self.confirmation_delay);
        config.withdrawal_confirmation = self.confirm_withdrawals_after.map(Duration::from_secs);
        config.fault_seed = self.fault_seed;
        if self.frozen_clock {
            config.clock = Clock::frozen_at(Clock::system().unix_now());
        }
        Ok(config)
    }
}

/// The text after `alphapo sandbox --help`: the default credentials, the
/// callback retry schedule and the control routes.
pub fn help() -> String {
    format!(
        "Default credentials (public, for local testing only): API key `{DEFAULT_API_KEY}`, \
         secret `{DEFAULT_SECRET}`.\n\n{}\n{}\n\
         `alphapo trigger --help` lists the events POST /_sandbox/triggers/{{event}} takes.\n\
         The live log (stdout) has one line per request and per callback attempt; \
         it never shows a body, key or signature.",
        retries(),
        routes()
    )
}

/// The callback retry schedule, from the sandbox's own default.
fn retries() -> String {
    let schedule = alphapo_sandbox::RedeliverySchedule::default();
    let minutes: Vec<String> = schedule
        .waits
        .iter()
        .map(|wait| (wait.as_secs() / 60).to_string())
        .collect();
    format!(
        "Callbacks: each is delivered on its own course; one being retried delays no other.\n\
         A callback not answered with HTTP 200 is retried {} times (AlphaPo's schedule), after\n\
         {} minutes,\n\
         each wait counted from the attempt before, on the sandbox clock (with --frozen-clock,\n\
         POST /_sandbox/clock/advance sends a retry that came due at once).\n",
        schedule.retries(),
        minutes.join(", ")
    )
}

/// The control routes, one per line.
fn routes() -> String {
    let mut text = String::from("Control routes (no authentication; JSON bodies):\n");
    for route in control_routes() {
        let call = format!("{} {}", route.method, route.path);
        let body = route.body.unwrap_or("");
        // Writing to a String cannot fail.
        let _ = writeln!(text, "  {call:<46} {body:<22} {}", route.summary);
    }
    text
}

/// Serves until Ctrl-C, printing the live log.
pub async fn run(args: SandboxArgs) -> Result<(), Failure> {
    let config = args.config()?;
    let callbacks = config.callback_url.as_ref().map_or_else(
        || "recorded, not sent (no --callback-url); see GET /_sandbox/callbacks".to_owned(),
        |url| {
            format!(
                "signed and POSTed to {}",
                url.origin().ascii_serialization()
            )
        },
    );
    let sandbox = Sandbox::start(config)
        .await
        .map_err(|e| Failure::Local(format!("the sandbox could not start: {e}")))?;
    for fault in &args.faults {
        sandbox
            .inject(fault.clone())
            .map_err(|e| Failure::Usage(format!("--fault {fault}: {e}")))?;
    }
    let events = sandbox.events();
    console::err!("AlphaPo sandbox listening on {}", sandbox.base_url());
    // A key or secret the user set is theirs: it is not printed.
    if args.sandbox_api_key.is_some() {
        console::err!("  API key: the one you set (not shown)");
    } else {
        console::err!("  API key: {DEFAULT_API_KEY} (the documented public default)");
    }
    if args.sandbox_secret.is_some() {
        console::err!("  secret:  the one you set (not shown)");
    } else {
        console::err!("  secret:  {DEFAULT_SECRET} (the documented public default)");
    }
    console::err!("  callbacks: {callbacks}");
    console::err!("  dashboard: {}/_sandbox/", sandbox.base_url());
    for fault in &args.faults {
        console::err!("  fault armed: {fault}");
    }
    if args.frozen_clock {
        console::err!(
            "  the clock is frozen: POST {}/_sandbox/clock/advance {{\"seconds\": N}} moves it",
            sandbox.base_url()
        );
    }
    console::err!("{}", routes());
    console::err!(
        "Stop with Ctrl-C. The live log follows: API calls, control actions and callbacks{}.",
        if args.log_reads {
            ", and reads of the pages and control API"
        } else {
            " (--log-reads adds the pages' and control API's reads)"
        }
    );
    tokio::select! {
        stopped = tokio::signal::ctrl_c() => {
            stopped.map_err(|e| Failure::Local(format!("cannot wait for Ctrl-C: {e}")))?;
        }
        () = print_log(events, args.log_reads) => {}
    }
    sandbox.shutdown().await;
    Ok(())
}

/// Prints each event as a line on stdout, until the sandbox stops; the
/// reads of the pages and control API only with `log_reads`.
async fn print_log(mut events: broadcast::Receiver<SandboxEvent>, log_reads: bool) {
    loop {
        match events.recv().await {
            Ok(SandboxEvent::Request(request)) if !log_reads && request.is_sandbox_read() => {}
            Ok(event) => console::out!("{event}"),
            Err(broadcast::error::RecvError::Lagged(missed)) => {
                console::out!("{}", alphapo_sandbox::missed_line(missed));
            }
            Err(broadcast::error::RecvError::Closed) => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::SandboxArgs;

    #[derive(Parser)]
    struct Command {
        #[command(flatten)]
        args: SandboxArgs,
    }

    fn clock_of(args: &[&str]) -> String {
        let command = Command::try_parse_from(args).unwrap_or_else(|error| panic!("{error}"));
        let config = command
            .args
            .config()
            .unwrap_or_else(|error| panic!("{error}"));
        format!("{:?}", config.clock)
    }

    #[test]
    fn the_fault_seed_and_withdrawal_confirmation_reach_the_config() {
        let parse = |args: &[&str]| {
            let command = Command::try_parse_from(args).unwrap_or_else(|error| panic!("{error}"));
            command
                .args
                .config()
                .unwrap_or_else(|error| panic!("{error}"))
        };
        let config = parse(&[
            "sandbox",
            "--fault-seed",
            "7",
            "--confirm-withdrawals-after",
            "3",
        ]);
        assert_eq!(config.fault_seed, 7);
        assert_eq!(
            config.withdrawal_confirmation,
            Some(std::time::Duration::from_secs(3))
        );
        let config = parse(&["sandbox"]);
        assert_eq!(
            (config.fault_seed, config.withdrawal_confirmation),
            (0, None)
        );
    }

    #[test]
    fn the_frozen_clock_flag_freezes_the_sandbox_clock() {
        assert!(clock_of(&["sandbox", "--frozen-clock"]).contains("Frozen"));
        assert!(clock_of(&["sandbox"]).contains("System"));
    }
}
