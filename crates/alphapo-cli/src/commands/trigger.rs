//! `alphapo trigger <event>`: has a running `alphapo sandbox` create what an
//! outcome needs and drive it there (`POST /_sandbox/triggers/{event}`), and
//! prints what it did: the objects created and the callbacks caused, as
//! JSON. The events and their callbacks come from the sandbox's own table,
//! [`alphapo_sandbox::EVENTS`].

use alphapo_sandbox::{EVENTS, TriggerEvent, TriggerReport};
use clap::Args;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use reqwest::Method;
use serde_json::Value;

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

/// Runs the trigger; the sandbox's report, as JSON.
pub async fn run(args: TriggerArgs) -> Result<Value, Failure> {
    let body = args
        .sandbox
        .call(Method::POST, &format!("_sandbox/triggers/{}", args.event))
        .await?;
    let report: TriggerReport = serde_json::from_value(body)
        .map_err(|e| Failure::Local(format!("the sandbox's answer is not a report: {e}")))?;
    serde_json::to_value(report).map_err(|e| Failure::Local(e.to_string()))
}
