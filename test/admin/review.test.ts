import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import gvc from "../../fixtures/mt940/gvc.sta?raw";
import october from "../../fixtures/sample/acme-main/2026-10-statement.csv?raw";
import november from "../../fixtures/sample/acme-main/2026-11-statement.csv?raw";
import type { Env } from "../../src/env";
import { AdminFileSchema, ApprovedFileSchema, FilePreviewSchema, RunSummarySchema } from "../../src/model/admin";
import { AuditPageSchema } from "../../src/model/audit";
import { ErrorSchema } from "../../src/model/contract";
import { acquireLease, releaseLease } from "../../src/store/lease";
import { checkedCalls, type ContractChecker, contractCheckers } from "../support/contract-check";
import { FormanceClient } from "../support/formance-client";
import { ADMIN_KEY, resetBucket, testEnv } from "../support/worker";

// Review mode through the admin API: files of a new source (NEW_SOURCES, review unless set) or
// of a source whose profile says "review" are read and mapped but held, publishing nothing,
// until an admin approves or rejects each; a preview says what a file would do, writing nothing.
// Every answer is checked against /openapi.json; what is served, with Formance's client.

let checkers: ContractChecker[] = [];
beforeAll(async () => {
  checkers = await contractCheckers();
});
beforeEach(resetBucket);
afterEach(() => vi.restoreAllMocks());

const { call } = checkedCalls(() => checkers);

/** The Worker as deployed with NEW_SOURCES unset: new sources in review. The suite's own bindings publish them. */
const DEFAULT: Env = { ...testEnv, NEW_SOURCES: undefined };
const AUTO: Env = testEnv;

const admin = (path: string, init: RequestInit & { env?: Env } = {}) => call(path, { env: DEFAULT, ...init, key: ADMIN_KEY });
const length = (body: string) => ({ "content-length": String(new TextEncoder().encode(body).length) });
const upload = (source: string, name: string, body: string, env = DEFAULT) => admin(`/admin/files/${source}/${name}`, { method: "PUT", body, headers: length(body), env });

async function ingest(env = DEFAULT) {
  const response = await admin("/admin/ingest", { method: "POST", env });
  expect(response.status).toBe(200);
  return RunSummarySchema.parse(await response.json());
}

async function files() {
  return AdminFileSchema.array().parse(await (await admin("/admin/files")).json());
}

async function record(key: string) {
  return (await files()).find((f) => f.key === key);
}

async function preview(source: string, name: string, query = "") {
  const response = await admin(`/admin/files/${source}/${name}/preview${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return FilePreviewSchema.parse(await response.json());
}

async function previewBytes(source: string, body: string, query = "") {
  const response = await admin(`/admin/preview/${source}${query}`, { method: "POST", body, headers: length(body) });
  expect(response.status, await response.clone().text()).toBe(200);
  return FilePreviewSchema.parse(await response.json());
}

const approve = (source: string, name: string) => admin(`/admin/files/${source}/${name}/approve`, { method: "POST" });
const reject = (source: string, name: string, body?: unknown) =>
  admin(`/admin/files/${source}/${name}/reject`, { method: "POST", ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }) });

async function approved(source: string, name: string) {
  const response = await approve(source, name);
  expect(response.status, await response.clone().text()).toBe(200);
  return ApprovedFileSchema.parse(await response.json());
}

async function refused(response: Response, status: number, detail: RegExp): Promise<void> {
  expect(response.status).toBe(status);
  expect(ErrorSchema.parse(await response.json()).Detail).toMatch(detail);
}

/** What the connector serves, as ids: transactions and accounts. */
async function served() {
  const read = async (path: string) => ((await (await call(path)).json()) as { id: string }[]).map((item) => item.id).sort();
  return { transactions: await read("/transactions?pageSize=1000"), accounts: await read("/accounts") };
}

async function audited(): Promise<string[]> {
  const page = AuditPageSchema.parse(await (await admin("/admin/audit?pageSize=100")).json());
  return page.items.map((e) => `${e.action} ${e.target ?? "-"} ${e.result.status}`);
}

const bucketKeys = async () => (await testEnv.STATEMENTS.list({ limit: 1000 })).objects.map((o) => o.key).sort();

const GOOD = "Date,Description,Amount,Currency\n2026-10-01,Deposit,10.00,EUR\n";

describe("a file dropped under a mistyped source, with NEW_SOURCES unset", () => {
  it("is held, publishing nothing; its preview says what it would create; approved, it is served once; the source's next file goes through", async () => {
    // acme-main is known: one of its files was published.
    expect((await upload("acme-main", "2026-10.csv", october, AUTO)).status).toBe(201);
    expect((await ingest(AUTO)).files).toMatchObject([{ state: "ingested" }]);
    const formance = new FormanceClient();
    await formance.sync();
    const before = await served();

    // The November statement goes to "acme-mian".
    expect((await upload("acme-mian", "2026-11.csv", november)).status).toBe(201);
    const run = await ingest();
    expect(run.files).toEqual([{ key: "inbox/acme-mian/2026-11.csv", state: "held", published: 6, changed: 0 }]);
    const held = (await record("inbox/acme-mian/2026-11.csv"))!;
    expect(held).toMatchObject({ state: "held", format: "csv", inInbox: true, counts: { entries: 6, published: 6, alreadyKnown: 0, newAccounts: 1 } });
    expect(held.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await served()).toEqual(before);
    await formance.sync();
    expect(formance.transactions.delivered).toHaveLength(before.transactions.length);
    // A run that follows leaves it held.
    expect((await ingest()).files).toEqual([]);

    const shown = await preview("acme-mian", "2026-11.csv");
    expect(shown).toMatchObject({
      key: "inbox/acme-mian/2026-11.csv", source: "acme-mian", mode: "review", newSource: true, format: "csv", profile: null,
      read: { complete: true, bytes: new TextEncoder().encode(november).length, limit: 10_000 },
      sha256: held.sha256, counts: held.counts,
      accounts: { count: 1, items: [{ id: "acme-mian", name: "acme-mian", currency: "EUR" }] },
      entries: { new: 6, changed: { count: 0, items: [] }, alreadyKnown: 0, duplicatesInFile: { count: 0, items: [] } },
      balances: { count: 1, items: [{ accountId: "acme-mian", currency: "EUR", after: { amount: "441714", decimal: "4417.14", date: "2026-11-27", origin: "stated" } }] },
      beneficiaries: { count: held.counts!.newBeneficiaries },
    });
    expect(shown.balances.items[0]!.before).toBeUndefined();
    expect(shown.transactions).toHaveLength(6);

    const answer = await approved("acme-mian", "2026-11.csv");
    expect(answer).toMatchObject({ file: { state: "ingested", counts: held.counts }, changedSinceReview: false, held: { at: held.at, counts: held.counts }, changes: [] });
    // Exactly its entries reach Formance, each once, as the preview showed them.
    await formance.sync();
    const fresh = formance.transactions.delivered.slice(before.transactions.length);
    const stripped = (items: object[]) => items.map((item) => ({ ...item, updatedAt: undefined }));
    expect(stripped(fresh)).toEqual(stripped(shown.transactions));
    expect(new Set(fresh.map((t) => t.id)).size).toBe(6);
    expect([...formance.accounts.latest().keys()].sort()).toEqual(["acme-main", "acme-mian"]);
    expect(formance.failures).toEqual([]);

    // The source is known now: its next file is published as it comes.
    const december = "Booking Date,Description,Amount,Currency,Balance\n2026-12-01,Deposit,10.00,EUR,4427.14\n";
    await upload("acme-mian", "2026-12.csv", december);
    expect((await ingest()).files).toMatchObject([{ key: "inbox/acme-mian/2026-12.csv", state: "ingested", published: 1 }]);
    expect(await audited()).toContain("approve acme-mian/2026-11.csv 200");
  });

  it("is held by a NEW_SOURCES that cannot be used, as by its default, with a warning naming it", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await upload("typo", "a.csv", GOOD);
    expect((await ingest({ ...testEnv, NEW_SOURCES: "reveiw" })).files).toMatchObject([{ state: "held" }]);
    expect(warn.mock.calls.map(([line]) => String(line)).join("\n")).toMatch(/NEW_SOURCES is \\"reveiw\\"/);
  });

  it("fails as any file does when it cannot be read, and is not held", async () => {
    await upload("typo", "bad.csv", "Date,Description,Amount,Currency\n2026-10-01,Broken,1.2.3,EUR\n");
    expect((await ingest()).files).toMatchObject([{ state: "failed", error: { line: 2 } }]);
    await refused(await approve("typo", "bad.csv"), 409, /is not held for review \(it is failed\)/);
    // A failed file can be previewed: the preview says why it fails.
    expect((await preview("typo", "bad.csv")).failure).toMatchObject({ line: 2, reason: expect.stringMatching(/1\.2\.3/) });
  });
});

describe("a source whose profile says review", () => {
  it("holds every file, known source or not", async () => {
    await admin("/admin/profiles/main", { method: "PUT", body: JSON.stringify({ mode: "review" }), env: AUTO });
    await upload("main", "a.csv", GOOD, AUTO);
    expect((await ingest(AUTO)).files).toMatchObject([{ state: "held" }]);
    expect((await preview("main", "a.csv")).mode).toBe("review");
    await approved("main", "a.csv");
    await upload("main", "b.csv", GOOD.replace("10.00", "11.00"), AUTO);
    expect((await ingest(AUTO)).files).toMatchObject([{ key: "inbox/main/b.csv", state: "held" }]);
  });
});

describe("POST /admin/files/<source>/<name>/reject", () => {
  it("needs a reason; marks the file rejected with it, publishing nothing; it stays listed until deleted", async () => {
    await upload("typo", "a.csv", GOOD);
    await ingest();
    await refused(await reject("typo", "a.csv"), 400, /The body is not JSON|reason/);
    await refused(await reject("typo", "a.csv", {}), 400, /reason/);
    await refused(await reject("typo", "a.csv", { reason: "   " }), 400, /reason/);
    await refused(await reject("typo", "a.csv", { reason: "x", why: "y" }), 400, /why/);

    const response = await reject("typo", "a.csv", { reason: "meant for acme-main" });
    expect(response.status).toBe(200);
    expect(AdminFileSchema.parse(await response.json())).toMatchObject({ key: "inbox/typo/a.csv", state: "rejected", rejection: { reason: "meant for acme-main" }, counts: { published: 1 } });
    expect(await record("inbox/typo/a.csv")).toMatchObject({ state: "rejected", rejection: { reason: "meant for acme-main" }, inInbox: true });
    expect(await served()).toEqual({ transactions: [], accounts: [] });
    // Not read again, and neither approved nor rejected twice.
    expect((await ingest()).files).toEqual([]);
    await refused(await approve("typo", "a.csv"), 409, /not held for review \(it is rejected\): only a held file can be approved/);
    await refused(await reject("typo", "a.csv", { reason: "again" }), 409, /it is rejected/);
    await refused(await admin("/admin/files/typo/a.csv/preview"), 409, /is rejected/);

    expect((await admin("/admin/files/typo/a.csv", { method: "DELETE" })).status).toBe(204);
    expect(await files()).toEqual([]);
    expect((await audited()).slice(-3).reverse()).toEqual(["upload typo/a.csv 201", "ingest - 200", "reject typo/a.csv 400"]);
    expect(await audited()).toContain("reject typo/a.csv 200");
  });

  it("leaves a file replaced by a new upload to be read again, and held again", async () => {
    await upload("typo", "a.csv", GOOD);
    await ingest();
    await reject("typo", "a.csv", { reason: "wrong amounts" });
    await upload("typo", "a.csv", GOOD.replace("10.00", "12.00"));
    expect((await record("inbox/typo/a.csv"))!.state).toBe("pending");
    await refused(await reject("typo", "a.csv", { reason: "too early" }), 409, /it is pending: a new version was uploaded/);
    expect((await ingest()).files).toMatchObject([{ key: "inbox/typo/a.csv", state: "held" }]);
  });

  it("answers 404 for a file not in the inbox", async () => {
    await refused(await reject("typo", "absent.csv", { reason: "x" }), 404, /No file inbox\/typo\/absent\.csv/);
    await refused(await approve("typo", "absent.csv"), 404, /No file inbox\/typo\/absent\.csv/);
  });
});

describe("POST /admin/files/<source>/<name>/approve", () => {
  const MAIN = "DE89370400440532013000";
  const row = (day: string, text: string, amount: string) => `2026-10-${day},${text},${amount},EUR`;
  const csv = (...rows: string[]) => ["Date,Description,Amount,Currency", ...rows, ""].join("\n");

  it("says when what it published differs from what it held: another file published some of its entries first", async () => {
    // Two sources for one account: one reviewed, one not.
    await admin("/admin/profiles/reviewed", { method: "PUT", body: JSON.stringify({ mode: "review", account: { id: MAIN } }) });
    await admin("/admin/profiles/online", { method: "PUT", body: JSON.stringify({ account: { id: MAIN } }) });
    await upload("reviewed", "october.csv", csv(row("01", "Deposit", "100.00"), row("02", "Rent", "-50.00"), row("03", "Fee", "-1.00")));
    expect((await ingest()).files).toMatchObject([{ state: "held", published: 3 }]);
    const formance = new FormanceClient();
    // Meanwhile the online export states two of its entries.
    await upload("online", "october.csv", csv(row("01", "Deposit", "100.00"), row("02", "Rent", "-50.00")));
    expect((await ingest()).files).toMatchObject([{ key: "inbox/online/october.csv", state: "ingested", published: 2 }]);
    await formance.sync();

    const answer = await approved("reviewed", "october.csv");
    expect(answer.changedSinceReview).toBe(true);
    expect(answer.file).toMatchObject({ state: "ingested", counts: { published: 1, alreadyKnown: 2 } });
    expect(answer.held.counts).toMatchObject({ published: 3, alreadyKnown: 0, newAccounts: 1 });
    expect(answer.changes).toEqual([
      { count: "published", held: 3, published: 1 },
      { count: "alreadyKnown", held: 0, published: 2 },
      { count: "newAccounts", held: 1, published: 0 },
    ]);
    // Each entry once: the third one published now.
    await formance.sync();
    expect(formance.transactions.delivered.map((t) => t.metadata).map((m) => (m as Record<string, string>).description)).toEqual(["Deposit", "Rent", "Fee"]);
  });

  it("says so when the source's profile changed since it was held", async () => {
    await upload("online", "october.csv", csv(row("01", "Deposit", "100.00")), AUTO);
    await admin("/admin/profiles/online", { method: "PUT", body: JSON.stringify({ account: { id: MAIN } }) });
    await ingest();
    await upload("typo", "october.csv", csv(row("01", "Deposit", "100.00"), row("03", "Fee", "-1.00")));
    expect((await ingest()).files).toMatchObject([{ state: "held", published: 2 }]);
    // The file's account is named now: one that holds its first entry already.
    await admin("/admin/profiles/typo", { method: "PUT", body: JSON.stringify({ mode: "review", account: { id: MAIN } }) });
    const answer = await approved("typo", "october.csv");
    expect(answer).toMatchObject({ changedSinceReview: true, file: { state: "ingested", counts: { published: 1, alreadyKnown: 1, newAccounts: 0 } } });
    expect(answer.changes.map((c) => c.count)).toEqual(["published", "alreadyKnown", "newAccounts"]);
    expect((await served()).accounts).toEqual([MAIN]);
  });

  it("leaves a file its run could not finish approved: the next runs publish it", async () => {
    const rows = Array.from({ length: 300 }, (_, i) => row(String((i % 28) + 1).padStart(2, "0"), `Payment ${i}`, "1.00"));
    await upload("typo", "big.csv", csv(...rows));
    expect((await ingest()).files).toMatchObject([{ state: "held", published: 300 }]);
    // A step budget of 1 ms: the approval's run stops before the file's end, or before it starts.
    const response = await admin("/admin/files/typo/big.csv/approve", { method: "POST", env: { ...DEFAULT, INGEST_STEP_MS: "1" } });
    expect(response.status).toBe(200);
    const answer = ApprovedFileSchema.parse(await response.json());
    expect(["pending", "ingesting"]).toContain(answer.file.state);
    expect(answer.changedSinceReview).toBeUndefined();
    for (let run = 0; run < 20 && (await record("inbox/typo/big.csv"))!.state !== "ingested"; run++) await ingest();
    expect(await record("inbox/typo/big.csv")).toMatchObject({ state: "ingested", counts: { published: 300 } });
    expect((await served()).transactions).toHaveLength(300);
  });

  it("answers 409 for a file that is not held, and 503 while an ingestion run holds the lease, recording nothing", async () => {
    await upload("main", "a.csv", GOOD, AUTO);
    await refused(await approve("main", "a.csv"), 409, /it is pending: it has not been read yet/);
    await ingest(AUTO);
    await refused(await approve("main", "a.csv"), 409, /it is ingested/);
    await refused(await reject("main", "a.csv", { reason: "x" }), 409, /it is ingested/);

    await upload("typo", "a.csv", GOOD);
    await ingest();
    expect(await acquireLease(testEnv.STATEMENTS, "a-run", Date.now(), 60_000)).toBe(true);
    const busy = await approve("typo", "a.csv");
    expect(busy.headers.get("retry-after")).toBe("30");
    await refused(busy, 503, /An ingestion run is in progress: inbox\/typo\/a\.csv is approved when no run is reading files/);
    await refused(await reject("typo", "a.csv", { reason: "x" }), 503, /is rejected when no run is reading files/);
    await releaseLease(testEnv.STATEMENTS, "a-run");
    expect((await record("inbox/typo/a.csv"))!.state).toBe("held");
    expect((await bucketKeys()).filter((key) => key.startsWith("config/"))).toEqual([]);
    expect((await approved("typo", "a.csv")).file.state).toBe("ingested");
  });
});

describe("a preview", () => {
  it("of a stored file writes nothing; of posted bytes, nothing but its audit entry", async () => {
    await upload("main", "2026-10.csv", october, AUTO);
    await ingest(AUTO);
    await upload("main", "2026-11.csv", november, AUTO);
    const keys = await bucketKeys();
    const stored = await preview("main", "2026-11.csv", "?transactions=2");
    expect(await bucketKeys()).toEqual(keys);
    expect(stored).toMatchObject({
      mode: "auto", newSource: false, accounts: { count: 0, items: [] }, entries: { new: 6, alreadyKnown: 0 },
      balances: {
        items: [{
          accountId: "main", currency: "EUR",
          before: { amount: "1138575", decimal: "11385.75", date: "2026-10-09" },
          after: { amount: "441714", decimal: "4417.14", date: "2026-11-27" },
        }],
      },
    });
    expect(stored.transactions.map((t) => t.metadata?.description)).toEqual(["Rent November, office Berlin", "Invoice 2026-121"]);

    // The same bytes posted: the same preview, and the bucket holds nothing more but the audit log's entry.
    const posted = await previewBytes("main", november, "?name=2026-11.csv&transactions=2");
    const added = (await bucketKeys()).filter((key) => !keys.includes(key));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^audit\//);
    const timeless = (p: typeof posted) => ({ ...p, read: { ...p.read, bytes: 0 }, transactions: p.transactions.map(({ updatedAt: _, ...t }) => t) });
    expect(timeless(posted)).toEqual(timeless(stored));
    expect(await audited()).toContain("preview main 200");
    expect((await record("inbox/main/2026-11.csv"))!.state).toBe("pending");
  });

  it("shows entries already known, changed, numbered within the file, and continuity with the statement before", async () => {
    await upload("bank", "gvc.sta", gvc, AUTO);
    await ingest(AUTO);
    const account = "50010517/5319125489";
    const [served] = ((await (await call(`/accounts/${account}/balances`)).json()) as { balances: { amount: string }[] }).balances;
    // The next statement opens at another balance than the last one closed at, and adds up on its own.
    const next = [":20:STARTUMSE", ":25:50010517/5319125489", ":28C:00013/001", ":60F:C240301EUR16000,00",
      ":61:2403040304C100,00N051NONREF", ":86:166?00SEPA-GUTSCHRIFT?20Bonus", ":61:2403040304C100,00N051NONREF", ":86:166?00SEPA-GUTSCHRIFT?20Bonus",
      ":62F:C240304EUR16200,00", ""].join("\r\n");
    const shown = await previewBytes("bank", next);
    expect(shown.entries).toMatchObject({ new: 2, duplicatesInFile: { count: 1, items: [expect.stringMatching(/:2$/)] } });
    expect(shown.continuity.mismatches).toEqual([]);
    expect(shown.continuity.breaks).toMatchObject([{ accountId: account, kind: "opening-differs-from-previous-closing", file: "inbox/bank/preview" }]);
    // Before: the balance served now.
    expect(shown.balances.items).toMatchObject([{ accountId: account, before: { amount: served!.amount }, after: { decimal: "16200.00", date: "2024-03-04" } }]);

    // The same statement again, its closing balance off by one cent.
    const again = gvc.replace(":62F:C240229EUR16105,77", ":62F:C240229EUR16105,78");
    const restated = await previewBytes("bank", again, "?name=gvc.sta");
    expect(restated.entries).toMatchObject({ new: 0, alreadyKnown: 3, changed: { count: 0 } });
    expect(restated.continuity.mismatches).toEqual([expect.stringMatching(/difference 0\.01/)]);
    expect(restated.duplicateOf).toBeUndefined();
    expect((await previewBytes("bank", gvc, "?name=copy.sta")).duplicateOf).toBe("inbox/bank/gvc.sta");
  });

  it("shows what changes in an entry already published", async () => {
    const csvWith = (valueDate: string) => `Booking Date,Value Date,Description,Amount,Currency\n2026-10-01,${valueDate},Deposit,10.00,EUR\n`;
    await upload("main", "a.csv", csvWith("2026-10-01"), AUTO);
    await ingest(AUTO);
    const shown = await previewBytes("main", csvWith("2026-10-02"));
    expect(shown.entries).toMatchObject({ new: 0, alreadyKnown: 0, changed: { count: 1, items: [{ id: expect.stringMatching(/^main:2026-10-01:/), otherDetails: true }] } });
    expect(shown.transactions[0]!.metadata?.valueDate).toBe("2026-10-02");
  });

  it("of a file larger than its limit reads its first 10,000 events and says so", async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `2026-10-${String((i % 28) + 1).padStart(2, "0")},Payment ${i},1.00,EUR`);
    const big = ["Date,Description,Amount,Currency", ...rows, ""].join("\n");
    const shown = await previewBytes("big", big);
    expect(shown.read).toMatchObject({ complete: false, size: big.length, limit: 10_000 });
    expect(shown.read.events).toBeGreaterThanOrEqual(10_000);
    expect(shown.read.events).toBeLessThan(10_100);
    // Where its 10,000th row ends, or about.
    expect(shown.read.bytes).toBeGreaterThan(big.indexOf("Payment 9999,"));
    expect(shown.read.bytes).toBeLessThan(big.length / 2);
    expect(shown.sha256).toBeUndefined();
    expect(shown.counts.entries).toBe(shown.read.events);
    expect(shown.entries.new).toBe(shown.read.events);
    expect(shown.transactions).toHaveLength(20);
    expect(shown.transactions[0]!.metadata?.description).toBe("Payment 0");
  });

  it("is refused for a published file, and bounded by MAX_UPLOAD_BYTES when posted", async () => {
    await upload("main", "a.csv", GOOD, AUTO);
    await ingest(AUTO);
    await refused(await admin("/admin/files/main/a.csv/preview"), 409, /inbox\/main\/a\.csv is ingested: a preview is of a file not published yet/);
    await refused(await admin("/admin/files/main/absent.csv/preview"), 404, /No file inbox\/main\/absent\.csv/);
    const small = { ...DEFAULT, MAX_UPLOAD_BYTES: "10" };
    await refused(await admin("/admin/preview/main", { method: "POST", body: GOOD, headers: length(GOOD), env: small }), 413, /the limit is 10 \(MAX_UPLOAD_BYTES\)/);
    await refused(await admin("/admin/preview/main", { method: "POST", body: "" , headers: length("") }), 400, /empty/);
  });
});
