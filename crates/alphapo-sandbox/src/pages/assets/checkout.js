// The checkout page: acts as the payer through the control API, shows the
// live status and the countdown, and takes the payer back to the shop once
// the payment is final. No framework, no build step.
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
    if (live.settled && live.redirect && !redirecting) {
      redirecting = true;
      const link = element("redirect-link");
      link.href = live.redirect;
      link.textContent = live.redirect;
      element("redirect").hidden = false;
      // Only to the merchant's https pages, as the API validated them.
      if (live.redirect.startsWith("https://")) {
        window.setTimeout(() => window.location.assign(live.redirect), 1500);
      }
    }
  };

  const refresh = async () => {
    try {
      const response = await fetch(`${base}/checkout`, {
        headers: { Accept: "application/json" },
      });
      if (response.ok) {
        show(await response.json());
      }
    } catch (error) {
      say(`The sandbox did not answer: ${error}`);
    }
  };

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
