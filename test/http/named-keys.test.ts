import { afterEach, describe, expect, it, vi } from "vitest";
import { keyring } from "../../src/http/auth";
import { AuditPageSchema } from "../../src/model/audit";
import { ErrorSchema } from "../../src/model/contract";
import { readSettings } from "../../src/settings";
import { ADMIN_KEY, call, resetBucket, testEnv } from "../support/worker";

// Keys with names (ADMIN_API_KEYS, and `name:key` entries of API_KEYS): the name says who acted
// in the audit log; the key alone opens the door, compared as before against every key.

afterEach(() => vi.restoreAllMocks());

const names = (vars: Record<string, string>) => {
  const ring = keyring(readSettings(vars));
  return { admin: ring.admin.map((k) => `${k.name}=${k.key}`), connector: ring.connector.map((k) => `${k.name}=${k.key}`) };
};

describe("keyring", () => {
  it("names a key by what precedes its first colon: 1 to 40 of a-z, 0-9, '.', '_', '-'", () => {
    expect(names({ API_KEYS: "formance:ck-1, backup.sync_2:ck-2", ADMIN_API_KEYS: "alice:ak-1,bob-ops:ak:with:colons" })).toEqual({
      connector: ["formance=ck-1", "backup.sync_2=ck-2"],
      admin: ["alice=ak-1", "bob-ops=ak:with:colons"],
    });
  });

  it("leaves unnamed an entry without such a name, and every key of ADMIN_API_KEY: named for their scope, numbered when several", () => {
    expect(names({ API_KEYS: "ck-1", ADMIN_API_KEY: "ak-1" })).toEqual({ connector: ["connector=ck-1"], admin: ["admin=ak-1"] });
    expect(names({ API_KEYS: "Formance:ck-1, ck-2, ops:ck-3, :ck-4", ADMIN_API_KEY: "alice:ak-1, ak-2", ADMIN_API_KEYS: "carol:ak-3, ak-4" })).toEqual({
      connector: ["connector-1=Formance:ck-1", "connector-2=ck-2", "ops=ck-3", "connector-3=:ck-4"],
      // ADMIN_API_KEY's entries are whole keys, colons and all, as they always were.
      admin: ["admin-1=alice:ak-1", "admin-2=ak-2", "carol=ak-3", "admin-3=ak-4"],
    });
    expect(names({ API_KEYS: `${"a".repeat(41)}:ck-1` }).connector).toEqual([`connector=${"a".repeat(41)}:ck-1`]);
  });

  it("drops an entry with a name and no key", () => {
    expect(names({ API_KEYS: "formance:, ck-2", ADMIN_API_KEYS: "alice:" })).toEqual({ connector: ["connector=ck-2"], admin: [] });
  });
});

describe("named keys on the API", () => {
  const env = {
    ...testEnv,
    API_KEYS: "formance:ck-named-41ab, connector-key-1",
    ADMIN_API_KEY: "admin-key",
    ADMIN_API_KEYS: "alice:ak-alice-9f3e, bob:ak-bob-02d7",
  };

  it("let each key in by the key alone, for its own scope only", async () => {
    for (const key of ["ak-alice-9f3e", "ak-bob-02d7", ADMIN_KEY]) expect((await call("/admin/files", { key, env })).status, key).toBe(200);
    for (const key of ["ck-named-41ab", "connector-key-1"]) expect((await call("/accounts", { key, env })).status, key).toBe(200);
    expect((await call("/accounts", { key: "ak-alice-9f3e", env })).status).toBe(403);
    expect((await call("/admin/files", { key: "ck-named-41ab", env })).status).toBe(403);
    // The entry as written is not the key, nor is the name.
    for (const key of ["alice:ak-alice-9f3e", "alice", "formance:ck-named-41ab"]) {
      expect((await call("/admin/files", { key, env })).status, key).toBe(401);
      expect((await call("/accounts", { key, env })).status, key).toBe(401);
    }
  });

  it("need no ADMIN_API_KEY: ADMIN_API_KEYS alone is enough, and with neither every admin request is refused", async () => {
    const named = { ...testEnv, ADMIN_API_KEY: "", ADMIN_API_KEYS: "alice:ak-alice-9f3e" };
    expect((await call("/admin/files", { key: "ak-alice-9f3e", env: named })).status).toBe(200);
    expect((await call("/admin/files", { key: ADMIN_KEY, env: named })).status).toBe(401);
    const none = await call("/admin/files", { key: ADMIN_KEY, env: { ...testEnv, ADMIN_API_KEY: "", ADMIN_API_KEYS: "" } });
    expect(none.status).toBe(401);
    expect(ErrorSchema.parse(await none.json()).Detail).toBe("No ADMIN_API_KEYS or ADMIN_API_KEY secret is configured, so every request is refused.");
  });

  it("are compared as digests against every admin key of both variables, without stopping at the first match", async () => {
    const compare = vi.spyOn(crypto.subtle, "timingSafeEqual");
    for (const key of ["admin-key", "ak-alice-9f3e", "ak-bob-02d7"]) {
      compare.mockClear();
      expect((await call("/admin/runs", { key, env })).status).toBe(200);
      expect(compare.mock.calls.map(([a, b]) => [(a as ArrayBuffer).byteLength, (b as ArrayBuffer).byteLength])).toEqual([[32, 32], [32, 32], [32, 32]]);
    }
  });

  it("show their names in the audit log and in the Worker's log, never the keys", async () => {
    await resetBucket();
    const logged: string[] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
    }
    const body = "Date,Description,Amount,Currency\n2026-10-01,Deposit,10.00,EUR\n";
    await call("/admin/files/main/a.csv", { method: "PUT", key: "ak-bob-02d7", env, body, headers: { "content-length": String(body.length) } });
    await call("/admin/ingest", { method: "POST", key: "ak-alice-9f3e", env });
    await call("/payouts", { method: "POST", key: "ck-named-41ab", env, body: "{}" });
    const page = AuditPageSchema.parse(await (await call("/admin/audit", { key: ADMIN_KEY, env })).json());
    expect(page.items.map((e) => `${e.action} by ${e.actor.key}`)).toEqual(["payout by formance", "ingest by alice", "upload by bob"]);
    const stored = await Promise.all((await testEnv.STATEMENTS.list({ prefix: "audit/" })).objects.map(async (o) => (await testEnv.STATEMENTS.get(o.key))!.text()));
    for (const text of [JSON.stringify(page), ...stored, logged.join("\n")]) {
      for (const key of ["ak-bob-02d7", "ak-alice-9f3e", "ck-named-41ab", ADMIN_KEY]) expect(text).not.toContain(key);
    }
    expect(logged.filter((line) => line.includes('"admin-action"'))).toHaveLength(3);
  });
});
