import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLayout, chromiumAvailable, CHROMIUM, openConsole, poll, SCREENSHOTS, WIDTHS, type ConsoleSession } from "./console-session";
import { CONNECTOR_KEY, startDevWorker } from "./dev-worker";

// The console's sandbox bank panel, on a service with the sandbox on: a beneficiary and a test
// account opened from the page, a month of activity generated and ingested, an entry returned, a
// pending entry booked and a payout executed from their rows; at laptop and phone width.

if (!chromiumAvailable) console.warn(`Skipping the sandbox panel browser test: no Chromium at ${CHROMIUM} (apt-get install chromium).`);

interface SandboxView {
  accounts: { iban: string; name: string; source: string; seed: string; pending: { id: string }[]; recent: { id: string; original?: string }[] }[];
  beneficiaries: { iban: string; name: string }[];
}

describe.skipIf(!chromiumAvailable)("the console's sandbox bank panel", () => {
  let server: Awaited<ReturnType<typeof startDevWorker>>;
  let session: ConsoleSession;
  let page: Page;
  const notice = () => page.locator("#notice").textContent();
  const sandbox = async () => (await server.admin("/admin/sandbox")).json() as Promise<SandboxView>;
  const entryRow = (reference: string) => page.locator("#sandbox-entries-body tr", { has: page.getByRole("rowheader", { name: reference, exact: true }) });

  beforeAll(async () => {
    server = await startDevWorker({ SANDBOX: "on" });
    session = await openConsole(server.base);
    page = session.page;
    await page.locator("#sandbox").waitFor();
  });

  afterAll(async () => {
    await session?.browser.close();
    await server?.dispose();
  });

  it("opens a beneficiary and a test account from the page, and shows the bank's answer", async () => {
    expect(await page.getByRole("link", { name: "Sandbox bank" }).isVisible()).toBe(true);
    await page.getByLabel("Country of the beneficiary").selectOption("NL");
    await page.getByLabel("Beneficiary name").fill("Northwind Traders");
    await page.getByLabel("Seed of the beneficiary (optional)").fill("nw");
    await page.getByRole("button", { name: "Open beneficiary" }).click();
    await poll(notice).toMatch(/^Beneficiary Northwind Traders opened: NL\d\d[A-Z]{4}\d{10}\.$/);
    const [beneficiary] = (await sandbox()).beneficiaries;
    expect(await page.locator("#sandbox-answer").textContent()).toContain(beneficiary!.iban);
    await poll(() => page.locator("#sandbox-beneficiaries").textContent()).toContain(`Northwind Traders, ${beneficiary!.iban}`);

    await page.getByLabel("Country of the account").selectOption("DE");
    await page.getByLabel("Account holder").fill("Acme GmbH");
    await page.getByLabel("Statement format").selectOption("camt053.001.08");
    await page.getByLabel("Seed of the account (optional)").fill("acme");
    await page.getByRole("button", { name: "Open account" }).click();
    await poll(notice).toMatch(/^Test account Acme GmbH opened: DE\d{20}, its files go to inbox\/sandbox-de\d{20}\/\.$/i);
    const [account] = (await sandbox()).accounts;
    expect(account).toMatchObject({ name: "Acme GmbH", seed: "acme" });
    const answer = await page.locator("#sandbox-answer").textContent();
    expect(answer).toContain(`IBAN${account!.iban}`);
    expect(answer).toContain(`Source folderinbox/${account!.source}/`);
    expect(answer).toMatch(/Balance10,000\.00 EUR at the end of \d{4}-\d\d-\d\d/);
    await poll(() => page.locator("#sandbox-accounts-body").textContent()).toMatch(/Acme GmbH.*camt053\.001\.08.*10,000\.00 EUR/);
  });

  it("generates 30 days for the chosen account, says which files were written, and ingests them from the answer", async () => {
    expect(await page.getByLabel("Days of activity").inputValue()).toBe("30");
    // The most days a request takes, as the API's own description states it.
    expect(await page.getByLabel("Days of activity").getAttribute("max")).toBe("366");
    expect(await page.getByRole("checkbox", { name: /^Acme GmbH/ }).isChecked()).toBe(true);
    await page.getByRole("button", { name: "Generate" }).click();
    await poll(notice).toBe("1 file of 30 days written; the next ingestion run publishes them.");
    const answer = page.locator("#sandbox-answer");
    expect(await answer.textContent()).toMatch(/1 file written to the inbox.*30 statements from .* entr(y|ies) left pending.*inbox\/sandbox-de\d{20}\/.*\.xml.*The next ingestion run publishes them\./i);
    await answer.getByRole("button", { name: "Ingest now" }).click();
    await poll(notice).toMatch(/^Ingestion completed in \d+ ms: sandbox-de\d{20}\/.* ingested\.$/i);
    await poll(() => page.locator("#accounts-list").textContent()).toContain("Acme GmbH");
  });

  it("returns a booked entry and books a pending one from the account's entries, saying what the bank sent", async () => {
    const { accounts: [account] } = await sandbox();
    expect(await page.locator("#sandbox-entries-title").textContent()).toBe("Entries of Acme GmbH");
    const returned = account!.recent.findLast((e) => !e.original)!.id;
    await entryRow(returned).getByRole("button", { name: `Return entry ${returned}` }).click();
    await poll(notice).toMatch(new RegExp(`^Entry ${returned} returned: the bank sent inbox/${account!.source}/.* with 1 entry; the next ingestion run reads it\\.$`));
    await poll(() => entryRow(returned).textContent()).toMatch(/returned/);
    expect(await entryRow(returned).getByRole("button").count()).toBe(0);
    expect(await page.locator("#sandbox-entries-body").textContent()).toContain(`of ${returned}`);

    const pending = account!.pending[0]!.id;
    await entryRow(pending).getByRole("button", { name: `Book entry ${pending}` }).click();
    await poll(notice).toMatch(new RegExp(`^Entry ${pending} booked: the bank sent inbox/${account!.source}/`));
    await poll(() => entryRow(pending).textContent()).toMatch(/booked/);
    await page.locator("#ingest-now").click();
    await poll(notice).toMatch(/^Ingestion completed .*ingested, .*ingested\.$/);
  });

  it("executes a payout of a test account from its row", async () => {
    const { accounts: [account], beneficiaries: [beneficiary] } = await sandbox();
    const response = await fetch(`${server.base}/payouts`, {
      method: "POST",
      headers: { authorization: `Bearer ${CONNECTOR_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ idempotencyKey: "supplier-1", amount: "45000", currency: "EUR/2", sourceAccountId: account!.iban, destinationAccountId: beneficiary!.iban, description: "Supplier invoice 1" }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const { id } = (await response.json()) as { id: string };
    await page.getByRole("button", { name: "Refresh" }).click();
    const row = page.locator("#sandbox-payments-body tr", { has: page.getByRole("rowheader", { name: new RegExp(id) }) });
    await poll(() => row.getByRole("button").allTextContents()).toEqual(expect.arrayContaining(["Execute", "Return"]));
    await row.getByRole("button", { name: `Execute payment ${id}` }).click();
    await poll(notice).toMatch(new RegExp(`^Payment ${id} executed: the bank sent inbox/${account!.source}/.* with 1 entry; the next ingestion run reads it\\.$`));
    await poll(() => row.getByRole("button").allTextContents()).toEqual(["Return"]);
    expect(await row.textContent()).toContain("executed");
    await checkLayout(session, "sandbox", [page.locator("#sandbox-entries-body tr td.action:not(:empty)").first(), page.locator("#sandbox-payments-body tr td").last()]);
    // The panel alone, as the README shows it.
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      await page.locator("#sandbox").screenshot({ path: `${SCREENSHOTS}/console-sandbox-panel-${size.name}.png` });
    }
    await page.setViewportSize(WIDTHS[0]!);
  });
});
