//! Responses read without copying their headers.
//!
//! progenitor reads every JSON response with `ResponseValue::from_response`,
//! which clones the header map it then drops with the response. This pass
//! points those calls at `alphapo_gen`'s own `response_value::from_response`,
//! which moves the headers out instead.

use syn::visit_mut::{self, VisitMut};
use syn::{Expr, parse_quote};

/// Rewrites every `ResponseValue::from_response(..)` call of the client.
pub fn apply(file: &mut syn::File) -> Result<(), String> {
    let mut rewrite = Rewrite { count: 0 };
    rewrite.visit_file_mut(file);
    if rewrite.count == 0 {
        return Err("no `ResponseValue::from_response` call in the generated code".to_owned());
    }
    Ok(())
}

struct Rewrite {
    count: usize,
}

impl VisitMut for Rewrite {
    fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
        visit_mut::visit_expr_call_mut(self, call);
        let Expr::Path(function) = &*call.func else {
            return;
        };
        let segments: Vec<String> = function
            .path
            .segments
            .iter()
            .map(|segment| segment.ident.to_string())
            .collect();
        if segments == ["ResponseValue", "from_response"] {
            *call.func = parse_quote!(crate::response_value::from_response);
            self.count += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn every_json_read_moves_the_headers_and_streams_are_left_alone() {
        let mut file: syn::File = parse_quote! {
            async fn send() {
                match status {
                    200u16 => ResponseValue::from_response(response).await,
                    400u16 => Err(Error::ErrorResponse(ResponseValue::from_response(response).await?)),
                    _ => Ok(ResponseValue::stream(response)),
                }
            }
        };
        apply(&mut file).expect("rewritten");
        let text = quote!(#file).to_string();
        assert_eq!(
            text.matches("crate :: response_value :: from_response (response)")
                .count(),
            2,
            "{text}"
        );
        assert!(
            text.contains("ResponseValue :: stream (response)"),
            "{text}"
        );
    }

    #[test]
    fn code_without_json_reads_is_an_error() {
        let mut file: syn::File = parse_quote! { fn f() {} };
        assert!(apply(&mut file).is_err());
    }
}
