//! Running progenitor over the spec and formatting its output.

use openapiv3::OpenAPI;
use progenitor_impl::{
    GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl,
};
use quote::quote;

use crate::generated_file::{GeneratedFile, HEADER};
use crate::replacements::{BODY_REPLACEMENTS, REPLACEMENTS};
use crate::{
    body_schemas, generator_view, operation_table, parsed_urls, response_headers, tolerant_reads,
};

/// The generated client, relative to the workspace root.
const CLIENT_PATH: &str = "crates/alphapo-gen/src/generated.rs";
/// The generated httpmock helpers, relative to the workspace root.
const HTTPMOCK_PATH: &str = "crates/alphapo-httpmock/src/generated.rs";

/// Generates every file from the spec, deterministically.
pub fn render(spec: &OpenAPI) -> Result<Vec<GeneratedFile>, String> {
    let tolerant = tolerant_reads::marked_fields(spec)?;
    let view = generator_view::for_progenitor(spec);
    let mut generator = Generator::new(&settings());
    let client = generator
        .generate_tokens(&view)
        .map_err(|e| format!("progenitor could not generate the client: {e}"))?;
    let httpmock = generator
        .httpmock(&view, "alphapo_gen")
        .map_err(|e| format!("progenitor could not generate the mocks: {e}"))?;
    let mut client = parse_file(client)?;
    tolerant_reads::apply(&mut client, &tolerant)?;
    parsed_urls::apply(&mut client)?;
    response_headers::apply(&mut client)?;
    Ok(vec![
        GeneratedFile {
            path: CLIENT_PATH,
            contents: format_file(&client),
        },
        GeneratedFile {
            path: HTTPMOCK_PATH,
            contents: format_file(&parse_file(httpmock)?),
        },
        GeneratedFile {
            path: operation_table::TABLE_PATH,
            contents: operation_table::render(spec, HEADER)?,
        },
        body_schemas::render(spec)?,
    ])
}

fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::default();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        // `None`: a client without credentials, which can only send the
        // operations that need none (`security: []`).
        .with_inner_type(quote!(::std::option::Option<::alphapo_auth::Signer>))
        .with_hooks(HooksMode::Expected)
        .with_derive("schemars::JsonSchema")
        .with_derive("PartialEq");
    for (schema, rust_type) in REPLACEMENTS {
        settings.with_replacement(
            schema,
            rust_type,
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    }
    for (schema, rust_type) in BODY_REPLACEMENTS {
        settings.with_replacement(schema, rust_type, std::iter::empty());
    }
    settings
}

fn parse_file(tokens: proc_macro2::TokenStream) -> Result<syn::File, String> {
    syn::parse2(tokens).map_err(|e| format!("generated code does not parse: {e}"))
}

/// Pretty-prints with prettyplease (no nightly rustfmt needed).
fn format_file(file: &syn::File) -> String {
    format!("{HEADER}{}", prettyplease::unparse(file))
}
