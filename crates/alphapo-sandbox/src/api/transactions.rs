//! `GET transactions/info`.

use std::sync::Arc;

use alphapo_gen::types;
use serde_json::{Map, Value};

use super::endpoint::{Endpoint, PathArgs};
use crate::api::validation::{ValidationErrors, messages};
use crate::runtime::Engine;

/// The look-up keys, in the order they are tried.
const KEYS: [&str; 3] = ["id", "foreign_id", "txid"];

pub(crate) struct TransactionsInfo;

impl Endpoint for TransactionsInfo {
    type Request = types::TransactionInfoRequest;
    type Response = types::TransactionInfoResponse;

    /// Keeps the first look-up key present (the generated type takes exactly
    /// one).
    fn prepare(body: Value) -> Result<Self::Request, ValidationErrors> {
        let Value::Object(mut object) = body else {
            return Err(missing_key());
        };
        let (key, value) = KEYS
            .iter()
            .find_map(|key| object.remove_entry(*key))
            .ok_or_else(missing_key)?;
        let field = key.clone();
        serde_json::from_value(Value::Object(Map::from_iter([(key, value)]))).map_err(|_| {
            let message = if field == "id" {
                messages::integer(&field)
            } else {
                messages::string(&field)
            };
            ValidationErrors::field(&field, message)
        })
    }

    /// AlphaPo documents this answer without the `data` wrapper.
    fn run(
        engine: &Arc<Engine>,
        _: &PathArgs,
        request: Self::Request,
    ) -> Result<Self::Response, ValidationErrors> {
        engine
            .read(|world| world.transaction_info(&request))
            .map(types::TransactionInfoResponse::Callback)
            .ok_or_else(|| {
                let field = match request {
                    types::TransactionInfoRequest::Id(_) => "id",
                    types::TransactionInfoRequest::ForeignId(_) => "foreign_id",
                    types::TransactionInfoRequest::Txid(_) => "txid",
                };
                ValidationErrors::field(field, messages::invalid_selection(field))
            })
    }
}

fn missing_key() -> ValidationErrors {
    ValidationErrors::field(
        "id",
        "The id field is required when none of foreign id / txid are present.".to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_first_key_wins_and_a_missing_key_is_reported() {
        let request = TransactionsInfo::prepare(json!({"txid": "ab", "id": 5}));
        assert_eq!(request, Ok(types::TransactionInfoRequest::Id(5)));
        let missing = TransactionsInfo::prepare(json!({}));
        assert!(missing.is_err());
        let wrong_type = TransactionsInfo::prepare(json!({"id": "five"}));
        assert_eq!(
            wrong_type,
            Err(ValidationErrors::field(
                "id",
                "The id must be an integer.".to_owned()
            ))
        );
    }
}
