//! Laravel's `email` rule on every e-mail field of a request, nested ones
//! (`sender_data.email`) included: the generated types cannot report those
//! by name, because `sender_data` is a union that fails as a whole.

use serde_json::{Map, Value};

use super::{ValidationErrors, messages};

/// Whether a field holds an e-mail address, by its name.
fn is_email_field(name: &str) -> bool {
    name == "email" || name == "email_user" || name.ends_with("_email")
}

/// The spec's syntax check (`^[^@\s]+@[^@\s]+\.[^@\s]+$`).
fn is_email(text: &str) -> bool {
    if text.chars().any(char::is_whitespace) {
        return false;
    }
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let inner_dot = domain
        .char_indices()
        .any(|(index, c)| c == '.' && index > 0 && index + 1 < domain.len());
    !local.is_empty() && !domain.contains('@') && inner_dot
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
    fn the_spec_pattern_is_applied() {
        for good in ["user@example.com", "a.b+c@sub.example.co"] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "user",
            "user@",
            "@example.com",
            "user@example",
            "a@b@c.d",
            "a b@c.d",
            "a@.com",
            "a@com.",
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
