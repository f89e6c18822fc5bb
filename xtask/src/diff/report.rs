//! The changes found between two specs, and how they are printed.

use std::fmt;

/// Whether a change breaks code written against the old spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Users' code or running clients stop working (a call is rejected, an
    /// answer no longer parses, a generated method or field disappears).
    Breaking,
    /// Code written against the old spec keeps working.
    Compatible,
}

/// One difference between the old and the new spec.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub severity: Severity,
    /// Where: `invoices_create request`, `invoices_create response 201`,
    /// `addresses_take callback 'deposit'`, `servers`.
    pub place: String,
    /// What changed, naming the field by its JSON path when there is one.
    pub message: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// Collects changes for one place of the spec.
pub struct Changes<'a> {
    place: String,
    out: &'a mut Vec<Change>,
}

impl<'a> Changes<'a> {
    pub fn new(place: impl Into<String>, out: &'a mut Vec<Change>) -> Self {
        Self {
            place: place.into(),
            out,
        }
    }

    pub fn breaking(&mut self, message: impl Into<String>) {
        self.push(Severity::Breaking, message.into());
    }

    pub fn compatible(&mut self, message: impl Into<String>) {
        self.push(Severity::Compatible, message.into());
    }

    /// `breaking` when `breaks`, else `compatible`.
    pub fn record(&mut self, breaks: bool, message: impl Into<String>) {
        let severity = if breaks {
            Severity::Breaking
        } else {
            Severity::Compatible
        };
        self.push(severity, message.into());
    }

    fn push(&mut self, severity: Severity, message: String) {
        self.out.push(Change {
            severity,
            place: self.place.clone(),
            message,
        });
    }
}

/// The printed report: breaking changes first, then compatible ones.
pub fn render(old: &str, new: &str, changes: &[Change]) -> String {
    if changes.is_empty() {
        return format!("no changes between {old} and {new}\n");
    }
    let mut text = format!("changes from {old} to {new}\n");
    for (severity, title) in [
        (Severity::Breaking, "breaking"),
        (Severity::Compatible, "compatible"),
    ] {
        let listed: Vec<&Change> = changes.iter().filter(|c| c.severity == severity).collect();
        text.push_str(&format!("\n{title} ({}):\n", listed.len()));
        for change in listed {
            text.push_str(&format!("  - {change}\n"));
        }
    }
    text
}

/// Whether any change breaks users.
pub fn breaks(changes: &[Change]) -> bool {
    changes.iter().any(|c| c.severity == Severity::Breaking)
}
