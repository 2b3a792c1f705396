import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ROUTES } from "../../src/http/router";
import { type AuditEntry, AuditPageSchema } from "../../src/model/audit";
import { ErrorSchema } from "../../src/model/contract";
import { readAuditPage, recordAction } from "../../src/store/audit-log";
import { checkedCalls, type ContractChecker, contractCheckers } from "../support/contract-check";
import { interceptedBucket } from "../support/faulty-bucket";
import { ADMIN_KEY, CONNECTOR_KEY, putInbox, resetBucket, testEnv } from "../support/worker";
import { envWith, payment, servedAccounts } from "../payments/support";

// The audit log, through the HTTP API: every request that changes something is recorded with
// who asked (the key's name), when, what, and how it ended; GET /admin/audit pages through it.

let checkers: ContractChecker[] = [];
beforeAll(async () => {
  checkers = await contractCheckers();
});
beforeEach(resetBucket);

// Every answer, /admin/audit's pages included, is checked against /openapi.json.
const { call } = checkedCalls(() => checkers);
const admin = (path: string, init: RequestInit & { env?: typeof testEnv } = {}) => call(path, { ...init, key: ADMIN_KEY });

const GOOD = "Date,Description,Amount,Currency\n2026-10-01,Deposit,10.00,EUR\n";
const length = (body: string) => ({ "content-length": String(new TextEncoder().encode(body).length) });
const upload = (source: string, name: string, body = GOOD, init: { key?: string; env?: typeof testEnv } = {}) =>
  call(`/admin/files/${source}/${name}`, { method: "PUT", body, headers: length(body), key: ADMIN_KEY, ...init });

async function audit(query = "", key = ADMIN_KEY): Promise<{ items: AuditEntry[]; next: string | null }> {
  const response = await call(`/admin/audit${query}`, { key });
  expect(response.status, await response.clone().text()).toBe(200);
  return AuditPageSchema.parse(await response.json());
}

/** The entries in short: action, target, outcome and status, who. */
async function recorded(): Promise<string[]> {
  return (await audit("?pageSize=200")).items.map((e) => `${e.action} ${e.target ?? "-"} ${e.result.outcome} ${e.result.status} by ${e.actor.scope}:${e.actor.key}`);
}

describe("every admin action is recorded, newest first", () => {
  it("an upload, a retry, a profile put and delete, an ingestion: who, when, what and how each ended", async () => {
    const before = Date.now();
    expect((await upload("main", "2026-10.csv")).status).toBe(201);
    await putInbox("main", "no-currency.csv", "Date,Description,Amount\n2026-10-01,Deposit,10.00\n");
    expect((await admin("/admin/ingest", { method: "POST" })).status).toBe(200);
    expect((await admin("/admin/retry/main/no-currency.csv", { method: "POST" })).status).toBe(202);
    expect((await admin("/admin/profiles/main", { method: "PUT", body: JSON.stringify({ account: { currency: "EUR" } }) })).status).toBe(200);
    expect((await admin("/admin/profiles/main", { method: "DELETE" })).status).toBe(204);
    expect(await recorded()).toEqual([
      "profile-delete main ok 204 by admin:admin",
      "profile-put main ok 200 by admin:admin",
      "retry main/no-currency.csv ok 202 by admin:admin",
      "ingest - ok 200 by admin:admin",
      "upload main/2026-10.csv ok 201 by admin:admin",
    ]);
    const { items } = await audit();
    const [upload1] = items.slice(-1);
    const object = await testEnv.STATEMENTS.head("inbox/main/2026-10.csv");
    // The upload's entry names the bytes it stored; the run's says how it went.
    expect(upload1!.answer).toEqual({ etag: object!.etag, size: object!.size });
    expect(items.find((e) => e.action === "ingest")!.answer).toEqual({ status: "completed", files: 2 });
    for (const entry of items) {
      expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(entry.at)).toBeLessThanOrEqual(Date.now());
      expect(entry.result.title).toBeUndefined();
    }
    const times = items.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("a failed action as failed, with its status, Title and Detail", async () => {
    expect((await admin("/admin/retry/main/absent.csv", { method: "POST" })).status).toBe(404);
    expect((await upload("main", ".hidden")).status).toBe(400);
    expect((await admin("/admin/profiles/main", { method: "PUT", body: "{not json" })).status).toBe(400);
    const { items } = await audit();
    expect(items.map((e) => [e.action, e.target, e.result.outcome, e.result.status, e.result.title])).toEqual([
      ["profile-put", "main", "failed", 400, "Bad Request"],
      ["upload", "main/.hidden", "failed", 400, "Bad Request"],
      ["retry", "main/absent.csv", "failed", 404, "Not Found"],
    ]);
    expect(items[2]!.result.detail).toBe("No file inbox/main/absent.csv is in the inbox.");
    expect(items[2]!.answer).toBeUndefined();
  });

  it("an ingestion run that fails, as failed with its 503", async () => {
    await putInbox("main", "a.csv", GOOD);
    const broken = interceptedBucket((operation, real) =>
      operation === "get" ? async (key, ...rest) => (key === "state/manifest.json" ? Promise.reject(new Error("store down")) : real(key, ...rest)) : undefined,
    );
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect((await admin("/admin/ingest", { method: "POST", env: { ...testEnv, STATEMENTS: broken } })).status).toBe(503);
    vi.restoreAllMocks();
    expect(await recorded()).toEqual(["ingest - failed 503 by admin:admin"]);
  });

  it("a payout or a transfer under the connector key's name, with the payment's id", async () => {
    await servedAccounts();
    const env = { ...envWith(), API_KEYS: "formance:fk-0c1d2e3f, connector-key-1" };
    const made = await call("/payouts", { method: "POST", body: JSON.stringify(payment()), key: "fk-0c1d2e3f", env });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: string };
    const refused = await call("/transfers", { method: "POST", body: JSON.stringify(payment({ idempotencyKey: "t-1", destinationAccountId: "nowhere" })), key: "connector-key-1", env });
    expect(refused.status).toBe(400);
    expect((await call("/payouts", { method: "POST", body: JSON.stringify(payment()), key: CONNECTOR_KEY })).status).toBe(501);
    const { items } = await audit();
    expect(items.map((e) => [e.action, e.target, e.result.status, e.actor])).toEqual([
      ["payout", undefined, 501, { scope: "connector", key: "connector-1" }],
      ["transfer", undefined, 400, { scope: "connector", key: "connector" }],
      ["payout", id, 201, { scope: "connector", key: "formance" }],
    ]);
    expect(items[2]!.answer).toEqual({ status: "PENDING", idempotencyKey: "invoice-4711" });
    expect(items[0]!.result.detail).toMatch(/PAYMENT_FILES/);
  });

  it("under the name of the admin key used: ADMIN_API_KEYS' names, ADMIN_API_KEY's as admin", async () => {
    const env = { ...testEnv, ADMIN_API_KEYS: "alice:ak-alice-51c2, ci.upload-2:ak-ci-77e0" };
    expect((await upload("main", "a.csv", GOOD, { key: "ak-alice-51c2", env })).status).toBe(201);
    expect((await upload("main", "b.csv", GOOD, { key: "ak-ci-77e0", env })).status).toBe(201);
    expect((await upload("main", "c.csv", GOOD, { key: ADMIN_KEY, env })).status).toBe(201);
    expect(await recorded()).toEqual([
      "upload main/c.csv ok 201 by admin:admin",
      "upload main/b.csv ok 201 by admin:ci.upload-2",
      "upload main/a.csv ok 201 by admin:alice",
    ]);
  });

  it("a file name as it was meant, percent-decoded, and a refused one's unseen characters as their code points", async () => {
    expect((await upload("main", "Kontoauszug%20M%C3%A4rz.csv")).status).toBe(201);
    expect((await upload("main", "%E2%80%AEcod.exe")).status).toBe(400);
    expect((await audit()).items.map((e) => e.target)).toEqual(["main/<U+202E>cod.exe", "main/Kontoauszug März.csv"]);
  });

  it("but no read, and no request refused before it reached the action (no key, a wrong or the other one's key, no such route)", async () => {
    await upload("main", "a.csv");
    for (const path of ["/admin/files", "/admin/runs", "/admin/accounts", "/admin/audit", "/admin/profiles/main", "/admin/payments"]) await admin(path);
    await call("/admin/ingest", { method: "POST", key: null });
    await call("/admin/ingest", { method: "POST", key: "a-guess" });
    await call("/admin/ingest", { method: "POST", key: CONNECTOR_KEY });
    await call("/payouts", { method: "POST", key: ADMIN_KEY, body: "{}" });
    await admin("/admin/nothing", { method: "POST" });
    expect(await recorded()).toEqual(["upload main/a.csv ok 201 by admin:admin"]);
  });
});

describe("the route table", () => {
  it("audits every route that changes something, and no read", () => {
    for (const route of ROUTES) {
      const where = `${route.method} ${route.path}`;
      if (route.method === "GET") expect(route.audit, where).toBeUndefined();
      else expect(route.audit, where).toMatch(/^[a-z][a-z0-9-]*$/);
    }
  });

  it("describes GET /admin/audit in /openapi.json with its entries", async () => {
    const doc = (await (await call("/openapi.json", { key: null })).json()) as {
      paths: Record<string, Record<string, { parameters: { name: string }[]; responses: Record<string, { content: Record<string, { schema: unknown }> }> }>>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const operation = doc.paths["/admin/audit"]!.get!;
    expect(operation.parameters.map((p) => p.name)).toEqual(["cursor", "pageSize"]);
    expect(Object.keys(doc.components.schemas.AuditEntry!.properties)).toEqual(["id", "at", "actor", "action", "target", "result", "answer"]);
    expect(JSON.stringify(operation.responses["200"]!.content["application/json"]!.schema)).toContain("#/components/schemas/AuditEntry");
  });
});

describe("the entry is written before the action is reported done", () => {
  const refusingAudit = () =>
    interceptedBucket((operation, real) =>
      operation === "put" ? async (key, ...rest) => (String(key).startsWith("audit/") ? Promise.reject(new Error("audit write refused")) : real(key, ...rest)) : undefined,
    );

  it("so an action done but not recorded answers 500, saying so, and the Worker's log has the entry", async () => {
    const logged: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: unknown) => void logged.push(String(line)));
    const response = await upload("main", "a.csv", GOOD, { env: { ...testEnv, STATEMENTS: refusingAudit() } });
    vi.restoreAllMocks();
    expect(response.status).toBe(500);
    expect(ErrorSchema.parse(await response.json()).Detail).toMatch(/^The upload was carried out but could not be recorded in the audit log/);
    expect(logged.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ event: "admin-action-not-recorded", action: "upload", target: "main/a.csv", actor: { scope: "admin", key: "admin" } }),
    ]);
  });

  it("while a failed action keeps its own answer", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await admin("/admin/retry/main/absent.csv", { method: "POST", env: { ...testEnv, STATEMENTS: refusingAudit() } });
    vi.restoreAllMocks();
    expect(response.status).toBe(404);
  });

  it("and each of many concurrent actions gets its own entry, none lost", async () => {
    const names = Array.from({ length: 24 }, (_, i) => `f${i}.csv`);
    const answers = await Promise.all(names.map((name) => upload("main", name, `${GOOD}${name}\n`)));
    expect(answers.map((a) => a.status)).toEqual(names.map(() => 201));
    const { items } = await audit("?pageSize=100");
    expect(items.map((e) => e.target).sort()).toEqual(names.map((n) => `main/${n}`).sort());
    expect(new Set(items.map((e) => e.id)).size).toBe(names.length);
  });
});

describe("GET /admin/audit", () => {
  it("pages newest first: pageSize entries and the cursor of the next page, null after the last", async () => {
    for (let i = 0; i < 5; i++) {
      await upload("main", `${i}.csv`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const first = await audit("?pageSize=2");
    const second = await audit(`?pageSize=2&cursor=${first.next}`);
    const third = await audit(`?pageSize=2&cursor=${second.next}`);
    expect([first, second, third].map((p) => p.items.map((e) => e.target))).toEqual([["main/4.csv", "main/3.csv"], ["main/2.csv", "main/1.csv"], ["main/0.csv"]]);
    expect(third.next).toBeNull();
    expect((await audit("?pageSize=5")).next).toBeNull();
    expect((await audit("?cursor=")).items).toHaveLength(5);
    // A page's cursor stays valid while newer entries are added: they come before it.
    await upload("main", "5.csv");
    expect((await audit(`?pageSize=2&cursor=${first.next}`)).items.map((e) => e.target)).toEqual(["main/2.csv", "main/1.csv"]);
  });

  it("defaults to 50 entries", async () => {
    await Promise.all(Array.from({ length: 55 }, (_, i) => upload("main", `${i}.csv`)));
    const page = await audit();
    expect(page.items).toHaveLength(50);
    expect((await audit(`?cursor=${page.next}`)).items).toHaveLength(5);
  });

  it.each(["pageSize=0", "pageSize=201", "pageSize=x", "cursor=abc", "cursor=../state/manifest", "pageSize=1&pageSize=2"])("refuses %s with 400", async (query) => {
    const response = await admin(`/admin/audit?${query}`);
    expect(response.status).toBe(400);
    ErrorSchema.parse(await response.json());
  });

  it("is the admin's: a connector key is refused", async () => {
    expect((await call("/admin/audit", { key: CONNECTOR_KEY })).status).toBe(403);
  });
});

describe("the stored log", () => {
  it("is one object per entry under audit/, read from its listing's metadata, or from its body when the entry is too large for it", async () => {
    const alice = { scope: "admin", key: "alice" } as const;
    const small = await recordAction(testEnv.STATEMENTS, { actor: alice, action: "upload", target: "main/a.csv", result: { outcome: "ok", status: 201 } }, 1_000);
    const large = await recordAction(testEnv.STATEMENTS, {
      actor: alice, action: "upload", target: `main/${"😀".repeat(300)}`, result: { outcome: "failed", status: 400, title: "Bad Request", detail: "€".repeat(300) },
    }, 2_000);
    const keys = (await testEnv.STATEMENTS.list({ prefix: "audit/" })).objects.map((o) => o.key);
    expect(keys).toEqual([`audit/${large.id}.json`, `audit/${small.id}.json`]);
    expect(small.id).toMatch(/^999999999998999-[0-9a-f]{12}$/);
    const gets: string[] = [];
    const counting = interceptedBucket((operation, real) => (operation === "get" ? async (key, ...rest) => (gets.push(String(key)), real(key, ...rest)) : undefined));
    const { entries } = await readAuditPage(counting, 10);
    expect(entries).toEqual([large, small]);
    expect(gets).toEqual([`audit/${large.id}.json`]);
  });

  it("never overwrites an entry: a key already taken is passed over for another", async () => {
    let refused = 0;
    const taken = interceptedBucket((operation, real) => (operation === "put" ? async (...args) => (refused++ === 0 ? null : real(...args)) : undefined));
    const entry = await recordAction(taken, { actor: { scope: "admin", key: "a" }, action: "ingest", result: { outcome: "ok", status: 200 } });
    const listing = await testEnv.STATEMENTS.list({ prefix: "audit/" });
    expect(listing.objects.map((o) => o.key)).toEqual([`audit/${entry.id}.json`]);
    expect(JSON.parse(await (await testEnv.STATEMENTS.get(`audit/${entry.id}.json`))!.text())).toEqual(entry);
  });
});
