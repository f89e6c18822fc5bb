//! The text form of a fault, `TARGET=MODE[:ARG][,times=N][,rate=P]`, read by
//! `alphapo sandbox --fault` and written back by `Display`.

use std::fmt;
use std::str::FromStr;

use super::error::FaultError;
use super::fault::{self, Fault, FaultMode, FaultTarget};

impl FromStr for FaultTarget {
    type Err = FaultError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "" => Err(FaultError::Malformed(text.to_owned())),
            "*" => Ok(Self::AllOperations),
            "callbacks" => Ok(Self::Callbacks),
            id => Ok(Self::Operation(id.to_owned())),
        }
    }
}

impl TryFrom<String> for FaultTarget {
    type Error = FaultError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl FromStr for FaultMode {
    type Err = FaultError;

    /// `MODE[:ARG]`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (name, argument) = match text.split_once(':') {
            Some((name, argument)) => (name, Some(argument)),
            None => (text, None),
        };
        let number = |mode: &'static str, default: Option<u64>| match argument {
            None => default.ok_or_else(|| FaultError::BadArgument {
                mode,
                argument: String::new(),
            }),
            Some(argument) => argument.parse().map_err(|_| FaultError::BadArgument {
                mode,
                argument: argument.to_owned(),
            }),
        };
        let mode = match name {
            "5xx" => Self::ServerError {
                status: narrow("5xx", number("5xx", Some(fault::default_status().into()))?)?,
            },
            "5xx-after-commit" => Self::ServerErrorAfterCommit {
                status: narrow(
                    "5xx-after-commit",
                    number("5xx-after-commit", Some(fault::default_status().into()))?,
                )?,
            },
            "429" => Self::RateLimited {
                retry_after: number("429", Some(fault::default_retry_after()))?,
            },
            "latency" => Self::Latency {
                millis: number("latency", None)?,
            },
            "fail-delivery" => Self::FailDelivery {
                attempts: narrow(
                    "fail-delivery",
                    number("fail-delivery", Some(fault::default_attempts().into()))?,
                )?,
            },
            "drop-before-commit" => Self::DropBeforeCommit,
            "drop-after-commit" => Self::DropAfterCommit,
            "deliver-twice" => Self::DeliverTwice,
            "out-of-order" => Self::OutOfOrder,
            other => return Err(FaultError::UnknownMode(other.to_owned())),
        };
        if argument.is_some() && mode.argument().is_none() {
            return Err(FaultError::BadArgument {
                mode: mode.name(),
                argument: argument.unwrap_or_default().to_owned(),
            });
        }
        Ok(mode)
    }
}

/// `value` as a narrower number, or the argument error of `mode`.
fn narrow<T: TryFrom<u64>>(mode: &'static str, value: u64) -> Result<T, FaultError> {
    value.try_into().map_err(|_| FaultError::BadArgument {
        mode,
        argument: value.to_string(),
    })
}

impl FromStr for Fault {
    type Err = FaultError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let malformed = || FaultError::Malformed(text.to_owned());
        let (target, rest) = text
            .split_once('=')
            .filter(|(target, _)| !target.is_empty())
            .ok_or_else(malformed)?;
        let mut options = rest.split(',');
        let mode = options.next().unwrap_or_default();
        let mut fault = Fault::new(target.parse()?, mode.parse()?);
        for option in options {
            match option.split_once('=') {
                Some(("times", count)) if fault.times.is_none() => {
                    fault.times = Some(count.parse().map_err(|_| malformed())?);
                }
                Some(("rate", rate)) if fault.rate.is_none() => fault.rate = Some(rate.parse()?),
                _ => return Err(malformed()),
            }
        }
        Ok(fault)
    }
}

impl fmt::Display for FaultMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())?;
        match self.argument() {
            Some(argument) => write!(f, ":{argument}"),
            None => Ok(()),
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.target, self.mode)?;
        if let Some(times) = self.times {
            write!(f, ",times={times}")?;
        }
        match self.rate {
            Some(rate) => write!(f, ",rate={rate}"),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mode_reads_back_what_it_writes() {
        let texts = [
            "*=5xx:503",
            "withdrawal_crypto=5xx-after-commit:502,rate=0.1",
            "*=429:1",
            "invoices_create=latency:1500",
            "invoices_create=drop-before-commit",
            "withdrawal_crypto=drop-after-commit,times=1",
            "callbacks=fail-delivery:2,times=3",
            "callbacks=deliver-twice",
            "callbacks=out-of-order,times=1",
            "withdrawal_crypto=drop-after-commit,times=3,rate=0.05",
        ];
        for text in texts {
            let fault: Fault = text
                .parse()
                .unwrap_or_else(|error| panic!("{text}: {error}"));
            assert_eq!(fault.to_string(), text);
        }
    }

    #[test]
    fn arguments_default_where_the_mode_has_a_default() {
        let read = |text: &str| text.parse::<FaultMode>();
        assert_eq!(read("5xx"), Ok(FaultMode::ServerError { status: 503 }));
        assert_eq!(
            read("5xx-after-commit"),
            Ok(FaultMode::ServerErrorAfterCommit { status: 503 })
        );
        assert_eq!(read("429"), Ok(FaultMode::RateLimited { retry_after: 1 }));
        assert_eq!(
            read("fail-delivery"),
            Ok(FaultMode::FailDelivery { attempts: 1 })
        );
    }

    #[test]
    fn bad_text_is_a_typed_error() {
        let cases = [
            ("5xx", FaultError::Malformed("5xx".into())),
            ("=5xx", FaultError::Malformed("=5xx".into())),
            ("*=5xx,twice", FaultError::Malformed("*=5xx,twice".into())),
            (
                "*=5xx,times=x",
                FaultError::Malformed("*=5xx,times=x".into()),
            ),
            ("*=boom", FaultError::UnknownMode("boom".into())),
            (
                "*=5xx,times=1,times=2",
                FaultError::Malformed("*=5xx,times=1,times=2".into()),
            ),
            (
                "*=5xx,rate=0.1,rate=0.2",
                FaultError::Malformed("*=5xx,rate=0.1,rate=0.2".into()),
            ),
            ("*=5xx,rate=2", FaultError::BadRate("2".into())),
            (
                "*=latency",
                FaultError::BadArgument {
                    mode: "latency",
                    argument: String::new(),
                },
            ),
            (
                "*=5xx:70000",
                FaultError::BadArgument {
                    mode: "5xx",
                    argument: "70000".into(),
                },
            ),
            (
                "*=drop-after-commit:3",
                FaultError::BadArgument {
                    mode: "drop-after-commit",
                    argument: "3".into(),
                },
            ),
        ];
        for (text, error) in cases {
            assert_eq!(text.parse::<Fault>(), Err(error), "{text}");
        }
    }
}
