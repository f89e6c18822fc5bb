//! Each kind of change on a small pair of specs, and the real spec against
//! itself.

use super::report::{Change, Severity};
use super::{load, request, walk};

/// A small spec: one signed operation with a body, a response, a callback,
/// an open and a closed enum.
const BASE: &str = r##"
openapi: 3.0.3
info: {title: t, version: '1'}
servers:
  - url: https://app.example.com
paths:
  /api/v2/invoices/create:
    post:
      operationId: invoices_create
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/InvoiceRequest'
      responses:
        '201':
          description: created
          content:
            application/json:
              schema:
                type: object
                required: [data]
                properties:
                  data:
                    $ref: '#/components/schemas/Invoice'
        4XX:
          description: error
      callbacks:
        invoice:
          'https://merchant.example.com/cb':
            post:
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      $ref: '#/components/schemas/Invoice'
              responses:
                '200': {description: ok}
components:
  schemas:
    Title:
      type: string
      minLength: 1
      maxLength: 50
    InvoiceKind:
      type: string
      enum: [fill_or_kill, good_until_expired]
    InvoiceStatus:
      type: string
      x-open-enum: true
      enum: [created, paid]
    InvoiceRequest:
      type: object
      required: [title, amount]
      properties:
        title:
          $ref: '#/components/schemas/Title'
        amount:
          type: string
        kind:
          $ref: '#/components/schemas/InvoiceKind'
        email:
          type: string
          format: email
        note:
          type: string
          nullable: true
    Invoice:
      type: object
      required: [id, status, url]
      properties:
        id:
          type: integer
        status:
          $ref: '#/components/schemas/InvoiceStatus'
        kind:
          $ref: '#/components/schemas/InvoiceKind'
        url:
          type: string
        error:
          oneOf:
            - type: string
            - enum: [null]
"##;

fn changes(new: &str) -> Vec<Change> {
    let old = load::parse("old", BASE).expect("the base spec parses");
    let new = load::parse("new", new).expect("the changed spec parses");
    walk::changes(&old.document, &new.document).expect("the specs compare")
}

/// The base spec with `from` replaced by `to` (which must occur).
fn edited(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "the base spec has no {from:?}");
    BASE.replacen(from, to, 1)
}

/// Asserts that the only change is `expected`, of `severity`.
fn assert_only(changes: &[Change], severity: Severity, expected: &str) {
    let lines: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert_eq!(lines, [expected], "{changes:#?}");
    assert_eq!(changes[0].severity, severity, "{expected}");
}

/// Each change with its severity, in report order.
fn listed(changes: &[Change]) -> Vec<(Severity, String)> {
    changes
        .iter()
        .map(|c| (c.severity, c.to_string()))
        .collect()
}

fn breaking(from: &str, to: &str, expected: &str) {
    assert_only(&changes(&edited(from, to)), Severity::Breaking, expected);
}

fn compatible(from: &str, to: &str, expected: &str) {
    assert_only(&changes(&edited(from, to)), Severity::Compatible, expected);
}

#[test]
fn an_unchanged_spec_reports_nothing() {
    assert_eq!(changes(BASE), []);
}

#[test]
fn the_real_spec_against_itself_reports_nothing_and_exits_zero() {
    let root = crate::workspace_root();
    let path = root.join(crate::spec::SPEC_PATH);
    let spec = load::file(&path).expect("the spec loads");
    assert_eq!(walk::changes(&spec.document, &spec.document), Ok(vec![]));
    let args = [path.display().to_string()];
    let code = super::run(&root, &args);
    assert_eq!(code, std::process::ExitCode::SUCCESS);
}

#[test]
fn the_spec_at_a_git_revision_loads_and_matches_itself() {
    let root = crate::workspace_root();
    let head = load::old(&root, "HEAD").expect("HEAD has the spec");
    assert_eq!(head.label, "HEAD:openapi/alphapo.yaml");
    assert_eq!(walk::changes(&head.document, &head.document), Ok(vec![]));
    let error = load::old(&root, "no-such-revision-or-file")
        .err()
        .expect("a bad revision is an error");
    assert!(
        error.contains("neither a file nor a git revision"),
        "{error}"
    );
}

#[test]
fn the_arguments_are_a_source_and_an_optional_new_file() {
    let args = |list: &[&str]| request(&list.iter().map(|a| a.to_string()).collect::<Vec<_>>());
    assert_eq!(args(&["HEAD~3"]).map(|r| r.old), Some("HEAD~3".to_owned()));
    let with_new = args(&["old.yaml", "--new", "new.yaml"]).expect("valid");
    assert_eq!(
        with_new.new.as_deref(),
        Some(std::path::Path::new("new.yaml"))
    );
    assert_eq!(args(&[]), None);
    assert_eq!(args(&["a", "b"]), None);
    assert_eq!(args(&["a", "--new"]), None);
    assert_eq!(args(&["a", "--verbose"]), None);
}

#[test]
fn a_breaking_change_exits_one_and_a_usage_error_two() {
    let dir = std::env::temp_dir().join(format!("xtask-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let (old, new) = (dir.join("old.yaml"), dir.join("new.yaml"));
    std::fs::write(&old, BASE).expect("writable");
    std::fs::write(
        &new,
        edited("required: [title, amount]", "required: [title]"),
    )
    .expect("writable");
    // `amount` is required in `old`, optional in `new`.
    let tightening = [
        new.display().to_string(),
        "--new".into(),
        old.display().to_string(),
    ];
    let loosening = [
        old.display().to_string(),
        "--new".into(),
        new.display().to_string(),
    ];
    let root = crate::workspace_root();
    assert_eq!(
        super::run(&root, &tightening),
        std::process::ExitCode::FAILURE
    );
    assert_eq!(
        super::run(&root, &loosening),
        std::process::ExitCode::SUCCESS
    );
    let unreadable = ["no-such-revision-or-file".to_owned()];
    assert_eq!(
        super::run(&root, &unreadable),
        std::process::ExitCode::from(2)
    );
    assert_eq!(super::run(&root, &[]), std::process::ExitCode::from(2));
    std::fs::remove_dir_all(&dir).expect("removable");
}

// Operations and servers.

#[test]
fn an_operation_removed_breaks() {
    let new = edited(
        "  /api/v2/invoices/create:\n    post:",
        "  /api/v2/invoices/create:\n    put:",
    )
    .replace("operationId: invoices_create", "operationId: invoices_put");
    let changes = changes(&new);
    let lines: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "invoices_create: operation removed (POST /api/v2/invoices/create)",
            "invoices_put: new operation (PUT /api/v2/invoices/create)",
        ]
    );
    assert_eq!(changes[0].severity, Severity::Breaking);
    assert_eq!(changes[1].severity, Severity::Compatible);
}

#[test]
fn an_operation_renamed_breaks() {
    breaking(
        "operationId: invoices_create",
        "operationId: invoice_create",
        "invoices_create: operation renamed to 'invoice_create' (POST /api/v2/invoices/create)",
    );
}

#[test]
fn an_operation_moved_breaks() {
    breaking(
        "/api/v2/invoices/create:",
        "/api/v3/invoices/create:",
        "invoices_create: operation moved from POST /api/v2/invoices/create to POST /api/v3/invoices/create",
    );
}

#[test]
fn a_new_operation_is_compatible() {
    let new = edited(
        "components:\n",
        "  /api/v2/ping:\n    get:\n      operationId: ping\n      responses:\n        '200': {description: ok}\ncomponents:\n",
    );
    assert_only(
        &changes(&new),
        Severity::Compatible,
        "ping: new operation (GET /api/v2/ping)",
    );
}

#[test]
fn a_changed_server_url_breaks() {
    breaking(
        "url: https://app.example.com",
        "url: https://api.example.com",
        "servers: server URL changed from 'https://app.example.com' to 'https://api.example.com'",
    );
}

#[test]
fn a_new_server_url_is_compatible() {
    compatible(
        "  - url: https://app.example.com\n",
        "  - url: https://app.example.com\n  - url: https://eu.example.com\n",
        "servers: server URL 'https://eu.example.com' added",
    );
}

// Request bodies.

#[test]
fn a_request_field_added_as_required_breaks() {
    breaking(
        "required: [title, amount]\n      properties:\n",
        "required: [title, amount, currency]\n      properties:\n        currency:\n          type: string\n",
        "invoices_create request: field 'currency' added as required",
    );
}

#[test]
fn a_request_field_made_required_breaks() {
    breaking(
        "required: [title, amount]",
        "required: [title, amount, kind]",
        "invoices_create request: field 'kind' made required",
    );
}

#[test]
fn a_new_optional_request_field_is_compatible() {
    compatible(
        "      required: [title, amount]\n      properties:\n",
        "      required: [title, amount]\n      properties:\n        tag:\n          type: string\n",
        "invoices_create request: field 'tag' added as optional",
    );
}

#[test]
fn a_request_field_removed_breaks() {
    breaking(
        "        email:\n          type: string\n          format: email\n",
        "",
        "invoices_create request: field 'email' removed",
    );
}

#[test]
fn a_field_type_changed_breaks() {
    breaking(
        "        amount:\n          type: string\n",
        "        amount:\n          type: number\n",
        "invoices_create request: field 'amount': type changed from string to number",
    );
}

#[test]
fn a_format_changed_breaks() {
    breaking(
        "format: email",
        "format: uri",
        "invoices_create request: field 'email': format changed from 'email' to 'uri'",
    );
}

#[test]
fn a_request_field_no_longer_nullable_breaks() {
    breaking(
        "          type: string\n          nullable: true\n",
        "          type: string\n",
        "invoices_create request: field 'note': no longer accepts null",
    );
}

#[test]
fn a_request_constraint_tightened_breaks_and_loosened_does_not() {
    breaking(
        "maxLength: 50",
        "maxLength: 40",
        "invoices_create request: field 'title': constraint tightened: maxLength changed from 50 to 40",
    );
    compatible(
        "maxLength: 50",
        "maxLength: 60",
        "invoices_create request: field 'title': constraint loosened: maxLength changed from 50 to 60",
    );
    breaking(
        "      minLength: 1\n      maxLength: 50\n",
        "      minLength: 1\n      maxLength: 50\n      pattern: '^[a-z]+$'\n",
        "invoices_create request: field 'title': constraint tightened: pattern '^[a-z]+$' added",
    );
}

#[test]
fn a_value_removed_from_a_closed_enum_breaks() {
    let changes = changes(&edited(
        "enum: [fill_or_kill, good_until_expired]",
        "enum: [fill_or_kill]",
    ));
    let lines: Vec<String> = changes.iter().map(ToString::to_string).collect();
    // The enum is used by the request and the response and the callback.
    assert_eq!(
        lines,
        [
            "invoices_create callback 'invoice': field 'kind': value 'good_until_expired' removed",
            "invoices_create request: field 'kind': value 'good_until_expired' removed",
            "invoices_create response 201: field 'data.kind': value 'good_until_expired' removed",
        ]
    );
    assert!(changes.iter().all(|c| c.severity == Severity::Breaking));
}

#[test]
fn a_value_added_to_a_closed_enum_breaks_its_readers_only() {
    let changes = changes(&edited(
        "enum: [fill_or_kill, good_until_expired]",
        "enum: [fill_or_kill, good_until_expired, instalments]",
    ));
    let found: Vec<(Severity, String)> = changes
        .iter()
        .map(|c| (c.severity, c.place.clone()))
        .collect();
    assert_eq!(
        found,
        [
            (
                Severity::Breaking,
                "invoices_create callback 'invoice'".to_owned()
            ),
            (
                Severity::Breaking,
                "invoices_create response 201".to_owned()
            ),
            (Severity::Compatible, "invoices_create request".to_owned()),
        ]
    );
}

#[test]
fn a_new_value_of_an_open_enum_is_compatible() {
    let changes = changes(&edited(
        "enum: [created, paid]",
        "enum: [created, paid, refunded]",
    ));
    let lines: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "invoices_create callback 'invoice': field 'status': value 'refunded' added to an open enum",
            "invoices_create response 201: field 'data.status': value 'refunded' added to an open enum",
        ]
    );
    assert!(changes.iter().all(|c| c.severity == Severity::Compatible));
}

// Responses and callbacks.

#[test]
fn a_response_field_removed_breaks() {
    let changes = changes(&edited("        url:\n          type: string\n", ""));
    let lines: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "invoices_create callback 'invoice': field 'url' removed",
            "invoices_create response 201: field 'data.url' removed",
        ]
    );
    assert!(changes.iter().all(|c| c.severity == Severity::Breaking));
}

#[test]
fn a_response_field_made_optional_breaks() {
    let changes = changes(&edited(
        "required: [id, status, url]",
        "required: [id, status]",
    ));
    let lines: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "invoices_create callback 'invoice': field 'url' made optional (not always sent)",
            "invoices_create response 201: field 'data.url' made optional (not always sent)",
        ]
    );
    assert!(changes.iter().all(|c| c.severity == Severity::Breaking));
}

#[test]
fn a_response_field_made_nullable_breaks() {
    let changes = changes(&edited(
        "        id:\n          type: integer\n",
        "        id:\n          type: integer\n          nullable: true\n",
    ));
    let lines: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "invoices_create callback 'invoice': field 'id': made nullable",
            "invoices_create response 201: field 'data.id': made nullable",
        ]
    );
    assert!(changes.iter().all(|c| c.severity == Severity::Breaking));
}

#[test]
fn nullable_spelt_as_a_one_of_with_null_is_the_same_schema() {
    let new = edited(
        "          oneOf:\n            - type: string\n            - enum: [null]\n",
        "          type: string\n          nullable: true\n",
    );
    assert_eq!(changes(&new), []);
}

#[test]
fn a_new_response_field_is_compatible() {
    let changes = changes(&edited(
        "        url:\n          type: string\n",
        "        url:\n          type: string\n        paid_at:\n          type: integer\n",
    ));
    let lines: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "invoices_create callback 'invoice': field 'paid_at' added",
            "invoices_create response 201: field 'data.paid_at' added",
        ]
    );
    assert!(changes.iter().all(|c| c.severity == Severity::Compatible));
}

#[test]
fn a_success_response_removed_breaks() {
    let changes = changes(&edited("'201':", "'202':"));
    assert_eq!(
        listed(&changes),
        [
            (
                Severity::Breaking,
                "invoices_create response 201: response removed".to_owned()
            ),
            (
                Severity::Compatible,
                "invoices_create response 202: response added".to_owned()
            ),
        ]
    );
}

#[test]
fn a_callback_removed_breaks() {
    let changes = changes(&edited(
        "        invoice:\n          'https://merchant",
        "        paid:\n          'https://merchant",
    ));
    assert_eq!(
        listed(&changes),
        [
            (
                Severity::Breaking,
                "invoices_create callback 'invoice': callback removed".to_owned()
            ),
            (
                Severity::Compatible,
                "invoices_create callback 'paid': callback added".to_owned()
            ),
        ]
    );
}

#[test]
fn a_schema_that_becomes_a_one_of_of_itself_and_more_is_matched_by_type() {
    let from = "    Title:\n      type: string\n      minLength: 1\n      maxLength: 50\n";
    let to = "    Title:\n      oneOf:\n        - type: string\n          minLength: 1\n          maxLength: 50\n        - type: number\n";
    compatible(
        from,
        to,
        "invoices_create request: field 'title': alternative number added",
    );
    // Read the other way, the number is an alternative callers lose.
    let old = load::parse("old", &edited(from, to)).expect("parses");
    let new = load::parse("new", BASE).expect("parses");
    let changes = walk::changes(&old.document, &new.document).expect("compares");
    assert_eq!(
        listed(&changes),
        [(
            Severity::Breaking,
            "invoices_create request: field 'title': alternative number removed".to_owned()
        )]
    );
}

#[test]
fn parameters_compare_like_request_fields() {
    let with_limit = edited(
        "      operationId: invoices_create\n",
        "      operationId: invoices_create\n      parameters:\n        - in: query\n          name: limit\n          schema:\n            type: integer\n",
    );
    assert_only(
        &changes(&with_limit),
        Severity::Compatible,
        "invoices_create request: query parameter 'limit' added as optional",
    );
    let old = load::parse("old", &with_limit).expect("parses");
    let required = with_limit.replace(
        "          name: limit\n",
        "          name: limit\n          required: true\n",
    );
    let retyped = with_limit.replace("            type: integer\n", "            type: string\n");
    for (new, expected) in [
        (
            required.as_str(),
            "invoices_create request: query parameter 'limit' made required",
        ),
        (
            retyped.as_str(),
            "invoices_create request query parameter 'limit': the schema: type changed from integer to string",
        ),
        (
            BASE,
            "invoices_create request: query parameter 'limit' removed",
        ),
    ] {
        let new = load::parse("new", new).expect("parses");
        let changes = walk::changes(&old.document, &new.document).expect("compares");
        assert_eq!(
            listed(&changes),
            [(Severity::Breaking, expected.to_owned())]
        );
    }
}
