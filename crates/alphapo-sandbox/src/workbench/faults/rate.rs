//! How often a fault strikes: a probability in millionths, read from text
//! (`0.05`) or a JSON number, drawn against the sandbox's seeded generator.

use std::fmt;
use std::str::FromStr;

use rand::Rng;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::error::FaultError;

/// One million: a [`StrikeRate`] is counted in millionths.
const MILLION: u32 = 1_000_000;

/// The probability that a [`Fault`](crate::Fault) strikes a matching call:
/// above 0, at most 1, with at most 6 decimals. Written `0.05` in the text
/// form and as a JSON number.
///
/// ```
/// use alphapo_sandbox::StrikeRate;
/// let rate: StrikeRate = "0.05".parse()?;
/// assert_eq!(rate.to_string(), "0.05");
/// assert_eq!(serde_json::to_string(&rate).unwrap(), "0.05");
/// assert!("0".parse::<StrikeRate>().is_err());
/// assert!("1.5".parse::<StrikeRate>().is_err());
/// assert!("0.0000001".parse::<StrikeRate>().is_err());
/// # Ok::<(), alphapo_sandbox::FaultError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "f64", try_from = "f64")]
pub struct StrikeRate {
    per_million: u32,
}

impl StrikeRate {
    /// Whether the next draw of `rng` strikes.
    pub(super) fn strikes(self, rng: &mut impl Rng) -> bool {
        rng.random_range(0..MILLION) < self.per_million
    }
}

impl FromStr for StrikeRate {
    type Err = FaultError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || FaultError::BadRate(text.to_owned());
        let millionths = Decimal::from_str_exact(text)
            .ok()
            .and_then(|rate| rate.checked_mul(Decimal::from(MILLION)))
            .filter(|millionths| millionths.fract().is_zero())
            .ok_or_else(bad)?;
        let per_million = u32::try_from(millionths.normalize().mantissa())
            .ok()
            .filter(|per_million| (1..=MILLION).contains(per_million))
            .ok_or_else(bad)?;
        Ok(Self { per_million })
    }
}

impl TryFrom<f64> for StrikeRate {
    type Error = FaultError;

    /// A JSON number, read through its shortest decimal form (`0.05`).
    fn try_from(rate: f64) -> Result<Self, Self::Error> {
        rate.to_string().parse()
    }
}

impl From<StrikeRate> for f64 {
    fn from(rate: StrikeRate) -> Self {
        f64::from(rate.per_million) / f64::from(MILLION)
    }
}

impl fmt::Display for StrikeRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Decimal::new(self.per_million.into(), 6).normalize().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;

    #[test]
    fn rates_read_exactly_in_millionths() {
        let read = |text: &str| text.parse::<StrikeRate>().map(|rate| rate.per_million);
        assert_eq!(read("1"), Ok(MILLION));
        assert_eq!(read("0.05"), Ok(50_000));
        assert_eq!(read("0.000001"), Ok(1));
        assert_eq!(read("1.000"), Ok(MILLION));
        for bad in ["0", "-0.1", "1.000001", "0.0000005", "x", "", "NaN", "1e-2"] {
            assert_eq!(read(bad), Err(FaultError::BadRate(bad.into())), "{bad}");
        }
        assert_eq!(StrikeRate::try_from(0.25).map(f64::from), Ok(0.25));
        assert!(StrikeRate::try_from(f64::NAN).is_err());
    }

    #[test]
    fn a_rate_strikes_about_that_share_of_draws() {
        let rate: StrikeRate = "0.25".parse().unwrap_or_else(|e| panic!("{e}"));
        let mut rng = StdRng::seed_from_u64(7);
        let struck = (0..10_000).filter(|_| rate.strikes(&mut rng)).count();
        // A seeded generator: the count is fixed, and near a quarter.
        assert!((2_300..2_700).contains(&struck), "{struck}");
        let always: StrikeRate = "1".parse().unwrap_or_else(|e| panic!("{e}"));
        assert!((0..1_000).all(|_| always.strikes(&mut rng)));
    }
}
