import { afterEach, describe, expect, it, vi } from "vitest";
import wranglerToml from "../../wrangler.toml?raw";
import { ROUTES } from "../../src/http/router";
import { ErrorSchema } from "../../src/model/contract";
import { samplePath } from "../support/routes";
import { ADMIN_KEY, call, CONNECTOR_KEY, ingest, putInbox, testEnv } from "../support/worker";

// The promises of SECURITY.md that no other test holds to, each against every route of the table.

const protectedRoutes = ROUTES.filter((route) => route.access !== "public");

afterEach(() => vi.restoreAllMocks());

describe("keys", () => {
  it("keep the connector and the operator apart on every route: 403 for the other one's key", async () => {
    for (const route of protectedRoutes) {
      const other = route.access === "admin" ? CONNECTOR_KEY : ADMIN_KEY;
      const response = await call(samplePath(route.path), { method: route.method, key: other });
      expect(response.status, `${route.method} ${route.path}`).toBe(403);
    }
  });

  it("are never echoed in an answer nor written to the log, whether right, wrong or the other one's", async () => {
    const keys = { API_KEYS: "ck-8c1f0e2d9a7b, ck-rotated-55d3e1", ADMIN_API_KEY: "ak-2b9e4f6a0c13" };
    const env = { ...testEnv, ...keys };
    const logged: string[] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
    }
    await putInbox("keys", "statement.csv", "Date,Description,Amount,Currency\n2026-10-01,Deposit,10.00,EUR\n");
    const answers: string[] = [];
    const presented = ["ck-8c1f0e2d9a7b", "ck-rotated-55d3e1", "ak-2b9e4f6a0c13", "ck-8c1f0e2d9a7", "guess-0a1b2c3d"];
    for (const key of presented) {
      for (const [path, method] of [["/accounts", "GET"], ["/admin/files", "GET"], ["/admin/ingest", "POST"], ["/payouts", "POST"]] as const) {
        const response = await call(path, { method, key, env, body: method === "POST" && path === "/payouts" ? "{}" : undefined });
        answers.push(JSON.stringify([...response.headers]), await response.text());
      }
    }
    const broken = { ...env, STATEMENTS: { get: () => Promise.reject(new Error("storage down")) } as unknown as R2Bucket };
    answers.push(await (await call("/accounts", { key: "ck-8c1f0e2d9a7b", env: broken })).text());
    expect(logged.join("\n")).toMatch(/request-failed/);
    for (const key of presented) {
      expect(answers.join("\n"), key).not.toContain(key);
      expect(logged.join("\n"), key).not.toContain(key);
    }
  });

  it("are compared as SHA-256 digests against every configured key, without stopping at the first match", async () => {
    const env = { ...testEnv, API_KEYS: "first-key, second-key, third-key" };
    const compare = vi.spyOn(crypto.subtle, "timingSafeEqual");
    for (const key of ["first-key", "third-key"]) {
      compare.mockClear();
      expect((await call("/accounts", { key, env })).status).toBe(200);
      // One comparison per key, each of two 32-byte digests: the same work whichever key matched.
      expect(compare.mock.calls.map(([a, b]) => [(a as ArrayBuffer).byteLength, (b as ArrayBuffer).byteLength])).toEqual([[32, 32], [32, 32], [32, 32]]);
    }
  });

  it("rotate: old and new both work while both are set, and the old one is refused once it is removed", async () => {
    const both = { ...testEnv, API_KEYS: "old-key,new-key" };
    expect((await call("/accounts", { key: "old-key", env: both })).status).toBe(200);
    expect((await call("/accounts", { key: "new-key", env: both })).status).toBe(200);
    const rotated = { ...testEnv, API_KEYS: "new-key" };
    expect((await call("/accounts", { key: "old-key", env: rotated })).status).toBe(401);
    expect((await call("/accounts", { key: "new-key", env: rotated })).status).toBe(200);
  });

  it("are limited per key to 3000 requests a minute by default, as wrangler.toml configures the limiter", () => {
    expect(wranglerToml).toMatch(/\[\[ratelimits\]\]\nname = "RATE_LIMITER"\nnamespace_id = "\d+"\nsimple = \{ limit = 3000, period = 60 \}/);
    expect(wranglerToml).toMatch(/^RATE_LIMIT_PERIOD = "60"$/m);
  });

  it("are secrets, never variables in wrangler.toml", () => {
    expect(wranglerToml).not.toMatch(/^\s*"?(API_KEYS|ADMIN_API_KEY)"?\s*=/m);
  });
});

describe("every answer", () => {
  const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

  it("carries the security headers, on every route, with or without a key, and on errors", async () => {
    const answers: [string, Response][] = [];
    for (const route of ROUTES) {
      for (const key of [null, route.access === "admin" ? ADMIN_KEY : CONNECTOR_KEY]) {
        answers.push([`${route.method} ${route.path} ${key ?? "no key"}`, await call(samplePath(route.path), { method: route.method, key })]);
      }
    }
    answers.push(["404", await call("/nothing")], ["405", await call("/accounts", { method: "PATCH" })]);
    const broken = { ...testEnv, STATEMENTS: { get: () => Promise.reject(new Error("storage down")) } as unknown as R2Bucket };
    vi.spyOn(console, "error").mockImplementation(() => {});
    answers.push(["500", await call("/accounts", { env: broken })]);
    for (const [what, response] of answers) {
      const h = response.headers;
      expect([h.get("x-content-type-options"), h.get("cache-control"), h.get("referrer-policy"), h.get("x-frame-options")], what).toEqual(["nosniff", "no-store", "no-referrer", "DENY"]);
      expect(h.get("strict-transport-security"), what).toMatch(/^max-age=\d{8,}/);
      expect(h.get("access-control-allow-origin"), what).toBeNull();
      const isPage = what.startsWith("GET /admin ");
      expect(h.get("content-security-policy"), what).toEqual(isPage ? expect.stringContaining("default-src 'none'; script-src 'self'") : API_POLICY);
    }
    expect(ErrorSchema.parse(await answers.at(-1)![1].json()).Detail).not.toMatch(/storage down/);
  });
});

describe("hostile files", () => {
  it("cannot grow a file's record without bound: the reason it failed with is kept to 1,000 characters", async () => {
    const date = `2026-10-01${"9".repeat(20_000)}`;
    await putInbox("long", "reason.csv", `Date,Description,Amount,Currency\n2026-10-01,Ok,1.00,EUR\n${date},Bad,2.00,EUR\n`);
    await ingest();
    const files = (await (await call("/admin/files", { key: ADMIN_KEY })).json()) as { key: string; state: string; error?: { reason: string } }[];
    const record = files.find((f) => f.key === "inbox/long/reason.csv")!;
    expect(record.state).toBe("failed");
    expect(record.error!.reason.length).toBeGreaterThan(100);
    expect(record.error!.reason.length).toBeLessThanOrEqual(1_000);
  });
});

describe("the status page's script", () => {
  it("reads the admin key from sessionStorage and sends it only as a Bearer header", async () => {
    const code = await (await call("/admin/app.js", { key: null })).text();
    // Read for the header; elsewhere only tested for presence, at start-up.
    expect(code.match(/sessionStorage\.getItem\(KEY_STORAGE\)/g)).toHaveLength(2);
    expect(code).toMatch(/if \(sessionStorage\.getItem\(KEY_STORAGE\)\) \{/);
    expect(code).toMatch(/const key = sessionStorage\.getItem\(KEY_STORAGE\);\s+const headers = \{ authorization: `Bearer \$\{key\}`/);
    // Nowhere else does the key go: not into a URL, a cookie, local storage or the page.
    expect(code.match(/\$\{key\}/g)).toHaveLength(1);
    expect(code).not.toMatch(/localStorage|document\.cookie|location\.(href|search|hash)\s*=|history\.(push|replace)State/);
  });
});

describe("hostile bodies", () => {
  it("refuse a profile and a payment request over 64 KB with 413, by the stated length or by what was read", async () => {
    const big = JSON.stringify({ columns: { description: "x".repeat(70_000) } });
    for (const [path, method, key] of [["/admin/profiles/main", "PUT", ADMIN_KEY], ["/payouts", "POST", CONNECTOR_KEY], ["/transfers", "POST", CONNECTOR_KEY]] as const) {
      const env = { ...testEnv, PAYMENT_FILES: "pain.001.001.03" };
      const stated = await call(path, { method, key, env, body: big });
      expect(stated.status, path).toBe(413);
      const chunked = new ReadableStream({ start: (c) => { c.enqueue(new TextEncoder().encode(big)); c.close(); } });
      const streamed = await call(path, { method, key, env, body: chunked, duplex: "half" } as RequestInit & { key: string });
      expect(streamed.status, `${path}, streamed`).toBe(413);
    }
  });

  it("count bytes, not characters: 30,000 euro signs are over 64 KB", async () => {
    const body = JSON.stringify({ delimiter: ";", columns: { description: "€".repeat(30_000) } });
    const chunked = new ReadableStream({ start: (c) => { c.enqueue(new TextEncoder().encode(body)); c.close(); } });
    const response = await call("/admin/profiles/main", { method: "PUT", key: ADMIN_KEY, body: chunked, duplex: "half" } as RequestInit & { key: string });
    expect(response.status).toBe(413);
  });

  it("leave the store as it was when a key is given twice", async () => {
    await ingest();
    const before = (await testEnv.STATEMENTS.list()).objects.map((o) => o.key).sort();
    const env = { ...testEnv, PAYMENT_FILES: "pain.001.001.03" };
    const body = '{"idempotencyKey":"k","amount":"1","amount":"100000","currency":"EUR/2","sourceAccountId":"a","destinationAccountId":"b"}';
    expect((await call("/payouts", { method: "POST", env, body })).status).toBe(400);
    expect((await call("/admin/profiles/p", { method: "PUT", key: ADMIN_KEY, body: '{"delimiter":";","delimiter":","}' })).status).toBe(400);
    // Nothing is stored but the audit log's entries of the two refused requests.
    const after = (await testEnv.STATEMENTS.list()).objects.map((o) => o.key).sort();
    expect(after.filter((key) => before.includes(key))).toEqual(before);
    expect(after.filter((key) => !before.includes(key))).toEqual([expect.stringMatching(/^audit\//), expect.stringMatching(/^audit\//)]);
  });
});
