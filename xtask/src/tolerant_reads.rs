//! Fields the API always sends, read leniently.
//!
//! A property the spec marks `required` is always written by the generated
//! types, `null` and `[]` included, which is what the API sends. typify then
//! also makes it mandatory when reading (`deserialize_with` on an `Option`, no
//! `default` on a `Vec`, an `Err` in the builder's default). For the
//! properties marked `x-tolerate-missing: true` (always sent, but absent from
//! some documented or legacy payloads) that would make reading stricter than
//! the API is, so this pass gives them `#[serde(default)]` (`None`, `[]`) and
//! an empty default in the builder. Writing is unchanged.

use openapiv3::{OpenAPI, ReferenceOr, SchemaKind, Type};
use quote::quote;
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, Fields, ImplItem, Item, ItemMod, Meta, Token, parse_quote};

/// The spec extension that marks a required property as tolerated when absent.
pub const MARK: &str = "x-tolerate-missing";

/// A property marked with [`MARK`]: the component schema and property names.
#[derive(Debug, PartialEq)]
pub struct TolerantField {
    pub schema: String,
    pub property: String,
}

/// Every marked property of the component schemas. A marked property that is
/// not required is a spec error: the mark would mean nothing.
pub fn marked_fields(spec: &OpenAPI) -> Result<Vec<TolerantField>, String> {
    let mut fields = Vec::new();
    let Some(components) = &spec.components else {
        return Ok(fields);
    };
    for (schema_name, schema) in &components.schemas {
        let ReferenceOr::Item(schema) = schema else {
            continue;
        };
        let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
            continue;
        };
        for (property, property_schema) in &object.properties {
            let ReferenceOr::Item(property_schema) = property_schema else {
                continue;
            };
            if !property_schema.schema_data.extensions.contains_key(MARK) {
                continue;
            }
            if !object.required.contains(property) {
                return Err(format!(
                    "{schema_name}.{property} is marked {MARK} but is not required"
                ));
            }
            fields.push(TolerantField {
                schema: schema_name.clone(),
                property: property.clone(),
            });
        }
    }
    Ok(fields)
}

/// Makes every field in `fields` default to empty when reading, in the
/// generated `types` module and its builders.
pub fn apply(file: &mut syn::File, fields: &[TolerantField]) -> Result<(), String> {
    let types = child_module(&mut file.items, "types")?;
    for field in fields {
        read_missing_as_default(types, field)?;
    }
    let builders = child_module(types, "builder")?;
    for field in fields {
        build_missing_as_default(builders, field)?;
    }
    Ok(())
}

fn child_module<'a>(items: &'a mut [Item], name: &str) -> Result<&'a mut Vec<Item>, String> {
    items
        .iter_mut()
        .find_map(|item| match item {
            Item::Mod(ItemMod {
                ident,
                content: Some((_, items)),
                ..
            }) if ident == name => Some(items),
            _ => None,
        })
        .ok_or_else(|| format!("the generated code has no `{name}` module"))
}

fn read_missing_as_default(items: &mut [Item], field: &TolerantField) -> Result<(), String> {
    let structure = items
        .iter_mut()
        .find_map(|item| match item {
            Item::Struct(structure) if structure.ident == field.schema => Some(structure),
            _ => None,
        })
        .ok_or_else(|| format!("no generated struct for schema {}", field.schema))?;
    let Fields::Named(named) = &mut structure.fields else {
        return Err(format!(
            "{} is not a struct with named fields",
            field.schema
        ));
    };
    let member = named
        .named
        .iter_mut()
        .find(|member| {
            member
                .ident
                .as_ref()
                .is_some_and(|id| id == &field.property)
        })
        .ok_or_else(|| format!("no field {} in struct {}", field.property, field.schema))?;
    let mut options: Vec<Meta> = Vec::new();
    let mut rest: Vec<Attribute> = Vec::new();
    for attribute in member.attrs.drain(..) {
        if attribute.path().is_ident("serde") {
            let nested = attribute
                .parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
                .map_err(|e| format!("unreadable serde attribute on {}: {e}", field.property))?;
            options.extend(nested.into_iter().filter(|meta| {
                !(meta.path().is_ident("deserialize_with") || meta.path().is_ident("default"))
            }));
        } else {
            rest.push(attribute);
        }
    }
    options.insert(0, parse_quote!(default));
    rest.push(parse_quote!(#[serde(#(#options),*)]));
    member.attrs = rest;
    Ok(())
}

fn build_missing_as_default(items: &mut [Item], field: &TolerantField) -> Result<(), String> {
    let missing = || {
        format!(
            "no builder default for {}.{} in the generated code",
            field.schema, field.property
        )
    };
    let default_fn = items
        .iter_mut()
        .find_map(|item| match item {
            Item::Impl(block)
                if block.trait_.as_ref().is_some_and(|(path, _)| {
                    path.segments.last().is_some_and(|s| s.ident == "Default")
                }) && is_named(&block.self_ty, &field.schema) =>
            {
                block.items.iter_mut().find_map(|inner| match inner {
                    ImplItem::Fn(function) if function.sig.ident == "default" => Some(function),
                    _ => None,
                })
            }
            _ => None,
        })
        .ok_or_else(missing)?;
    let Some(syn::Stmt::Expr(Expr::Struct(value), None)) = default_fn.block.stmts.last_mut() else {
        return Err(missing());
    };
    let initial = value
        .fields
        .iter_mut()
        .find(|init| matches!(&init.member, syn::Member::Named(id) if id == &field.property))
        .ok_or_else(missing)?;
    initial.expr = syn::parse2(quote!(Ok(Default::default()))).map_err(|e| e.to_string())?;
    Ok(())
}

fn is_named(ty: &syn::Type, name: &str) -> bool {
    matches!(ty, syn::Type::Path(path) if path.path.is_ident(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec_with(required: &str) -> OpenAPI {
        let text = format!(
            r#"
openapi: 3.0.3
info: {{title: t, version: '1'}}
paths: {{}}
components:
  schemas:
    Thing:
      type: object
      required: [{required}]
      properties:
        items:
          type: array
          items: {{type: string}}
          x-tolerate-missing: true
"#
        );
        serde_yaml::from_str(&text).expect("test spec parses")
    }

    #[test]
    fn a_marked_required_property_is_listed() {
        let fields = marked_fields(&spec_with("items")).expect("valid");
        assert_eq!(
            fields,
            vec![TolerantField {
                schema: "Thing".to_owned(),
                property: "items".to_owned()
            }]
        );
    }

    #[test]
    fn a_marked_optional_property_is_an_error() {
        let error = marked_fields(&spec_with("other")).expect_err("mark without required");
        assert!(error.contains("Thing.items"), "{error}");
    }

    #[test]
    fn the_field_reads_missing_as_default_and_builds_empty() {
        let mut file: syn::File = parse_quote! {
            pub mod types {
                pub struct Thing {
                    #[serde(rename = "x", deserialize_with = "::std::option::Option::deserialize")]
                    pub items: Option<String>,
                }
                pub mod builder {
                    impl ::std::default::Default for Thing {
                        fn default() -> Self {
                            Self { items: Err("no value supplied for items".to_string()) }
                        }
                    }
                }
            }
        };
        let field = TolerantField {
            schema: "Thing".to_owned(),
            property: "items".to_owned(),
        };
        apply(&mut file, &[field]).expect("applies");
        let text = prettyplease::unparse(&file);
        assert!(
            text.contains(r#"#[serde(default, rename = "x")]"#),
            "{text}"
        );
        assert!(!text.contains("deserialize_with"), "{text}");
        assert!(text.contains("items: Ok(Default::default())"), "{text}");
    }

    #[test]
    fn a_field_missing_from_the_generated_code_is_an_error() {
        let mut file: syn::File = parse_quote! {
            pub mod types { pub struct Thing { pub other: u8 } pub mod builder {} }
        };
        let field = TolerantField {
            schema: "Thing".to_owned(),
            property: "items".to_owned(),
        };
        let error = apply(&mut file, &[field]).expect_err("no such field");
        assert!(error.contains("no field items"), "{error}");
    }
}
