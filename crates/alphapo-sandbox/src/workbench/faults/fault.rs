//! What a fault is: where it strikes, what it does, how often.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::error::FaultError;
use super::rate::StrikeRate;

/// One fault: where it strikes ([`FaultTarget`]), what it does
/// ([`FaultMode`]), how many times (`times`; `None` until cleared) and how
/// often (`rate`: each matching call with that probability, drawn from the
/// sandbox's seeded generator; `None`: every matching call).
///
/// Its text form, read by [`str::parse`] (and `alphapo sandbox --fault`),
/// is `TARGET=MODE[:ARG][,times=N][,rate=P]`; its JSON form (the control
/// API's `POST /_sandbox/faults`) is `{"target", "mode", ...arguments,
/// "times", "rate"}`. Listed back, a fault also tells how many calls it
/// `struck` so far.
///
/// ```
/// use alphapo_sandbox::{Fault, FaultMode, FaultTarget};
///
/// let fault: Fault = "invoices_create=drop-after-commit,times=1".parse()?;
/// assert_eq!(fault, Fault::new(FaultTarget::operation("invoices_create"), FaultMode::DropAfterCommit).times(1));
///
/// let json = serde_json::json!({"target": "*", "mode": "5xx", "status": 502});
/// let fault: Fault = serde_json::from_value(json)?;
/// assert_eq!(fault.to_string(), "*=5xx:502");
///
/// let json = serde_json::json!({"target": "withdrawal_crypto", "mode": "drop-after-commit", "rate": 0.05});
/// let fault: Fault = serde_json::from_value(json)?;
/// assert_eq!(fault.to_string(), "withdrawal_crypto=drop-after-commit,rate=0.05");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Fault {
    /// Which operation (or the callbacks) it strikes.
    pub target: FaultTarget,
    /// What it does.
    #[serde(flatten)]
    pub mode: FaultMode,
    /// How many calls (or callbacks) it strikes before it disarms; `None`
    /// strikes until [`SandboxHandle::clear_faults`](crate::SandboxHandle::clear_faults).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// The probability that it strikes a matching call (or callback);
    /// `None` strikes every one. A miss does not count against `times`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<StrikeRate>,
    /// How many calls (or callbacks) it struck since it was armed; what a
    /// caller sets here is ignored when the fault is armed.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub struck: u64,
}

fn is_zero(count: &u64) -> bool {
    *count == 0
}

impl Fault {
    /// A fault that strikes until cleared.
    ///
    /// ```
    /// use alphapo_sandbox::{Fault, FaultMode, FaultTarget};
    /// let fault = Fault::new(FaultTarget::AllOperations, FaultMode::Latency { millis: 1_500 });
    /// assert_eq!(fault.to_string(), "*=latency:1500");
    /// ```
    pub fn new(target: FaultTarget, mode: FaultMode) -> Self {
        Self {
            target,
            mode,
            times: None,
            rate: None,
            struck: 0,
        }
    }

    /// The same fault, striking only the next `times` calls or callbacks.
    ///
    /// ```
    /// use alphapo_sandbox::{Fault, FaultMode, FaultTarget};
    /// let fault = Fault::new(FaultTarget::Callbacks, FaultMode::DeliverTwice).times(1);
    /// assert_eq!(fault.to_string(), "callbacks=deliver-twice,times=1");
    /// ```
    #[must_use]
    pub fn times(mut self, times: u32) -> Self {
        self.times = Some(times);
        self
    }

    /// The same fault, striking each matching call (or callback) with
    /// probability `rate` only.
    ///
    /// ```
    /// use alphapo_sandbox::{Fault, FaultMode, FaultTarget};
    /// let rate = "0.05".parse()?;
    /// let fault = Fault::new(FaultTarget::operation("withdrawal_crypto"), FaultMode::DropBeforeCommit).rate(rate);
    /// assert_eq!(fault.to_string(), "withdrawal_crypto=drop-before-commit,rate=0.05");
    /// # Ok::<(), alphapo_sandbox::FaultError>(())
    /// ```
    #[must_use]
    pub fn rate(mut self, rate: StrikeRate) -> Self {
        self.rate = Some(rate);
        self
    }

    /// Checks that the mode fits the target and its argument is in range.
    pub(super) fn check(&self, operations: &[&str]) -> Result<(), FaultError> {
        match (&self.target, self.mode.applies_to_callbacks()) {
            (FaultTarget::Callbacks, false) => {
                return Err(FaultError::ApiModeOnCallbacks(self.mode.name()));
            }
            (FaultTarget::AllOperations | FaultTarget::Operation(_), true) => {
                return Err(FaultError::CallbackModeOnApi(self.mode.name()));
            }
            (FaultTarget::Operation(id), false) if !operations.contains(&id.as_str()) => {
                return Err(FaultError::UnknownOperation(id.clone()));
            }
            _ => {}
        }
        match self.mode {
            FaultMode::ServerError { status } | FaultMode::ServerErrorAfterCommit { status }
                if !(500..=599).contains(&status) =>
            {
                Err(FaultError::NotServerError(status))
            }
            FaultMode::FailDelivery { attempts: 0 } => Err(FaultError::NoAttempts),
            _ => Ok(()),
        }
    }
}

/// Where a [`Fault`] strikes.
///
/// ```
/// use alphapo_sandbox::FaultTarget;
/// assert_eq!("*".parse::<FaultTarget>(), Ok(FaultTarget::AllOperations));
/// assert_eq!("callbacks".parse::<FaultTarget>(), Ok(FaultTarget::Callbacks));
/// assert_eq!(FaultTarget::operation("withdrawal_crypto").to_string(), "withdrawal_crypto");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum FaultTarget {
    /// Every API operation (`*`); `ping` is never struck.
    AllOperations,
    /// One API operation, by its `operationId` in the spec
    /// (`invoices_create`, `withdrawal_crypto`, ...).
    Operation(String),
    /// Every callback the sandbox sends (`callbacks`).
    Callbacks,
}

impl FaultTarget {
    /// One API operation, by its `operationId`.
    ///
    /// See [`FaultTarget`] for an example.
    pub fn operation(id: impl Into<String>) -> Self {
        Self::Operation(id.into())
    }

    /// Whether a call of operation `id` is struck.
    pub(super) fn matches(&self, id: &str) -> bool {
        match self {
            Self::AllOperations => true,
            Self::Operation(target) => target == id,
            Self::Callbacks => false,
        }
    }
}

impl fmt::Display for FaultTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::AllOperations => f.write_str("*"),
            Self::Operation(id) => f.write_str(id),
            Self::Callbacks => f.write_str("callbacks"),
        }
    }
}

impl From<FaultTarget> for String {
    fn from(target: FaultTarget) -> Self {
        target.to_string()
    }
}

/// What a [`Fault`] does. The first six strike API operations, the last
/// three callbacks; the table in the crate documentation says what a client
/// or a merchant sees for each.
///
/// ```
/// use alphapo_sandbox::FaultMode;
/// let mode: FaultMode = serde_json::from_str(r#"{"mode": "429", "retry_after": 2}"#)?;
/// assert_eq!(mode, FaultMode::RateLimited { retry_after: 2 });
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum FaultMode {
    /// `5xx[:STATUS]`: answers `status` (500-599, default 503) with an HTML
    /// page, as a load balancer in front of the API does; nothing happens.
    #[serde(rename = "5xx")]
    ServerError {
        /// The HTTP status.
        #[serde(default = "default_status")]
        status: u16,
    },
    /// `5xx-after-commit[:STATUS]`: the call takes effect (its callbacks go
    /// out), then the answer is replaced by the load balancer's `status`
    /// page (500-599, default 503), as when the upstream fails after
    /// committing.
    #[serde(rename = "5xx-after-commit")]
    ServerErrorAfterCommit {
        /// The HTTP status.
        #[serde(default = "default_status")]
        status: u16,
    },
    /// `429[:SECONDS]`: answers 429 with `Retry-After: SECONDS` (default 1)
    /// and Cloudflare's `error code: 1015`; nothing happens.
    #[serde(rename = "429")]
    RateLimited {
        /// The `Retry-After` seconds.
        #[serde(default = "default_retry_after")]
        retry_after: u64,
    },
    /// `latency:MILLIS`: waits `millis` on the sandbox's clock, then serves
    /// the call as usual.
    Latency {
        /// The wait in milliseconds.
        millis: u64,
    },
    /// `drop-before-commit`: closes the connection without an answer before
    /// the call takes effect; nothing happens.
    DropBeforeCommit,
    /// `drop-after-commit`: the call takes effect (the invoice, withdrawal...
    /// exists, its callbacks go out), then the connection is closed without
    /// an answer.
    DropAfterCommit,
    /// `fail-delivery[:ATTEMPTS]`: the first `attempts` (default 1) attempts
    /// of each callback are posted as usual but count as failed whatever
    /// the merchant answers, so the callback is redelivered on the retry
    /// schedule; the delivery log names the fault on each such attempt.
    FailDelivery {
        /// How many attempts of each callback fail.
        #[serde(default = "default_attempts")]
        attempts: u32,
    },
    /// `deliver-twice`: each callback is delivered a second time, the same
    /// body with the same signature.
    DeliverTwice,
    /// `out-of-order`: a callback is held back and delivered right after
    /// the next one (a deposit's `confirmed` before its `not_confirmed`);
    /// clearing the faults releases a held callback.
    OutOfOrder,
}

pub(super) fn default_status() -> u16 {
    503
}

pub(super) fn default_retry_after() -> u64 {
    1
}

pub(super) fn default_attempts() -> u32 {
    1
}

impl FaultMode {
    /// The mode's name in the text and JSON forms.
    ///
    /// ```
    /// assert_eq!(alphapo_sandbox::FaultMode::DropAfterCommit.name(), "drop-after-commit");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Self::ServerError { .. } => "5xx",
            Self::ServerErrorAfterCommit { .. } => "5xx-after-commit",
            Self::RateLimited { .. } => "429",
            Self::Latency { .. } => "latency",
            Self::DropBeforeCommit => "drop-before-commit",
            Self::DropAfterCommit => "drop-after-commit",
            Self::FailDelivery { .. } => "fail-delivery",
            Self::DeliverTwice => "deliver-twice",
            Self::OutOfOrder => "out-of-order",
        }
    }

    /// The argument after `:` in the text form, if the mode has one.
    pub(super) fn argument(&self) -> Option<u64> {
        match *self {
            Self::ServerError { status } | Self::ServerErrorAfterCommit { status } => {
                Some(status.into())
            }
            Self::RateLimited { retry_after } => Some(retry_after),
            Self::Latency { millis } => Some(millis),
            Self::FailDelivery { attempts } => Some(attempts.into()),
            Self::DropBeforeCommit
            | Self::DropAfterCommit
            | Self::DeliverTwice
            | Self::OutOfOrder => None,
        }
    }

    pub(super) fn applies_to_callbacks(&self) -> bool {
        matches!(
            self,
            Self::FailDelivery { .. } | Self::DeliverTwice | Self::OutOfOrder
        )
    }
}
