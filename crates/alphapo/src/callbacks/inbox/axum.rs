//! The inbox as an axum endpoint (the `axum` feature with `postgres` or
//! `sqlite`).

use std::sync::Arc;

use ::axum::Router;
use ::axum::extract::{FromRef, State};
use ::axum::http::StatusCode;
use ::axum::routing::post;
use sqlx::{Encode, Executor, IntoArguments, Type};

use super::{Backend, Handler, Inbox};
use crate::callbacks::Verifier;
use crate::callbacks::verified::VerifiedCallback;

/// What the endpoint shares between requests.
struct Mounted<DB: sqlx::Database, H> {
    inbox: Inbox<DB>,
    verifier: Verifier,
    handler: Arc<H>,
}

impl<DB: sqlx::Database, H> Clone for Mounted<DB, H> {
    fn clone(&self) -> Self {
        Self {
            inbox: self.inbox.clone(),
            verifier: self.verifier.clone(),
            handler: Arc::clone(&self.handler),
        }
    }
}

impl<DB: sqlx::Database, H> FromRef<Mounted<DB, H>> for Verifier {
    fn from_ref(mounted: &Mounted<DB, H>) -> Verifier {
        mounted.verifier.clone()
    }
}

impl<DB> Inbox<DB>
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> &'q [u8]: Encode<'q, DB> + Type<DB>,
{
    /// A router that receives callbacks on `POST path`: the
    /// [`VerifiedCallback`] extractor verifies them (401, 400, 408 or 413
    /// otherwise), then [`Inbox::receive`] stores and handles each once; the
    /// answer is 200 after the commit (new or duplicate) and 500 when nothing
    /// was committed, so AlphaPo retries. Merge it into your application's
    /// router, and serve it with [`callbacks::serve`](crate::callbacks::serve).
    ///
    /// ```no_run
    /// # #[cfg(feature = "sqlite")]
    /// # async fn demo(ledger: impl alphapo::callbacks::inbox::Handler<sqlx::Sqlite> + 'static)
    /// # -> Result<(), Box<dyn std::error::Error>> {
    /// use alphapo::callbacks::{Verifier, inbox::Inbox};
    ///
    /// let inbox = Inbox::<sqlx::Sqlite>::connect("sqlite://callbacks.db?mode=rwc").await?;
    /// inbox.migrate().await?;
    /// let app = axum::Router::new()
    ///     .route("/health", axum::routing::get(|| async { "ok" }))
    ///     .merge(inbox.router("/alphapo/callbacks", Verifier::from_env()?, ledger));
    /// # let _ = app;
    /// # Ok(())
    /// # }
    /// ```
    pub fn router<H>(self, path: &str, verifier: Verifier, handler: H) -> Router
    where
        H: Handler<DB> + 'static,
    {
        let mounted = Mounted {
            inbox: self,
            verifier,
            handler: Arc::new(handler),
        };
        Router::new()
            .route(path, post(deliver::<DB, H>))
            .with_state(mounted)
    }
}

/// Stores and handles one verified callback; 200 after the commit, 500 when
/// nothing was committed.
async fn deliver<DB, H>(
    State(mounted): State<Mounted<DB, H>>,
    callback: VerifiedCallback,
) -> StatusCode
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> &'q [u8]: Encode<'q, DB> + Type<DB>,
    H: Handler<DB> + 'static,
{
    match mounted.inbox.receive(&callback, &*mounted.handler).await {
        Ok(_) => StatusCode::OK,
        Err(error) => {
            tracing::error!(error = %error, cause = ?std::error::Error::source(&error).map(ToString::to_string), "an AlphaPo callback was not committed; AlphaPo will retry");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}
