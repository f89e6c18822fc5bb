//! The dashboard at `/_sandbox/`: the world's objects and every callback
//! delivery, with the buttons that drive them.

use std::fmt::Write as _;
use std::sync::Arc;

use alphapo_gen::{InvoiceStatus, TransactionStatus, types};
use axum::extract::State;
use axum::response::Response;

use super::format::utc;
use super::html::{esc, page};
use crate::delivery::{Delivery, DeliveryOutcome};
use crate::runtime::Engine;

/// Everything the dashboard shows, read under one lock.
struct Overview {
    balances: Vec<types::Balance>,
    addresses: Vec<types::CryptoAddress>,
    deposits: Vec<types::TransactionCallback>,
    invoices: Vec<types::Invoice>,
    payment_requests: Vec<types::PaymentRequest>,
    withdrawals: Vec<types::TransactionCallback>,
    exchanges: Vec<types::TransactionCallback>,
    deliveries: Vec<Delivery>,
}

/// `GET /_sandbox/`: the dashboard.
pub(crate) async fn show(State(engine): State<Arc<Engine>>) -> Response {
    let deliveries = engine.log.snapshot();
    let overview = engine.read(|world| Overview {
        balances: world.balances(),
        addresses: world.addresses(),
        deposits: world.deposits(),
        invoices: world.invoices(),
        payment_requests: world.payment_requests(),
        withdrawals: world.withdrawals(),
        exchanges: world.exchanges(),
        deliveries,
    });
    page("Dashboard", Some("dashboard.js"), "", &render(&overview))
}

fn render(overview: &Overview) -> String {
    let mut body = String::with_capacity(16 * 1024);
    body.push_str(
        "<header><h1>AlphaPo sandbox</h1>\n<p>Updates by itself every second or two. \
         <span id=\"dashboard-message\" role=\"status\" aria-live=\"polite\"></span></p>\
         </header>\n<main class=\"dashboard\">\n",
    );
    body.push_str(&balances(&overview.balances));
    body.push_str(&addresses(&overview.addresses));
    body.push_str(&transactions(
        "deposits",
        "Deposits",
        &overview.deposits,
        false,
    ));
    body.push_str(&invoices(&overview.invoices));
    body.push_str(&payment_requests(&overview.payment_requests));
    body.push_str(&transactions(
        "withdrawals",
        "Withdrawals",
        &overview.withdrawals,
        true,
    ));
    body.push_str(&transactions(
        "exchanges",
        "Exchanges",
        &overview.exchanges,
        false,
    ));
    body.push_str(&callbacks(&overview.deliveries));
    body.push_str("</main>");
    body
}

/// A section with a heading and a table; `rows` are `<tr>` elements.
fn section(id: &str, heading: &str, columns: &[&str], rows: &[String]) -> String {
    let mut html = format!(
        "<section id=\"{id}\" aria-labelledby=\"{id}-heading\">\n\
         <h2 id=\"{id}-heading\">{heading} ({count})</h2>\n",
        count = rows.len(),
    );
    if rows.is_empty() {
        html.push_str("<p class=\"empty\">None yet.</p>\n</section>\n");
        return html;
    }
    html.push_str("<table>\n<thead><tr>");
    for column in columns {
        let _ = write!(html, "<th scope=\"col\">{column}</th>");
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        html.push_str(row);
        html.push('\n');
    }
    html.push_str("</tbody>\n</table>\n</section>\n");
    html
}

/// A `<td>` with escaped text.
fn cell(text: &str) -> String {
    format!("<td>{}</td>", esc(text))
}

fn optional(text: Option<&str>) -> String {
    cell(text.unwrap_or("-"))
}

fn balances(balances: &[types::Balance]) -> String {
    let rows: Vec<String> = balances
        .iter()
        .map(|balance| {
            format!(
                "<tr>{}{}</tr>",
                cell(&balance.currency),
                cell(&balance.balance.to_string())
            )
        })
        .collect();
    section("balances", "Balances", &["Currency", "Balance"], &rows)
}

fn addresses(addresses: &[types::CryptoAddress]) -> String {
    let rows: Vec<String> = addresses
        .iter()
        .map(|address| {
            format!(
                "<tr>{}{}{}{}{}{}</tr>",
                cell(&address.id.to_string()),
                cell(&address.currency),
                optional(address.convert_to.as_deref()),
                cell(&address.address),
                optional(address.tag.as_ref().map(|tag| tag.as_str())),
                optional(address.foreign_id.as_ref().map(|id| id.as_str())),
            )
        })
        .collect();
    section(
        "addresses",
        "Deposit addresses",
        &[
            "Id",
            "Currency",
            "Converts to",
            "Address",
            "Tag",
            "Foreign id",
        ],
        &rows,
    )
}

fn money(amount: Option<&types::CurrencyAmount>) -> String {
    optional(
        amount
            .map(|amount| format!("{} {}", amount.amount, amount.currency))
            .as_deref(),
    )
}

fn transactions(
    id: &str,
    heading: &str,
    views: &[types::TransactionCallback],
    drivable: bool,
) -> String {
    let rows: Vec<String> = views
        .iter()
        .map(|view| {
            let address = view.transactions.iter().find_map(|leg| leg.address.clone());
            let mut row = format!(
                "<tr>{}{}{}{}{}{}",
                cell(&view.id.to_string()),
                optional(view.foreign_id.as_ref().map(|id| id.as_str())),
                cell(view.status.as_str()),
                money(view.currency_sent.as_ref()),
                money(view.currency_received.as_ref()),
                optional(address.as_deref()),
            );
            if drivable {
                row.push_str(&withdrawal_actions(view));
            }
            row.push_str("</tr>");
            row
        })
        .collect();
    let mut columns = vec!["Id", "Foreign id", "Status", "Sent", "Received", "Address"];
    if drivable {
        columns.push("Actions");
    }
    section(id, heading, &columns, &rows)
}

/// Confirm, cancel and decline, while the withdrawal can still go either way.
fn withdrawal_actions(view: &types::TransactionCallback) -> String {
    let open = matches!(
        view.status,
        TransactionStatus::Processing | TransactionStatus::Pending
    );
    if !open {
        return "<td>-</td>".to_owned();
    }
    let id = view.id;
    let mut html = String::from("<td class=\"actions\">");
    for (action, label) in [
        ("confirm", "Confirm"),
        ("cancel", "Cancel"),
        ("decline", "Decline"),
    ] {
        let _ = write!(
            html,
            "<button type=\"button\" id=\"{action}-{id}\" \
             data-post=\"/_sandbox/withdrawals/{id}/{action}\" \
             aria-label=\"{label} withdrawal {id}\">{label}</button> "
        );
    }
    html.push_str("</td>");
    html
}

fn invoices(invoices: &[types::Invoice]) -> String {
    let rows: Vec<String> = invoices
        .iter()
        .map(|invoice| {
            format!(
                "<tr>{}{}{}{}{}<td><a href=\"/_sandbox/invoices/{id}\">Checkout page of \
                 invoice {id}</a></td>{}</tr>",
                cell(&invoice.id.to_string()),
                cell(invoice.foreign_id.as_str()),
                optional(invoice.title.as_deref()),
                cell(&format!("{} {}", invoice.amount, invoice.currency)),
                cell(invoice.status.as_str()),
                invoice_actions(invoice),
                id = invoice.id,
            )
        })
        .collect();
    section(
        "invoices",
        "Invoices",
        &[
            "Id",
            "Foreign id",
            "Title",
            "Amount",
            "Status",
            "Page",
            "Actions",
        ],
        &rows,
    )
}

/// Cancel, while the invoice can still be cancelled (`created`, `pending`
/// or `processing`, as `invoices/{foreign_id}/cancel/` allows).
fn invoice_actions(invoice: &types::Invoice) -> String {
    let open = matches!(
        invoice.status,
        InvoiceStatus::Created | InvoiceStatus::Pending | InvoiceStatus::Processing
    );
    if !open {
        return "<td>-</td>".to_owned();
    }
    let id = invoice.id;
    format!(
        "<td class=\"actions\"><button type=\"button\" id=\"cancel-invoice-{id}\" \
         data-post=\"/_sandbox/invoices/{id}/cancel\" \
         aria-label=\"Cancel invoice {id}\">Cancel</button></td>"
    )
}

fn payment_requests(requests: &[types::PaymentRequest]) -> String {
    let rows: Vec<String> = requests
        .iter()
        .map(|request| {
            let amount = match (&request.amount, &request.currency) {
                (Some(amount), Some(currency)) => Some(format!("{amount} {}", currency.iso)),
                _ => None,
            };
            format!(
                "<tr>{}{}{}{}<td><a href=\"/_sandbox/payment-requests/{id}\">Checkout page of \
                 payment request {id}</a></td></tr>",
                cell(&request.id),
                optional(request.foreign_id.as_ref().map(|id| id.as_str())),
                optional(amount.as_deref()),
                cell(request.status.as_str()),
                id = esc(&request.id),
            )
        })
        .collect();
    section(
        "payment-requests",
        "Payment requests",
        &["Id", "Foreign id", "Amount", "Status", "Page"],
        &rows,
    )
}

fn outcome(outcome: DeliveryOutcome) -> &'static str {
    match outcome {
        DeliveryOutcome::Pending => "pending",
        DeliveryOutcome::Delivered => "delivered",
        DeliveryOutcome::GaveUp => "failed (gave up)",
        DeliveryOutcome::NotSent => "not sent (no callback URL)",
    }
}

/// Each attempt: when, where, and the HTTP status or the error.
fn attempts(delivery: &Delivery) -> String {
    if delivery.attempts.is_empty() {
        return "<td>none</td>".to_owned();
    }
    let mut html = String::from("<td><ol class=\"attempts\">");
    for attempt in &delivery.attempts {
        let result = match (attempt.status, &attempt.error) {
            (Some(status), _) => format!("HTTP {status}"),
            (None, Some(error)) => format!("error: {error}"),
            (None, None) => "no answer".to_owned(),
        };
        let _ = write!(
            html,
            "<li><time>{}</time> to <code>{}</code>: {}</li>",
            esc(&utc(attempt.at)),
            esc(&attempt.target),
            esc(&result)
        );
    }
    html.push_str("</ol></td>");
    html
}

fn callbacks(deliveries: &[Delivery]) -> String {
    let rows: Vec<String> = deliveries
        .iter()
        .rev()
        .map(|delivery| {
            let id = delivery.id;
            format!(
                "<tr>{}{}{}{}{}{}<td><button type=\"button\" id=\"resend-{id}\" \
                 data-post=\"/_sandbox/callbacks/{id}/resend\" \
                 aria-label=\"Resend callback {id}\">Resend</button></td></tr>",
                cell(&id.to_string()),
                cell(delivery.payload.kind()),
                cell(delivery.payload.status()),
                cell(&delivery.payload.id()),
                cell(outcome(delivery.outcome)),
                attempts(delivery),
            )
        })
        .collect();
    section(
        "callbacks",
        "Callback deliveries",
        &[
            "#", "Type", "Status", "About", "Outcome", "Attempts", "Resend",
        ],
        &rows,
    )
}
