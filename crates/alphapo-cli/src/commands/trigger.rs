//! `alphapo trigger <event>`: has a running `alphapo sandbox` create what an
//! outcome needs and drive it there (`POST /_sandbox/triggers/{event}`), and
//! prints what it did: the objects created and the callbacks caused, as
//! JSON. The events and their callbacks come from the sandbox's own table,
//! [`alphapo_sandbox::EVENTS`].

use std::time::Duration;

use alphapo_sandbox::{EVENTS, TriggerEvent, TriggerReport};
use clap::Args;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use serde_json::Value;
use url::Url;

use crate::exit::Failure;

/// How long the sandbox may take to answer.
const DEADLINE: Duration = Duration::from_secs(30);

/// What to trigger, and where.
#[derive(Debug, Clone, Args)]
pub struct TriggerArgs {
    /// The outcome to drive the sandbox to.
    #[arg(value_name = "EVENT", value_parser = events())]
    pub event: TriggerEvent,
    /// The running `alphapo sandbox`.
    #[arg(
        long,
        value_name = "URL",
        env = "ALPHAPO_SANDBOX_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub sandbox_url: Url,
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
    let url = args
        .sandbox_url
        .join(&format!("_sandbox/triggers/{}", args.event))
        .map_err(|e| Failure::Usage(format!("--sandbox-url {}: {e}", args.sandbox_url)))?;
    let client = reqwest::Client::builder()
        .timeout(DEADLINE)
        .build()
        .map_err(|e| Failure::Local(format!("cannot build an HTTP client: {e}")))?;
    let unreachable = |error: reqwest::Error| {
        Failure::Local(format!(
            "no sandbox answered at {}: {} (is `alphapo sandbox` running there?)",
            args.sandbox_url,
            causes(&error.without_url())
        ))
    };
    let response = client.post(url).send().await.map_err(unreachable)?;
    let status = response.status();
    let body: Value = response.json().await.map_err(unreachable)?;
    if !status.is_success() {
        let reason = body["error"].as_str().unwrap_or("no reason given");
        return Err(Failure::Local(format!(
            "the sandbox refused {}: {reason} (HTTP {status})",
            args.event
        )));
    }
    let report: TriggerReport = serde_json::from_value(body)
        .map_err(|e| Failure::Local(format!("the sandbox's answer is not a report: {e}")))?;
    serde_json::to_value(report).map_err(|e| Failure::Local(e.to_string()))
}

/// An error and its causes, `: `-separated.
fn causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}
