import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLayout as checkWidths, chromiumAvailable, CHROMIUM, openConsole, poll, SCREENSHOTS, type ConsoleSession } from "./console-session";
import { CONNECTOR_KEY, startDevWorker } from "./dev-worker";

// The operator console in a real browser: upload by drag and drop, a new CSV layout mapped with
// the column picker, review, retraction, files filtered and paged, a file's live progress, an
// account's transactions with one's versions, and the export; at laptop and phone width.

if (!chromiumAvailable) console.warn(`Skipping the console browser test: no Chromium at ${CHROMIUM} (apt-get install chromium).`);

const GERMAN = "Buchungstag;Valuta;Auftraggeber/Empfänger;Verwendungszweck;Betrag\n" +
  "01.10.2026;01.10.2026;Stadtwerke GmbH;Strom Oktober;-84,20\n" +
  "02.10.2026;02.10.2026;Kunde AG;Rechnung 17;1.250,00\n";
const REVIEWED = "Date,Description,Amount,Currency\n2026-10-03,Consulting fee,500.00,EUR\n";

describe.skipIf(!chromiumAvailable)("the operator console in a browser", () => {
  let server: Awaited<ReturnType<typeof startDevWorker>>;
  let session: ConsoleSession;
  let browser: Browser;
  let page: Page;
  const row = (name: string) => page.locator("#files-body tr", { has: page.getByRole("rowheader", { name }) });

  beforeAll(async () => {
    server = await startDevWorker();
    const upload = (source: string, name: string, body: string | Buffer) => server.admin(`/admin/files/${source}/${encodeURIComponent(name)}`, { method: "PUT", body });
    for (const month of ["2026-10", "2026-11"]) await upload("acme-main", `${month}-statement.csv`, readFileSync(`fixtures/sample/acme-main/${month}-statement.csv`));
    await upload("abn-sftp", "statement-v02.xml", readFileSync("fixtures/camt053/statement-v02.xml"));
    await server.admin("/admin/profiles/audited", { method: "PUT", body: JSON.stringify({ mode: "review" }), headers: { "content-type": "application/json" } });
    await upload("audited", "october.csv", REVIEWED);
    await server.admin("/admin/ingest", { method: "POST" });
    const payout = await fetch(`${server.base}/payouts`, {
      method: "POST",
      headers: { authorization: `Bearer ${CONNECTOR_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ idempotencyKey: "rent-2026-11", amount: "120000", currency: "EUR/2", sourceAccountId: "NL91ABNA0417164300", destinationAccountId: "GB29NWBK60161331926819", description: "Rent" }),
    });
    if (payout.status !== 201) throw new Error(`POST /payouts: ${payout.status} ${await payout.text()}`);
    session = await openConsole(server.base);
    ({ browser, page } = session);
    await page.locator("#files-body tr[data-key]").first().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  /** Nothing wider than the screen; the Files and Payments tables' last columns in view; no CSP error. */
  const checkLayout = (name: string) => checkWidths(session, name, [page.locator("#files-body tr td.action:not(:empty)").first(), page.locator("#payments-body tr td").last()]);

  it("hides the sandbox bank panel where the sandbox is off, with nothing said of it", async () => {
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === "/admin/sandbox");
    await page.getByRole("button", { name: "Refresh" }).click();
    expect((await answered).status()).toBe(501);
    expect(await page.locator("#sandbox").isHidden()).toBe(true);
    expect(await page.getByRole("link", { name: "Sandbox bank" }).isHidden()).toBe(true);
    expect(await page.locator("#notice").textContent()).toBe("");
  });

  it("uploads dropped files, then maps a new German CSV layout with the column picker and previews it live", async () => {
    await page.getByLabel("Upload to source").fill("giro-de");
    const transfer = await page.evaluateHandle(`(() => {
      const data = new DataTransfer();
      data.items.add(new File([${JSON.stringify(GERMAN)}], "oktober.csv", { type: "text/csv" }));
      data.items.add(new File(["%PDF-1.7\\n"], "kontoauszug.pdf", { type: "application/pdf" }));
      return data;
    })()`);
    await page.dispatchEvent("#drop-zone", "drop", { dataTransfer: transfer });
    const uploads = page.getByRole("list", { name: "Uploads" });
    await poll(() => uploads.textContent()).toMatch(/oktober\.csv.*uploaded/);
    // The two files are sent side by side: the PDF's answer may come second.
    await poll(() => uploads.textContent()).toMatch(/kontoauszug\.pdf is a PDF, not a bank statement: export the statement from the online bank as CSV/);

    const mapper = page.locator("#mapper-form");
    await poll(() => mapper.isVisible()).toBe(true);
    expect(await mapper.textContent()).toMatch(/Detected: utf-8, delimiter semicolon, header on line 1/);
    expect(await page.getByLabel("Buchungstag").inputValue()).toBe("bookingDate");
    expect(await page.getByLabel("Betrag").inputValue()).toBe("amount");
    expect(await page.getByLabel("Date format").inputValue()).toBe("DD.MM.YYYY");
    expect(await page.getByLabel("Decimal style").inputValue()).toBe(",");
    // No currency column: the preview says what is missing, with the line.
    await poll(() => page.locator("#map-preview").textContent()).toMatch(/currency/);
    await page.getByLabel("Auftraggeber/Empfänger").selectOption("counterpartyName");
    await page.getByLabel("Currency", { exact: true }).fill("EUR");
    await page.getByLabel("Currency", { exact: true }).dispatchEvent("change");
    await poll(() => page.locator("#map-preview").textContent()).toMatch(/2 entries read, no error.*2026-10-02.*1,250\.00 EUR.*Rechnung 17.*Kunde AG/);
    expect(await page.locator("#map-preview").textContent()).toMatch(/-84\.20 EUR/);
    await page.screenshot({ path: `${SCREENSHOTS}/console-mapping.png`, fullPage: true });
    await page.getByRole("button", { name: "Save profile for giro-de" }).click();
    await poll(() => page.locator("#notice").textContent()).toMatch(/Profile of giro-de saved/);
    const stored = await (await server.admin("/admin/profiles/giro-de")).json();
    expect(stored).toMatchObject({ format: "csv", decimalSeparator: ",", dateFormat: "DD.MM.YYYY", account: { currency: "EUR" }, columns: { bookingDate: "Buchungstag", amount: "Betrag", counterpartyName: "Auftraggeber/Empfänger" } });
    await checkLayout("mapping");
  });

  it("edits the profile later from a published file, previewing the change on it", async () => {
    await page.getByRole("button", { name: "Ingest now" }).click();
    await poll(() => row("giro-de/oktober.csv").textContent()).toMatch(/ingested/);
    await row("giro-de/oktober.csv").getByRole("button", { name: "Edit profile giro-de/oktober.csv" }).click();
    await poll(() => page.locator("#mapper-form h3").textContent()).toBe("Edit the profile of this source");
    expect(await page.getByLabel("Currency", { exact: true }).inputValue()).toBe("EUR");
    expect(await page.getByLabel("Auftraggeber/Empfänger").inputValue()).toBe("counterpartyName");
    await page.getByLabel("Verwendungszweck").selectOption("reference");
    await poll(() => page.locator("#map-preview").textContent()).toMatch(/2 entries read, no error/);
  });

  it("approves a held file from its preview", async () => {
    await page.getByLabel("Files in state").selectOption("held");
    await row("audited/october.csv").getByRole("button", { name: "Preview audited/october.csv" }).click();
    await poll(() => page.locator("#preview-body").textContent()).toMatch(/1 entries: 1 new.*Consulting fee/);
    await page.locator("#preview-body").getByRole("button", { name: "Approve audited/october.csv" }).click();
    await poll(() => page.locator("#notice").textContent()).toMatch(/audited\/october\.csv approved: ingested/);
    await page.getByLabel("Files in state").selectOption("");
    await poll(() => row("audited/october.csv").textContent()).toMatch(/ingested/);
  });

  it("retracts a published file, saying why", async () => {
    await page.getByLabel("Files of source").selectOption("acme-main");
    await poll(() => page.locator("#files-note").textContent()).toBe("Files 1 to 2 of 2.");
    const november = row("acme-main/2026-11-statement.csv");
    const reason = november.getByLabel("Reason to retract 2026-11-statement.csv");
    await reason.fill("uploaded to the wrong source");
    // The table filled again (a refresh, a live update) keeps a reason being typed.
    const typedInto = await reason.elementHandle();
    await page.getByRole("button", { name: "Refresh" }).click();
    await poll(() => typedInto!.evaluate((input) => input.isConnected)).toBe(false);
    expect(await reason.inputValue()).toBe("uploaded to the wrong source");
    await november.getByRole("button", { name: "Retract acme-main/2026-11-statement.csv" }).click();
    await poll(() => page.locator("#notice").textContent()).toMatch(/acme-main\/2026-11-statement\.csv: (retracted|ingested)|failed/);
    expect(await page.locator("#notice").textContent()).toMatch(/acme-main\/2026-11-statement\.csv: retracted \(\d+ transactions cancelled, 0 kept\)\./);
    await poll(() => november.textContent()).toMatch(/retracted.*retracted: uploaded to the wrong source \(\d+ cancelled, 0 kept\)/);
    await page.getByLabel("Files of source").selectOption("");
  });

  it("filters the files by state and source, and pages through them", async () => {
    // More files than a page holds, waiting for a run.
    for (let i = 1; i <= 21; i++) {
      const day = String(i).padStart(2, "0");
      await server.admin(`/admin/files/bulk/day-${day}.csv`, { method: "PUT", body: `Date,Description,Amount,Currency\n2026-09-${day},Day ${i},1.00,EUR\n` });
    }
    await page.getByRole("button", { name: "Refresh" }).click();
    await poll(() => page.locator('#filter-source option[value="bulk"]').count()).toBe(1);
    await page.getByLabel("Files in state").selectOption("pending");
    await page.getByLabel("Files of source").selectOption("bulk");
    await poll(() => page.locator("#files-note").textContent()).toBe("Files 1 to 20 of 21.");
    const states = await page.locator("#files-body tr td:nth-child(2)").allTextContents();
    expect(new Set(states)).toEqual(new Set(["pending"]));
    await page.getByRole("button", { name: "Next page" }).first().click();
    await poll(() => page.locator("#files-note").textContent()).toBe("Files 21 to 21 of 21.");
    await page.getByRole("button", { name: "First page" }).first().click();
    await poll(() => page.locator("#files-note").textContent()).toBe("Files 1 to 20 of 21.");
    await page.getByLabel("Files in state").selectOption("");
    await page.getByLabel("Files of source").selectOption("");
    await poll(() => page.locator("#files-note").textContent()).toMatch(/of 2[5-9]\.$/);
  });

  it("refreshes itself while a file is read over several runs, showing its progress", async () => {
    // A run's step that stops inside a file, as GET /admin/files shows it meanwhile.
    const big = { key: "inbox/big/year.csv", source: "big", name: "year.csv", size: 52_428_800, etag: "e", uploaded: "2026-12-01T10:00:00.000Z", state: "ingesting", format: "csv", progress: 120_000, bytesRead: 13_107_200, inInbox: true };
    const answers = [big, { ...big, progress: 240_000, bytesRead: 26_214_400 }, { ...big, state: "ingested", at: "2026-12-01T10:02:00.000Z", counts: { entries: 480_000, published: 480_000, changed: 0, alreadyKnown: 0, informational: 0, balances: 0, statements: 1, newAccounts: 1, newBeneficiaries: 0 } }];
    let served = 0;
    await page.route(/\/admin\/files\?/, (route) => route.fulfill({ json: { items: [answers[Math.min(served++, answers.length - 1)]], next: null, total: 1, sources: ["big"], formats: ["csv"] } }));
    await page.getByRole("button", { name: "Refresh" }).click();
    const bar = page.getByRole("progressbar", { name: "big/year.csv read so far" });
    await poll(() => bar.getAttribute("value")).toBe("13107200");
    expect(await row("big/year.csv").textContent()).toMatch(/ingesting.*120000 events, 12\.5 MB of 50\.0 MB \(25%\)/);
    // No click: the page asks again by itself.
    await poll(() => bar.getAttribute("value")).toBe("26214400");
    await poll(() => row("big/year.csv").textContent()).toMatch(/ingested.*480000/);
    await page.unroute(/\/admin\/files\?/);
    await page.getByRole("button", { name: "Refresh" }).click();
    await poll(() => page.locator("#files-note").textContent()).toMatch(/of 2[5-9]\.$/);
  });

  it("lists an account's transactions, shows one's versions with file and line, and exports them", async () => {
    await page.getByRole("button", { name: "Transactions of acme-main" }).click();
    const rows = page.locator("#transactions-body tr");
    await poll(() => rows.count()).toBeGreaterThan(3);
    // October's entries (November's were retracted and are served as CANCELLED).
    await page.getByLabel("Booked from").fill("2026-10-01");
    await page.getByLabel("Booked until").fill("2026-10-31");
    await page.getByRole("button", { name: "Show" }).click();
    await poll(() => rows.count()).toBe(6);
    expect(await rows.first().textContent()).toMatch(/^2026-10-09-15,200\.00 EURSUCCEEDED.*Salary run October/);
    await rows.first().getByRole("button", { name: /Detail of Salary run October/ }).click();
    const detail = page.locator("#transaction-detail");
    await poll(() => detail.textContent()).toMatch(/Transaction detail.*1 version served.*SUCCEEDED, published .* UTC, from inbox\/acme-main\/2026-10-statement\.csv line 7/);
    await checkLayout("transactions");

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("acme-main-transactions.csv");
    const text = readFileSync((await file.path())!, "utf8");
    const lines = text.split("\r\n");
    expect(lines[0]).toMatch(/^Booking date,Value date,Amount,Currency,Status/);
    expect(lines).toHaveLength(8);
    expect(lines[1]).toMatch(/^2026-10-09,2026-10-08,-15200\.00,EUR,SUCCEEDED,PAYOUT,Payroll Services Ltd,GB29NWBK60161331926819,Salary run October,/);
    expect(text).toContain('"Rent October, office Berlin"');
  });

  it("shows the audit log, and a run whose files failed as failed", async () => {
    const audit = page.locator("#audit-body tr");
    expect(await audit.first().textContent()).toMatch(/UTCadminuploadbulk\/day-\d\d\.csvok \(201\)$/);
    // The bulk uploads fill the newest page; the profile saved earlier is on an older one.
    for (let older = 0; older < 5 && !/profile-put/.test((await page.locator("#audit-body").textContent()) ?? ""); older++) {
      const first = await audit.first().textContent();
      await page.getByRole("button", { name: "Older" }).click();
      await poll(() => audit.first().textContent()).not.toBe(first);
    }
    expect(await page.locator("#audit-body").textContent()).toMatch(/adminprofile-putgiro-deok \(200\)/);
    await page.getByRole("button", { name: "Newest" }).click();
    await server.admin("/admin/files/broken/bad.csv", { method: "PUT", body: "Date,Description,Amount,Currency\n2026-10-02,Fee,1.2.3,EUR\n" });
    await server.admin("/admin/files/broken/worse.csv", { method: "PUT", body: "Date,Description,Amount,Currency\n2026-10-02,Fee,4.5.6,EUR\n" });
    await server.admin("/admin/ingest", { method: "POST" });
    await page.getByRole("button", { name: "Refresh" }).click();
    await poll(() => page.locator("#runs-body tr").first().textContent()).toMatch(/partly-failed/);
    await checkLayout("overview");
  });
});
