//! What a trigger did.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::delivery::CallbackRef;
use crate::world::TriggerEvent;

/// What a trigger did: the objects it created, with the status they ended
/// in, and the callbacks it caused, in the order they are sent (their
/// deliveries show up on [`SandboxHandle::events`](crate::SandboxHandle::events)
/// and in the [`DeliveryLog`](crate::DeliveryLog)).
///
/// See [`SandboxHandle::trigger`](crate::SandboxHandle::trigger) for an
/// example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriggerReport {
    /// The event that ran.
    pub event: TriggerEvent,
    /// What it created, in order.
    pub objects: Vec<TriggeredObject>,
    /// The callbacks it caused, in order.
    pub callbacks: Vec<CallbackRef>,
}

/// An object a trigger created.
///
/// ```
/// use alphapo_sandbox::TriggeredObject;
/// let object = TriggeredObject { kind: "invoice".into(), id: "100001".into(), status: Some("confirmed".into()) };
/// assert_eq!(object.to_string(), "invoice 100001 confirmed");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriggeredObject {
    /// `address`, `deposit`, `invoice`, `withdrawal`, `exchange` or
    /// `payment_request`.
    pub kind: String,
    /// Its id (an address's text, a payment request's UUID).
    pub id: String,
    /// The status it ended in (an address has none).
    pub status: Option<String>,
}

impl fmt::Display for TriggeredObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind, self.id)?;
        match &self.status {
            Some(status) => write!(f, " {status}"),
            None => Ok(()),
        }
    }
}
