//! Cross-crate tests: the spec against the generated types, the generated
//! client against a mock server, and the SDK and the spec's examples against
//! the offline sandbox. One test binary, so the crates link once.

mod always_sent;
mod examples;
mod faults;
mod readme_program;
mod sandbox_refuses_forbidden_nulls;
mod sandbox_takes_fieldless_bodies;
mod sandbox_wire;
mod sandbox_wire_shapes;
mod sdk_against_sandbox;
mod signing;
mod spec_examples_against_sandbox;
mod support;
mod url_rule;
mod vendor_examples;
