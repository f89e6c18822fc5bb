//! Operation URLs parsed once per client, not formatted and parsed on
//! every call.
//!
//! progenitor's client keeps its base URL as a `String`, and each operation
//! formats `{base}{path}` and hands the text to reqwest, which parses it
//! again. This pass makes the client hold an `alphapo_gen::BaseUrl` and each
//! operation with a fixed path ask it for the parsed URL
//! (`BaseUrl::endpoint`). A path with parameters keeps progenitor's
//! formatting (`BaseUrl` displays as the text it was given).

use quote::quote;
use syn::punctuated::Punctuated;
use syn::{Expr, Fields, ImplItem, Item, Lit, Pat, Stmt, Token, parse_quote};

/// The hand-written type the client's base URL becomes.
const BASE_URL: &str = "::alphapo_gen::BaseUrl";

/// Rewrites the client struct, its constructor and every operation's URL.
pub fn apply(file: &mut syn::File) -> Result<(), String> {
    hold_base_url(&mut file.items)?;
    let builders = file
        .items
        .iter_mut()
        .find_map(|item| match item {
            Item::Mod(module) if module.ident == "builder" => {
                module.content.as_mut().map(|(_, items)| items)
            }
            _ => None,
        })
        .ok_or("the generated code has no `builder` module")?;
    let mut rewritten = 0;
    for item in builders {
        let Item::Impl(block) = item else { continue };
        for inner in &mut block.items {
            let ImplItem::Fn(function) = inner else {
                continue;
            };
            if function.sig.ident != "send" {
                continue;
            }
            for statement in &mut function.block.stmts {
                rewritten += usize::from(parse_once(statement)?);
            }
        }
    }
    if rewritten == 0 {
        return Err("no operation URL to rewrite in the generated code".to_owned());
    }
    Ok(())
}

/// The `baseurl` field becomes a `BaseUrl`, built by `new_with_client`.
fn hold_base_url(items: &mut [Item]) -> Result<(), String> {
    let base_url: syn::Type = syn::parse_str(BASE_URL).map_err(|e| e.to_string())?;
    let field = items
        .iter_mut()
        .find_map(|item| match item {
            Item::Struct(structure) if structure.ident == "Client" => match &mut structure.fields {
                Fields::Named(named) => named
                    .named
                    .iter_mut()
                    .find(|field| field.ident.as_ref().is_some_and(|id| id == "baseurl")),
                _ => None,
            },
            _ => None,
        })
        .ok_or("no `baseurl` field in the generated `Client`")?;
    field.ty = base_url.clone();
    let constructor = items
        .iter_mut()
        .find_map(|item| match item {
            Item::Impl(block) if block.trait_.is_none() => {
                block.items.iter_mut().find_map(|inner| match inner {
                    ImplItem::Fn(function) if function.sig.ident == "new_with_client" => {
                        Some(function)
                    }
                    _ => None,
                })
            }
            _ => None,
        })
        .ok_or("no `Client::new_with_client` in the generated code")?;
    let Some(Stmt::Expr(Expr::Struct(value), None)) = constructor.block.stmts.last_mut() else {
        return Err("`Client::new_with_client` does not end with the client".to_owned());
    };
    let initial = value
        .fields
        .iter_mut()
        .find(|init| matches!(&init.member, syn::Member::Named(id) if id == "baseurl"))
        .ok_or("`Client::new_with_client` sets no `baseurl`")?;
    initial.expr = parse_quote!(#base_url::new(baseurl));
    Ok(())
}

/// Rewrites `let url = format!("{}/fixed/path", client.baseurl,);` into
/// `let url = client.baseurl.endpoint("/fixed/path").map_err(Error::InvalidRequest)?;`.
/// Returns whether `statement` was one.
fn parse_once(statement: &mut Stmt) -> Result<bool, String> {
    let Stmt::Local(local) = statement else {
        return Ok(false);
    };
    let Pat::Ident(name) = &local.pat else {
        return Ok(false);
    };
    let Some(init) = &mut local.init else {
        return Ok(false);
    };
    let Expr::Macro(call) = &*init.expr else {
        return Ok(false);
    };
    if name.ident != "url" || !call.mac.path.is_ident("format") {
        return Ok(false);
    }
    let arguments = call
        .mac
        .parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated)
        .map_err(|e| format!("unreadable URL format in the generated code: {e}"))?;
    let mut arguments = arguments.iter();
    let (Some(Expr::Lit(template)), Some(base), None) =
        (arguments.next(), arguments.next(), arguments.next())
    else {
        return Ok(false);
    };
    let Lit::Str(template) = &template.lit else {
        return Ok(false);
    };
    let Some(path) = template.value().strip_prefix("{}").map(str::to_owned) else {
        return Ok(false);
    };
    if path.contains(['{', '}']) || quote!(#base).to_string() != "client . baseurl" {
        return Ok(false);
    }
    *init.expr = parse_quote!(
        client.baseurl.endpoint(#path).map_err(Error::InvalidRequest)?
    );
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated() -> syn::File {
        parse_quote! {
            pub struct Client {
                pub(crate) baseurl: String,
                pub(crate) client: reqwest::Client,
            }
            impl Client {
                pub fn new_with_client(baseurl: &str, client: reqwest::Client) -> Self {
                    Self { baseurl: baseurl.to_string(), client }
                }
            }
            pub mod builder {
                impl<'a> Ping<'a> {
                    pub async fn send(self) -> Result<(), Error<()>> {
                        let url = format!("{}/api/v2/ping", client.baseurl,);
                        Ok(())
                    }
                }
                impl<'a> Item<'a> {
                    pub async fn send(self) -> Result<(), Error<()>> {
                        let url = format!("{}/items/{}", client.baseurl, encode_path(&id),);
                        Ok(())
                    }
                }
            }
        }
    }

    #[test]
    fn fixed_paths_are_parsed_once_and_paths_with_parameters_are_formatted() {
        let mut file = generated();
        apply(&mut file).expect("rewritten");
        let text = quote!(#file).to_string();
        assert!(
            text.contains("baseurl : :: alphapo_gen :: BaseUrl"),
            "{text}"
        );
        assert!(
            text.contains("baseurl : :: alphapo_gen :: BaseUrl :: new (baseurl)"),
            "{text}"
        );
        assert!(
            text.contains(
                "let url = client . baseurl . endpoint (\"/api/v2/ping\") . map_err (Error :: InvalidRequest) ?"
            ),
            "{text}"
        );
        assert!(
            text.contains("format ! (\"{}/items/{}\" , client . baseurl"),
            "{text}"
        );
    }

    #[test]
    fn code_without_operation_urls_is_an_error() {
        let mut file: syn::File = parse_quote! {
            pub struct Client { pub(crate) baseurl: String }
            impl Client {
                pub fn new_with_client(baseurl: &str) -> Self { Self { baseurl: baseurl.to_string() } }
            }
            pub mod builder {}
        };
        assert!(apply(&mut file).is_err());
    }
}
