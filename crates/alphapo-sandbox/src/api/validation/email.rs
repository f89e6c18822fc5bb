//! Laravel's `email` rule on every e-mail field of a request, nested ones
//! (`sender_data.email`) included: the generated types cannot report those
//! by name, because `sender_data` is a union that fails as a whole.

use serde_json::{Map, Value};

use super::errors::ValidationErrors;
use super::messages;

/// Whether a field holds an e-mail address, by its name.
fn is_email_field(name: &str) -> bool {
    name == "email" || name == "email_user" || name.ends_with("_email")
}

/// The spec's `Email` rule: an ASCII dot-atom local part of 1-64
/// characters, `@`, a domain of two or more labels of letters, digits and
/// inner hyphens (1-63 characters each), at most 254 characters in all.
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c);
    let label = |part: &str| {
        (1..=63).contains(&part.len())
            && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !part.starts_with('-')
            && !part.ends_with('-')
    };
    text.len() <= 254
        && (1..=64).contains(&local.len())
        && local
            .split('.')
            .all(|atom| !atom.is_empty() && atom.chars().all(atext))
        && domain.split('.').count() >= 2
        && domain.split('.').all(label)
}

/// Records "The X must be a valid email address." for every malformed
/// e-mail string in `object` or the objects nested in it.
pub(super) fn check(errors: &mut ValidationErrors, prefix: &str, object: &Map<String, Value>) {
    for (name, value) in object {
        let field = format!("{prefix}{name}");
        match value {
            Value::String(text) if is_email_field(name) && !is_email(text) => {
                errors.add(&field, messages::email(&field));
            }
            Value::Object(inner) => check(errors, &format!("{field}."), inner),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_spec_rule_is_applied() {
        for good in [
            "user@example.com",
            "a.b+c@sub.example.co",
            "!#$%&'*+/=?^_`{|}~-@a-b.c0",
        ] {
            assert!(is_email(good), "{good}");
        }
        let long_local = format!("{}@example.com", "a".repeat(65));
        let long_label = format!("a@{}.com", "b".repeat(64));
        for bad in [
            "user",
            "user@",
            "@example.com",
            "user@example",
            "a@b@c.d",
            "a b@c.d",
            "a@.com",
            "a@com.",
            "a..b@example.com",
            ".a@example.com",
            "a@-example.com",
            "Þ¢@v\u{87}.\u{8}°o",
            "tab\t@example.com",
            "a@exa_mple.com",
            &long_local,
            &long_label,
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn nested_fields_are_named_with_dots() {
        let mut errors = ValidationErrors::default();
        let body = json!({"email_user": "ok@example.com",
            "sender_data": {"email": "not-an-address"}, "title": "not@checked"});
        let Value::Object(object) = body else {
            panic!("an object");
        };
        check(&mut errors, "", &object);
        assert_eq!(
            errors,
            ValidationErrors::field(
                "sender_data.email",
                "The sender data.email must be a valid email address.".to_owned()
            )
        );
    }
}
