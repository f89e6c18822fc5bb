//! `currencies/list`, `currencies/pairs` and `currencies/rates`.

use std::sync::Arc;

use alphapo_gen::{Amount, types};

use super::endpoint::{Endpoint, PathArgs};
use crate::api::validation::ValidationErrors;
use crate::runtime::Engine;
use crate::world::catalog::{self, CURRENCIES, Spec};
use crate::world::money;
use crate::world::refusal::{self, Refusal};

pub(crate) struct CurrenciesList;

impl Endpoint for CurrenciesList {
    type Request = types::CurrenciesListRequest;
    type Response = types::CurrenciesListResponse;

    /// Every sandbox currency is enabled: `visible: false` lists none.
    fn run(
        _: &Arc<Engine>,
        _: &PathArgs,
        request: Self::Request,
    ) -> Result<Self::Response, ValidationErrors> {
        let data = if request.visible.map(alphapo_gen::Flag::get) == Some(false) {
            Vec::new()
        } else {
            CURRENCIES.iter().map(Spec::listing).collect()
        };
        Ok(types::CurrenciesListResponse { data })
    }
}

pub(crate) struct CurrenciesPairs;
pub(crate) struct CurrenciesRates;

macro_rules! pairs_endpoint {
    ($($name:ident),+) => {
        $(
            impl Endpoint for $name {
                type Request = types::CurrencyPairsRequest;
                type Response = types::CurrencyPairsResponse;

                fn run(_: &Arc<Engine>, _: &PathArgs, request: Self::Request) -> Result<Self::Response, ValidationErrors> {
                    pairs(&request).map(|data| types::CurrencyPairsResponse { data })
                }
            }
        )+
    };
}

pairs_endpoint!(CurrenciesPairs, CurrenciesRates);

/// Every exchangeable pair matching the filters, with its reference rate.
fn pairs(
    request: &types::CurrencyPairsRequest,
) -> Result<Vec<types::CurrencyPair>, ValidationErrors> {
    let mut refusal = Refusal::default();
    let from = request
        .currency_from
        .as_ref()
        .map(|code| refusal::currency(&mut refusal, "currency_from", code, |_| true));
    let to = request
        .currency_to
        .as_ref()
        .map(|code| refusal::currency(&mut refusal, "currency_to", code, |_| true));
    refusal.into_result()?;
    let matches = |filter: Option<Option<&Spec>>, spec: &Spec| {
        filter
            .flatten()
            .is_none_or(|wanted| wanted.code == spec.code)
    };
    Ok(CURRENCIES
        .iter()
        .flat_map(|from| CURRENCIES.iter().map(move |to| (from, to)))
        .filter(|(a, b)| a.code != b.code && matches(from, a) && matches(to, b))
        .map(|(from, to)| types::CurrencyPair {
            currency_from: from.pair_side(true),
            currency_to: to.pair_side(false),
            rate_from: Amount::from(1),
            rate_to: money(catalog::rate(from, to)),
        })
        .collect())
}
