//! The sandbox's clock: the wall clock, or a frozen one, that a test or a
//! developer can move forward.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::sync::watch;
use tokio::time::Instant;

/// The time the sandbox lives by: Unix timestamps in its answers and
/// callbacks, the
///
/// windows of its rate limits, its timers (confirmations, invoice and
/// payment-request expiry) and the waits between callback retries.
///
/// [`Clock::system`] (the default) follows the wall clock; a
/// [`Clock::frozen_at`] clock stands still. Both move forward with
/// [`SandboxHandle::advance_clock`](crate::SandboxHandle::advance_clock),
/// which also runs every timer that came due, so a test can expire a
/// 15-minute invoice at once, without sleeping and without depending on how
/// fast the machine runs. Clones share one time.
///
/// ```
/// use alphapo_sandbox::Clock;
///
/// let clock = Clock::frozen_at(1_700_000_000);
/// assert_eq!(clock.unix_now(), 1_700_000_000);
/// assert_eq!(clock.elapsed(), std::time::Duration::ZERO);
/// ```
#[derive(Debug, Clone)]
pub struct Clock {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    source: Source,
    /// Everything `advance` added; sleepers watch it.
    advanced: watch::Sender<Duration>,
}

#[derive(Debug)]
enum Source {
    /// The wall clock, read from this start on (tokio's clock, so a test on
    /// paused tokio time moves it too).
    System { started: Instant, unix_start: i64 },
    /// A clock that only moves when advanced.
    Frozen { unix_start: i64 },
}

impl Clock {
    /// The wall clock (plus whatever
    /// [`SandboxHandle::advance_clock`](crate::SandboxHandle::advance_clock) adds).
    ///
    /// ```
    /// let clock = alphapo_sandbox::Clock::system();
    /// assert!(clock.unix_now() > 1_600_000_000);
    /// ```
    pub fn system() -> Self {
        Self::with_source(Source::System {
            started: Instant::now(),
            unix_start: seconds(
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .unwrap_or_default(),
            ),
        })
    }

    /// A clock that reads `unix_seconds` until it is advanced.
    ///
    /// See [`Clock`] for an example.
    pub fn frozen_at(unix_seconds: i64) -> Self {
        Self::with_source(Source::Frozen {
            unix_start: unix_seconds,
        })
    }

    fn with_source(source: Source) -> Self {
        Self {
            inner: Arc::new(Inner {
                source,
                advanced: watch::Sender::new(Duration::ZERO),
            }),
        }
    }

    /// Moves this clock, and every clone of it, forward by `by`, and wakes
    /// whatever sleeps on it.
    pub(crate) fn advance(&self, by: Duration) {
        self.inner
            .advanced
            .send_modify(|advanced| *advanced = advanced.saturating_add(by));
    }

    /// Time since the clock was made, advances included; never goes back.
    ///
    /// See [`Clock`] for an example.
    pub fn elapsed(&self) -> Duration {
        let advanced = *self.inner.advanced.borrow();
        match self.inner.source {
            Source::System { started, .. } => started.elapsed().saturating_add(advanced),
            Source::Frozen { .. } => advanced,
        }
    }

    /// Seconds since the Unix epoch, as the sandbox writes timestamps.
    ///
    /// See [`Clock`] for an example.
    pub fn unix_now(&self) -> i64 {
        let (Source::System { unix_start, .. } | Source::Frozen { unix_start }) = self.inner.source;
        unix_start.saturating_add(seconds(self.elapsed()))
    }
}

impl Clock {
    /// Waits until [`Clock::elapsed`] reaches `deadline`: on the wall clock
    /// or when an advance passes it, whichever comes first. A frozen clock
    /// only gets there by being advanced.
    pub(crate) async fn sleep_until(&self, deadline: Duration) {
        let mut advanced = self.inner.advanced.subscribe();
        loop {
            let remaining = deadline.saturating_sub(self.elapsed());
            if remaining.is_zero() {
                return;
            }
            match self.inner.source {
                Source::System { .. } => {
                    tokio::select! {
                        () = tokio::time::sleep(remaining) => {}
                        _ = advanced.changed() => {}
                    }
                }
                Source::Frozen { .. } => {
                    // The sender lives as long as `self`: this never fails.
                    let _ = advanced.changed().await;
                }
            }
        }
    }

    /// Waits `duration` from now by this clock (see [`Clock::sleep_until`]);
    /// "now" is when this is called, not when the future is first polled.
    pub(crate) fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + '_ {
        self.sleep_until(self.elapsed().saturating_add(duration))
    }
}

impl Default for Clock {
    fn default() -> Self {
        Self::system()
    }
}

fn seconds(duration: Duration) -> i64 {
    i64::try_from(duration.as_secs()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frozen_clock_moves_only_when_advanced() {
        let clock = Clock::frozen_at(1_000);
        assert_eq!((clock.unix_now(), clock.elapsed()), (1_000, Duration::ZERO));
        clock.advance(Duration::from_millis(1_500));
        assert_eq!(clock.unix_now(), 1_001);
        assert_eq!(clock.elapsed(), Duration::from_millis(1_500));
    }

    #[test]
    fn the_system_clock_reads_the_wall_clock_plus_advances() {
        let clock = Clock::system();
        let wall = seconds(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or_default(),
        );
        assert!((clock.unix_now() - wall).abs() <= 1);
        clock.advance(Duration::from_secs(3_600));
        assert!(clock.unix_now() >= wall + 3_600);
        assert!(clock.elapsed() >= Duration::from_secs(3_600));
    }

    #[tokio::test]
    async fn a_sleeper_on_a_frozen_clock_wakes_when_an_advance_passes_its_deadline() {
        let clock = Clock::frozen_at(0);
        let sleeper = tokio::spawn({
            let clock = clock.clone();
            async move { clock.sleep_until(Duration::from_secs(900)).await }
        });
        clock.advance(Duration::from_secs(899));
        tokio::task::yield_now().await;
        assert!(!sleeper.is_finished(), "woke before its deadline");
        clock.advance(Duration::from_secs(1));
        assert!(sleeper.await.is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn a_sleeper_on_the_system_clock_wakes_on_time() {
        let clock = Clock::system();
        let started = tokio::time::Instant::now();
        clock.sleep(Duration::from_secs(5)).await;
        assert!(started.elapsed() >= Duration::from_secs(5));
        assert!(clock.elapsed() >= Duration::from_secs(5));
    }

    #[test]
    fn advancing_saturates_instead_of_overflowing() {
        let clock = Clock::frozen_at(i64::MAX - 1);
        clock.advance(Duration::MAX);
        clock.advance(Duration::MAX);
        assert_eq!(clock.unix_now(), i64::MAX);
    }
}
