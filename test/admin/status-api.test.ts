import { beforeAll, describe, expect, it } from "vitest";
import camt from "../../fixtures/camt053/statement-v02.xml?raw";
import october from "../../fixtures/sample/acme-main/2026-10-statement.csv?raw";
import november from "../../fixtures/sample/acme-main/2026-11-statement.csv?raw";
import { SEARCH_SCAN_LIMIT } from "../../src/http/admin/transactions";
import { AccountHistorySchema, AdminFileSchema, TransactionSearchSchema } from "../../src/model/admin";
import { ErrorSchema } from "../../src/model/contract";
import { admin, ADMIN_KEY, call, getJson, ingest, putInbox, resetBucket } from "../support/worker";

const history = async (id: string) => AccountHistorySchema.parse(await getJson(`/admin/accounts/${encodeURIComponent(id)}/history`, ADMIN_KEY));
const search = async (query: string) => TransactionSearchSchema.parse(await getJson(`/admin/transactions?${query}`, ADMIN_KEY));
const descriptions = (found: { items: { metadata?: Record<string, string> | null | undefined }[] }) => found.items.map((t) => t.metadata?.description);

describe("the status page's own API", () => {
  beforeAll(async () => {
    await resetBucket();
    await putInbox("acme-main", "2026-10-statement.csv", october);
    await putInbox("acme-main", "2026-11-statement.csv", november);
    await putInbox("abn-sftp", "statement-v02.xml", camt);
    await ingest();
  });

  describe("GET /admin/accounts/<id>/history", () => {
    it("lists the stated closing balances in date order, as exact minor units and decimals", async () => {
      const { accountId, currencies } = await history("acme-main");
      expect(accountId).toBe("acme-main");
      expect(currencies).toEqual([
        {
          currency: "EUR",
          exponent: 2,
          points: [
            { date: "2026-10-09", amount: "1138575", decimal: "11385.75", kind: "closing", file: "inbox/acme-main/2026-10-statement.csv" },
            { date: "2026-11-27", amount: "441714", decimal: "4417.14", kind: "closing", file: "inbox/acme-main/2026-11-statement.csv" },
          ],
        },
      ]);
    });

    it("adds an opening balance on a day without a closing one, and a closing balance wins its day", async () => {
      const usd = await history("0417164301");
      expect(usd.currencies[0]!.points.map((p) => [p.date, p.decimal, p.kind])).toEqual([
        ["2024-02-29", "-250.00", "opening"],
        ["2024-03-01", "50.00", "closing"],
      ]);
      // The EUR statement opens and closes on the same day: its closing balance is the day's.
      const eur = await history("NL91ABNA0417164300");
      expect(eur.currencies[0]!.points.map((p) => [p.date, p.decimal, p.kind])).toEqual([["2024-03-01", "1233.56", "closing"]]);
    });

    it("answers 404 for an unknown account and 401 without the admin key", async () => {
      const missing = await admin("/admin/accounts/nobody/history");
      expect(missing.status).toBe(404);
      expect(ErrorSchema.parse(await missing.json()).Detail).toMatch(/nobody/);
      expect((await call("/admin/accounts/acme-main/history", { key: null })).status).toBe(401);
    });
  });

  describe("GET /admin/transactions", () => {
    it("matches an amount exactly in minor units: no rounding, a sign also matches the direction", async () => {
      expect(descriptions(await search("amount=4810.55"))).toEqual(["Invoice 2026-114"]);
      expect(descriptions(await search("amount=4810.550"))).toEqual(["Invoice 2026-114"]);
      expect(descriptions(await search("amount=%2B4810.55"))).toEqual(["Invoice 2026-114"]);
      expect((await search("amount=4810.5")).items).toEqual([]);
      expect((await search("amount=4810.551")).items).toEqual([]);
      expect((await search("amount=-4810.55")).items).toEqual([]);
      expect(descriptions(await search("amount=-3200"))).toEqual(["Rent November, office Berlin", "Rent October, office Berlin"]);
      expect((await search("amount=%2B3200")).items).toEqual([]);
    });

    it("finds text in references, descriptions and counterparties, newest first, and says what it searched", async () => {
      const coffee = await search("q=COFFEE%20roasters");
      expect(coffee.items.map((t) => t.metadata?.signedAmount)).toEqual(["-18.60", "-12.40", "-12.40"]);
      expect(coffee).toMatchObject({ scope: "latest", searched: 17, total: 17, complete: true });
      expect(descriptions(await search("q=globex&amount=12450"))).toEqual(["Invoice 2026-121"]);
    });

    it("narrows to one booking day through the day index", async () => {
      const day = await search("date=2026-10-07");
      expect(day).toMatchObject({ scope: "day", searched: 2, total: 2, complete: true });
      expect(descriptions(day)).toEqual(["CARD 4711 COFFEE ROASTERS", "CARD 4711 COFFEE ROASTERS"]);
      expect((await search("date=2026-10-03")).items).toEqual([]);
    });

    it("stops at the result limit and says the search is not complete", async () => {
      const first = await search("q=coffee&limit=1");
      expect(first.items).toHaveLength(1);
      expect(first.complete).toBe(false);
      expect(first.searched).toBeLessThan(first.total);
    });

    it.each([
      ["amount=12,34", /amount must be a decimal number/],
      ["amount=1e3", /amount must be a decimal number/],
      ["date=2026-02-30", /date must be a day/],
      ["limit=0", /limit must be from 1 to 200/],
      ["q=a&q=b", /q is given more than once/],
    ])("refuses %s with 400 and a reason", async (query, reason) => {
      const response = await admin(`/admin/transactions?${query}`);
      expect(response.status).toBe(400);
      expect(ErrorSchema.parse(await response.json()).Detail).toMatch(reason);
    });
  });

  describe("GET /admin/files", () => {
    it("names the accounts of each file", async () => {
      const files = AdminFileSchema.array().parse(await getJson("/admin/files", ADMIN_KEY));
      expect(Object.fromEntries(files.map((f) => [f.name, f.accounts]))).toEqual({
        "2026-10-statement.csv": ["acme-main"],
        "2026-11-statement.csv": ["acme-main"],
        "statement-v02.xml": ["0417164301", "NL91ABNA0417164300"],
      });
    });
  });
});

describe("a search over changed transactions", () => {
  it("shows a transaction published in two versions once, as its latest version", async () => {
    await resetBucket();
    // Pending, then booked: one id (a CSV reference names no entry; day, amount and text do), two versions.
    const csv = (status: string) => `Date,Description,Reference,Amount,Currency,Status\n2026-12-01,Deposit,REF-9,10.00,EUR,${status}\n`;
    await putInbox("corrections", "december.csv", csv("Pending"));
    await ingest();
    await putInbox("corrections", "december.csv", csv("Booked"));
    await ingest();
    const found = await search("q=REF-9");
    expect(found.items.map((t) => [t.amount, t.status])).toEqual([["1000", "SUCCEEDED"]]);
    expect(found).toMatchObject({ searched: 2, total: 2 });
    // Searched by its amount, the earlier version is not shown beside the latest.
    expect((await search("amount=10.00")).items.map((t) => t.status)).toEqual(["SUCCEEDED"]);
    expect((await search("date=2026-12-01")).items.map((t) => t.status)).toEqual(["SUCCEEDED"]);
  });
});

describe("a search over a large store", () => {
  it(`reads only the latest ${SEARCH_SCAN_LIMIT} transactions, or one day's within as many segments, and says so`, async () => {
    await resetBucket();
    const count = 2 * SEARCH_SCAN_LIMIT + 200;
    // Amounts 0.01 .. count/100 in file order, the rows alternating between two booking days,
    // as in a file not sorted by date: each day's transactions are spread over the whole log.
    const rows = Array.from({ length: count }, (_, i) => `2026-01-0${1 + (i % 2)},Row ${i + 1},${((i + 1) / 100).toFixed(2)},EUR`);
    await putInbox("bulk", "many.csv", `Date,Description,Amount,Currency\n${rows.join("\n")}\n`);
    await ingest();
    const newest = await search(`amount=${(count / 100).toFixed(2)}`);
    expect(descriptions(newest)).toEqual([`Row ${count}`]);
    expect(newest).toMatchObject({ scope: "latest", searched: SEARCH_SCAN_LIMIT, total: count, complete: false });
    expect((await search("amount=0.01")).items).toEqual([]);
    // The first day holds every other row, spread over all 102 segments: the newest 51 segments hold 2550 of them.
    const day = await search("date=2026-01-01&amount=0.01");
    expect(day).toMatchObject({ scope: "day", searched: 2550, total: count / 2, complete: false, items: [] });
    expect(descriptions(await search(`date=2026-01-01&amount=${((count - 1) / 100).toFixed(2)}`))).toEqual([`Row ${count - 1}`]);
  });
});
