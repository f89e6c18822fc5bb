// The dashboard: posts its buttons to the control API and refreshes every
// section that changed, every 1.5 s, keeping the keyboard focus in place.
"use strict";

(() => {
  const message = document.getElementById("dashboard-message");

  const refresh = async () => {
    let response;
    try {
      response = await fetch(window.location.pathname, { headers: { Accept: "text/html" } });
    } catch (error) {
      message.textContent = `The sandbox did not answer: ${error}`;
      return;
    }
    if (!response.ok) {
      return;
    }
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    const focused = document.activeElement && document.activeElement.id;
    for (const section of fresh.querySelectorAll("main > section[id]")) {
      const current = document.getElementById(section.id);
      if (current && current.innerHTML !== section.innerHTML) {
        current.replaceWith(document.importNode(section, true));
      }
    }
    if (focused && document.activeElement !== document.getElementById(focused)) {
      const again = document.getElementById(focused);
      if (again) {
        again.focus();
      }
    }
  };

  document.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-post]");
    if (!button) {
      return;
    }
    button.disabled = true;
    const response = await fetch(button.dataset.post, {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: "{}",
    });
    const answer = await response.json().catch(() => ({}));
    const label = button.getAttribute("aria-label") || button.textContent;
    message.textContent = response.ok
      ? `${label}: done (${answer.status ?? `delivery ${answer.id}`}).`
      : `${label}: refused (${answer.error ?? response.status}).`;
    await refresh();
  });

  window.setInterval(refresh, 1500);
})();
