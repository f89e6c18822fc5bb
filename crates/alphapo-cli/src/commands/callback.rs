//! `alphapo callback` (also `callbacks`): `verify` takes headers and a body
//! and gives a verified typed callback (or a clear rejection); `list` and
//! `resend` are the sandbox dashboard's callback log and Resend button.

use alphapo::callbacks::{Money, Settlement, VerifiedCallback};
use alphapo_auth::{Credentials, Verifier};
use clap::{Args, Subcommand};
use http::{HeaderMap, HeaderValue};
use reqwest::Method;
use serde_json::{Value, json};

use crate::connect::CredentialArgs;
use crate::exit::Failure;
use crate::input::read_source;
use crate::sandbox_api::SandboxUrl;

// No `Debug`: it holds the secret.
/// Callback tools.
#[derive(Subcommand)]
pub enum CallbackCommand {
    /// Verifies a callback (key and signature over the raw body), then parses it.
    Verify(VerifyArgs),
    /// Lists a running sandbox's callback deliveries, each with its payload,
    /// attempts and outcome (`GET /_sandbox/callbacks`).
    List(SandboxUrl),
    /// Has a running sandbox send a delivery again, as a new delivery with
    /// the same body and signature (`POST /_sandbox/callbacks/{id}/resend`).
    Resend(ResendArgs),
}

/// Which delivery to send again.
#[derive(Debug, Args)]
pub struct ResendArgs {
    /// The delivery's id, as `alphapo callback list` shows it.
    #[arg(value_name = "ID")]
    pub id: u64,
    /// Where the sandbox is.
    #[command(flatten)]
    pub sandbox: SandboxUrl,
}

// No `Debug`: it holds the secret.
/// What a callback request carried, and the credentials to verify it with.
#[derive(Args)]
pub struct VerifyArgs {
    /// The `X-Processing-Key` header value received.
    #[arg(long, value_name = "KEY")]
    pub key_header: Option<String>,
    /// The `X-Processing-Signature` header value received.
    #[arg(long, value_name = "HEX")]
    pub signature_header: Option<String>,
    /// The raw body: inline text, `@FILE`, or `-` for stdin. Bytes are used as is.
    #[arg(long, value_name = "TEXT|@FILE|-")]
    pub body: String,
    /// The credentials the callback was signed with.
    #[command(flatten)]
    pub credentials: CredentialArgs,
}

impl CallbackCommand {
    /// Runs the subcommand.
    pub async fn run(&self) -> Result<Value, Failure> {
        match self {
            CallbackCommand::Verify(args) => verify(&args.credentials.credentials()?, args),
            CallbackCommand::List(sandbox) => list(sandbox).await,
            CallbackCommand::Resend(args) => {
                let path = format!("_sandbox/callbacks/{}/resend", args.id);
                args.sandbox.call(Method::POST, &path).await
            }
        }
    }
}

/// The deliveries without the signed body and its signature: the payload
/// says the same, and a signature is not for printing.
async fn list(sandbox: &SandboxUrl) -> Result<Value, Failure> {
    let mut deliveries = sandbox.call(Method::GET, "_sandbox/callbacks").await?;
    for delivery in deliveries.as_array_mut().into_iter().flatten() {
        if let Some(delivery) = delivery.as_object_mut() {
            delivery.remove("body");
            delivery.remove("signature");
        }
    }
    Ok(deliveries)
}

fn verify(credentials: &Credentials, args: &VerifyArgs) -> Result<Value, Failure> {
    let body = read_source(&args.body)?;
    let mut headers = HeaderMap::new();
    for (name, value) in [
        (alphapo_auth::KEY_HEADER, &args.key_header),
        (alphapo_auth::SIGNATURE_HEADER, &args.signature_header),
    ] {
        if let Some(value) = value {
            let value = HeaderValue::from_str(value)
                .map_err(|_| Failure::Usage(format!("{name} is not a valid header value")))?;
            headers.insert(name, value);
        }
    }
    let verified =
        VerifiedCallback::verify(&Verifier::new(credentials), &headers, body.into_bytes())?;
    Ok(verified_json(&verified))
}

/// A verified callback as `callback verify` and `listen` print it: its
/// type, status, whether it is final and confirmed, its dedup key, the
/// settlement and the callback itself.
pub fn verified_json(verified: &VerifiedCallback) -> Value {
    let callback = verified.callback();
    json!({
        "verified": true,
        "type": callback.callback_type().as_str(),
        "status": callback.status(),
        "final": callback.is_final(),
        "confirmed": callback.is_confirmed(),
        "dedup_key": callback.dedup_key().map(|key| key.to_string()),
        "settlement": settlement_json(callback.settlement()),
        "callback": callback,
    })
}

/// The settlement with its direction spelled out: `{"incoming": ..}`,
/// `{"outgoing": ..}`, both for an exchange, or `null` when no money moved
/// (not confirmed yet, cancelled, failed, an instalment, an unknown type).
fn settlement_json(settlement: Option<Settlement<'_>>) -> Value {
    let money = |money: Money<'_>| json!({"currency": money.currency, "amount": money.amount});
    match settlement {
        Some(Settlement::Incoming(incoming)) => json!({"incoming": money(incoming)}),
        Some(Settlement::Outgoing(outgoing)) => json!({"outgoing": money(outgoing)}),
        Some(Settlement::Exchange { sold, bought }) => {
            json!({"outgoing": money(sold), "incoming": money(bought)})
        }
        None => Value::Null,
    }
}
