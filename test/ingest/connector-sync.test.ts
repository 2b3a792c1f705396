import { beforeEach, describe, expect, it } from "vitest";
import { ConnectorClient } from "../support/connector-client";
import { ADMIN_KEY, call, getJson, ingest, putInbox, putProfile, resetBucket } from "../support/worker";
import { notIncreasing } from "../support/order";

beforeEach(resetBucket);

interface Row {
  date: string;
  description: string;
  payee: string;
  iban: string;
  amount: string;
}

const HEADER = "Date,Description,Payee,IBAN,Amount,Currency";
const csv = (rows: Row[]) =>
  [HEADER, ...rows.map((r) => [r.date, r.description, r.payee, r.iban, r.amount, "EUR"].join(","))].join("\n") + "\n";

function days(from: string, count: number): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

/** A month of entries with two identical card payments on one day. */
function october(): Row[] {
  const rows: Row[] = days("2026-10-01", 20).map((date, i) => ({
    date,
    description: `Invoice ${1000 + i}`,
    payee: i % 2 ? "Supplier GmbH" : "Customer SA",
    iban: i % 2 ? "DE89370400440532013000" : "FR1420041010050500013M02606",
    amount: i % 2 ? `-${i}.15` : `${i * 10}.50`,
  }));
  const card = { date: "2026-10-07", description: "CARD 4711 COFFEE BAR", payee: "", iban: "", amount: "-3.20" };
  return [...rows, card, card];
}

describe("a connector polling across ingestions", () => {
  it("receives every entry exactly once, whatever the order and overlap of files", async () => {
    const transactions = new ConnectorClient("/transactions", "updatedAt", 3);
    const accounts = new ConnectorClient("/accounts", "createdAt", 1);
    const beneficiaries = new ConnectorClient("/beneficiaries", "createdAt", 2);
    const all = october();

    // First export: the first 12 rows and both card payments.
    const first = [...all.slice(0, 12), all[20]!, all[21]!];
    await putInbox("main", "export-1.csv", csv(first));
    await ingest();
    await transactions.pollOnce();

    // Second export overlaps the first by six rows, and repeats one of the two card payments.
    const second = [...all.slice(6, 20), all[20]!];
    await putInbox("main", "export-2.csv", csv(second));
    // Ingest in the middle of the connector's page walk: the walk must not skip or repeat.
    await transactions.pollOnce(() => ingest());
    await transactions.sync();

    // A 2024 statement of a new account, uploaded today, is new data today.
    const backdated = days("2024-03-01", 5).map((date, i) => ({
      date, description: `Old rent ${i}`, payee: "Landlord", iban: "NL91ABNA0417164300", amount: "-950.00",
    }));
    await putInbox("savings", "2024-03.csv", csv(backdated));
    // The same bytes again under another name add nothing.
    await putInbox("main", "export-1-again.csv", csv(first));
    await ingest();
    await transactions.sync();
    await accounts.sync();
    await beneficiaries.sync();

    const expected = all.length + backdated.length;
    const ids = transactions.delivered.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(expected);

    const amounts = transactions.delivered.map((t) => `${t.type} ${t.amount}`);
    expect(amounts.filter((a) => a === "PAYOUT 320")).toHaveLength(2);
    expect(amounts.filter((a) => a === "PAYOUT 95000")).toHaveLength(5);
    const old = transactions.delivered.find((t) => (t.metadata as Record<string, string>).description === "Old rent 0")!;
    expect(old.createdAt).toBe("2024-03-01T00:00:00.000Z");
    expect(Date.parse(old.updatedAt as string)).toBeGreaterThan(Date.parse("2026-01-01"));

    expect(accounts.delivered.map((a) => a.id).sort()).toEqual(["main", "savings"]);
    expect(beneficiaries.delivered.map((b) => b.id).sort()).toEqual(["DE89370400440532013000", "NL91ABNA0417164300"]);
  });

  it("spreads cursors so that no second holds more than one page", async () => {
    const rows = days("2025-01-01", 365).map((date, i) => ({
      date, description: `Entry ${i}`, payee: "", iban: "", amount: `${i + 1}.00`,
    }));
    await putInbox("bulk", "year.csv", csv(rows));
    await ingest();
    const client = new ConnectorClient("/transactions", "updatedAt", 100);
    await client.sync();
    expect(client.delivered).toHaveLength(365);
    const perSecond = new Map<number, number>();
    for (const t of client.delivered) {
      const second = Math.floor(Date.parse(t.updatedAt as string) / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(100);
    const cursors = client.delivered.map((t) => Date.parse(t.updatedAt as string));
    expect(notIncreasing(cursors)).toEqual([]);
    // 365 items at 100 a page: the client's floor is 2 requests per 100 delivered.
    expect(client.requests).toBeLessThanOrEqual(9);
  });

  it("serves a changed transaction again with the same id and a later updatedAt", async () => {
    const header = "Date,Description,Amount,Currency,Reference,Status";
    // The export states no balance: the account's is the profile's opening balance plus its entries.
    await putProfile("main", { openingBalance: { amount: "0.00", date: "2026-09-30" } });
    await putInbox("main", "intraday.csv", `${header}\n2026-10-01,Card hold,-12.00,EUR,TX-1,Pending\n2026-10-01,Salary,100.00,EUR,TX-2,Booked\n`);
    await ingest();
    const client = new ConnectorClient("/transactions", "updatedAt", 100);
    await client.sync();
    const balance = async () => (await getJson<{ balances: { amount: string }[] }>("/accounts/main/balances")).balances[0]!.amount;
    // A pending entry does not move the booked balance; once booked, it does, once.
    expect(await balance()).toBe("10000");
    await putInbox("main", "eod.csv", `${header}\n2026-10-01,Card hold,-12.00,EUR,TX-1,Booked\n2026-10-01,Salary,100.00,EUR,TX-2,Booked\n`);
    await ingest();
    await client.sync();
    const described = (text: string) => client.delivered.filter((t) => (t.metadata as Record<string, string>).description === text);
    const versions = described("Card hold");
    expect(versions.map((t) => t.status)).toEqual(["PENDING", "SUCCEEDED"]);
    expect(versions[1]!.id).toBe(versions[0]!.id);
    expect(Date.parse(versions[1]!.updatedAt as string)).toBeGreaterThan(Date.parse(versions[0]!.updatedAt as string));
    expect(described("Salary")).toHaveLength(1);
    expect(client.latest().size).toBe(2);
    expect(await balance()).toBe("8800");
  });
});

describe("a file replaced by a corrected version under the same name", () => {
  it("publishes what changed as new versions, adds what is new, and reports what disappeared without unsaying it", async () => {
    // A CSV reference column promises no uniqueness: entries are named by day, amount and text,
    // so a correction of anything else (here the value date) is a new version of the same entry.
    const header = "Date,Value Date,Description,Amount,Currency,Reference";
    await putInbox("main", "october.csv", `${header}\n2026-10-01,2026-10-01,Rent,-900.00,EUR,A\n2026-10-02,2026-10-02,Fee,-1.00,EUR,B\n2026-10-03,2026-10-03,Refund,50.00,EUR,C\n`);
    await ingest();
    const client = new ConnectorClient("/transactions", "updatedAt", 100);
    await client.sync();
    await putInbox("main", "october.csv", `${header}\n2026-10-01,2026-10-02,Rent,-900.00,EUR,A\n2026-10-02,2026-10-02,Fee,-1.00,EUR,B\n2026-10-04,2026-10-04,Interest,0.10,EUR,D\n`);
    const run = await ingest();
    expect(run.files).toMatchObject([{ key: "inbox/main/october.csv", state: "ingested", published: 1, changed: 1 }]);
    await client.sync();
    const seen = client.delivered.map((t) => {
      const metadata = t.metadata as Record<string, string>;
      return `${metadata.bankReference} ${t.amount} ${metadata.valueDate}`;
    });
    expect(seen).toEqual(["A 90000 2026-10-01", "B 100 2026-10-02", "C 5000 2026-10-03", "A 90000 2026-10-02", "D 10 2026-10-04"]);
    expect(client.delivered[3]!.id).toBe(client.delivered[0]!.id);
    const [record] = await getJson<{ disappeared?: { count: number; ids: string[] }; counts: { alreadyKnown: number } }[]>("/admin/files", ADMIN_KEY);
    expect(record!.disappeared).toEqual({ count: 1, ids: [client.delivered[2]!.id] });
    expect(record!.counts.alreadyKnown).toBe(1);
  });

  it("a correction that fails keeps the list of what the version still served stated: the next one tells what disappeared", async () => {
    const header = "Date,Description,Amount,Currency";
    await putInbox("main", "october.csv", `${header}
2026-10-01,Rent,-900.00,EUR
2026-10-02,Fee,-1.00,EUR
`);
    await ingest();
    const client = new ConnectorClient("/transactions", "updatedAt", 100);
    await client.sync();
    await putInbox("main", "october.csv", `${header}
2026-10-01,Rent,-900.00,EUR
2026-13-02,Fee,-1.00,EUR
`);
    expect((await ingest()).files).toMatchObject([{ key: "inbox/main/october.csv", state: "failed" }]);
    await putInbox("main", "october.csv", `${header}
2026-10-01,Rent,-900.00,EUR
`);
    expect((await ingest()).files).toMatchObject([{ key: "inbox/main/october.csv", state: "ingested" }]);
    const [record] = await getJson<{ disappeared?: { count: number; ids: string[] } }[]>("/admin/files", ADMIN_KEY);
    expect(record!.disappeared).toEqual({ count: 1, ids: [client.delivered[1]!.id] });
  });

  it("a correction held for review keeps that list too: approved, it tells what disappeared", async () => {
    const header = "Date,Description,Amount,Currency";
    await putInbox("main", "october.csv", `${header}\n2026-10-01,Rent,-900.00,EUR\n2026-10-02,Fee,-1.00,EUR\n`);
    await ingest();
    const client = new ConnectorClient("/transactions", "updatedAt", 100);
    await client.sync();
    await putProfile("main", { mode: "review" });
    await putInbox("main", "october.csv", `${header}\n2026-10-01,Rent,-900.00,EUR\n`);
    expect((await ingest()).files).toMatchObject([{ key: "inbox/main/october.csv", state: "held" }]);
    const approved = await call("/admin/files/main/october.csv/approve", { method: "POST", key: ADMIN_KEY });
    expect(approved.status).toBe(200);
    const [record] = await getJson<{ state: string; disappeared?: { count: number; ids: string[] } }[]>("/admin/files", ADMIN_KEY);
    expect(record).toMatchObject({ state: "ingested", disappeared: { count: 1, ids: [client.delivered[1]!.id] } });
  });
});
