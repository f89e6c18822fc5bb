// The sandbox's pages in a real browser (Playwright driving Debian's
// Chromium, headless): a shop built with the SDK creates an invoice, the
// payer opens its `url`, pays part then the rest, watches the status
// change and follows the link to `url_success`; the shop's receiver verified every
// callback's signature; a withdrawal is confirmed from the dashboard with
// the keyboard and its callback arrives. Screenshots go to $SCREENSHOTS.
//
// Run by .ci/browser.sh, which provides SCENARIO_BIN (the
// `browser_checkout` example), PLAYWRIGHT_CORE_DIR, CHROMIUM, SCREENSHOTS.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, before, test } from "node:test";

const require = createRequire(`${process.env.PLAYWRIGHT_CORE_DIR}/`);
const { chromium } = require("playwright-core");
const shots = process.env.SCREENSHOTS;

let merchant;
let scenario;
let browser;

/** Starts the merchant and reads the JSON line it prints first. */
const startMerchant = () =>
  new Promise((resolve, reject) => {
    merchant = spawn(process.env.SCENARIO_BIN, [], { stdio: ["pipe", "pipe", "inherit"] });
    merchant.on("error", reject);
    merchant.on("exit", (code) => reject(new Error(`the merchant exited (${code}) before it was ready`)));
    const lines = createInterface({ input: merchant.stdout });
    let first = true;
    lines.on("line", (line) => {
      if (first) {
        first = false;
        resolve(JSON.parse(line));
      } else {
        console.log(`merchant: ${line}`);
      }
    });
  });

before(async () => {
  scenario = await startMerchant();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-background-networking"],
  });
});

after(async () => {
  await browser?.close();
  // Closing its stdin stops the merchant (and its sandbox); if it hangs,
  // it is killed.
  merchant?.stdin.end();
  setTimeout(() => merchant?.kill(), 5_000).unref();
});

/** The shop's receiver page, reloaded until a callback of `type` and `status` is listed. */
const waitForCallback = async (page, type, status) => {
  const selector = `li[data-type="${type}"][data-status="${status}"]`;
  for (let attempt = 0; attempt < 40; attempt += 1) {
    await page.goto(`${scenario.shop_url}/callbacks`);
    if ((await page.locator(selector).count()) > 0) {
      return;
    }
    await page.waitForTimeout(250);
  }
  assert.fail(`no verified ${type} ${status} callback reached the shop`);
};

const statusIs = (page, status) =>
  page.waitForFunction((wanted) => document.getElementById("status-text")?.textContent === wanted, status);

test("checkout: pay in the browser, land on url_success, callbacks verified; confirm a withdrawal from the dashboard", async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  // AlphaPo only redirects to https URLs on a domain name: the shop's domain
  // is pointed at the local shop, as a hosts-file entry would.
  await context.route(/^https:\/\/shop\.example\//, async (route) => {
    const url = new URL(route.request().url());
    const response = await route.fetch({ url: `${scenario.shop_url}${url.pathname}${url.search}` });
    await route.fulfill({ response });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);

  await page.goto(scenario.invoice_url);
  assert.equal(await page.locator("h1").textContent(), "Order browser-1");
  assert.equal(await page.locator("#asked").textContent(), "25.00 EUR");
  await page.getByRole("img", { name: /QR code of the BTC address tb1q/ }).waitFor();
  assert.equal(await page.locator("#status-text").textContent(), "pending");
  assert.match(await page.locator("#seconds-left").textContent(), /^1[45]:\d\d$/);
  const owed = await page.locator("#remaining").textContent();
  await page.screenshot({ path: join(shots, "1-checkout.png"), fullPage: true });

  await page.getByRole("button", { name: /^Pay part/ }).click();
  await statusIs(page, "processing");
  const rest = await page.locator("#remaining").textContent();
  assert.ok(Number(rest) > 0 && Number(rest) < Number(owed), `${rest} left of ${owed}`);
  await page.screenshot({ path: join(shots, "2-part-paid.png"), fullPage: true });

  await page.getByRole("button", { name: /^Pay exactly/ }).click();
  await statusIs(page, "confirmed");
  // The sandbox names where AlphaPo would send the payer, and waits for a click.
  const back = page.locator("#redirect-link");
  await back.waitFor();
  assert.equal(await back.getAttribute("href"), "https://shop.example/orders/browser-1/paid");
  await page.screenshot({ path: join(shots, "3-confirmed.png"), fullPage: true });
  await back.click();
  await page.waitForURL("https://shop.example/orders/browser-1/paid");
  assert.equal(await page.locator("#outcome").getAttribute("data-outcome"), "paid");
  await page.screenshot({ path: join(shots, "4-url-success.png"), fullPage: true });

  await waitForCallback(page, "invoice", "processing");
  await waitForCallback(page, "invoice", "confirmed");
  assert.equal(await page.locator("#refused").getAttribute("data-count"), "0");

  await page.goto(scenario.dashboard_url);
  const id = scenario.withdrawal_id;
  const confirm = page.getByRole("button", { name: `Confirm withdrawal ${id}` });
  await confirm.focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(
    (withdrawal) =>
      !document.getElementById(`confirm-${withdrawal}`) &&
      document.getElementById("withdrawals").textContent.includes("confirmed"),
    id,
  );
  await page.getByText(/HTTP 200/).first().waitFor();
  await page.screenshot({ path: join(shots, "5-dashboard.png"), fullPage: true });

  await waitForCallback(page, "withdrawal", "confirmed");
  assert.equal(await page.locator("#refused").getAttribute("data-count"), "0");
  await page.screenshot({ path: join(shots, "6-shop-callbacks.png"), fullPage: true });
  await context.close();
});
