//! What an endpoint is: the trait each operation's type implements, and
//! the path parameters it gets.

use std::sync::Arc;

use alphapo_gen::BodySchema;
use axum::extract::RawPathParams;
use axum::response::Response;
use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::validation::{self, ValidationErrors};
use crate::runtime::Engine;

/// Implements [`Endpoint`] for an endpoint that creates something: its
/// request (a type of `alphapo_gen::types`) goes to one method of the world,
/// through `Engine::with_world` so the callbacks and timers it causes go out,
/// and the result is answered under `data`.
macro_rules! create_endpoint {
    ($endpoint:ident: $request:ident => $response:ident, $method:ident) => {
        impl $crate::api::endpoint::Endpoint for $endpoint {
            type Request = ::alphapo_gen::types::$request;
            type Response = ::alphapo_gen::types::$response;

            fn run(
                engine: &::std::sync::Arc<$crate::runtime::Engine>,
                _: &$crate::api::endpoint::PathArgs,
                request: Self::Request,
            ) -> Result<Self::Response, $crate::api::validation::ValidationErrors> {
                engine
                    .with_world(|world| world.$method(request))
                    .map(|data| ::alphapo_gen::types::$response { data })
                    .map_err($crate::api::validation::ValidationErrors::from)
            }
        }
    };
}

/// One signed endpoint: its generated request and response types and what
/// it does. Its path, method and success status come from the spec.
pub(crate) trait Endpoint: 'static {
    /// The generated request body type.
    type Request: DeserializeOwned + JsonSchema + BodySchema + 'static;
    /// The generated response body type.
    type Response: Serialize;
    /// Whether the `exchange/calculate` rate limit applies.
    const RATE_LIMITED: bool = false;

    /// Reads the JSON body into the request type.
    fn prepare(body: Value) -> Result<Self::Request, ValidationErrors> {
        validation::parse(body)
    }

    /// Does the work, for the path parameters of the call (none but for
    /// an operation whose path has some, `invoices/{foreign_id}/cancel/`).
    fn run(
        engine: &Arc<Engine>,
        path: &PathArgs,
        request: Self::Request,
    ) -> Result<Self::Response, ValidationErrors>;
}

/// The path parameters of a call, percent-decoded, by name.
#[derive(Debug, Default)]
pub(crate) struct PathArgs(Vec<(String, String)>);

impl PathArgs {
    /// The parameter `name`, if the path has it.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

impl From<&RawPathParams> for PathArgs {
    fn from(params: &RawPathParams) -> Self {
        Self(
            params
                .iter()
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
                .collect(),
        )
    }
}

/// One endpoint without authentication (`security: []`): it reads nothing.
pub(crate) trait OpenEndpoint: 'static {
    /// The answer, sent with the documented success status.
    fn answer() -> Response;
}
