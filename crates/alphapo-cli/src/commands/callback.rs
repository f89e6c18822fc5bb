//! `alphapo callback verify`: headers and body in, a verified typed callback
//! (or a clear rejection) out.

use alphapo::callbacks::{Money, Settlement, VerifiedCallback};
use alphapo_auth::{Credentials, Verifier};
use clap::{Args, Subcommand};
use http::{HeaderMap, HeaderValue};
use serde_json::{Value, json};

use crate::connect::CredentialArgs;
use crate::exit::Failure;
use crate::input::read_source;

// No `Debug`: it holds the secret.
/// Callback tools.
#[derive(Subcommand)]
pub enum CallbackCommand {
    /// Verifies a callback (key and signature over the raw body), then parses it.
    Verify(VerifyArgs),
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
    pub fn run(&self) -> Result<Value, Failure> {
        match self {
            CallbackCommand::Verify(args) => verify(&args.credentials.credentials()?, args),
        }
    }
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
    let callback = verified.callback();
    Ok(json!({
        "verified": true,
        "type": callback.callback_type().as_str(),
        "status": callback.status(),
        "final": callback.is_final(),
        "confirmed": callback.is_confirmed(),
        "dedup_key": callback.dedup_key().map(|key| key.to_string()),
        "settlement": settlement_json(callback.settlement()),
        "callback": callback,
    }))
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
