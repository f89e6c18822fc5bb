//! `exchange/calculate`, `exchange/fixed` and `exchange/now`.

use std::sync::Arc;

use alphapo_gen::types;

use super::endpoint::{Endpoint, PathArgs};
use crate::api::validation::ValidationErrors;
use crate::runtime::Engine;
use crate::world::Order;

/// The three exchange requests carry the same currencies and amounts.
macro_rules! order_from {
    ($($request:ident),+) => {
        $(
            impl<'a> From<&'a types::$request> for Order<'a> {
                fn from(request: &'a types::$request) -> Self {
                    Order {
                        sender_currency: &request.sender_currency,
                        receiver_currency: &request.receiver_currency,
                        sender_amount: request.sender_amount,
                        receiver_amount: request.receiver_amount,
                    }
                }
            }
        )+
    };
}

order_from!(
    ExchangeCalculateRequest,
    ExchangeFixedRequest,
    ExchangeNowRequest
);

pub(crate) struct ExchangeCalculate;

impl Endpoint for ExchangeCalculate {
    type Request = types::ExchangeCalculateRequest;
    type Response = types::ExchangeCalculateResponse;
    const RATE_LIMITED: bool = true;

    fn run(
        engine: &Arc<Engine>,
        _: &PathArgs,
        request: Self::Request,
    ) -> Result<Self::Response, ValidationErrors> {
        let order = Order::from(&request);
        engine
            .read(|world| world.calculate(&order))
            .map(|data| types::ExchangeCalculateResponse { data })
            .map_err(ValidationErrors::from)
    }
}

pub(crate) struct ExchangeFixed;

impl Endpoint for ExchangeFixed {
    type Request = types::ExchangeFixedRequest;
    type Response = types::ExchangeResponse;

    fn run(
        engine: &Arc<Engine>,
        _: &PathArgs,
        request: Self::Request,
    ) -> Result<Self::Response, ValidationErrors> {
        let order = Order::from(&request);
        engine
            .with_world(|world| world.exchange(&order, &request.foreign_id, Some(request.price)))
            .map(|data| types::ExchangeResponse { data })
            .map_err(ValidationErrors::from)
    }
}

pub(crate) struct ExchangeNow;

impl Endpoint for ExchangeNow {
    type Request = types::ExchangeNowRequest;
    type Response = types::ExchangeResponse;

    fn run(
        engine: &Arc<Engine>,
        _: &PathArgs,
        request: Self::Request,
    ) -> Result<Self::Response, ValidationErrors> {
        let order = Order::from(&request);
        engine
            .with_world(|world| world.exchange(&order, &request.foreign_id, None))
            .map(|data| types::ExchangeResponse { data })
            .map_err(ValidationErrors::from)
    }
}
