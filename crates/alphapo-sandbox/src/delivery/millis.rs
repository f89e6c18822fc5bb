//! Durations in events' JSON: numbers of milliseconds.

use std::time::Duration;

use serde::Serializer;

/// A duration as a JSON number of milliseconds.
pub(crate) fn milliseconds<S: Serializer>(
    duration: &Duration,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(duration.as_secs_f64() * 1_000.0)
}

/// An optional duration as milliseconds or `null`.
pub(crate) fn optional_milliseconds<S: Serializer>(
    duration: &Option<Duration>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match duration {
        Some(duration) => milliseconds(duration, serializer),
        None => serializer.serialize_none(),
    }
}
