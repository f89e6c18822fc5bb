//! The deposit addresses handed out, by their text.

use std::collections::HashMap;

use alphapo_gen::{StringOrInteger, types};

use crate::world::catalog::Spec;

/// A deposit address handed out by `addresses/take`.
#[derive(Debug, Clone)]
pub(super) struct DepositAddress {
    pub(super) id: i64,
    pub(super) spec: &'static Spec,
    pub(super) convert_to: Option<&'static Spec>,
    pub(super) address: String,
    pub(super) tag: Option<String>,
    pub(super) foreign_id: String,
    pub(super) end_user_reference: String,
}

#[derive(Debug, Default)]
pub(crate) struct Addresses {
    pub(super) by_text: HashMap<String, DepositAddress>,
}

impl DepositAddress {
    pub(super) fn tag(&self) -> Option<StringOrInteger> {
        self.tag.clone().map(StringOrInteger::new)
    }

    pub(super) fn crypto_address(&self) -> types::CryptoAddress {
        types::CryptoAddress {
            id: self.id,
            currency: self.spec.currency_code(),
            convert_to: self.convert_to.map(|spec| spec.currency_code()),
            address: self.address.clone(),
            tag: self.tag(),
            foreign_id: Some(StringOrInteger::new(self.foreign_id.clone())),
            cross_currency: None,
            expected_currency: None,
        }
    }
}
