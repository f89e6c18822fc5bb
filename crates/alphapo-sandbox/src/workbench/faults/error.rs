//! Why a fault could not be read or armed.

/// Why a [`Fault`](crate::Fault) could not be read or armed.
///
/// ```
/// use alphapo_sandbox::{Fault, FaultError};
/// let error = "*=teapot".parse::<Fault>().unwrap_err();
/// assert_eq!(error, FaultError::UnknownMode("teapot".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FaultError {
    /// The text is not `TARGET=MODE[:ARG][,times=N][,rate=P]`.
    #[error("a fault is written TARGET=MODE[:ARG][,times=N][,rate=P], not {0:?}")]
    Malformed(String),
    /// No such mode.
    #[error(
        "no fault mode {0:?} (5xx, 5xx-after-commit, 429, latency, drop-before-commit, drop-after-commit, fail-delivery, deliver-twice, out-of-order)"
    )]
    UnknownMode(String),
    /// A rate that is not a probability above 0 and at most 1 with at
    /// most 6 decimals.
    #[error(
        "a fault's rate is a probability above 0 and at most 1, with at most 6 decimals, not {0}"
    )]
    BadRate(String),
    /// The mode's argument is missing or not a number.
    #[error("the fault mode {mode} needs a numeric argument, not {argument:?}")]
    BadArgument {
        /// The mode.
        mode: &'static str,
        /// What was given.
        argument: String,
    },
    /// The API has no operation with this `operationId`.
    #[error("the API has no operation {0:?} (use an operationId of the spec, or *)")]
    UnknownOperation(String),
    /// An API mode aimed at the callbacks.
    #[error("{0} strikes API operations: aim it at an operationId or *, not callbacks")]
    ApiModeOnCallbacks(&'static str),
    /// A callback mode aimed at an API operation.
    #[error("{0} strikes callbacks: aim it at callbacks")]
    CallbackModeOnApi(&'static str),
    /// `5xx` or `5xx-after-commit` with a status outside 500-599.
    #[error("5xx takes a status from 500 to 599, not {0}")]
    NotServerError(u16),
    /// `fail-delivery:0`.
    #[error("fail-delivery fails at least one attempt")]
    NoAttempts,
}
