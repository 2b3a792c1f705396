import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, CONNECTOR_KEY, startDevWorker } from "./dev-worker";

// Debian's chromium package; `npx playwright install` downloads are not used.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOTS = "test-output/screenshots";
const available = existsSync(CHROMIUM);
if (!available) console.warn(`Skipping the status page browser test: no Chromium at ${CHROMIUM} (apt-get install chromium).`);

const HEADER = "Date,Description,Reference,Amount,Currency\n";
const BROKEN = `${HEADER}2026-10-01,Deposit,REF-1,100.00,EUR\n2026-10-02,Broken fee,REF-2,1.2.3,EUR\n`;
const CORRECTED = `${HEADER}2026-10-01,Deposit,REF-1,100.00,EUR\n2026-10-02,Corrected fee,REF-2,-1.23,EUR\n`;
// Two MT940 day statements of a reserve account, the second opening 50.00 above where the first closed.
const RESERVE_DAY_1 = ":20:RES1\r\n:25:NL44RABO0123456789\r\n:28C:1/1\r\n:60F:C261102EUR5000,00\r\n" +
  ":61:261102C250,00NTRFNONREF//RES1-1\r\n:86:Interest\r\n:62F:C261102EUR5250,00\r\n-";
const RESERVE_DAY_2 = ":20:RES2\r\n:25:NL44RABO0123456789\r\n:28C:2/1\r\n:60F:C261104EUR5300,00\r\n" +
  ":61:261104D100,00NTRFNONREF//RES2-1\r\n:86:Fees\r\n:62F:C261104EUR5200,00\r\n-";

describe.skipIf(!available)("the status page in a browser", () => {
  let server: Awaited<ReturnType<typeof startDevWorker>>;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startDevWorker();
    const upload = (source: string, name: string, body: string | Buffer) =>
      server.admin(`/admin/files/${source}/${encodeURIComponent(name)}`, { method: "PUT", body });
    for (const month of ["2026-10", "2026-11"]) {
      await upload("acme-main", `${month}-statement.csv`, readFileSync(`fixtures/sample/acme-main/${month}-statement.csv`));
    }
    await upload("abn-sftp", "statement-v02.xml", readFileSync("fixtures/camt053/statement-v02.xml"));
    await upload("reserve", "2026-11-02.sta", RESERVE_DAY_1);
    await upload("reserve", "2026-11-04.sta", RESERVE_DAY_2);
    await upload("petty-cash", "fees.csv", BROKEN);
    await server.admin("/admin/ingest", { method: "POST" });
    // A payout as Formance sends it, from the CAMT account to a beneficiary of the CSV statements.
    const payout = await fetch(`${server.base}/payouts`, {
      method: "POST",
      headers: { authorization: `Bearer ${CONNECTOR_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({
        idempotencyKey: "payroll-2026-11", amount: "250000", currency: "EUR/2", sourceAccountId: "NL91ABNA0417164300",
        destinationAccountId: "GB29NWBK60161331926819", description: "November payroll",
      }),
    });
    if (payout.status !== 201) throw new Error(`POST /payouts: ${payout.status} ${await payout.text()}`);
    browser = await chromium.launch({ executablePath: CHROMIUM });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // A CSP violation or a script error shows up here.
    // The refused keys and the absent payments endpoint are logged as failed loads: expected.
    page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && problems.push(m.text()));
    page.on("pageerror", (e) => problems.push(e.message));
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it("says clearly when the key is wrong, and keeps none of it", async () => {
    await page.goto(`${server.base}/admin`);
    await page.screenshot({ path: `${SCREENSHOTS}/sign-in.png` });
    await page.getByLabel("Admin key").fill(CONNECTOR_KEY);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/connector key: the status page needs the admin key/);
    await page.getByLabel("Admin key").fill("not-the-key");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/admin key was not accepted: The API key is not valid/);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await page.getByRole("region", { name: "Files table" }).isVisible()).toBe(false);
  });

  it("signs in, shows the failed file with its line, and retries it with a corrected file", async () => {
    await page.getByLabel("Admin key").fill(ADMIN_KEY);
    await page.getByRole("button", { name: "Sign in" }).click();
    const row = page.locator("tr", { has: page.getByRole("rowheader", { name: "petty-cash/fees.csv" }) });
    await expect.poll(() => row.textContent()).toMatch(/failed.*line 3: .*1\.2\.3/);
    expect(await page.evaluate(() => sessionStorage.getItem("statement-connector.admin-key"))).toBe(ADMIN_KEY);
    expect(await page.context().cookies()).toEqual([]);
    expect(page.url()).not.toContain(ADMIN_KEY);
    await page.screenshot({ path: `${SCREENSHOTS}/failed-file.png`, fullPage: true });
    // Signing in puts the focus on the files; the keyboard goes on from there.
    await expect.poll(() => page.evaluate("document.activeElement.id")).toBe("files-title");
    await page.keyboard.press("Tab");
    expect(await page.evaluate("document.activeElement.textContent")).toBe("Ingest now");

    await row.getByLabel("Corrected file for fees.csv").setInputFiles({ name: "fees.csv", mimeType: "text/csv", buffer: Buffer.from(CORRECTED) });
    await row.getByRole("button", { name: "Retry petty-cash/fees.csv" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => row.textContent()).toMatch(/ingested/);
    expect(await row.textContent()).not.toMatch(/line 3/);
    expect(await page.getByRole("status").first().textContent()).toMatch(/petty-cash\/fees\.csv: ingested/);
  });

  it("draws an account's stated closing balances as a chart, with its balance and last statement", async () => {
    const card = page.getByRole("article", { name: "acme-main" });
    expect(await card.locator("dl").textContent()).toMatch(/Balance EUR4,417\.14 EUR on 2026-11-27 \(stated, the closing balance of inbox\/[^)]+, line \d+\)Last statement2026-11-27/);
    const chart = card.getByRole("img", { name: /EUR balance of acme-main/ });
    expect(await chart.getAttribute("aria-label")).toMatch(/2 stated balances from 2026-10-09 to 2026-11-27; lowest 4,417\.14 EUR, highest 11,385\.75 EUR/);
    const d = await chart.locator("path.line").getAttribute("d");
    const [start, end] = [...d!.matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
    // From the higher October closing down to the lower November one (SVG's y grows downwards).
    expect(end!.x).toBeGreaterThan(start!.x);
    expect(end!.y).toBeGreaterThan(start!.y);
    expect(await chart.locator("circle.point").count()).toBe(2);
    // A statement opening and closing on one day gives one point: its closing balance.
    const single = page.getByRole("article", { name: "Acme Trading B.V." }).getByRole("img");
    expect(await single.getAttribute("aria-label")).toBe("EUR balance of Acme Trading B.V.: one stated balance, 1,233.56 EUR on 2024-03-01.");
    expect(await single.locator("path.line").getAttribute("d")).toMatch(/^M[\d.]+ [\d.]+$/);
  });

  it("shows a continuity break with its date and amounts, on the account and on the file", async () => {
    const card = page.getByRole("article", { name: "NL44RABO0123456789" });
    const breaks = card.getByRole("list", { name: /Continuity breaks/ });
    expect(await breaks.textContent()).toBe(
      "2026-11-04 (EUR): opening balance 5300.00 on 2026-11-04 differs from the previous closing balance 5250.00 on 2026-11-02 " +
        "(inbox/reserve/2026-11-02.sta): 50.00 unaccounted for",
    );
    const row = page.locator("tr", { has: page.getByRole("rowheader", { name: "reserve/2026-11-04.sta" }) });
    expect(await row.textContent()).toMatch(/ingested.*continuity break on 2026-11-04: opening balance 5300\.00/);
  });

  it("shows the runs and the payout initiated, with its file", async () => {
    await expect.poll(() => page.locator("#runs-body tr").count()).toBeGreaterThanOrEqual(2);
    const rows = page.locator("#payments-body tr");
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toMatch(
      /PAYOUT.*PENDING.*2,500\.00 EUR.*NL91ABNA0417164300.*GB29NWBK60161331926819.*November payroll.*end-to-end payroll-2026-11.*file outbox\/SC\w+\.xml/,
    );
    expect(await page.locator("#payments-note").textContent()).toBe("1 payment, newest first.");
  });

  it("lists initiated payments once the payments endpoint answers, newest first as served", async () => {
    // The states and fields a real payment reaches later (settled, failed, batched), and initiation switched off: stubbed answers.
    const payments = [
      {
        id: "pay_2", type: "PAYOUT", status: "FAILED", idempotencyKey: "idem-2", endToEndId: "E2E-2", amount: "123456789",
        decimal: "1234567.89", currency: "EUR/2", sourceAccountId: "acme-main", destinationId: "DE89370400440532013000",
        description: "Supplier run", createdAt: "2026-11-20T09:30:00.000Z", file: null, failureReason: "beneficiary IBAN closed",
      },
      {
        id: "pay_1", type: "TRANSFER", status: "SUCCEEDED", idempotencyKey: "idem-1", endToEndId: "E2E-1", amount: "500000",
        decimal: "5000.00", currency: "EUR/2", sourceAccountId: "acme-main", destinationId: "NL91ABNA0417164300",
        description: "To reserve", createdAt: "2026-11-16T08:00:00.000Z", file: "outbox/acme-main/2026-11-16.xml", transactionId: "acme-main:ref:R1",
      },
    ];
    await page.route("**/admin/payments", (route) => route.fulfill({ json: payments }));
    await page.getByRole("button", { name: "Refresh" }).click();
    const rows = page.locator("#payments-body tr");
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toMatch(/2026-11-20 09:30 UTC.*PAYOUT.*FAILED.*1,234,567\.89 EUR.*acme-main.*DE89370400440532013000.*Supplier run.*beneficiary IBAN closed.*payment pay_2.*end-to-end E2E-2.*idempotency key idem-2/);
    expect(await rows.nth(1).textContent()).toMatch(/TRANSFER.*SUCCEEDED.*5,000\.00 EUR.*transaction acme-main:ref:R1.*file outbox\/acme-main\/2026-11-16\.xml/);
    expect(await page.locator("#payments-note").textContent()).toBe("2 payments, newest first.");

    await page.route("**/admin/payments", (route) => route.fulfill({ status: 501, json: { Title: "Not Implemented", Detail: "off" } }));
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect.poll(() => page.locator("#payments-note").textContent()).toBe("Payment initiation is not enabled on this service.");
    expect(await page.locator("#payments-table").isVisible()).toBe(false);
    await page.unroute("**/admin/payments");
  });

  it("finds a transaction by its exact amount and by its text", async () => {
    await page.getByLabel("Amount").fill("4810.55");
    await page.getByRole("button", { name: "Search" }).click();
    const results = page.locator("#search-body tr");
    await expect.poll(() => results.count()).toBe(1);
    expect(await results.first().textContent()).toMatch(/4,810\.55 EUR.*Invoice 2026-114/);
    expect(await page.locator("#search-note").textContent()).toMatch(/^1 found; searched the latest \d+ of \d+ transactions\.$/);

    await page.getByLabel("Amount").fill("");
    await page.getByLabel("Reference or text").fill("corrected fee");
    await page.getByRole("button", { name: "Search" }).click();
    await expect.poll(() => results.first().textContent()).toMatch(/-1\.23 EUR/);
    expect(await results.count()).toBe(1);
  });

  it("reads on a laptop and on a phone (screenshots for review)", async () => {
    await page.screenshot({ path: `${SCREENSHOTS}/status-page.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SCREENSHOTS}/status-page-phone.png`, fullPage: true });
    // Nothing wider than the phone's screen but the tables, which scroll in their own region.
    // Evaluated in the page, where `document` exists (this file is type-checked without the DOM library).
    const overflow = await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth");
    expect(overflow).toBe(0);
    expect(problems).toEqual([]);
  });

  it("says which panel failed, and signs out with the reason when the key stops working", async () => {
    await page.route("**/admin/runs", (route) => route.fulfill({ status: 500, json: { Title: "Internal Server Error", Detail: "The request could not be completed." } }));
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect.poll(() => page.locator("#runs-body").textContent()).toBe("Could not load: The request could not be completed. (500 Internal Server Error)");
    await page.unroute("**/admin/runs");

    // The key rotated while the page was open.
    await page.route(/\/admin\/files(\?|$)/, (route) => route.fulfill({ status: 401, json: { Title: "Unauthorized", Detail: "The API key is not valid." } }));
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toBe("The admin key was not accepted: The API key is not valid.");
    expect(await page.getByLabel("Admin key").isVisible()).toBe(true);
    expect(await page.evaluate("sessionStorage.length")).toBe(0);
    await page.unroute(/\/admin\/files(\?|$)/);
  });
});
