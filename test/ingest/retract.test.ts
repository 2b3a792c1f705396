import { beforeEach, describe, expect, it } from "vitest";
import { retractFile, runIngestion } from "../../src/ingestion";
import { AdminFileSchema } from "../../src/model/admin";
import { faultedWrites, faultyBucket } from "../support/faulty-bucket";
import { FormanceClient } from "../support/formance-client";
import { published, type Served } from "../support/published";
import { admin, ADMIN_KEY, getJson, ingest, putInbox, resetBucket, testEnv } from "../support/worker";

beforeEach(resetBucket);

/** The statement: 820.10 on 1 May, a card payment on 2 May, the salary on 3 May, 3274.90. */
const STATEMENT = [
  ":20:0524-EXPORT", ":25:NL91ABNA0417164300", ":28C:5", ":60F:C240501EUR820,10",
  ":61:2405020502D45,20NMSC", ":86:CARD PAYMENT SUPERMARKET", ":61:2405030503C2500,NMSCNONREF", ":86:SALARY MAY", ":62F:C240503EUR3274,90",
].join("\r\n");

/** The same account's online export, uploaded by mistake under another source: the salary again, a payout on 4 May to a new beneficiary, and 5 May's closing balance. */
const EXPORT = [
  "Date,Description,Payee,IBAN,Amount,Currency,Balance",
  "2024-05-03,SALARY MAY,,,2500.00,EUR,3274.90",
  "2024-05-04,Invoice 88,Tools Inc,GB29NWBK60161331926819,-74.90,EUR,3200.00",
].join("\n");

const retract = (source: string, name: string, reason?: string) =>
  admin(`/admin/files/${source}/${name}/retract`, { method: "POST", body: JSON.stringify(reason === undefined ? {} : { reason }) });
const balances = (id: string) => getJson<{ balances: { amount: string; currency: string }[] }>(`/accounts/${id}/balances`);

async function setUp(): Promise<void> {
  await putInbox("ing", "may.sta", STATEMENT);
  await ingest();
  await testEnv.STATEMENTS.put("config/profiles/ing-online.json", JSON.stringify({ account: { id: "NL91ABNA0417164300" } }));
  await putInbox("ing-online", "export.csv", EXPORT);
  await ingest();
}

/** The latest version served of each id, as Formance keeps it (it upserts by id). */
const byId = (items: Served[]) => Object.fromEntries(items.map((t) => [t.id, t]));

/** What Formance would hold, by id, with the fields that say what each thing is. */
async function view() {
  const { transactions, accounts, beneficiaries } = await published();
  return { transactions: byId(transactions), accounts: byId(accounts), beneficiaries: byId(beneficiaries), balances: await balances("NL91ABNA0417164300") };
}

describe("retracting a published file", () => {
  it("serves what only it stated again as CANCELLED, same ids, once; keeps what another file states; balances as if it never came", async () => {
    await setUp();
    const formance = new FormanceClient();
    await formance.sync();
    const before = await view();
    const payments = formance.payments.size;
    expect(before.balances.balances).toEqual([{ amount: "320000", currency: "EUR/2" }]);

    const response = await retract("ing-online", "export.csv", "uploaded under the wrong source");
    expect(response.status).toBe(200);
    const record = AdminFileSchema.parse(await response.json());
    expect(record).toMatchObject({ state: "retracted", retraction: { reason: "uploaded under the wrong source", cancelled: 1, kept: 1 } });

    await formance.sync();
    expect(formance.failures).toEqual([]);
    // Corrected, not duplicated: Formance holds as many payments as before.
    expect(formance.payments.size).toBe(payments);
    const after = await view();
    const changed = Object.values(after.transactions).filter((t) => JSON.stringify(t) !== JSON.stringify(before.transactions[t.id]));
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ status: "CANCELLED", amount: "7490", metadata: { retracted: "true", retractedReason: "uploaded under the wrong source", retractedFile: "inbox/ing-online/export.csv" } });
    // The salary is the statement's too: it stays SUCCEEDED.
    const salary = Object.values(after.transactions).find((t) => t.metadata?.description === "SALARY MAY")!;
    expect(salary.status).toBe("SUCCEEDED");
    // The beneficiary only the export brought is marked retracted; the account, which the statement states, is not.
    expect(after.beneficiaries["GB29NWBK60161331926819"]?.metadata).toMatchObject({ retracted: "true" });
    expect(after.accounts["NL91ABNA0417164300"]?.metadata?.retracted).toBeUndefined();

    // The balances of a store that never saw the export.
    const retracted = after.balances;
    await resetBucket();
    await putInbox("ing", "may.sta", STATEMENT);
    await ingest();
    expect(retracted).toEqual(await balances("NL91ABNA0417164300"));
    expect(retracted.balances).toEqual([{ amount: "327490", currency: "EUR/2" }]);
  });

  it("marks an account only it brought retracted, and ingests the same bytes afresh when they are uploaded again", async () => {
    await putInbox("acme-dup", "october.csv", "Date,Description,Amount,Currency,Balance\n2026-10-01,Salary,2500.00,EUR,2500.00\n");
    await ingest();
    const id = (await published()).transactions[0]!.id;
    expect((await retract("acme-dup", "october.csv", "typo in the source")).status).toBe(200);
    const { accounts, transactions } = await published();
    expect(byId(accounts)["acme-dup"]?.metadata).toMatchObject({ retracted: "true", retractedReason: "typo in the source" });
    expect(Object.values(byId(transactions)).map((t) => [t.id, t["status"]])).toEqual([[id, "CANCELLED"]]);
    expect((await balances("acme-dup")).balances).toEqual([]);
    // A retracted file is not read again as it is; the same bytes uploaded anew are.
    expect((await ingest()).files).toEqual([]);
    await putInbox("acme-dup", "october.csv", "Date,Description,Amount,Currency,Balance\n2026-10-01,Salary,2500.00,EUR,2500.00\n");
    expect((await ingest()).files.map((f) => f.state)).toEqual(["ingested"]);
    const again = await published();
    expect(Object.values(byId(again.transactions)).map((t) => [t.id, t["status"]])).toEqual([[id, "SUCCEEDED"]]);
    expect(byId(again.accounts)["acme-dup"]?.metadata?.retracted).toBeUndefined();
    expect((await balances("acme-dup")).balances).toEqual([{ amount: "250000", currency: "EUR/2" }]);
  });

  it("needs a reason, and a published file; says what to do instead", async () => {
    await putInbox("main", "bad.csv", "Date,Description,Amount,Currency\n2026-10-01,Salary,1.2.3,EUR\n");
    await ingest();
    expect((await retract("main", "bad.csv")).status).toBe(400);
    const failed = await retract("main", "bad.csv", "wrong");
    expect(failed.status).toBe(409);
    expect(((await failed.json()) as { Detail: string }).Detail).toMatch(/is not published \(it is failed\).*Delete it instead/);
    expect((await retract("main", "nothing.csv", "wrong")).status).toBe(404);
    const audit = await getJson<{ items: { action: string; result: { outcome: string } }[] }>("/admin/audit", ADMIN_KEY);
    expect(audit.items.filter((e) => e.action === "retract").map((e) => e.result.outcome)).toEqual(["failed", "failed", "failed"]);
  });

  it("takes a large file back over several runs, to the same end as in one", async () => {
    await setUp();
    await retractFile(testEnv.STATEMENTS, "inbox/ing-online/export.csv", "mistake", { budgetMs: 60_000 });
    const clean = await view();
    await resetBucket();
    await setUp();
    const stepped = { budgetMs: 60_000, maxEventsPerStep: 1 };
    const first = await retractFile(testEnv.STATEMENTS, "inbox/ing-online/export.csv", "mistake", stepped);
    expect(first).toMatchObject({ outcome: "retracted", progress: expect.any(Number) });
    // Nothing of it shows until the last step commits.
    expect(Object.values((await view()).transactions).map((t) => t["status"])).not.toContain("CANCELLED");
    for (let run = 0; run < 10 && (await runIngestion(testEnv.STATEMENTS, stepped)).status !== "completed"; run++);
    expect(await view()).toEqual(clean);
  });

  it("converges to the same result when it stops at any of its writes", async () => {
    await setUp();
    const options = { budgetMs: 60_000 };
    await retractFile(testEnv.STATEMENTS, "inbox/ing-online/export.csv", "mistake", options);
    const clean = await view();

    await resetBucket();
    await setUp();
    const probe = faultyBucket(Number.POSITIVE_INFINITY);
    await retractFile(probe.bucket, "inbox/ing-online/export.csv", "mistake", options);
    const total = probe.writes();
    expect(total).toBeGreaterThan(5);
    for (const k of faultedWrites(total)) {
      await resetBucket();
      await setUp();
      const faulty = faultyBucket(k);
      await retractFile(faulty.bucket, "inbox/ing-online/export.csv", "mistake", options).catch(() => undefined);
      // Never half of it: the export is either still whole or taken back whole.
      const seen = await view();
      const cancelled = Object.values(seen.transactions).filter((t) => t["status"] === "CANCELLED").length;
      expect([0, 1], `after a fault at write ${k}`).toContain(cancelled);
      // Once the crashed run's lease is over, the runs that follow finish a request that was recorded,
      // and one that was not is asked again (a stopped request answers 503): either way, the same end.
      const later = () => Date.now() + 16 * 60_000;
      await ingest(later);
      await retractFile(testEnv.STATEMENTS, "inbox/ing-online/export.csv", "mistake", { ...options, now: later });
      expect(await view(), `after a fault at write ${k}`).toEqual(clean);
    }
  }, 120_000);
});
