//! Reading `openapi/alphapo.yaml` as JSON and walking its examples.

use serde_json::Value;

/// The spec, parsed from YAML into a JSON value.
pub fn load() -> Value {
    let path = crate::workspace_root().join("openapi/alphapo.yaml");
    let text = std::fs::read_to_string(&path).expect("openapi/alphapo.yaml is readable");
    serde_yaml::from_str(&text).expect("openapi/alphapo.yaml parses")
}

/// One operation of the spec.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The operationId.
    pub id: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// Full path from the host, as the spec writes it
    /// (`/api/v2/invoices/{foreign_id}/cancel/`).
    pub path: String,
    /// Each path parameter with its example value, in declaration order.
    pub path_params: Vec<(String, String)>,
    /// The example request body, if the operation has one.
    pub request_example: Option<Value>,
    /// The documented success status code (a range such as `2XX` counts as 200).
    pub success_status: u16,
    /// The media type of the success response.
    pub success_media_type: String,
    /// The example success response.
    pub response_example: Value,
    /// Whether the operation needs no authentication (`security: []`): it is
    /// sent without signature headers.
    pub anonymous: bool,
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl Operation {
    /// The example value of path parameter `name`.
    pub fn path_param(&self, name: &str) -> &str {
        self.path_params
            .iter()
            .find(|(param, _)| param == name)
            .map_or("", |(_, value)| value.as_str())
    }

    /// The path with each parameter replaced by its example value (the
    /// examples need no percent-encoding).
    pub fn example_path(&self) -> String {
        self.path_params
            .iter()
            .fold(self.path.clone(), |path, (name, value)| {
                path.replace(&format!("{{{name}}}"), value)
            })
    }
}

/// Every operation of the spec, in document order.
pub fn operations(spec: &Value) -> Vec<Operation> {
    let paths = spec["paths"].as_object().expect("the spec has paths");
    let mut operations = Vec::new();
    for (path, item) in paths {
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let request_example = op
                .pointer("/requestBody/content/application~1json")
                .map(|media| single_example(media).expect("request bodies have an example"));
            let (status, response) = op["responses"]
                .as_object()
                .expect("operations have responses")
                .iter()
                .find(|(status, _)| status.starts_with('2'))
                .expect("operations have a success response");
            let (media_type, media) = response["content"]
                .as_object()
                .and_then(|content| content.iter().next())
                .expect("success responses have content");
            let path_params = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|parameter| parameter["in"] == "path")
                .map(|parameter| {
                    let name = parameter["name"].as_str().expect("parameters have a name");
                    let example = parameter["example"]
                        .as_str()
                        .expect("path parameters have a string example");
                    (name.to_owned(), example.to_owned())
                })
                .collect();
            operations.push(Operation {
                id: op["operationId"].as_str().expect("operationId").to_owned(),
                method: method.to_uppercase(),
                path: path.clone(),
                path_params,
                request_example,
                success_status: status.parse().unwrap_or(200),
                success_media_type: media_type.clone(),
                response_example: single_example(media).expect("success responses have an example"),
                anonymous: op["security"]
                    .as_array()
                    .is_some_and(|requirements| requirements.is_empty()),
            });
        }
    }
    operations
}

/// An example found anywhere in the spec, with the schema it illustrates.
#[derive(Debug, Clone)]
pub struct Example {
    /// Where it was found (a JSON pointer into the spec).
    pub location: String,
    /// The name of the component schema it illustrates, when the schema is a
    /// `$ref`; `None` for an inline schema.
    pub schema: Option<String>,
    /// The inline schema, when there is no `$ref`.
    pub inline_schema: Option<Value>,
    /// The example value.
    pub value: Value,
}

/// Every example of the spec: media-type `example`/`examples` (requests,
/// responses, errors, callbacks) and `example` on component schemas.
pub fn examples(spec: &Value) -> Vec<Example> {
    let mut found = Vec::new();
    walk(spec, String::new(), &mut found);
    found
}

fn walk(node: &Value, location: String, found: &mut Vec<Example>) {
    match node {
        Value::Object(map) => {
            if let Some(schema) = map.get("schema") {
                let schema_name = object_ref_name(schema);
                let inline_schema = schema_name.is_none().then(|| schema.clone());
                let mut push = |at: String, value: &Value| {
                    found.push(Example {
                        location: at,
                        schema: schema_name.clone(),
                        inline_schema: inline_schema.clone(),
                        value: value.clone(),
                    })
                };
                if let Some(value) = map.get("example") {
                    push(format!("{location}/example"), value);
                }
                for (name, example) in map
                    .get("examples")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    push(format!("{location}/examples/{name}"), &example["value"]);
                }
            }
            if location.starts_with("/components/schemas/")
                && location.matches('/').count() == 3
                && let Some(value) = map.get("example")
            {
                let name = location.rsplit('/').next().unwrap_or_default().to_owned();
                found.push(Example {
                    location: format!("{location}/example"),
                    schema: Some(name),
                    inline_schema: None,
                    value: value.clone(),
                });
            }
            for (key, child) in map {
                if key == "example" || key == "examples" {
                    continue;
                }
                walk(
                    child,
                    format!("{location}/{}", key.replace('~', "~0").replace('/', "~1")),
                    found,
                );
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                walk(child, format!("{location}/{index}"), found);
            }
        }
        _ => {}
    }
}

/// `#/components/schemas/Name` -> `Name`.
pub fn ref_name(schema: &Value) -> Option<String> {
    schema["$ref"]
        .as_str()
        .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
        .map(str::to_owned)
}

/// The component a schema names: its `$ref`, or, for a request body that
/// also takes the fieldless forms (`anyOf: [$ref: X, $ref: FieldlessBody]`),
/// its object `X`.
pub fn object_ref_name(schema: &Value) -> Option<String> {
    match schema["anyOf"].as_array().map(Vec::as_slice) {
        Some([object, fieldless]) if ref_name(fieldless).as_deref() == Some("FieldlessBody") => {
            ref_name(object)
        }
        _ => ref_name(schema),
    }
}

fn single_example(media: &Value) -> Option<Value> {
    media.get("example").cloned().or_else(|| {
        media["examples"]
            .as_object()
            .and_then(|examples| examples.values().next())
            .map(|example| example["value"].clone())
    })
}

/// The `enum` list of a component schema.
pub fn enum_values(spec: &Value, schema: &str) -> Vec<String> {
    spec["components"]["schemas"][schema]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("schema {schema} has an enum list"))
        .iter()
        .map(|value| value.as_str().expect("enum values are strings").to_owned())
        .collect()
}

/// A property the API always sends (the spec marks it `required`) that a
/// payload may still lack (`x-tolerate-missing: true`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlwaysSent {
    /// The component schema.
    pub schema: String,
    /// The property.
    pub property: String,
    /// Whether it is a list (written `[]` when empty), else it may be null.
    pub is_list: bool,
}

/// Every property marked `x-tolerate-missing` in the component schemas.
pub fn always_sent(spec: &Value) -> Vec<AlwaysSent> {
    let schemas = spec["components"]["schemas"]
        .as_object()
        .expect("the spec has component schemas");
    let mut found = Vec::new();
    for (schema, definition) in schemas {
        let Some(properties) = definition["properties"].as_object() else {
            continue;
        };
        for (property, property_schema) in properties {
            if property_schema["x-tolerate-missing"] == Value::Bool(true) {
                found.push(AlwaysSent {
                    schema: schema.clone(),
                    property: property.clone(),
                    is_list: property_schema["type"] == "array",
                });
            }
        }
    }
    found
}
