//! The armed faults, shared by the API handlers, the callback dispatcher,
//! the control API and the handle.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use rand::SeedableRng;
use rand::rngs::StdRng;
use tokio::sync::watch;

use super::error::FaultError;
use super::fault::{Fault, FaultMode};
use crate::delivery::{Bent, CallbackFaults};

/// The faults armed so far, in the order they were armed. Clones share them.
#[derive(Debug, Clone)]
pub(crate) struct Faults {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    armed: Mutex<Armed>,
    /// The API's operation ids, which an operation target must name.
    operations: Vec<&'static str>,
    /// How many times the faults were cleared (a held callback goes out).
    clears: watch::Sender<u64>,
}

/// The faults and the generator their rates draw from, under one lock so
/// that the same seed and the same sequence of calls strike the same calls.
#[derive(Debug)]
struct Armed {
    faults: Vec<Fault>,
    rng: StdRng,
}

impl Faults {
    /// No fault armed; operation targets must be one of `operations`;
    /// rates draw from a generator seeded with `seed`.
    pub(crate) fn new(operations: Vec<&'static str>, seed: u64) -> Self {
        Self {
            inner: Arc::new(Inner {
                armed: Mutex::new(Armed {
                    faults: Vec::new(),
                    rng: StdRng::seed_from_u64(seed),
                }),
                operations,
                clears: watch::Sender::new(0),
            }),
        }
    }

    /// Arms `fault` after the ones already armed, its strike count at 0.
    pub(crate) fn arm(&self, mut fault: Fault) -> Result<(), FaultError> {
        fault.check(&self.inner.operations)?;
        fault.struck = 0;
        if fault.times != Some(0) {
            self.lock().faults.push(fault);
        }
        Ok(())
    }

    /// Disarms every fault and releases a held callback.
    pub(crate) fn clear(&self) {
        self.lock().faults.clear();
        self.inner.clears.send_modify(|clears| *clears += 1);
    }

    /// The armed faults, `times` counting what is left.
    pub(crate) fn list(&self) -> Vec<Fault> {
        self.lock().faults.clone()
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

    /// The first armed fault that matches and, if it has a rate, wins its
    /// draw (one draw per matching fault with a rate, in arming order).
    fn strike(&self, matches: impl Fn(&Fault) -> bool) -> Option<FaultMode> {
        let mut armed = self.lock();
        let Armed { faults, rng } = &mut *armed;
        let index = faults.iter().position(|fault| {
            matches(fault) && fault.rate.is_none_or(|rate| rate.strikes(&mut *rng))
        })?;
        let fault = &mut faults[index];
        fault.struck += 1;
        let mode = fault.mode;
        match &mut fault.times {
            Some(1) => {
                faults.remove(index);
            }
            Some(left) => *left -= 1,
            None => {}
        }
        Some(mode)
    }

    fn lock(&self) -> MutexGuard<'_, Armed> {
        self.inner
            .armed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// The armed callback faults bend each callback's course: `fail-delivery`
/// fails its first attempts, `out-of-order` holds it back, `deliver-twice`
/// sends it twice.
impl CallbackFaults for Faults {
    fn strike(&self) -> Bent {
        let struck = |wanted: fn(&FaultMode) -> bool| self.strike_callback(wanted);
        let failing = match struck(|mode| matches!(mode, FaultMode::FailDelivery { .. })) {
            Some(FaultMode::FailDelivery { attempts }) => attempts,
            _ => 0,
        };
        Bent {
            held: struck(|mode| *mode == FaultMode::OutOfOrder)
                .map(|mode| (self.clears(), mode.name())),
            twice: struck(|mode| *mode == FaultMode::DeliverTwice).map(|mode| mode.name()),
            failing,
        }
    }

    fn cleared_after(&self, clears: u64) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(Faults::cleared_after(self, clears))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbench::faults::FaultTarget;

    fn faults() -> Faults {
        Faults::new(vec!["invoices_create", "accounts_list"], 7)
    }

    /// Which of `calls` calls of `invoices_create` each fault of `armed`
    /// strikes, with seed `seed`.
    fn strikes(seed: u64, armed: &[&str], calls: usize) -> Vec<Option<FaultMode>> {
        let faults = Faults::new(vec!["invoices_create"], seed);
        for text in armed {
            let fault: Fault = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(faults.arm(fault), Ok(()));
        }
        (0..calls)
            .map(|_| faults.strike_call("invoices_create"))
            .collect()
    }

    #[test]
    fn rate_faults_strike_by_a_seeded_draw_each_in_turn() {
        let armed = [
            "invoices_create=5xx,rate=0.1",
            "invoices_create=5xx-after-commit,rate=0.1",
            "invoices_create=drop-before-commit,rate=0.1",
            "invoices_create=drop-after-commit,rate=0.1",
            "invoices_create=429,rate=0.1",
            "invoices_create=latency:10,rate=0.1",
        ];
        let first = strikes(7, &armed, 2_000);
        assert_eq!(first, strikes(7, &armed, 2_000), "same seed, same strikes");
        assert_ne!(
            first,
            strikes(8, &armed, 2_000),
            "another seed, other strikes"
        );
        for mode in [
            FaultMode::ServerError { status: 503 },
            FaultMode::ServerErrorAfterCommit { status: 503 },
            FaultMode::DropBeforeCommit,
            FaultMode::DropAfterCommit,
            FaultMode::RateLimited { retry_after: 1 },
            FaultMode::Latency { millis: 10 },
        ] {
            let count = first.iter().filter(|struck| **struck == Some(mode)).count();
            assert!(count > 20, "{mode} struck {count} of 2000 calls");
        }
        let missed = first.iter().filter(|struck| struck.is_none()).count();
        // 0.9^6 of the calls are struck by none: about 1063 of 2000.
        assert!((900..1_250).contains(&missed), "{missed}");
    }

    #[test]
    fn a_rate_fault_counts_its_strikes_and_its_times() {
        let faults = faults();
        let fault: Fault = "invoices_create=drop-after-commit,times=3,rate=0.1"
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(faults.arm(fault), Ok(()));
        let mut calls = 0;
        while !faults.list().is_empty() && calls < 1_000 {
            let _ = faults.strike_call("invoices_create");
            calls += 1;
            if let Some(fault) = faults.list().first() {
                assert_eq!(u64::from(fault.times.unwrap_or(0)) + fault.struck, 3);
            }
        }
        assert!(faults.list().is_empty(), "three strikes disarm it");
        assert!(calls > 3, "a rate of 0.1 misses some of {calls} calls");
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
