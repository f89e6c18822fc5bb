//! What counts as breaking when one schema becomes another.
//!
//! The direction decides: a request schema says what the server accepts, so
//! narrowing it breaks callers and widening it does not; a response (or
//! callback) schema says what readers receive, so widening it breaks readers
//! and narrowing it does not. Removing something users' code names (a field,
//! an enum value) breaks either way: the regenerated SDK loses it.

use serde_json::Value;

use super::report::Changes;
use super::shape::{LOWER_BOUNDS, Shape, UPPER_BOUNDS};

/// Which side writes the data the schema describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Written by the client, read by the server.
    Request,
    /// Written by the server, read by the client (responses, callbacks).
    Response,
}

/// Records every difference between `old` and `new` at `path` (a JSON path,
/// empty for the schema itself: a body or a parameter).
pub fn compare(old: &Shape, new: &Shape, direction: Direction, path: &str, out: &mut Changes) {
    let request = direction == Direction::Request;
    let subject = subject(path);
    if old.kind == "recursive" || new.kind == "recursive" {
        if old.name != new.name {
            out.breaking(format!(
                "{subject}: type changed from {} to {}",
                title(old),
                title(new)
            ));
        }
        return;
    }
    if !old.variants.is_empty() || !new.variants.is_empty() {
        nullability(old, new, request, &subject, out);
        alternatives(old, new, direction, path, out);
        return;
    }
    if old.kind != new.kind {
        out.breaking(format!(
            "{subject}: type changed from {} to {}",
            title(old),
            title(new)
        ));
        return;
    }
    format(old, new, request, &subject, out);
    nullability(old, new, request, &subject, out);
    values(old, new, request, &subject, out);
    bounds(old, new, request, &subject, out);
    properties(old, new, direction, path, out);
    if let (Some(old_items), Some(new_items)) = (&old.items, &new.items) {
        compare(old_items, new_items, direction, &format!("{path}[]"), out);
    }
}

/// `field 'a.b'`, or `the schema` at the root.
fn subject(path: &str) -> String {
    if path.is_empty() {
        "the schema".to_owned()
    } else {
        format!("field '{path}'")
    }
}

/// A type as a reader names it: `string (email)`, `InvoiceTitle`.
fn title(shape: &Shape) -> String {
    let kind = match &shape.format {
        Some(format) => format!("{} ({format})", shape.kind),
        None => shape.kind.clone(),
    };
    match &shape.name {
        Some(name) => format!("{name} ({kind})"),
        None => kind,
    }
}

fn format(old: &Shape, new: &Shape, request: bool, subject: &str, out: &mut Changes) {
    match (&old.format, &new.format) {
        (Some(a), Some(b)) if a != b => {
            out.breaking(format!("{subject}: format changed from '{a}' to '{b}'"))
        }
        // A format added narrows what the field holds.
        (None, Some(b)) => out.record(request, format!("{subject}: format '{b}' added")),
        (Some(a), None) => out.record(!request, format!("{subject}: format '{a}' removed")),
        _ => {}
    }
}

fn nullability(old: &Shape, new: &Shape, request: bool, subject: &str, out: &mut Changes) {
    match (old.nullable, new.nullable) {
        (true, false) if request => out.breaking(format!("{subject}: no longer accepts null")),
        (true, false) => out.compatible(format!("{subject}: no longer null")),
        (false, true) if request => out.compatible(format!("{subject}: now accepts null")),
        (false, true) => out.breaking(format!("{subject}: made nullable")),
        _ => {}
    }
}

fn values(old: &Shape, new: &Shape, request: bool, subject: &str, out: &mut Changes) {
    match (&old.values, &new.values) {
        (Some(old_values), Some(new_values)) => {
            for value in old_values.iter().filter(|v| !new_values.contains(v)) {
                // Readers of an open enum keep accepting a value no longer listed.
                let breaks = request || !old.open;
                out.record(breaks, format!("{subject}: value {} removed", show(value)));
            }
            for value in new_values.iter().filter(|v| !old_values.contains(v)) {
                // Readers of a closed enum reject a value they do not know.
                let breaks = !request && !old.open;
                let kind = if old.open { "an open" } else { "a closed" };
                out.record(
                    breaks,
                    format!("{subject}: value {} added to {kind} enum", show(value)),
                );
            }
        }
        (None, Some(_)) => out.record(
            request,
            format!("{subject}: restricted to a list of values"),
        ),
        (Some(_), None) => out.record(
            !request && !old.open,
            format!("{subject}: no longer restricted to a list of values"),
        ),
        (None, None) => {}
    }
}

fn show(value: &Value) -> String {
    match value {
        Value::String(text) => format!("'{text}'"),
        other => other.to_string(),
    }
}

fn bounds(old: &Shape, new: &Shape, request: bool, subject: &str, out: &mut Changes) {
    for (bound, lower) in LOWER_BOUNDS
        .iter()
        .map(|b| (b, true))
        .chain(UPPER_BOUNDS.iter().map(|b| (b, false)))
    {
        let (before, after) = (old.bounds.get(bound), new.bounds.get(bound));
        let (tightened, what) = match (before, after) {
            (Some(a), Some(b)) if a != b => {
                ((b > a) == lower, format!("{bound} changed from {a} to {b}"))
            }
            (None, Some(b)) => (true, format!("{bound} {b} added")),
            (Some(a), None) => (false, format!("{bound} {a} removed")),
            _ => continue,
        };
        bound_change(tightened, request, subject, &what, out);
    }
    match (&old.pattern, &new.pattern) {
        (Some(a), Some(b)) if a != b => {
            // Neither pattern is known to contain the other.
            out.breaking(format!("{subject}: pattern changed from '{a}' to '{b}'"))
        }
        (None, Some(b)) => {
            bound_change(true, request, subject, &format!("pattern '{b}' added"), out)
        }
        (Some(a), None) => bound_change(
            false,
            request,
            subject,
            &format!("pattern '{a}' removed"),
            out,
        ),
        _ => {}
    }
}

/// A constraint tightened breaks callers; loosened, it breaks readers that
/// validate what they receive.
fn bound_change(tightened: bool, request: bool, subject: &str, what: &str, out: &mut Changes) {
    let how = if tightened { "tightened" } else { "loosened" };
    out.record(
        tightened == request,
        format!("{subject}: constraint {how}: {what}"),
    );
}

fn properties(old: &Shape, new: &Shape, direction: Direction, path: &str, out: &mut Changes) {
    let request = direction == Direction::Request;
    let field = |name: &str| {
        if path.is_empty() {
            name.to_owned()
        } else {
            format!("{path}.{name}")
        }
    };
    for (name, old_property) in &old.properties {
        let path = field(name);
        let Some(new_property) = new.properties.get(name) else {
            out.breaking(format!("field '{path}' removed"));
            continue;
        };
        match (old.required.contains(name), new.required.contains(name)) {
            (false, true) if request => out.breaking(format!("field '{path}' made required")),
            (false, true) => out.compatible(format!("field '{path}' now always sent")),
            (true, false) if request => {
                out.compatible(format!("field '{path}' no longer required"))
            }
            (true, false) => {
                out.breaking(format!("field '{path}' made optional (not always sent)"))
            }
            _ => {}
        }
        compare(old_property, new_property, direction, &path, out);
    }
    for name in new
        .properties
        .keys()
        .filter(|n| !old.properties.contains_key(*n))
    {
        let path = field(name);
        match (request, new.required.contains(name)) {
            (true, true) => out.breaking(format!("field '{path}' added as required")),
            (true, false) => out.compatible(format!("field '{path}' added as optional")),
            (false, _) => out.compatible(format!("field '{path}' added")),
        }
    }
    let subject = subject(path);
    match (old.closed, new.closed) {
        (false, true) => out.record(
            request,
            format!("{subject}: unknown fields no longer allowed"),
        ),
        (true, false) => out.record(!request, format!("{subject}: unknown fields now allowed")),
        _ => {}
    }
}

/// The alternatives of a `oneOf`, matched by component name or by type and
/// required fields, else by type alone (a schema that became a `oneOf` of
/// itself and something else). A schema without alternatives is its own
/// only one.
fn alternatives(old: &Shape, new: &Shape, direction: Direction, path: &str, out: &mut Changes) {
    let request = direction == Direction::Request;
    let subject = subject(path);
    let old_variants = variants(old);
    let new_variants = variants(new);
    let mut matched = vec![false; new_variants.len()];
    let mut pairs = Vec::new();
    for variant in &old_variants {
        let same_signature = new_variants
            .iter()
            .position(|v| signature(v) == signature(variant));
        pairs.push(same_signature);
        if let Some(index) = same_signature {
            matched[index] = true;
        }
    }
    for (variant, pair) in old_variants.iter().zip(&mut pairs) {
        if pair.is_none() {
            *pair = (0..new_variants.len())
                .find(|&index| !matched[index] && new_variants[index].kind == variant.kind);
            if let Some(index) = *pair {
                matched[index] = true;
            }
        }
        match *pair {
            Some(index) => compare(variant, &new_variants[index], direction, path, out),
            None => out.record(
                request,
                format!("{subject}: alternative {} removed", signature(variant)),
            ),
        }
    }
    for (variant, _) in new_variants.iter().zip(&matched).filter(|(_, m)| !**m) {
        out.record(
            !request,
            format!("{subject}: alternative {} added", signature(variant)),
        );
    }
}

fn variants(shape: &Shape) -> Vec<Shape> {
    if shape.variants.is_empty() {
        vec![Shape {
            nullable: false,
            ..shape.clone()
        }]
    } else {
        shape.variants.clone()
    }
}

fn signature(shape: &Shape) -> String {
    if let Some(name) = &shape.name {
        return name.clone();
    }
    if shape.kind == "object" && !shape.required.is_empty() {
        let required: Vec<&str> = shape.required.iter().map(String::as_str).collect();
        return format!("object with {}", required.join(", "));
    }
    title(shape)
}
