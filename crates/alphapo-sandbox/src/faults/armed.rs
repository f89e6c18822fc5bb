//! The armed faults, shared by the API handlers, the callback dispatcher,
//! the control API and the handle.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::watch;

use super::{Fault, FaultError, FaultMode};

/// The faults armed so far, in the order they were armed. Clones share them.
#[derive(Debug, Clone)]
pub(crate) struct Faults {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    armed: Mutex<Vec<Fault>>,
    /// The API's operation ids, which an operation target must name.
    operations: Vec<&'static str>,
    /// How many times the faults were cleared (a held callback goes out).
    clears: watch::Sender<u64>,
}

impl Faults {
    /// No fault armed; operation targets must be one of `operations`.
    pub(crate) fn new(operations: Vec<&'static str>) -> Self {
        Self {
            inner: Arc::new(Inner {
                armed: Mutex::default(),
                operations,
                clears: watch::Sender::new(0),
            }),
        }
    }

    /// Arms `fault` after the ones already armed.
    pub(crate) fn arm(&self, fault: Fault) -> Result<(), FaultError> {
        fault.check(&self.inner.operations)?;
        if fault.times != Some(0) {
            self.lock().push(fault);
        }
        Ok(())
    }

    /// Disarms every fault and releases a held callback.
    pub(crate) fn clear(&self) {
        self.lock().clear();
        self.inner.clears.send_modify(|clears| *clears += 1);
    }

    /// The armed faults, `times` counting what is left.
    pub(crate) fn list(&self) -> Vec<Fault> {
        self.lock().clone()
    }

    /// The mode of the first armed fault that strikes a call of operation
    /// `id`, counting the strike.
    pub(crate) fn strike_call(&self, id: &str) -> Option<FaultMode> {
        self.strike(|fault| fault.target.matches(id))
    }

    /// The mode of the first armed callback fault of the kind `kind`
    /// accepts, counting the strike.
    pub(crate) fn strike_callback(&self, kind: impl Fn(&FaultMode) -> bool) -> Option<FaultMode> {
        self.strike(|fault| fault.mode.applies_to_callbacks() && kind(&fault.mode))
    }

    /// How many times the faults were cleared so far.
    pub(crate) fn clears(&self) -> u64 {
        *self.inner.clears.borrow()
    }

    /// Resolves once the faults were cleared more than `clears` times.
    pub(crate) async fn cleared_after(&self, clears: u64) {
        let mut receiver = self.inner.clears.subscribe();
        // The sender lives as long as `self`: this never fails.
        let _ = receiver.wait_for(|count| *count > clears).await;
    }

    fn strike(&self, strikes: impl Fn(&Fault) -> bool) -> Option<FaultMode> {
        let mut armed = self.lock();
        let index = armed.iter().position(strikes)?;
        let fault = &mut armed[index];
        let mode = fault.mode;
        match &mut fault.times {
            Some(1) => {
                armed.remove(index);
            }
            Some(left) => *left -= 1,
            None => {}
        }
        Some(mode)
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Fault>> {
        self.inner
            .armed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FaultTarget;

    fn faults() -> Faults {
        Faults::new(vec!["invoices_create", "accounts_list"])
    }

    #[test]
    fn a_counted_fault_strikes_that_many_times_then_disarms() {
        let faults = faults();
        let fault = Fault::new(
            FaultTarget::operation("invoices_create"),
            FaultMode::DropAfterCommit,
        );
        assert_eq!(faults.arm(fault.times(2)), Ok(()));
        assert_eq!(faults.strike_call("accounts_list"), None);
        assert_eq!(
            faults.strike_call("invoices_create"),
            Some(FaultMode::DropAfterCommit)
        );
        assert_eq!(faults.list()[0].times, Some(1));
        assert_eq!(
            faults.strike_call("invoices_create"),
            Some(FaultMode::DropAfterCommit)
        );
        assert_eq!(faults.strike_call("invoices_create"), None);
        assert!(faults.list().is_empty());
    }

    #[test]
    fn the_first_armed_match_strikes_and_clearing_disarms_all() {
        let faults = faults();
        let all = Fault::new(
            FaultTarget::AllOperations,
            FaultMode::ServerError { status: 502 },
        );
        let one = Fault::new(
            FaultTarget::operation("accounts_list"),
            FaultMode::DropBeforeCommit,
        );
        assert_eq!(faults.arm(one), Ok(()));
        assert_eq!(faults.arm(all), Ok(()));
        assert_eq!(
            faults.strike_call("accounts_list"),
            Some(FaultMode::DropBeforeCommit)
        );
        assert_eq!(
            faults.strike_call("invoices_create"),
            Some(FaultMode::ServerError { status: 502 })
        );
        faults.clear();
        assert_eq!(faults.strike_call("accounts_list"), None);
    }

    #[test]
    fn callback_faults_strike_callbacks_only() {
        let faults = faults();
        let twice = Fault::new(FaultTarget::Callbacks, FaultMode::DeliverTwice).times(1);
        assert_eq!(faults.arm(twice), Ok(()));
        assert_eq!(faults.strike_call("accounts_list"), None);
        let is_fail = |mode: &FaultMode| matches!(mode, FaultMode::FailDelivery { .. });
        assert_eq!(faults.strike_callback(is_fail), None);
        assert_eq!(
            faults.strike_callback(|mode| *mode == FaultMode::DeliverTwice),
            Some(FaultMode::DeliverTwice)
        );
        assert_eq!(
            faults.strike_callback(|mode| *mode == FaultMode::DeliverTwice),
            None
        );
    }

    #[test]
    fn faults_that_cannot_strike_are_refused() {
        let faults = faults();
        let refused = [
            (
                Fault::new(
                    FaultTarget::operation("invoice_create"),
                    FaultMode::DropAfterCommit,
                ),
                FaultError::UnknownOperation("invoice_create".into()),
            ),
            (
                Fault::new(FaultTarget::Callbacks, FaultMode::DropAfterCommit),
                FaultError::ApiModeOnCallbacks("drop-after-commit"),
            ),
            (
                Fault::new(FaultTarget::AllOperations, FaultMode::OutOfOrder),
                FaultError::CallbackModeOnApi("out-of-order"),
            ),
            (
                Fault::new(
                    FaultTarget::AllOperations,
                    FaultMode::ServerError { status: 404 },
                ),
                FaultError::NotServerError(404),
            ),
            (
                Fault::new(
                    FaultTarget::Callbacks,
                    FaultMode::FailDelivery { attempts: 0 },
                ),
                FaultError::NoAttempts,
            ),
        ];
        for (fault, error) in refused {
            assert_eq!(faults.arm(fault), Err(error));
        }
        assert!(faults.list().is_empty());
    }
}
