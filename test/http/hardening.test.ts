import { describe, expect, it } from "vitest";
import { ErrorSchema } from "../../src/model/contract";
import { ADMIN_KEY, call, CONNECTOR_KEY, testEnv } from "../support/worker";

/** A rate limiter that records what it was asked and refuses once the budget is spent. */
function limiter(budget: number) {
  const keys: string[] = [];
  const binding = {
    limit: async ({ key }: { key: string }) => {
      keys.push(key);
      return { success: keys.length <= budget };
    },
  } as unknown as RateLimit;
  return { binding, keys };
}

describe("rate limiting", () => {
  it("answers 429 with Retry-After once a key has spent its budget, counting by a digest of the key", async () => {
    const { binding, keys } = limiter(2);
    const env = { ...testEnv, RATE_LIMITER: binding, RATE_LIMIT_PERIOD: "60" };
    expect((await call("/accounts", { env })).status).toBe(200);
    expect((await call("/accounts", { env })).status).toBe(200);
    const refused = await call("/accounts", { env });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(ErrorSchema.parse(await refused.json()).Detail).toMatch(/retry after 60 seconds/);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^key:[0-9a-f]{32}$/);
    expect(keys.join()).not.toContain(CONNECTOR_KEY);
  });

  it("counts requests without a valid key by client address, so guessing keys is slowed too", async () => {
    const { binding, keys } = limiter(1);
    const env = { ...testEnv, RATE_LIMITER: binding };
    const headers = { "cf-connecting-ip": "203.0.113.9" };
    expect((await call("/accounts", { env, key: "guess-1", headers })).status).toBe(401);
    expect((await call("/accounts", { env, key: "guess-2", headers })).status).toBe(429);
    expect(keys).toEqual(["ip:203.0.113.9", "ip:203.0.113.9"]);
  });
});

describe("hostile requests", () => {
  it.each([
    ["an empty key", ""],
    ["a very long key", "k".repeat(100_000)],
    ["a key with the scheme twice", "Bearer connector-key-1"],
  ])("refuses %s with 401", async (_what, key) => {
    expect((await call("/accounts", { key })).status).toBe(401);
  });

  it.each([
    "sort=createdAt:asc;DROP TABLE",
    "sort=createdAt:asc%00",
    "createdAtFrom=99999-01-01T00:00:00Z",
    "createdAtFrom=2026-01-01T00:00:00.1234567890Z",
    "pageSize=10000000000000000000",
    "page=%00",
  ])("refuses %s with 400 and no internals", async (query) => {
    const response = await call(`/accounts?${query}`);
    expect(response.status).toBe(400);
    const body = ErrorSchema.parse(await response.json());
    expect(body.Detail).not.toMatch(/at \w+ \(|node_modules|src\//);
  });

  it("accepts far past and far future instants", async () => {
    expect((await call("/accounts?createdAtFrom=0001-01-01T00:00:00Z")).status).toBe(200);
    expect(await (await call("/accounts?createdAtFrom=9999-12-31T23:59:59.999999999Z")).json()).toEqual([]);
  });

  it("refuses a profile sent as something other than JSON with 415", async () => {
    const response = await call("/admin/profiles/main", { method: "PUT", key: ADMIN_KEY, body: "format=csv", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(response.status).toBe(415);
  });
});

describe("CORS", () => {
  it("sends no CORS headers unless an origin is configured", async () => {
    const response = await call("/accounts", { headers: { origin: "https://evil.example" } });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect((await call("/accounts", { method: "OPTIONS", headers: { origin: "https://evil.example" } })).status).toBe(405);
  });

  it("allows only the configured origins", async () => {
    const env = { ...testEnv, CORS_ORIGINS: "https://ops.example.com, https://other.example" };
    const allowed = await call("/accounts", { env, headers: { origin: "https://ops.example.com" } });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://ops.example.com");
    const preflight = await call("/accounts", { env, key: null, method: "OPTIONS", headers: { origin: "https://ops.example.com" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/authorization/);
    const denied = await call("/accounts", { env, headers: { origin: "https://evil.example" } });
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
  });
});
