//! The control API's extractors: axum's `Json` and `Path`, with their
//! rejections answered as JSON `{"error", "code"}` like every other sandbox
//! error, instead of axum's plain text.

use std::sync::Arc;

use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::{Json, extract};
use http::request::Parts;
use serde::de::DeserializeOwned;

use crate::api::reply::Unreadable;
use crate::runtime::Engine;

/// A JSON request body.
pub(crate) struct Body<T>(pub T);

impl<T, S> FromRequest<S> for Body<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Unreadable;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        Json::<T>::from_request(request, state)
            .await
            .map(|Json(value)| Self(value))
            .map_err(|rejection| Unreadable::new(rejection.status(), rejection.body_text()))
    }
}

/// A path parameter.
pub(crate) struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Unreadable;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|extract::Path(value)| Self(value))
            .map_err(|rejection| Unreadable::new(rejection.status(), rejection.body_text()))
    }
}

/// The runtime, as the control routes that need nothing else take it from
/// the [`Workbench`](crate::workbench::Workbench).
pub(super) type Shared = State<Arc<Engine>>;
