//! How events read: one line each, for a terminal (`Display`).

use std::fmt;
use std::time::Duration;

use super::event::{ABANDONED, ApiRequest, SandboxEvent};
use crate::delivery::{CallbackAttempt, CallbackRef};
use crate::runtime::TimerFailure;

impl fmt::Display for SandboxEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Request(request) => request.fmt(f),
            Self::CallbackAttempt(attempt) => attempt.fmt(f),
            Self::CallbackNotSent(callback) => {
                write!(f, "{callback} not sent: no callback URL is configured")
            }
            Self::TimerFailed(failure) => failure.fmt(f),
        }
    }
}

impl fmt::Display for TimerFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} timer {} failed: {}",
            TimeOfDay(self.at),
            self.timer,
            self.error
        )
    }
}

impl fmt::Display for ApiRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", TimeOfDay(self.at), self.method, self.path)?;
        if let Some(operation) = &self.operation {
            write!(f, " {operation}")?;
        }
        let latency = Millis(self.latency);
        match (self.fault.as_deref(), self.status) {
            (None, ABANDONED) => write!(f, " abandoned by the client after {latency}"),
            (None, status) => write!(f, " {status} {latency}"),
            (Some(fault), ABANDONED) => write!(
                f,
                " abandoned by the client after {latency}, during the fault {fault}"
            ),
            (Some(fault @ "drop-after-commit"), _) => write!(
                f,
                " took effect, then the connection was dropped unanswered (fault {fault}) {latency}"
            ),
            (Some(fault @ "drop-before-commit"), _) => write!(
                f,
                " dropped unanswered, nothing done (fault {fault}) {latency}"
            ),
            (Some(fault), status) => write!(f, " {status} {latency} (fault {fault})"),
        }
    }
}

impl fmt::Display for CallbackRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} callback {} {} {}",
            TimeOfDay(self.at),
            self.kind,
            self.status,
            self.id
        )
    }
}

impl fmt::Display for CallbackAttempt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} -> {} attempt {}: ",
            self.callback, self.target, self.attempt
        )?;
        match (self.http_status, &self.error) {
            (Some(status), _) => write!(f, "HTTP {status}")?,
            (None, Some(error)) => f.write_str(error)?,
            (None, None) => f.write_str("no answer")?,
        }
        match self.retry_in {
            Some(wait) => write!(f, ", retry in {}", Seconds(wait)),
            None if self.http_status == Some(200) => Ok(()),
            None => f.write_str(", giving up"),
        }
    }
}

/// `HH:MM:SS` (UTC) of a Unix timestamp.
struct TimeOfDay(i64);

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = self.0.rem_euclid(86_400);
        write!(
            f,
            "{:02}:{:02}:{:02}",
            seconds / 3_600,
            seconds % 3_600 / 60,
            seconds % 60
        )
    }
}

/// A latency as `12.3 ms` (tenths truncated).
struct Millis(Duration);

impl fmt::Display for Millis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let micros = self.0.as_micros();
        write!(f, "{}.{} ms", micros / 1_000, micros % 1_000 / 100)
    }
}

/// A wait as `5 s`, or `250 ms` under a second.
struct Seconds(Duration);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 < Duration::from_secs(1) {
            write!(f, "{} ms", self.0.as_millis())
        } else {
            write!(f, "{} s", self.0.as_secs())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(http_status: Option<u16>, retry_in: Option<Duration>) -> String {
        CallbackAttempt {
            callback: CallbackRef {
                at: 86_399,
                kind: "deposit".into(),
                status: "confirmed".into(),
                id: "100001".into(),
            },
            target: "https://shop.example/callbacks".into(),
            attempt: 13,
            http_status,
            error: None,
            retry_in,
        }
        .to_string()
    }

    #[test]
    fn an_attempt_says_whether_it_was_delivered_retried_or_given_up() {
        assert_eq!(
            attempt(Some(200), None),
            "23:59:59 callback deposit confirmed 100001 -> https://shop.example/callbacks attempt 13: HTTP 200"
        );
        assert!(attempt(Some(500), None).ends_with("attempt 13: HTTP 500, giving up"));
        assert!(
            attempt(Some(503), Some(Duration::from_millis(500)))
                .ends_with("HTTP 503, retry in 500 ms")
        );
        assert!(attempt(None, Some(Duration::from_secs(30))).ends_with("no answer, retry in 30 s"));
    }

    #[test]
    fn times_and_latencies_read_the_same_everywhere() {
        assert_eq!(TimeOfDay(-1).to_string(), "23:59:59");
        assert_eq!(TimeOfDay(3_661).to_string(), "01:01:01");
        assert_eq!(Millis(Duration::from_micros(999)).to_string(), "0.9 ms");
        assert_eq!(Millis(Duration::from_secs(2)).to_string(), "2000.0 ms");
    }

    #[test]
    fn a_struck_or_abandoned_request_says_so() {
        let request = |status, fault: Option<&str>| ApiRequest {
            at: 0,
            method: "POST".into(),
            path: "/api/v2/invoices/create".into(),
            operation: Some("invoices_create".into()),
            status,
            latency: Duration::from_millis(5),
            fault: fault.map(str::to_owned),
        };
        let line = request(200, Some("drop-after-commit")).to_string();
        assert!(
            line.contains("took effect, then the connection was dropped"),
            "{line}"
        );
        assert!(!line.contains(" 200 "), "{line}");
        let line = request(ABANDONED, Some("latency")).to_string();
        assert!(line.contains("abandoned by the client"), "{line}");
        assert!(line.contains("fault latency"), "{line}");
        let line = request(503, Some("5xx")).to_string();
        assert!(line.ends_with("503 5.0 ms (fault 5xx)"), "{line}");
    }

    #[test]
    fn durations_serialize_as_milliseconds() {
        let event = SandboxEvent::Request(ApiRequest {
            at: 0,
            method: "GET".into(),
            path: "/api/v2/ping".into(),
            operation: Some("ping".into()),
            status: 200,
            latency: Duration::from_micros(1_500),
            fault: None,
        });
        let json = serde_json::to_value(&event).unwrap_or_default();
        assert_eq!(json["event"], "request");
        assert_eq!(json["latency_ms"], 1.5);
    }
}
