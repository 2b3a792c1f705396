import { beforeAll, describe, expect, it } from "vitest";
import { ROUTES } from "../../src/http/router";
import type { Route } from "../../src/http/route";
import { tenantPrefix } from "../../src/store/layout";
import { interceptedBucket } from "../support/faulty-bucket";
import { ADMIN_KEY, call, CONNECTOR_KEY, resetBucket, testEnv } from "../support/worker";
import { as, createTenant, csv, env, ingestAs, snapshot, type TestTenant, upload } from "./support";

// Two tenants with data of the same shape: every route of the table, called with tenant A's key on
// a path naming tenant B's data, answers exactly what it answers for a name that exists nowhere,
// making the same R2 calls, and leaves B's folder as it was.

const SECRET = "B-SECRET-4711";
let a: TestTenant;
let b: TestTenant;
let bTransaction: string;

/** B's names, and names nothing has: each path parameter filled with one or the other. */
const B_NAMES: Record<string, string> = { source: "b-bank", name: "b-statement.csv", accountId: "b-bank", file: "b-pay.xml" };
const NO_NAMES: Record<string, string> = { source: "zz-bank", name: "zz-statement.csv", accountId: "zz-bank", file: "zz-pay.xml" };

beforeAll(async () => {
  await resetBucket();
  a = await createTenant("iso-a");
  b = await createTenant("iso-b");
  await upload(a.admin, "a-bank", "a-statement.csv", csv([["2026-10-01", "A rent", "-500.00"]]));
  await upload(b.admin, "b-bank", "b-statement.csv", csv([["2026-10-01", SECRET, "1234.56"], ["2026-10-02", `${SECRET} fee`, "-1.50"]]));
  await upload(b.admin, "b-bank", "b-bad.csv", "Date,Description,Amount,Currency\nnot a date,x,1,EUR\n");
  for (const t of [a, b]) await ingestAs(t.admin);
  await testEnv.STATEMENTS.put(`${tenantPrefix("iso-b")}outbox/b-pay.xml`, "<Document/>");
  const served = await (await as(b.connector, "/transactions")).json<{ id: string }[]>();
  bTransaction = served[0]!.id;
});

function pathWith(route: Route, names: Record<string, string>, transactionId: string): string {
  return route.path.replace(/\{(\w+)\}/g, (_, param: string) => (param === "transactionId" ? transactionId : (names[param] ?? "x")));
}

function bodyOf(route: Route): RequestInit {
  if (!route.request) return {};
  if ("mediaType" in route.request) {
    const body = csv([["2026-10-05", "A upload", "1.00"]]);
    return { body, headers: { "content-length": String(body.length) } };
  }
  return { body: "{}", headers: { "content-type": "application/json" } };
}

/**
 * A request with its R2 calls recorded: each operation with the key or prefix it names. Their
 * number and kind, not the clock, is what would make another tenant's names answer slower or
 * faster than names nothing has; a wall-clock time would measure the machine's load as well.
 */
async function recorded(key: string, path: string, init: RequestInit): Promise<{ answer: string; calls: string }> {
  const calls: string[] = [];
  const bucket = interceptedBucket((operation, real) => async (...args) => {
    const [named] = args as [string | string[] | R2ListOptions | undefined];
    calls.push(`${operation} ${typeof named === "string" || Array.isArray(named) ? String(named) : (named?.prefix ?? "")}`);
    return real(...args);
  });
  const response = await call(path, { ...init, key, env: { ...env, STATEMENTS: bucket } });
  // Read to its end first: a streamed answer may still be making calls.
  const answer = `${response.status} ${await response.text()}`;
  return { answer, calls: calls.join("\n") };
}

/** An answer (or the calls made for it) with the names it was asked about, and what changes from one request to the next (times, etags, writer ids), written alike. */
function normalised(answer: string, names: Record<string, string>, transactionId: string): string {
  let text = answer.split(transactionId).join("<transaction>");
  for (const [param, value] of Object.entries(names).sort(([, x], [, y]) => y.length - x.length)) text = text.split(value).join(`<${param}>`);
  return text.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "<time>").replace(/\b[0-9a-f]{12,64}\b/g, "<hex>").replace(/"durationMs":\d+/g, '"durationMs":0');
}

describe("a key of one tenant", () => {
  it("on a path naming another tenant's data gets what a name nothing has gets, with the same R2 calls, on every route of the table, and changes nothing of it", async () => {
    const before = await snapshot("iso-b");
    const tenantRoutes = ROUTES.filter((route) => route.access === "connector" || route.access === "admin");
    const answers: string[] = [];
    for (const route of tenantRoutes) {
      const key = route.access === "admin" ? a.admin : a.connector;
      const noTransaction = bTransaction.replace(B_NAMES.source!, NO_NAMES.source!);
      const other = await recorded(key, pathWith(route, B_NAMES, bTransaction), { method: route.method, ...bodyOf(route) });
      const nothing = await recorded(key, pathWith(route, NO_NAMES, noTransaction), { method: route.method, ...bodyOf(route) });
      const [seen, unseen] = [normalised(other.answer, B_NAMES, bTransaction), normalised(nothing.answer, NO_NAMES, noTransaction)];
      answers.push(seen);
      if (!route.path.includes("{")) continue;
      expect(seen, `${route.method} ${route.path}`).toEqual(unseen);
      // Recorded through A's folder (so not two empty lists), and alike to the key.
      expect(other.calls, `${route.method} ${route.path}`).toContain(tenantPrefix("iso-a"));
      expect(normalised(other.calls, B_NAMES, bTransaction), `${route.method} ${route.path}: its R2 calls`).toEqual(normalised(nothing.calls, NO_NAMES, noTransaction));
    }
    expect(answers.join("\n")).not.toContain(SECRET);
    expect(answers.join("\n")).not.toContain("b-bad.csv");
    expect(await snapshot("iso-b")).toEqual(before);
  });

  it("lists, searches and serves its own tenant's data only", async () => {
    const read = async (key: string, path: string) => (await as(key, path)).text();
    for (const path of ["/transactions", "/accounts", "/beneficiaries"]) expect(await read(a.connector, path), path).not.toContain("b-bank");
    expect((await as(a.connector, "/accounts/b-bank/balances")).status).toBe(404);
    expect((await as(b.connector, "/accounts/b-bank/balances")).status).toBe(200);
    for (const path of ["/admin/files", "/admin/accounts", "/admin/runs", "/admin/audit", `/admin/transactions?q=${SECRET}`, "/admin/transactions?amount=1234.56"]) {
      // A's own requests of the test above named b-bank (and created A's files there): B's data never shows.
      expect(await read(a.admin, path), path).not.toMatch(/B-SECRET|b-bad|1234\.56/);
    }
    expect(await (await as(a.admin, `/admin/transactions?q=${SECRET}`)).json()).toEqual(await (await as(a.admin, "/admin/transactions?q=NOTHING-HAS-THIS")).json());
    expect(await read(b.admin, "/admin/files")).toMatch(/b-bad\.csv/);
    expect(await read(b.connector, "/transactions")).toContain(SECRET);
  });

  it("of the default tenant sees none of the tenants' files, runs, audit entries or transactions", async () => {
    for (const path of ["/admin/files", "/admin/runs", "/admin/audit", "/admin/accounts", `/admin/transactions?q=${SECRET}`]) {
      expect(await (await as(ADMIN_KEY, path)).text(), path).not.toMatch(/a-bank|b-bank|iso-|B-SECRET/);
    }
    expect(await (await as(CONNECTOR_KEY, "/transactions")).text()).not.toMatch(/a-bank|b-bank/);
  });
});

describe("ingestion", () => {
  it("of files of the same source and name in two tenants publishes each in its own tenant", async () => {
    await upload(a.admin, "same", "statement.csv", csv([["2026-11-01", "A's November", "10.00"]]));
    await upload(b.admin, "same", "statement.csv", csv([["2026-11-01", "B's November", "20.00"]]));
    for (const t of [a, b]) await ingestAs(t.admin);
    const descriptions = async (t: TestTenant) =>
      (await (await as(t.connector, "/transactions?pageSize=1000")).json<{ metadata: { description?: string } }[]>()).map((tx) => tx.metadata.description);
    expect(await descriptions(a)).toContain("A's November");
    expect(await descriptions(a)).not.toContain("B's November");
    expect(await descriptions(b)).toContain("B's November");
    expect(await descriptions(b)).not.toContain("A's November");
  });
});
