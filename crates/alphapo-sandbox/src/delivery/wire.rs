//! A callback's body as AlphaPo writes it: the typed payload, plus the keys
//! AlphaPo sends as `null` where the generated types leave an absent value
//! out.

use serde_json::{Map, Value};

use crate::world::CallbackPayload;

/// The keys every blockchain leg of AlphaPo's documented callbacks carries,
/// `null` when empty (`"tag": null` on every leg, `"txid": null` until the
/// transaction is broadcast, as in the documented cancelled withdrawal).
/// Exchange legs carry neither.
const BLOCKCHAIN_LEG_KEYS: [&str; 2] = ["tag", "txid"];

/// The key a confirmed deposit's blockchain leg carries besides: its AML
/// score, `null` as AlphaPo's own sandbox sends it (reference §7.3), which
/// the sandbox does not score.
const SCORED_KEY: &str = "riskscore";

/// The exact bytes to sign and send for `payload`.
pub(crate) fn body(payload: &CallbackPayload) -> String {
    // Serializing generated types cannot fail (string keys, no non-finite
    // floats); an empty body would still be signed and sent.
    let Ok(mut value) = serde_json::to_value(payload) else {
        return String::new();
    };
    let scored =
        matches!(payload.kind(), "deposit" | "deposit_exchange") && payload.status() == "confirmed";
    if let Some(legs) = value.get_mut("transactions").and_then(Value::as_array_mut) {
        legs.iter_mut()
            .filter_map(Value::as_object_mut)
            .filter(|leg| is_blockchain(leg))
            .for_each(|leg| {
                let scored = scored.then_some(SCORED_KEY);
                for key in BLOCKCHAIN_LEG_KEYS.into_iter().chain(scored) {
                    leg.entry(key).or_insert(Value::Null);
                }
            });
    }
    value.to_string()
}

fn is_blockchain(leg: &Map<String, Value>) -> bool {
    leg.get("transaction_type").and_then(Value::as_str) == Some("blockchain")
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    #[test]
    fn blockchain_legs_carry_null_tag_and_txid_and_exchange_legs_do_not() {
        let callback: alphapo_gen::types::TransactionCallback = serde_json::from_value(json!({
            "id": 1, "type": "withdrawal_exchange", "status": "cancelled", "error": "",
            "fees": [],
            "transactions": [
                {"id": 2, "currency": "EUR", "currency_to": "BTC", "transaction_type": "exchange",
                 "type": "exchange", "amount": "10", "amount_to": "0.001"},
                {"id": 3, "currency": "BTC", "transaction_type": "blockchain", "type": "withdrawal",
                 "address": "tb1q", "amount": "0.001", "confirmations": "0"}
            ]
        }))
        .unwrap_or_else(|error| panic!("{error}"));
        let sent: Value =
            serde_json::from_str(&body(&callback.into())).unwrap_or_else(|error| panic!("{error}"));
        let legs = &sent["transactions"];
        assert_eq!(
            (legs[1]["tag"].clone(), legs[1]["txid"].clone()),
            (Value::Null, Value::Null)
        );
        assert!(legs[1].get("txid").is_some());
        assert!(legs[0].get("tag").is_none() && legs[0].get("txid").is_none());
    }
}
