//! The hosted checkout page that invoices and payment requests share: the
//! payer's choice of currency where the merchant left it open, what to pay
//! and where, the QR code, the countdown, the live status, the payer's
//! buttons, and where the payer goes once the payment is final.

use std::fmt::Write as _;

use alphapo_gen::Amount;
use axum::Json;
use axum::response::{IntoResponse, Response};
use rust_decimal::Decimal;
use serde::Serialize;

use super::format::countdown;
use super::html::{esc, page};
use super::qr;
use crate::world::money;

/// Everything a checkout page shows, from an invoice or a payment request.
#[derive(Debug, Clone)]
pub(super) struct Checkout {
    /// `Invoice` or `Payment request`.
    pub kind: &'static str,
    /// The merchant's title (or description).
    pub title: String,
    /// The object's id, as the API writes it.
    pub reference: String,
    /// What the merchant asked for, e.g. `100.00000000 EUR`.
    pub asked: String,
    /// The currency the payer pays in.
    pub pay_currency: &'static str,
    /// The whole amount to pay, in `pay_currency`.
    pub to_pay: Amount,
    /// What is still missing.
    pub remaining: Amount,
    /// The address to pay, once there is one.
    pub address: Option<String>,
    /// Seconds left on the timer, while it runs.
    pub seconds_left: Option<i64>,
    /// The status, as the API writes it.
    pub status: String,
    /// Whether the status is final (no more redirects to come).
    pub settled: bool,
    /// Where the payer goes once it is final.
    pub redirect: Option<String>,
    /// The control routes' prefix, e.g. `/_sandbox/invoices/100001`.
    pub base: String,
    /// The currencies the payer may pick to pay in, while that choice is
    /// open; the page then shows the choice instead of what to send.
    pub choices: Vec<&'static str>,
}

/// The part of a checkout the page polls for (`GET {base}/checkout`).
#[derive(Debug, Serialize)]
pub(super) struct Live {
    status: String,
    settled: bool,
    seconds_left: Option<i64>,
    remaining: Amount,
    address: Option<String>,
    redirect: Option<String>,
    amounts: Amounts,
    choices: Vec<&'static str>,
}

/// What the three payment buttons send.
#[derive(Debug, Clone, Copy, Serialize)]
struct Amounts {
    /// Exactly what is missing.
    exact: Amount,
    /// Half of it.
    part: Amount,
    /// 10 % more than it.
    over: Amount,
}

impl Amounts {
    fn of(checkout: &Checkout) -> Self {
        let missing = checkout.remaining.value();
        let base = if missing.is_zero() {
            checkout.to_pay.value()
        } else {
            missing
        };
        let part = (base / Decimal::TWO).round_dp(8).max(Decimal::new(1, 8));
        let over = base * Decimal::new(11, 1);
        Self {
            exact: money(base),
            part: money(part),
            over: money(over),
        }
    }
}

impl Checkout {
    /// The JSON the page polls.
    pub(super) fn live(&self) -> Response {
        Json(Live {
            status: self.status.clone(),
            settled: self.settled,
            seconds_left: self.seconds_left,
            remaining: self.remaining,
            address: self.address.clone(),
            redirect: self.redirect.clone(),
            amounts: Amounts::of(self),
            choices: self.choices.clone(),
        })
        .into_response()
    }

    /// The HTML page.
    pub(super) fn page(&self) -> Response {
        let mut body = String::with_capacity(8 * 1024);
        let _ = write!(
            body,
            "<main class=\"checkout\">\n<p class=\"kind\">{kind} {reference}</p>\n\
             <h1 id=\"title\">{title}</h1>\n\
             <p class=\"asked\">Amount: <strong id=\"asked\">{asked}</strong></p>\n\
             <p id=\"status\" role=\"status\" aria-live=\"polite\">Status: \
             <strong id=\"status-text\">{status}</strong></p>\n",
            kind = esc(self.kind),
            reference = esc(&self.reference),
            title = esc(&self.title),
            asked = esc(&self.asked),
            status = esc(&self.status),
        );
        let hidden = if self.seconds_left.is_some() {
            ""
        } else {
            " hidden"
        };
        let seconds = self.seconds_left.unwrap_or_default();
        let _ = writeln!(
            body,
            "<p id=\"countdown\"{hidden}>Time left: <time id=\"seconds-left\" \
             data-seconds=\"{seconds}\">{clock}</time></p>",
            clock = countdown(seconds),
        );
        if self.choices.is_empty() {
            self.write_payment(&mut body);
        } else {
            self.write_choice(&mut body);
        }
        self.write_redirect(&mut body);
        let data = format!(" data-base=\"{}\"", esc(&self.base));
        page(&self.title, Some("checkout.js"), &data, &body)
    }

    /// The payer's choice of the currency to pay in.
    fn write_choice(&self, body: &mut String) {
        body.push_str(
            "<section aria-labelledby=\"choose-heading\">\n\
             <h2 id=\"choose-heading\">Choose how to pay</h2>\n\
             <p><label for=\"pay-currency\">Currency</label>\n\
             <select id=\"pay-currency\" name=\"currency\">\n",
        );
        for code in &self.choices {
            let code = esc(code);
            let _ = writeln!(body, "<option value=\"{code}\">{code}</option>");
        }
        body.push_str(
            "</select>\n<button type=\"button\" id=\"choose-currency\">Pay with this \
             currency</button></p>\n<p id=\"message\" role=\"alert\"></p>\n</section>\n",
        );
    }

    /// What to send and where, and the payer's buttons.
    fn write_payment(&self, body: &mut String) {
        let amounts = Amounts::of(self);
        let currency = esc(self.pay_currency);
        let _ = write!(
            body,
            "<section aria-labelledby=\"send-heading\">\n<h2 id=\"send-heading\">Send</h2>\n\
             <p class=\"to-pay\"><strong id=\"remaining\">{remaining}</strong> {currency} \
             (of {to_pay} {currency})</p>\n",
            remaining = self.remaining,
            to_pay = self.to_pay,
        );
        match &self.address {
            Some(address) => {
                let label = format!("QR code of the {} address {address}", self.pay_currency);
                let _ = write!(
                    body,
                    "<p>to <code id=\"address\">{}</code></p>\n{}\n",
                    esc(address),
                    qr::svg(address, &label).unwrap_or_default()
                );
            }
            None => body.push_str(
                "<p id=\"address-pending\">The address to pay appears once the payer \
                 proceeds (the first payment below).</p>\n",
            ),
        }
        body.push_str("</section>\n");
        let disabled = if self.settled { " disabled" } else { "" };
        let _ = write!(
            body,
            "<section aria-labelledby=\"payer-heading\">\n\
             <h2 id=\"payer-heading\">Act as the payer</h2>\n<div class=\"buttons\">\n\
             <button type=\"button\" id=\"pay-exact\" data-pay=\"{exact}\"{disabled}>Pay exactly \
             <span class=\"amount\">{exact}</span> {currency}</button>\n\
             <button type=\"button\" id=\"pay-part\" data-pay=\"{part}\"{disabled}>Pay part \
             <span class=\"amount\">{part}</span> {currency}</button>\n\
             <button type=\"button\" id=\"pay-over\" data-pay=\"{over}\"{disabled}>Overpay \
             <span class=\"amount\">{over}</span> {currency}</button>\n\
             <button type=\"button\" id=\"expire\"{disabled}>Let it expire</button>\n</div>\n\
             <p class=\"custom\"><label for=\"pay-amount\">Other amount ({currency})</label>\n\
             <input id=\"pay-amount\" name=\"amount\" inputmode=\"decimal\" autocomplete=\"off\">\n\
             <button type=\"button\" id=\"pay-custom\"{disabled}>Pay this amount</button></p>\n\
             <p id=\"message\" role=\"alert\"></p>\n</section>\n",
            exact = amounts.exact,
            part = amounts.part,
            over = amounts.over,
        );
    }

    /// Where AlphaPo would now send the payer: the sandbox names it with a
    /// link instead of going there (a shop's URL seldom resolves in local
    /// testing).
    fn write_redirect(&self, body: &mut String) {
        let hidden = if self.redirect.is_some() {
            ""
        } else {
            " hidden"
        };
        let target = esc(self.redirect.as_deref().unwrap_or_default());
        let _ = write!(
            body,
            "<section id=\"redirect\" class=\"notice\" aria-labelledby=\"redirect-heading\"\
             {hidden}>\n<h2 id=\"redirect-heading\">Back to the shop</h2>\n\
             <p>Here AlphaPo takes the payer to the shop's page: <a id=\"redirect-link\" \
             href=\"{target}\">{target}</a></p>\n\
             <p>The sandbox stops here instead, as a shop's address seldom resolves in local \
             testing: follow the link to go on.</p>\n</section>\n\
             <p class=\"footer\"><a href=\"/_sandbox/\">Sandbox dashboard</a></p>\n</main>",
        );
    }
}
