//! What the command knows about each operation's body, from the spec: its
//! fields in `--help`, an example to edit in `--template`, and every problem
//! of a body reported in one run, before anything is sent.

use crate::support::{alphapo, exit_code, json_ok, sandbox, text};
use alphapo_tests::wire::refused_url;

const KEY: &str = "fields-key";
const SECRET: &str = "fields-secret-0b7e";

#[test]
fn help_lists_the_invoice_fields_with_their_rules() {
    let output = alphapo(&[])
        .args(["invoices-create", "--help"])
        .output()
        .expect("runs");
    let help = text(&output);
    assert_eq!(exit_code(&output), 0, "{help}");
    for line in [
        "  title: string, required, 1-50 characters\n",
        "  url_success: string, required, an https:// URL on a domain name (not an IP address)\n",
        "  description: string, optional, at most 1000 characters\n",
        "  type: string, optional, one of: fill_or_kill, good_until_expired\n",
    ] {
        assert!(help.contains(line), "{line:?} in {help}");
    }
    assert!(help.contains("Invoice title shown to the payer"), "{help}");
    assert!(!help.contains("(?!"), "no raw regex: {help}");

    let output = alphapo(&[])
        .args(["invoices-create", "-h"])
        .output()
        .expect("runs");
    let short = text(&output);
    assert_eq!(exit_code(&output), 0, "{short}");
    assert!(short.contains("--help lists the body fields"), "{short}");
}

#[test]
fn every_operation_with_a_body_explains_it_and_prints_the_specs_example() {
    let spec = alphapo_tests::spec::load();
    let operations = alphapo_tests::spec::operations(&spec);
    let with_bodies: Vec<_> = operations
        .iter()
        .filter(|op| {
            // `accounts_list` takes no fields: its example is `{}`.
            op.request_example
                .as_ref()
                .and_then(|example| example.as_object())
                .is_some_and(|fields| !fields.is_empty())
        })
        .collect();
    assert!(with_bodies.len() >= 10, "{}", with_bodies.len());
    for op in with_bodies {
        let name = op.id.replace('_', "-");
        let help = text(&alphapo(&[]).args([&name, "--help"]).output().expect("runs"));
        let example = op.request_example.as_ref().and_then(|e| e.as_object());
        for field in example.into_iter().flat_map(|example| example.keys()) {
            assert!(
                help.contains(&format!("  {field}: ")),
                "{name}: {field} in {help}"
            );
        }
        let template = json_ok(
            &alphapo(&[])
                .args([&name, "--template"])
                .output()
                .expect("runs"),
        );
        assert_eq!(Some(&template), op.request_example.as_ref(), "{name}");
    }
}

#[test]
fn an_empty_invoice_names_all_eight_required_fields_in_one_run() {
    // Nothing listens there: an exit code other than 2 would mean it was sent.
    let url = refused_url();
    let output = alphapo(&[("ALPHAPO_API_KEY", KEY), ("ALPHAPO_SECRET", SECRET)])
        .args(["invoices-create", "--base-url", &url, "--body", "{}"])
        .output()
        .expect("runs");
    let said = text(&output);
    assert_eq!(exit_code(&output), 2, "{said}");
    assert!(said.contains("8 problems"), "{said}");
    for field in [
        "amount",
        "currency",
        "end_user_reference",
        "foreign_id",
        "timer",
        "title",
        "url_failed",
        "url_success",
    ] {
        assert!(
            said.contains(&format!("\n  {field}: is required")),
            "{field}: {said}"
        );
    }
}

#[test]
fn an_amount_with_more_digits_than_a_json_number_keeps_is_refused_not_rounded() {
    // Nothing listens there: an exit code other than 2 would mean it was sent.
    let url = refused_url();
    for args in [
        vec!["--body", r#"{"amount": 0.1234567890123456789}"#],
        vec!["-F", "amount=0.1234567890123456789"],
    ] {
        let output = alphapo(&[("ALPHAPO_API_KEY", KEY), ("ALPHAPO_SECRET", SECRET)])
            .args(["withdrawal-crypto", "--base-url", &url])
            .args(&args)
            .output()
            .expect("runs");
        let said = text(&output);
        assert_eq!(exit_code(&output), 2, "{args:?}: {said}");
        assert!(
            said.contains("the number 0.1234567890123456789 has more digits")
                && said.contains(r#"write it as a string: "0.1234567890123456789""#),
            "{args:?}: {said}"
        );
    }
}

#[test]
fn a_bad_redirect_url_is_explained_in_words() {
    let output = alphapo(&[("ALPHAPO_API_KEY", KEY), ("ALPHAPO_SECRET", SECRET)])
        .args([
            "invoices-create",
            "--base-url",
            "http://127.0.0.1:9",
            "--template",
        ])
        .output()
        .expect("runs");
    let mut body = json_ok(&output);
    body["url_success"] = "https://203.0.113.7/paid".into();
    body["title"] = "x".repeat(51).into();
    let output = alphapo(&[("ALPHAPO_API_KEY", KEY), ("ALPHAPO_SECRET", SECRET)])
        .args([
            "invoices-create",
            "--base-url",
            "http://127.0.0.1:9",
            "--body",
        ])
        .arg(body.to_string())
        .output()
        .expect("runs");
    let said = text(&output);
    assert_eq!(exit_code(&output), 2, "{said}");
    assert!(
        said.contains(
            "\n  url_success: must be an https:// URL on a domain name (not an IP address)"
        ),
        "{said}"
    );
    assert!(
        said.contains("\n  title: must be 1-50 characters (it has 51)"),
        "{said}"
    );
    assert!(!said.contains("(?!"), "no raw regex: {said}");
}

#[test]
fn the_invoice_template_with_a_fresh_foreign_id_is_accepted_by_the_sandbox() {
    let running = sandbox(KEY, SECRET);
    let url = running.sandbox.base_url();
    let template = alphapo(&[])
        .args(["invoices-create", "--template"])
        .output()
        .expect("runs");
    let template = String::from_utf8(template.stdout).expect("UTF-8");
    let output = alphapo(&[("ALPHAPO_API_KEY", KEY), ("ALPHAPO_SECRET", SECRET)])
        .args(["invoices-create", "--base-url", url, "--body", &template])
        .args(["-f", "foreign_id=template-order-1"])
        .output()
        .expect("runs");
    let invoice = json_ok(&output);
    assert!(invoice["url"].is_string(), "{invoice}");
    assert_eq!(invoice["foreign_id"], "template-order-1", "{invoice}");
}
