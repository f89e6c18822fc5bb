//! How a run ends: a failure, its message and its exit code.

use std::fmt;
use std::process::ExitCode;

use alphapo::callbacks::CallbackError;

use crate::api_failure;

/// Exit codes, one per class of failure, so scripts can tell them apart.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  local failure (I/O, the sandbox could not start or did not answer)
  2  invalid arguments (usage, unreadable JSON input, a field the API would reject)
  3  authentication (the API rejected the key or signature; a callback failed verification)
  4  validation (the API rejected a field; a verified callback is not a valid payload)
  5  rate limited (HTTP 429)
  6  server error or undocumented response that provably moved no money
     (a read-only call, or an error page with a 4xx status); safe to retry
  7  the request never left (connection refused, DNS, TLS); safe to retry
  8  the request may have taken effect: a money-moving call that timed out, lost
     its connection, got a 5xx or an unreadable success after it was sent;
     reconcile by foreign_id before repeating it
  9  a read-only call timed out or lost its connection after it was sent: it
     moves no money; safe to retry
 10  trigger: the receiver refused every callback the event caused";

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// Something local went wrong.
    Local(String),
    /// The command line or its input is not usable.
    Usage(String),
    /// The API call failed.
    Api(alphapo::Error),
    /// A callback was rejected.
    Callback(CallbackError),
    /// The callback receiver refused every callback a trigger caused.
    Undelivered(String),
}

impl Failure {
    /// The process exit code of this failure (see [`EXIT_CODES`]).
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            Failure::Local(_) => 1,
            Failure::Usage(_) => 2,
            Failure::Api(error) => api_failure::exit_code(error),
            Failure::Callback(error) if error.is_unverified() => 3,
            Failure::Callback(_) => 4,
            Failure::Undelivered(_) => 10,
        })
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Local(message) | Failure::Usage(message) | Failure::Undelivered(message) => {
                f.write_str(message)
            }
            Failure::Api(error) => api_failure::describe(f, error),
            Failure::Callback(error) => write!(f, "callback rejected: {error}"),
        }
    }
}

impl From<alphapo::Error> for Failure {
    fn from(error: alphapo::Error) -> Self {
        Failure::Api(error)
    }
}

impl From<CallbackError> for Failure {
    fn from(error: CallbackError) -> Self {
        Failure::Callback(error)
    }
}
