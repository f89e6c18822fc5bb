//! What every API route shares: the runtime, the key and signature
//! checks, the rate limit, and the armed faults it consults.

use std::sync::Arc;

use alphapo_auth::Verifier;

use super::rate_limit::RateLimiter;
use super::strike::CallFaults;
use crate::runtime::Engine;

/// The state of the API's routes.
#[derive(Debug)]
pub(crate) struct Api {
    /// What every endpoint runs on.
    pub(crate) engine: Arc<Engine>,
    /// Checks the key and signature of a signed call.
    pub(crate) verifier: Verifier,
    /// The `exchange/calculate` rate limit.
    pub(crate) calculate_limit: RateLimiter,
    /// Consulted before any check of a signed call.
    pub(crate) faults: Arc<dyn CallFaults>,
}
