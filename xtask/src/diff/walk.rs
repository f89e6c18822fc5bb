//! Pairs the operations, bodies, responses, callbacks and servers of two
//! specs and hands each pair of schemas to the rules.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::report::{Change, Changes};
use super::rules::{Direction, compare};
use super::shape::{follow, resolve};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Every change from `old` to `new`, sorted (breaking first).
pub fn changes(old: &Value, new: &Value) -> Result<Vec<Change>, String> {
    let mut out = Vec::new();
    servers(old, new, &mut out);
    let old_operations = operations(old);
    let new_operations = operations(new);
    for (id, before) in &old_operations {
        let mut changes = Changes::new(id.clone(), &mut out);
        let after = match new_operations.get(id) {
            Some(after) => {
                if after.route() != before.route() {
                    changes.breaking(format!(
                        "operation moved from {} to {}",
                        before.route(),
                        after.route()
                    ));
                }
                after
            }
            None => match new_operations
                .values()
                .find(|o| o.route() == before.route())
            {
                Some(renamed) => {
                    changes.breaking(format!(
                        "operation renamed to '{}' ({})",
                        renamed.id,
                        before.route()
                    ));
                    renamed
                }
                None => {
                    changes.breaking(format!("operation removed ({})", before.route()));
                    continue;
                }
            },
        };
        let pair = Pair { old, new, id };
        pair.parameters(before, after, &mut out)?;
        pair.operation(before.body, after.body, &mut out)?;
    }
    for (id, after) in &new_operations {
        let known = old_operations
            .values()
            .any(|o| &o.id == id || o.route() == after.route());
        if !known {
            Changes::new(id.clone(), &mut out)
                .compatible(format!("new operation ({})", after.route()));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// An operation of a spec: its id (or route when it has none), body, and
/// the path item it belongs to (which may declare shared parameters).
struct Operation<'a> {
    id: String,
    method: &'a str,
    path: &'a str,
    body: &'a Value,
    item: &'a Value,
}

impl Operation<'_> {
    fn route(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.path)
    }
}

fn operations(spec: &Value) -> BTreeMap<String, Operation<'_>> {
    let mut found = BTreeMap::new();
    let Some(paths) = spec.get("paths").and_then(Value::as_object) else {
        return found;
    };
    for (path, item) in paths {
        for method in METHODS {
            let Some(body) = item.get(method) else {
                continue;
            };
            let mut operation = Operation {
                id: String::new(),
                method,
                path,
                body,
                item,
            };
            operation.id = match body.get("operationId").and_then(Value::as_str) {
                Some(id) => id.to_owned(),
                None => operation.route(),
            };
            found.insert(operation.id.clone(), operation);
        }
    }
    found
}

fn servers(old: &Value, new: &Value, out: &mut Vec<Change>) {
    let urls = |spec: &Value| -> Vec<String> {
        let listed = spec.get("servers").and_then(Value::as_array);
        listed
            .into_iter()
            .flatten()
            .filter_map(|server| server.get("url").and_then(Value::as_str))
            .map(str::to_owned)
            .collect()
    };
    let (before, after) = (urls(old), urls(new));
    let removed: Vec<&String> = before.iter().filter(|u| !after.contains(u)).collect();
    let added: Vec<&String> = after.iter().filter(|u| !before.contains(u)).collect();
    let mut changes = Changes::new("servers", out);
    if let ([from], [to]) = (removed.as_slice(), added.as_slice()) {
        changes.breaking(format!("server URL changed from '{from}' to '{to}'"));
        return;
    }
    for url in removed {
        changes.breaking(format!("server URL '{url}' removed"));
    }
    for url in added {
        changes.compatible(format!("server URL '{url}' added"));
    }
}

/// The two specs and the operation being compared.
struct Pair<'a> {
    old: &'a Value,
    new: &'a Value,
    id: &'a str,
}

impl Pair<'_> {
    fn operation(
        &self,
        before: &Value,
        after: &Value,
        out: &mut Vec<Change>,
    ) -> Result<(), String> {
        let place = format!("{} request", self.id);
        self.body(
            &place,
            before.get("requestBody"),
            after.get("requestBody"),
            Direction::Request,
            out,
        )?;
        self.responses(before, after, out)?;
        self.callbacks(before, after, out)
    }

    /// The path, query, header and cookie parameters, which callers send.
    fn parameters(
        &self,
        before: &Operation,
        after: &Operation,
        out: &mut Vec<Change>,
    ) -> Result<(), String> {
        let old_parameters = parameters(self.old, before)?;
        let new_parameters = parameters(self.new, after)?;
        let place = format!("{} request", self.id);
        let required = |p: &Value| p.get("required") == Some(&Value::Bool(true));
        for (key, old_parameter) in &old_parameters {
            let mut changes = Changes::new(&place, out);
            let Some(new_parameter) = new_parameters.get(key) else {
                changes.breaking(format!("{key} removed"));
                continue;
            };
            match (required(old_parameter), required(new_parameter)) {
                (false, true) => changes.breaking(format!("{key} made required")),
                (true, false) => changes.compatible(format!("{key} no longer required")),
                _ => {}
            }
            let schema = |spec, p: &Value| resolve(spec, p.get("schema").unwrap_or(&Value::Null));
            let (old_shape, new_shape) = (
                schema(self.old, old_parameter)?,
                schema(self.new, new_parameter)?,
            );
            let mut changes = Changes::new(format!("{place} {key}"), out);
            compare(&old_shape, &new_shape, Direction::Request, "", &mut changes);
        }
        for (key, new_parameter) in &new_parameters {
            if !old_parameters.contains_key(key) {
                let breaks = required(new_parameter);
                let how = if breaks { "required" } else { "optional" };
                Changes::new(&place, out).record(breaks, format!("{key} added as {how}"));
            }
        }
        Ok(())
    }

    /// A request body (or a callback's), whose schemas flow in `direction`.
    fn body(
        &self,
        place: &str,
        before: Option<&Value>,
        after: Option<&Value>,
        direction: Direction,
        out: &mut Vec<Change>,
    ) -> Result<(), String> {
        let before = before.map(|b| follow(self.old, b)).transpose()?;
        let after = after.map(|b| follow(self.new, b)).transpose()?;
        let required = |body: Option<&Value>| {
            body.is_some_and(|b| b.get("required") == Some(&Value::Bool(true)))
        };
        let mut changes = Changes::new(place, out);
        match (before, after) {
            (None, None) => return Ok(()),
            (None, Some(_)) => {
                changes.record(required(after), "request body added");
                return Ok(());
            }
            (Some(_), None) => {
                changes.breaking("request body removed");
                return Ok(());
            }
            (Some(_), Some(_)) => {}
        }
        if direction == Direction::Request && !required(before) && required(after) {
            changes.breaking("request body made required");
        }
        self.content(place, before, after, direction, out)
    }

    fn responses(
        &self,
        before: &Value,
        after: &Value,
        out: &mut Vec<Change>,
    ) -> Result<(), String> {
        let empty = Map::new();
        let listed = |operation: &'_ Value| -> Map<String, Value> {
            operation
                .get("responses")
                .and_then(Value::as_object)
                .unwrap_or(&empty)
                .clone()
        };
        let (old_responses, new_responses) = (listed(before), listed(after));
        for (status, old_response) in &old_responses {
            let place = format!("{} response {status}", self.id);
            let Some(new_response) = new_responses.get(status) else {
                // Losing a success answer breaks readers; an error one does not.
                Changes::new(&place, out).record(status.starts_with('2'), "response removed");
                continue;
            };
            let old_response = follow(self.old, old_response)?;
            let new_response = follow(self.new, new_response)?;
            self.content(
                &place,
                Some(old_response),
                Some(new_response),
                Direction::Response,
                out,
            )?;
        }
        for status in new_responses
            .keys()
            .filter(|s| !old_responses.contains_key(*s))
        {
            Changes::new(format!("{} response {status}", self.id), out)
                .compatible("response added");
        }
        Ok(())
    }

    /// The media types of a body or response and their schemas.
    fn content(
        &self,
        place: &str,
        before: Option<&Value>,
        after: Option<&Value>,
        direction: Direction,
        out: &mut Vec<Change>,
    ) -> Result<(), String> {
        let media = |body: Option<&Value>| -> Map<String, Value> {
            body.and_then(|b| b.get("content"))
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let (old_media, new_media) = (media(before), media(after));
        for (kind, old_content) in &old_media {
            let Some(new_content) = new_media.get(kind) else {
                Changes::new(place, out).breaking(format!("media type '{kind}' removed"));
                continue;
            };
            let (Some(old_schema), Some(new_schema)) =
                (old_content.get("schema"), new_content.get("schema"))
            else {
                continue;
            };
            let old_shape = resolve(self.old, old_schema)?;
            let new_shape = resolve(self.new, new_schema)?;
            compare(
                &old_shape,
                &new_shape,
                direction,
                "",
                &mut Changes::new(place, out),
            );
        }
        for kind in new_media.keys().filter(|k| !old_media.contains_key(*k)) {
            Changes::new(place, out).compatible(format!("media type '{kind}' added"));
        }
        Ok(())
    }

    /// Callback payloads are read by the merchant's receiver: they compare
    /// like responses.
    fn callbacks(
        &self,
        before: &Value,
        after: &Value,
        out: &mut Vec<Change>,
    ) -> Result<(), String> {
        let old_callbacks = callback_operations(before);
        let new_callbacks = callback_operations(after);
        for (key, old_callback) in &old_callbacks {
            let place = format!("{} callback '{}'", self.id, key);
            match new_callbacks.get(key) {
                Some(new_callback) => self.body(
                    &place,
                    old_callback.get("requestBody"),
                    new_callback.get("requestBody"),
                    Direction::Response,
                    out,
                )?,
                None => Changes::new(&place, out).breaking("callback removed"),
            }
        }
        for key in new_callbacks
            .keys()
            .filter(|k| !old_callbacks.contains_key(*k))
        {
            Changes::new(format!("{} callback '{}'", self.id, key), out)
                .compatible("callback added");
        }
        Ok(())
    }
}

/// The parameters of an operation, its path item's first (the operation's
/// own override them), by location and name: `query parameter 'limit'`.
fn parameters<'a>(
    spec: &'a Value,
    operation: &Operation<'a>,
) -> Result<BTreeMap<String, &'a Value>, String> {
    let mut found = BTreeMap::new();
    for owner in [operation.item, operation.body] {
        let listed = owner.get("parameters").and_then(Value::as_array);
        for parameter in listed.into_iter().flatten() {
            let parameter = follow(spec, parameter)?;
            let field = |name: &str| parameter.get(name).and_then(Value::as_str).unwrap_or("?");
            let key = format!("{} parameter '{}'", field("in"), field("name"));
            found.insert(key, parameter);
        }
    }
    Ok(found)
}

/// The callbacks of an operation, by name (and method when it is not POST).
fn callback_operations(operation: &Value) -> BTreeMap<String, &Value> {
    let mut found = BTreeMap::new();
    let callbacks = operation.get("callbacks").and_then(Value::as_object);
    for (name, expressions) in callbacks.into_iter().flatten() {
        for item in expressions.as_object().into_iter().flat_map(Map::values) {
            for method in METHODS {
                if let Some(callback) = item.get(method) {
                    let key = if method == "post" {
                        name.clone()
                    } else {
                        format!("{name} {}", method.to_uppercase())
                    };
                    found.insert(key, callback);
                }
            }
        }
    }
    found
}
