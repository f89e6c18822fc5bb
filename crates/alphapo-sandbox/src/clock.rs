//! The sandbox's clock: the wall clock, or a frozen one, that a test or a
//! developer can move forward.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The time the sandbox lives by: Unix timestamps in its answers and
/// callbacks, and the windows of its rate limits.
///
/// [`Clock::system`] (the default) follows the wall clock; a
/// [`Clock::frozen_at`] clock stands still. Both move forward with
/// [`Clock::advance`], so a test can step past a rate-limit window without
/// sleeping and without depending on how fast the machine runs. Clones share
/// one time.
///
/// ```
/// use std::time::Duration;
/// use alphapo_sandbox::Clock;
///
/// let clock = Clock::frozen_at(1_700_000_000);
/// assert_eq!(clock.unix_now(), 1_700_000_000);
/// clock.clone().advance(Duration::from_secs(90));
/// assert_eq!(clock.unix_now(), 1_700_000_090);
/// assert_eq!(clock.elapsed(), Duration::from_secs(90));
/// ```
#[derive(Debug, Clone)]
pub struct Clock {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    source: Source,
    /// Everything [`Clock::advance`] added.
    advanced: Mutex<Duration>,
}

#[derive(Debug)]
enum Source {
    /// The wall clock, read from this start on.
    System { started: Instant },
    /// A clock that only moves when advanced.
    Frozen { unix_start: i64 },
}

impl Clock {
    /// The wall clock (plus whatever [`Clock::advance`] adds).
    ///
    /// ```
    /// let clock = alphapo_sandbox::Clock::system();
    /// assert!(clock.unix_now() > 1_600_000_000);
    /// ```
    pub fn system() -> Self {
        Self::with_source(Source::System {
            started: Instant::now(),
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
                advanced: Mutex::new(Duration::ZERO),
            }),
        }
    }

    /// Moves this clock, and every clone of it, forward by `by`.
    ///
    /// See [`Clock`] for an example.
    pub fn advance(&self, by: Duration) {
        let mut advanced = self
            .inner
            .advanced
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *advanced = advanced.saturating_add(by);
    }

    /// Time since the clock was made, advances included; never goes back.
    ///
    /// See [`Clock`] for an example.
    pub fn elapsed(&self) -> Duration {
        let advanced = *self
            .inner
            .advanced
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        match self.inner.source {
            Source::System { started } => started.elapsed().saturating_add(advanced),
            Source::Frozen { .. } => advanced,
        }
    }

    /// Seconds since the Unix epoch, as the sandbox writes timestamps.
    ///
    /// See [`Clock`] for an example.
    pub fn unix_now(&self) -> i64 {
        let start = match self.inner.source {
            Source::System { started } => {
                let wall = SystemTime::now()
                    .checked_sub(started.elapsed())
                    .unwrap_or(UNIX_EPOCH);
                seconds(wall.duration_since(UNIX_EPOCH).unwrap_or_default())
            }
            Source::Frozen { unix_start } => unix_start,
        };
        start.saturating_add(seconds(self.elapsed()))
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

    #[test]
    fn advancing_saturates_instead_of_overflowing() {
        let clock = Clock::frozen_at(i64::MAX - 1);
        clock.advance(Duration::MAX);
        clock.advance(Duration::MAX);
        assert_eq!(clock.unix_now(), i64::MAX);
    }
}
