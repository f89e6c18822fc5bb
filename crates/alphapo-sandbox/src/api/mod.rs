//! The AlphaPo API: one [`Endpoint`] per signed operation of the spec, all
//! served by the same checks (armed faults through the [`CallFaults`]
//! seam, rate limit, auth, validation) in [`respond`], and one
//! [`OpenEndpoint`] per operation without authentication. The routes come
//! from the spec's operation table (`alphapo_gen::for_each_operation!`): an
//! endpoint is the type named like its operation (`invoices_create` is
//! `InvoicesCreate`), written in the file of its area. Every route shares
//! the [`Api`] state.

#[macro_use]
mod endpoint;

pub(crate) mod auth;
mod balances;
mod currencies;
mod deposits;
mod exchanges;
mod invoices;
mod payment_requests;
mod rate_limit;
pub(crate) mod reply;
mod state;
mod status;
mod strike;
mod transactions;
pub(crate) mod validation;
mod withdrawals;

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, RawPathParamsRejection};
use axum::extract::{RawPathParams, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter, on};
use http::{HeaderMap, StatusCode};

// Every endpoint type, by the name the operation table gives it.
use self::auth::Rejection;
use self::endpoint::{Endpoint, OpenEndpoint, PathArgs};
pub use self::rate_limit::RateLimit;
pub(crate) use self::rate_limit::RateLimiter;
use self::reply::{ErrorReply, Unreadable};
pub(crate) use self::state::Api;
pub(crate) use self::strike::{CallFaults, Strike};
use self::{
    balances::*, currencies::*, deposits::*, exchanges::*, invoices::*, payment_requests::*,
    status::*, transactions::*, withdrawals::*,
};

/// The route of signed endpoint `id` (its operationId, which a
/// [fault](crate::Fault) may strike), answering `status` on success.
fn signed<Op: Endpoint>(
    id: &'static str,
    method: MethodFilter,
    status: StatusCode,
) -> MethodRouter<Arc<Api>> {
    on(
        method,
        move |State(api): State<Arc<Api>>,
              path: Result<RawPathParams, RawPathParamsRejection>,
              headers: HeaderMap,
              body: Result<Bytes, BytesRejection>| async move {
            // A parameter that is not UTF-8 once decoded names no record.
            let path = path
                .map(|params| PathArgs::from(&params))
                .unwrap_or_default();
            respond::<Op>(id, status, &api, &path, &headers, body).await
        },
    )
}

/// The route of an endpoint without authentication.
fn open<Op: OpenEndpoint>(method: MethodFilter, status: StatusCode) -> MethodRouter<Arc<Api>> {
    on(method, move || async move {
        (status, Op::answer()).into_response()
    })
}

/// The answer of every signed endpoint.
async fn respond<Op: Endpoint>(
    id: &'static str,
    status: StatusCode,
    api: &Api,
    path: &PathArgs,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) => {
            return Unreadable::new(rejection.status(), rejection.body_text()).into_response();
        }
    };
    let strike = api.faults.strike(id);
    strike::serve(strike, api.engine.clock(), || {
        match serve::<Op>(api, path, headers, &body) {
            Ok(response) => (status, Json(response)).into_response(),
            Err(failure) => failure.into_response(),
        }
    })
    .await
}

fn serve<Op: Endpoint>(
    api: &Api,
    path: &PathArgs,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Op::Response, ErrorReply> {
    // The rate limit sits in front of the API (Cloudflare), before any check.
    if Op::RATE_LIMITED && !api.calculate_limit.admit() {
        return Err(ErrorReply::RateLimited);
    }
    let body = auth::check(&api.verifier, headers, body)?;
    if (body.is_array() || body.is_null()) && !validation::takes_fieldless_bodies::<Op::Request>() {
        return Err(Rejection::BadContentFormat.into());
    }
    let request = Op::prepare(body)?;
    Ok(Op::run(&api.engine, path, request)?)
}

/// Defines [`routes`] from the operation table: each path is served by the
/// endpoint named like its operation, signed or open as the spec says.
macro_rules! routes {
    ($({
        id: $id:ident,
        method: $method:ident,
        command: $endpoint:ident,
        http: $http:ident,
        path: $path:literal,
        params: [$($param:ident: $param_type:ident),*],
        body: $body:ident $(($($body_args:tt)*))?,
        response: $response:ty,
        envelope: $envelope:ident,
        output: $output:ty,
        moves_money: $moves_money:literal,
        reported_by: [$($reported_by:ident),*],
        found_by_foreign_id: $found_by_foreign_id:literal,
        signed: $signed:tt,
        status: $status:ident,
        summary: $summary:literal,
        description: $description:literal,
    })*) => {
        /// Every path of the spec.
        pub(crate) fn routes() -> Router<Arc<Api>> {
            Router::new()
                $(.route($path, routes!(@$signed $id, $endpoint, $http, $status)))*
        }

        /// Every operation of the spec, as the rest of the sandbox asks
        /// about it.
        const OPERATIONS: &[Served] = &[$(Served {
            id: stringify!($id),
            path: $path,
            method: stringify!($http),
            signed: $signed,
        }),*];
    };
    (@true $id:ident, $endpoint:ident, $http:ident, $status:ident) => {
        signed::<$endpoint>(stringify!($id), MethodFilter::$http, StatusCode::$status)
    };
    (@false $id:ident, $endpoint:ident, $http:ident, $status:ident) => {
        open::<$endpoint>(MethodFilter::$http, StatusCode::$status)
    };
}

alphapo_gen::for_each_operation!(routes);

/// What the spec says of one operation's path.
struct Served {
    id: &'static str,
    path: &'static str,
    /// `GET` or `POST`.
    method: &'static str,
    signed: bool,
}

/// The operationId of the spec that `path` serves, if any.
pub(crate) fn operation_at(path: &str) -> Option<&'static str> {
    served(path).map(|operation| operation.id)
}

/// The operationIds a [fault](crate::Fault) can strike: the signed ones.
pub(crate) fn operation_ids() -> Vec<&'static str> {
    OPERATIONS
        .iter()
        .filter(|operation| operation.signed)
        .map(|operation| operation.id)
        .collect()
}

/// Whether `path` is an operation of the spec that needs no signature.
pub(crate) fn is_open(path: &str) -> bool {
    served(path).is_some_and(|operation| !operation.signed)
}

/// The HTTP method of the operation at `path` (`GET` or `POST`).
pub(crate) fn method_at(path: &str) -> Option<&'static str> {
    served(path).map(|operation| operation.method)
}

fn served(path: &str) -> Option<&'static Served> {
    OPERATIONS
        .iter()
        .find(|operation| fills(operation.path, path))
}

/// Whether the concrete `path` is one the route `template` serves: each
/// `{...}` segment (`{foreign_id}`) stands for any one non-empty segment.
pub(crate) fn fills(template: &str, path: &str) -> bool {
    let mut segments = path.split('/');
    template.split('/').all(|expected| {
        segments.next().is_some_and(|segment| {
            segment == expected || (expected.starts_with('{') && !segment.is_empty())
        })
    }) && segments.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_with_a_parameter_is_served_by_its_template() {
        let template = "/api/v2/invoices/{foreign_id}/cancel/";
        assert!(fills(template, "/api/v2/invoices/inv-1/cancel/"));
        assert!(!fills(template, "/api/v2/invoices//cancel/"));
        assert!(!fills(template, "/api/v2/invoices/inv-1/cancel"));
        assert!(!fills(template, "/api/v2/invoices/inv-1/cancel/x"));
        assert_eq!(
            operation_at("/api/v2/invoices/inv-1/cancel/"),
            Some("invoices_cancel")
        );
        assert_eq!(method_at("/api/v2/invoices/create"), Some("POST"));
    }
}
