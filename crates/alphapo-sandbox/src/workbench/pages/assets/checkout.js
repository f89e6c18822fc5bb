// The checkout page: lets the payer pick the currency where the merchant
// left it open, acts as the payer through the control API, shows the live
// status and the countdown, and names the shop's page the payer would go
// back to once the payment is final. No framework, no build step.
"use strict";

(() => {
  const base = document.body.dataset.base;
  if (!base) {
    return;
  }
  const element = (id) => document.getElementById(id);
  const countdown = element("seconds-left");
  let secondsLeft = countdown ? Number(countdown.dataset.seconds) : 0;
  let hadAddress = Boolean(element("address"));
  let redirecting = false;

  // M:SS under an hour, H:MM:SS from an hour (as the server writes it).
  const clock = (seconds) => {
    const whole = Math.max(0, Math.floor(seconds));
    const two = (value) => String(value).padStart(2, "0");
    const [hours, minutes, rest] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
    return hours > 0 ? `${hours}:${two(minutes)}:${two(rest)}` : `${minutes}:${two(rest)}`;
  };

  const say = (text) => {
    element("message").textContent = text;
  };

  const show = (live) => {
    element("status-text").textContent = live.status;
    element("remaining").textContent = live.remaining;
    for (const [id, amount] of [
      ["pay-exact", live.amounts.exact],
      ["pay-part", live.amounts.part],
      ["pay-over", live.amounts.over],
    ]) {
      const button = element(id);
      button.dataset.pay = amount;
      button.querySelector(".amount").textContent = amount;
    }
    for (const button of document.querySelectorAll("main button")) {
      button.disabled = live.settled;
    }
    const timer = element("countdown");
    timer.hidden = live.seconds_left === null;
    if (live.seconds_left !== null) {
      secondsLeft = live.seconds_left;
      countdown.textContent = clock(secondsLeft);
    }
    if (live.address && !hadAddress) {
      // The address (and its QR code) is drawn by the server.
      hadAddress = true;
      window.location.reload();
      return;
    }
    showRedirect(live);
  };

  // Where AlphaPo would send the payer now: named with a link, not followed
  // (a shop's address seldom resolves in local testing).
  const showRedirect = (live) => {
    if (live.settled && live.redirect && !redirecting) {
      redirecting = true;
      const link = element("redirect-link");
      link.href = live.redirect;
      link.textContent = live.redirect;
      element("redirect").hidden = false;
    }
  };

  const chooser = element("choose-currency");

  const refresh = async () => {
    try {
      const response = await fetch(`${base}/checkout`, {
        headers: { Accept: "application/json" },
      });
      if (!response.ok) {
        return;
      }
      const live = await response.json();
      if (!chooser) {
        show(live);
      } else if (live.choices.length === 0) {
        // Picked (here or through the API), or over: the server draws the rest.
        window.location.reload();
      }
    } catch (error) {
      say(`The sandbox did not answer: ${error}`);
    }
  };

  if (chooser) {
    chooser.addEventListener("click", async () => {
      const response = await fetch(`${base}/currency`, {
        method: "POST",
        headers: { Accept: "application/json", "Content-Type": "application/json" },
        body: JSON.stringify({ currency: element("pay-currency").value }),
      });
      if (response.ok) {
        window.location.reload();
        return;
      }
      const answer = await response.json().catch(() => ({}));
      say(`Refused: ${answer.error ?? response.status}`);
    });
    window.setInterval(refresh, 1000);
    return;
  }

  const post = async (path, body) => {
    const response = await fetch(`${base}${path}`, {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    say(response.ok ? `Done: the sandbox says ${answer.status}.` : `Refused: ${answer.error ?? response.status}`);
    await refresh();
  };

  const pay = (amount) => post("/payments", { amount });

  for (const id of ["pay-exact", "pay-part", "pay-over"]) {
    element(id).addEventListener("click", (event) => pay(event.currentTarget.dataset.pay));
  }
  element("pay-custom").addEventListener("click", () => {
    const amount = element("pay-amount").value.trim();
    if (amount === "") {
      say("Type an amount first.");
      element("pay-amount").focus();
      return;
    }
    pay(amount);
  });
  element("expire").addEventListener("click", () => post("/expire", {}));

  window.setInterval(() => {
    if (secondsLeft > 0) {
      secondsLeft -= 1;
      countdown.textContent = clock(secondsLeft);
    }
  }, 1000);
  window.setInterval(refresh, 1000);
  refresh();
})();
