import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import october from "../../fixtures/sample/acme-main/2026-10-statement.csv?raw";
import november from "../../fixtures/sample/acme-main/2026-11-statement.csv?raw";
import { csvCell } from "../../src/http/admin/account-transactions";
import { runIngestion } from "../../src/ingestion";
import {
  AccountTransactionsSchema, AdminFilePageSchema, AdminFileSchema, FilePreviewSchema, TransactionVersionsSchema,
} from "../../src/model/admin";
import { ErrorSchema } from "../../src/model/contract";
import { checkedCalls, type ContractChecker, contractCheckers } from "../support/contract-check";
import { ADMIN_KEY, ingest, putInbox, resetBucket, testEnv } from "../support/worker";

// The operator console's API: files a page at a time, previews with a profile not saved yet and
// the layout a CSV mapping starts from, an account's transactions, one transaction's versions,
// the export. Every answer is checked against /openapi.json.

let checkers: ContractChecker[] = [];
beforeAll(async () => {
  checkers = await contractCheckers();
});
beforeEach(resetBucket);

const { call } = checkedCalls(() => checkers);
const admin = (path: string, init: RequestInit = {}) => call(path, { ...init, key: ADMIN_KEY });
const json = async (path: string) => {
  const response = await admin(path);
  expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
  return response.json();
};
const post = (path: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
  admin(path, { method: "POST", body, headers: { "content-length": String(typeof body === "string" ? new TextEncoder().encode(body).length : body.length), ...headers } });
const refused = async (response: Response, status: number, detail: RegExp) => {
  expect(response.status).toBe(status);
  expect(ErrorSchema.parse(await response.json()).Detail).toMatch(detail);
};

const GERMAN = "Buchungstag;Valuta;Auftraggeber/Empfänger;Verwendungszweck;Betrag\n" +
  "01.10.2026;01.10.2026;Stadtwerke GmbH;Strom Oktober;-84,20\n" +
  "02.10.2026;02.10.2026;Kunde AG;Rechnung 17;1.250,00\n";
// Column names no synonym knows: the automatic mapping finds no header.
const UNKNOWN = "Tag;Info;Wert\n05.10.2026;Miete;-900,00\n06.10.2026;Zins;1,50\n";

describe("GET /admin/files", () => {
  beforeEach(async () => {
    await putInbox("acme-main", "2026-10.csv", october);
    await putInbox("acme-main", "2026-11.csv", november);
    await putInbox("petty", "fees.csv", "Date,Description,Amount,Currency\n2026-10-02,Fee,1.2.3,EUR\n");
    await ingest();
    await putInbox("petty", "later.csv", "Date,Description,Amount,Currency\n2026-10-03,Fee,-1.00,EUR\n");
  });

  it("answers the bare array without paging parameters, filtered when asked", async () => {
    const all = AdminFileSchema.array().parse(await json("/admin/files"));
    expect(all.map((f) => f.key).sort()).toEqual(["inbox/acme-main/2026-10.csv", "inbox/acme-main/2026-11.csv", "inbox/petty/fees.csv", "inbox/petty/later.csv"]);
    const failed = AdminFileSchema.array().parse(await json("/admin/files?state=failed"));
    expect(failed.map((f) => f.key)).toEqual(["inbox/petty/fees.csv"]);
    const petty = AdminFileSchema.array().parse(await json("/admin/files?source=petty&state=pending,failed"));
    expect(petty.map((f) => f.state).sort()).toEqual(["failed", "pending"]);
    expect(AdminFileSchema.array().parse(await json("/admin/files?format=csv&source=acme-main"))).toHaveLength(2);
  });

  it("pages with cursor and pageSize, sorted, and says what the filters can be set to", async () => {
    const first = AdminFilePageSchema.parse(await json("/admin/files?pageSize=3&sort=name:asc"));
    expect(first.items.map((f) => f.name)).toEqual(["2026-10.csv", "2026-11.csv", "fees.csv"]);
    expect(first).toMatchObject({ next: "3", total: 4, sources: ["acme-main", "petty"], formats: ["csv"] });
    const second = AdminFilePageSchema.parse(await json(`/admin/files?pageSize=3&sort=name:asc&cursor=${first.next}`));
    expect(second).toMatchObject({ next: null, total: 4 });
    expect(second.items.map((f) => f.name)).toEqual(["later.csv"]);
    const filtered = AdminFilePageSchema.parse(await json("/admin/files?pageSize=1&source=acme-main&sort=name:desc"));
    expect(filtered).toMatchObject({ total: 2, next: "1", sources: ["acme-main", "petty"] });
    expect(filtered.items.map((f) => f.name)).toEqual(["2026-11.csv"]);
  });

  it("refuses a state, sort or cursor it does not know", async () => {
    await refused(await admin("/admin/files?state=done"), 400, /state must be one or more of pending, ingesting/);
    await refused(await admin("/admin/files?pageSize=2&sort=size"), 400, /sort must be one of time:desc/);
    await refused(await admin("/admin/files?cursor=abc"), 400, /cursor must be the "next" of a previous page/);
    await refused(await admin("/admin/files?pageSize=0"), 400, /pageSize/);
  });
});

describe("a file read over several runs", () => {
  it("shows the events and bytes read so far, of its size", async () => {
    const rows = Array.from({ length: 6000 }, (_, i) => `2026-10-${String((i % 28) + 1).padStart(2, "0")},Payment ${i},1.00,EUR`);
    await putInbox("big", "year.csv", `Date,Description,Amount,Currency\n${rows.join("\n")}\n`);
    let file: ReturnType<typeof AdminFileSchema.parse> | undefined;
    for (let run = 0; run < 50 && !(file?.state === "ingesting" && file.progress && file.bytesRead); run++) {
      await runIngestion(testEnv.STATEMENTS, { budgetMs: 30 });
      file = AdminFileSchema.array().parse(await json("/admin/files")).find((f) => f.key === "inbox/big/year.csv");
    }
    expect(file).toMatchObject({ state: "ingesting", format: "csv" });
    expect(file!.progress).toBeGreaterThan(0);
    expect(file!.bytesRead).toBeGreaterThan(0);
    expect(file!.bytesRead).toBeLessThan(file!.size);
  });
});

describe("previews of a layout being mapped", () => {
  it("says how a CSV is written and maps its columns automatically, for the picker to start from", async () => {
    const preview = FilePreviewSchema.parse(await (await post("/admin/preview/giro?name=oct.csv", GERMAN)).json());
    expect(preview.layout).toMatchObject({
      encoding: "utf-8", delimiter: ";", headerLine: 1,
      names: ["Buchungstag", "Valuta", "Auftraggeber/Empfänger", "Verwendungszweck", "Betrag"],
      columns: { bookingDate: 0, valueDate: 1, amount: 4 },
      dateFormat: "DD.MM.YYYY", decimalSeparator: ",",
    });
    expect(preview.layout!.rows.map((r) => r.line)).toEqual([2, 3]);
    expect(preview.layout!.rows[1]!.cells).toEqual(["02.10.2026", "02.10.2026", "Kunde AG", "Rechnung 17", "1.250,00"]);
    // No currency in the file: it fails, saying what to set.
    expect(preview.failure?.reason).toMatch(/currency/);
  });

  it("previews with a candidate profile, not saved, as the query's profile or the X-Profile header", async () => {
    const unmapped = FilePreviewSchema.parse(await (await post("/admin/preview/giro", UNKNOWN)).json());
    expect(unmapped.failure?.reason).toMatch(/found no header row/);
    expect(unmapped.layout).toMatchObject({ delimiter: ";", headerLine: 1, names: ["Tag", "Info", "Wert"], problem: expect.stringMatching(/no header/) });
    expect(unmapped.layout!.columns).toBeUndefined();

    const candidate = { columns: { bookingDate: "Tag", description: "Info", amount: "Wert" }, dateFormat: "DD.MM.YYYY", decimalSeparator: ",", account: { currency: "EUR", id: "DE44500105175407324931" } };
    const byQuery = FilePreviewSchema.parse(await (await post(`/admin/preview/giro?profile=${encodeURIComponent(JSON.stringify(candidate))}`, UNKNOWN)).json());
    const byHeader = FilePreviewSchema.parse(await (await post("/admin/preview/giro", UNKNOWN, { "x-profile": JSON.stringify(candidate) })).json());
    for (const preview of [byQuery, byHeader]) {
      expect(preview).toMatchObject({ candidateProfile: true, profile: candidate, counts: { entries: 2 } });
      expect(preview.failure).toBeUndefined();
      expect(preview.transactions.map((t) => [t.metadata?.bookingDate, t.metadata?.signedAmount, t.currency, t.metadata?.sourceLine])).toEqual([
        ["2026-10-05", "-900.00", "EUR/2", "2"],
        ["2026-10-06", "1.50", "EUR/2", "3"],
      ]);
    }
    // Nothing was stored.
    expect((await admin("/admin/profiles/giro")).status).toBe(404);
  });

  it("refuses a candidate profile that is not valid, listing every bad field", async () => {
    const bad = JSON.stringify({ delimiter: ":", columns: { amount: "Wert" }, dateFormat: "D" });
    await refused(await post(`/admin/preview/giro?profile=${encodeURIComponent(bad)}`, UNKNOWN), 400, /candidate profile is not valid: .*delimiter.*dateFormat|candidate profile is not valid: .*dateFormat.*delimiter/);
    await refused(await post("/admin/preview/giro", UNKNOWN, { "x-profile": "{not json" }), 400, /candidate profile is not JSON/);
  });

  it("previews a stored file with a candidate profile: a profile's change tried on the source's last file", async () => {
    await putInbox("giro", "oct.csv", GERMAN);
    await ingest();
    const candidate = JSON.stringify({ account: { currency: "EUR" } });
    const preview = FilePreviewSchema.parse(await json(`/admin/files/giro/oct.csv/preview?profile=${encodeURIComponent(candidate)}`));
    expect(preview).toMatchObject({ candidateProfile: true, counts: { entries: 2, published: 2 } });
    expect(preview.transactions[1]).toMatchObject({ amount: "125000", currency: "EUR/2", metadata: { counterpartyName: "Kunde AG" } });
    // Once published, the file previews a profile's change: read again, its entries are known.
    await admin("/admin/profiles/giro", { method: "PUT", body: candidate, headers: { "content-type": "application/json" } });
    await ingest();
    const changed = JSON.stringify({ account: { currency: "EUR" }, columns: { bookingDate: "Buchungstag", amount: "Betrag", description: ["Verwendungszweck", "Auftraggeber/Empfänger"] } });
    const tried = FilePreviewSchema.parse(await json(`/admin/files/giro/oct.csv/preview?profile=${encodeURIComponent(changed)}`));
    expect(tried).toMatchObject({ candidateProfile: true, counts: { entries: 2, published: 2 } });
    expect(tried.transactions[1]!.metadata?.description).toMatch(/Rechnung 17.*Kunde AG/);
    await refused(await admin("/admin/files/giro/oct.csv/preview"), 409, /ingested: a preview is of a file not published yet .* or of an ingested one with a candidate profile/);
  });

  it("tells a PDF or a spreadsheet from a statement, saying what to export instead", async () => {
    const pdf = FilePreviewSchema.parse(await (await post("/admin/preview/giro?name=statement.pdf", "%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n")).json());
    expect(pdf.failure?.reason).toMatch(/PDF: export the statement from the bank as CSV/);
    expect(pdf.layout).toBeUndefined();
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00]);
    const sheet = FilePreviewSchema.parse(await (await post("/admin/preview/giro?name=statement.xlsx", xlsx)).json());
    expect(sheet.failure?.reason).toMatch(/spreadsheet \(xlsx, xls or ods\)/);
  });
});

describe("an account's transactions", () => {
  beforeEach(async () => {
    await putInbox("acme-main", "2026-10.csv", october);
    await putInbox("acme-main", "2026-11.csv", november);
    await ingest();
  });

  it("pages through them newest booking first, each once, with its file and line", async () => {
    const seen: string[] = [];
    let cursor: string | null = "";
    let pages = 0;
    while (cursor !== null) {
      const page = AccountTransactionsSchema.parse(await json(`/admin/accounts/acme-main/transactions?pageSize=4${cursor ? `&cursor=${cursor}` : ""}`));
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items.map((t) => t.id));
      cursor = page.next;
      pages++;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(12);
    expect(pages).toBe(3);
    const first = AccountTransactionsSchema.parse(await json("/admin/accounts/acme-main/transactions?pageSize=200"));
    const days = first.items.map((t) => t.createdAt);
    expect(days).toEqual([...days].sort().reverse());
    expect(first.items.find((t) => t.metadata?.description === "Invoice 2026-114")?.metadata).toMatchObject({ sourceFile: "inbox/acme-main/2026-10.csv", sourceLine: "4" });
  });

  it("filters by booking days, text and status", async () => {
    const october = AccountTransactionsSchema.parse(await json("/admin/accounts/acme-main/transactions?from=2026-10-01&to=2026-10-31"));
    expect(october.items).toHaveLength(6);
    const coffee = AccountTransactionsSchema.parse(await json("/admin/accounts/acme-main/transactions?q=coffee%20roasters"));
    expect(coffee.items.length).toBeGreaterThanOrEqual(2);
    expect(coffee.items.every((t) => /coffee roasters/i.test(t.metadata?.description ?? ""))).toBe(true);
    expect(AccountTransactionsSchema.parse(await json("/admin/accounts/acme-main/transactions?status=pending")).items).toEqual([]);
    await refused(await admin("/admin/accounts/acme-main/transactions?from=10/01/2026"), 400, /from must be a day/);
    await refused(await admin("/admin/accounts/acme-main/transactions?cursor=x"), 400, /cursor/);
    await refused(await admin("/admin/accounts/nobody/transactions"), 404, /nobody/);
  });

  it("exports them as CSV a spreadsheet reads safely", async () => {
    await putInbox("acme-main", "2026-12.csv", 'Booking Date,Description,Payee,Amount,Currency\n2026-12-01,"=HYPERLINK(""http://x"")",@evil,"-1,234.50",EUR\n2026-12-02,"Rent, ""office""",+Lessor,20.00,EUR\n');
    await ingest();
    const response = await admin("/admin/accounts/acme-main/transactions.csv?from=2026-12-01");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("x-export-complete")).toBe("true");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="acme-main-transactions.csv"');
    const lines = (await response.text()).split("\r\n");
    expect(lines[0]).toBe("Booking date,Value date,Amount,Currency,Status,Type,Counterparty,Counterparty account,Description,Bank reference,End-to-end id,Transaction id,Published,File,Line");
    expect(lines[1]).toMatch(/^2026-12-02,,20\.00,EUR,SUCCEEDED,PAYIN,'\+Lessor,,"Rent, ""office""",,,acme-main:2026-12-02:[0-9a-f]{16},[\dT:.Z-]+,inbox\/acme-main\/2026-12\.csv,3$/);
    expect(lines[2]).toMatch(/^2026-12-01,,-1234\.50,EUR,SUCCEEDED,PAYOUT,'@evil,,"'=HYPERLINK\(""http:\/\/x""\)",/);
    expect(lines).toHaveLength(4);
  });
});

describe("a cell of the export", () => {
  it.each([
    ["=1+2", "'=1+2"], ["+49 30 1234", "'+49 30 1234"], ["-cmd", "'-cmd"], ["@SUM(A1)", "'@SUM(A1)"], ["\tx", "'\tx"],
    ["-12.30", "-12.30"], ["12.30", "12.30"], ["a,b", '"a,b"'], ['say "hi"', '"say ""hi"""'], ["two\nlines", '"two\nlines"'], [" padded", '" padded"'], ["", ""],
  ])("writes %j as %j", (value, written) => {
    expect(csvCell(value)).toBe(written);
  });
});

describe("one transaction's versions", () => {
  const STATUS = "Date,Description,Amount,Currency,Status\n";

  it("lists every version served, each with its file and line; the same entry at another line of another file is no new version", async () => {
    await putInbox("card", "pending.csv", `${STATUS}2026-10-01,Hotel Berlin,-120.00,EUR,pending\n`);
    await ingest();
    await putInbox("card", "booked.csv", `${STATUS}2026-09-30,Taxi,-20.00,EUR,booked\n2026-10-01,Hotel Berlin,-120.00,EUR,booked\n`);
    await ingest();
    // The booked entry again, further down a third file: already known.
    await putInbox("card", "again.csv", `${STATUS}2026-09-29,Train,-40.00,EUR,booked\n2026-09-30,Taxi,-20.00,EUR,booked\n2026-10-01,Hotel Berlin,-120.00,EUR,booked\n`);
    const run = await ingest();
    expect(run.files).toMatchObject([{ key: "inbox/card/again.csv", state: "ingested", published: 1, changed: 0 }]);

    const list = AccountTransactionsSchema.parse(await json("/admin/accounts/card/transactions?from=2026-10-01"));
    const hotel = list.items[0]!;
    expect(hotel).toMatchObject({ status: "SUCCEEDED", metadata: { description: "Hotel Berlin", sourceFile: "inbox/card/booked.csv", sourceLine: "3" } });
    const detail = TransactionVersionsSchema.parse(await json(`/admin/transactions/${encodeURIComponent(hotel.id)}?day=2026-10-01`));
    expect(detail).toMatchObject({ id: hotel.id, day: "2026-10-01" });
    expect(detail.versions.map((v) => [v.status, v.metadata?.sourceFile, v.metadata?.sourceLine])).toEqual([
      ["PENDING", "inbox/card/pending.csv", "2"],
      ["SUCCEEDED", "inbox/card/booked.csv", "3"],
    ]);
    // A fingerprint id holds its day.
    expect(TransactionVersionsSchema.parse(await json(`/admin/transactions/${encodeURIComponent(hotel.id)}`)).versions).toHaveLength(2);
    await refused(await admin(`/admin/transactions/${encodeURIComponent(hotel.id)}?day=2026-10-02`), 404, /is booked on 2026-10-02/);
    await refused(await admin("/admin/transactions/card%3Aref%3AX"), 400, /day=YYYY-MM-DD/);
  });
});

describe("GET /", () => {
  it("sends a browser to the status page, and is no route for an API client", async () => {
    const browser = await call("/", { key: null, headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } });
    expect(browser.status).toBe(302);
    expect(browser.headers.get("location")).toBe("/admin");
    await refused(await call("/", { key: null }), 404, /No route \//);
    await refused(await call("/", { key: null, headers: { accept: "application/json" } }), 404, /No route \//);
  });
});
