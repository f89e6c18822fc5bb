//! `alphapo trigger <event>`: has a running `alphapo sandbox` create what an
//! outcome needs and drive it there (`POST /_sandbox/triggers/{event}`), and
//! prints what it did: the objects created and the callbacks caused, as
//! JSON. The events and their callbacks come from the sandbox's own table,
//! [`alphapo_sandbox::EVENTS`].
//!
//! When the sandbox sends callbacks (it has a `--callback-url`), trigger
//! waits for the first attempt of each callback it caused; if the receiver
//! refused every one (no 200), it exits 10 after printing the report.

use std::time::Duration;

use alphapo_sandbox::{EVENTS, TriggerEvent, TriggerReport};
use clap::Args;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use reqwest::Method;
use serde_json::Value;

use crate::console;
use crate::exit::Failure;
use crate::sandbox_api::SandboxUrl;

/// What to trigger, and where.
#[derive(Debug, Clone, Args)]
pub struct TriggerArgs {
    /// The outcome to drive the sandbox to.
    #[arg(value_name = "EVENT", value_parser = events())]
    pub event: TriggerEvent,
    /// Where the sandbox is.
    #[command(flatten)]
    pub sandbox: SandboxUrl,
}

/// The events as clap's possible values, each with what it does and the
/// callbacks it causes (shown by `--help`).
fn events() -> impl TypedValueParser<Value = TriggerEvent> {
    let values = EVENTS.iter().map(|definition| {
        let callbacks: Vec<String> = definition
            .callbacks
            .iter()
            .map(ToString::to_string)
            .collect();
        PossibleValue::new(definition.name).help(format!(
            "{}; callbacks: {}",
            definition.summary,
            callbacks.join(", ")
        ))
    });
    PossibleValuesParser::new(values).try_map(|name| name.parse::<TriggerEvent>())
}

/// How long trigger waits for the first attempts of its callbacks.
const DELIVERY_WAIT: Duration = Duration::from_secs(30);
/// How often it looks at the callback log meanwhile.
const DELIVERY_POLL: Duration = Duration::from_millis(50);

/// Runs the trigger; the sandbox's report, as JSON.
pub async fn run(args: TriggerArgs) -> Result<Value, Failure> {
    let before = delivery_ids(&args.sandbox.call(Method::GET, "_sandbox/callbacks").await?)
        .max()
        .unwrap_or(0);
    let body = args
        .sandbox
        .call(Method::POST, &format!("_sandbox/triggers/{}", args.event))
        .await?;
    let report: TriggerReport = serde_json::from_value(body)
        .map_err(|e| Failure::Local(format!("the sandbox's answer is not a report: {e}")))?;
    let report = serde_json::to_value(report).map_err(|e| Failure::Local(e.to_string()))?;
    let caused = report["callbacks"].as_array().map_or(0, Vec::len);
    if caused > 0 && every_delivery_refused(&args.sandbox, before, caused).await? {
        console::out!("{report:#}");
        return Err(Failure::Undelivered(format!(
            "the receiver refused every callback {} caused (no 200 on any first attempt): \
             see `alphapo callback list`; the sandbox retries them",
            args.event
        )));
    }
    Ok(report)
}

/// The ids of a callback log's deliveries.
fn delivery_ids(log: &Value) -> impl Iterator<Item = u64> + '_ {
    log.as_array()
        .into_iter()
        .flatten()
        .filter_map(|delivery| delivery["id"].as_u64())
}

/// Waits until each of the `caused` deliveries after id `before` made a
/// first attempt, was only recorded (no callback URL), or waits behind an
/// earlier one whose first attempt failed (the sandbox keeps an object's
/// callbacks in order); then says whether every attempt made was refused
/// (no 200). Bounded by [`DELIVERY_WAIT`]; past it nothing is known to be
/// refused.
async fn every_delivery_refused(
    sandbox: &SandboxUrl,
    before: u64,
    caused: usize,
) -> Result<bool, Failure> {
    let deadline = tokio::time::Instant::now() + DELIVERY_WAIT;
    loop {
        let log = sandbox.call(Method::GET, "_sandbox/callbacks").await?;
        let new: Vec<&Value> = log
            .as_array()
            .into_iter()
            .flatten()
            .filter(|delivery| delivery["id"].as_u64().is_some_and(|id| id > before))
            .take(caused)
            .collect();
        if new.iter().any(|delivery| delivery["outcome"] == "not_sent") {
            return Ok(false);
        }
        let first_attempts: Vec<Option<&Value>> = new
            .iter()
            .map(|delivery| delivery["attempts"].as_array().and_then(|a| a.first()))
            .collect();
        let refused = |attempt: &Value| attempt["status"] != 200 || !attempt["fault"].is_null();
        let blocked_from = first_attempts
            .iter()
            .position(|attempt| attempt.is_some_and(refused))
            .map_or(caused, |index| index + 1);
        let settled = new.len() == caused
            && first_attempts
                .iter()
                .take(blocked_from)
                .all(Option::is_some);
        if settled {
            return Ok(first_attempts
                .iter()
                .flatten()
                .all(|attempt| refused(attempt)));
        }
        if tokio::time::Instant::now() >= deadline {
            return Ok(false);
        }
        tokio::time::sleep(DELIVERY_POLL).await;
    }
}
