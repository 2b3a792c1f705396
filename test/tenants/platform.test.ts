import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { ROUTES } from "../../src/http/router";
import { AuditPageSchema } from "../../src/model/audit";
import { ErrorSchema } from "../../src/model/contract";
import { TenantViewSchema } from "../../src/model/tenant";
import { tenantPrefix } from "../../src/store/layout";
import { runScheduled } from "../../src/tenancy";
import { samplePath } from "../support/routes";
import { ADMIN_KEY, call, CONNECTOR_KEY, resetBucket, testEnv } from "../support/worker";
import { as, createTenant, csv, env, ingestAs, issueKey, json, platform, PLATFORM_KEY, snapshot, upload } from "./support";

afterEach(() => vi.restoreAllMocks());

const platformRoutes = ROUTES.filter((route) => route.access === "platform");
const tenantRoutes = ROUTES.filter((route) => route.access === "connector" || route.access === "admin");
const detail = async (response: Response) => ErrorSchema.parse(await response.json()).Detail;

describe("the platform key", () => {
  it("alone opens /platform: a tenant's keys and the default tenant's get 403, no key or a wrong one 401", async () => {
    const t = await createTenant("keys-a");
    expect(platformRoutes.length).toBeGreaterThanOrEqual(9);
    for (const route of platformRoutes) {
      const where = `${route.method} ${route.path}`;
      const path = samplePath(route.path);
      for (const key of [t.connector, t.admin, CONNECTOR_KEY, ADMIN_KEY]) {
        const response = await as(key, path, { method: route.method });
        expect(response.status, `${where} ${key}`).toBe(403);
        expect(await detail(response)).toMatch(/cannot use the platform API/);
      }
      expect((await as(null, path, { method: route.method })).status, where).toBe(401);
      expect((await as("platform-key-guess", path, { method: route.method })).status, where).toBe(401);
    }
  });

  it("opens no tenant's endpoint: 403 on every connector and admin route", async () => {
    for (const route of tenantRoutes) {
      const response = await platform(samplePath(route.path), { method: route.method });
      expect(response.status, `${route.method} ${route.path}`).toBe(403);
      expect(await detail(response)).toMatch(/platform key opens the platform API/);
    }
  });

  it("is refused when PLATFORM_API_KEY is not set: the platform API is closed", async () => {
    const response = await call("/platform/tenants", { key: PLATFORM_KEY, env: { ...testEnv, PLATFORM_API_KEY: "" } });
    expect(response.status).toBe(401);
    expect(await detail(response)).toBe("No PLATFORM_API_KEY secret is configured, so every request is refused.");
  });
});

describe("tenants", () => {
  it("are created, listed and read; an id in use, a bad id or body is refused", async () => {
    const created = await platform("/platform/tenants", json({ id: "acme-fr", name: "ACME France", sandbox: true }));
    expect(created.status).toBe(201);
    expect(TenantViewSchema.parse(await created.json())).toMatchObject({ id: "acme-fr", name: "ACME France", sandbox: true, status: "active", keys: [], prefix: tenantPrefix("acme-fr") });
    expect((await platform("/platform/tenants", json({ id: "acme-fr", name: "again" }))).status).toBe(409);
    for (const body of [{ id: "default", name: "x" }, { id: "Acme", name: "x" }, { id: "a/b", name: "x" }, { id: "ok-id" }, { id: "ok-id", name: "x", extra: 1 }, { id: "ok-id", name: "a\u202Eb" }]) {
      expect((await platform("/platform/tenants", json(body))).status, JSON.stringify(body)).toBe(400);
    }
    const listed = TenantViewSchema.array().parse(await (await platform("/platform/tenants")).json());
    expect(listed.map((t) => t.id)).toContain("acme-fr");
    expect((await platform("/platform/tenants/acme-fr")).status).toBe(200);
    expect((await platform("/platform/tenants/nobody")).status).toBe(404);
  });

  it("hold their keys as SHA-256 digests: the key is in the answer that issues it and nowhere in the bucket", async () => {
    const t = await createTenant("hashed");
    const stored: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await testEnv.STATEMENTS.list({ cursor });
      for (const object of page.objects) stored.push(object.key, await (await testEnv.STATEMENTS.get(object.key))!.text());
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor);
    for (const key of [t.connector, t.admin]) expect(stored.join("\n")).not.toContain(key);
    const view = TenantViewSchema.parse(await (await platform("/platform/tenants/hashed")).json());
    expect(view.keys.map((k) => [k.name, k.scope])).toEqual([["formance", "connector"], ["ops", "admin"]]);
    expect(JSON.stringify(view)).not.toMatch(/digest/);
  });

  it("rotate a key: issue the new one, both work, revoke the old one and only the new one opens", async () => {
    const t = await createTenant("rotating");
    const next = await issueKey("rotating", "connector", "formance-2");
    expect((await platform("/platform/tenants/rotating/keys", json({ scope: "connector", name: "formance-2" }))).status).toBe(409);
    for (const key of [t.connector, next]) expect((await as(key, "/accounts")).status).toBe(200);
    expect((await platform("/platform/tenants/rotating/keys/formance", { method: "DELETE" })).status).toBe(204);
    expect((await as(t.connector, "/accounts")).status).toBe(401);
    expect((await as(next, "/accounts")).status).toBe(200);
    expect((await as(t.admin, "/admin/files")).status).toBe(200);
    expect((await platform("/platform/tenants/rotating/keys/formance", { method: "DELETE" })).status).toBe(404);
  });

  it("keep a key to its scope, as the default tenant's keys are", async () => {
    const t = await createTenant("scoped");
    expect(await detail(await as(t.connector, "/admin/files"))).toBe("A connector key cannot use the admin API.");
    expect(await detail(await as(t.admin, "/accounts"))).toBe("The admin key cannot be used on the connector endpoints.");
  });

  it("suspended, answer 403 saying so on every route, are left by the cron, and serve again once resumed", async () => {
    const t = await createTenant("paused");
    await upload(t.admin, "main", "a.csv", csv([["2026-10-01", "Deposit", "10.00"]]));
    const suspended = await platform("/platform/tenants/paused/suspend", { method: "POST" });
    expect(TenantViewSchema.parse(await suspended.json()).status).toBe("suspended");
    for (const route of tenantRoutes) {
      const key = route.access === "admin" ? t.admin : t.connector;
      const response = await as(key, samplePath(route.path), { method: route.method });
      expect(response.status, `${route.method} ${route.path}`).toBe(403);
      expect(await detail(response)).toMatch(/^Tenant "paused" is suspended/);
    }
    const runs = await runScheduled(env, { budgetMs: 60_000 });
    expect(runs.map((r) => r.tenant)).not.toContain("paused");
    expect((await platform("/platform/tenants/paused/resume", { method: "POST" })).status).toBe(200);
    expect((await ingestAs(t.admin)).files).toEqual([expect.objectContaining({ key: "inbox/main/a.csv", state: "ingested" })]);
  });

  it("deleted, refuse their keys at once, lose their data in bounded steps of the cron, then are gone; others keep theirs", async () => {
    const gone = await createTenant("gone");
    const kept = await createTenant("kept");
    for (const t of [gone, kept]) {
      for (const name of ["a.csv", "b.csv", "c.csv"]) await upload(t.admin, "main", name, csv([["2026-10-01", `Deposit ${name}`, "10.00"]]));
      await ingestAs(t.admin);
    }
    const keptBefore = await snapshot("kept");
    const objects = (await snapshot("gone")).length;
    expect(objects).toBeGreaterThan(6);
    const deleted = await platform("/platform/tenants/gone", { method: "DELETE" });
    expect(deleted.status).toBe(202);
    expect(TenantViewSchema.parse(await deleted.json()).status).toBe("deleting");
    expect(await detail(await as(gone.admin, "/admin/files"))).toMatch(/^Tenant "gone" is being deleted/);
    expect((await as(gone.connector, "/accounts")).status).toBe(403);
    expect((await platform("/platform/tenants/gone/resume", { method: "POST" })).status).toBe(409);
    expect((await platform("/platform/tenants", json({ id: "gone", name: "again" }))).status).toBe(409);
    let runs = 0;
    for (let left = objects; left > 0; runs++) {
      await runScheduled(env, { budgetMs: 60_000, purgeLimit: 4 });
      const now = (await snapshot("gone")).length;
      expect(left - now).toBeLessThanOrEqual(4);
      left = now;
    }
    expect(runs).toBe(Math.ceil(objects / 4));
    expect((await platform("/platform/tenants/gone")).status).toBe(200);
    await runScheduled(env, { budgetMs: 60_000, purgeLimit: 4 });
    expect((await platform("/platform/tenants/gone")).status).toBe(404);
    expect((await as(gone.admin, "/admin/files")).status).toBe(401);
    // The cron ran the kept tenant's ingestion meanwhile: only its lease was written.
    const unleased = (keys: string[]) => keys.filter((key) => !key.startsWith(`${tenantPrefix("kept")}state/lease.json `));
    expect(unleased(await snapshot("kept"))).toEqual(unleased(keptBefore));
    expect((await platform("/platform/tenants", json({ id: "gone", name: "again" }))).status).toBe(201);
  });
});

describe("the platform's audit log", () => {
  it("records every platform action with who and how it ended, never a key, apart from every tenant's log", async () => {
    const t = await createTenant("audited");
    await platform("/platform/tenants/audited/suspend", { method: "POST" });
    await platform("/platform/tenants/audited/resume", { method: "POST" });
    await platform("/platform/tenants/audited/keys/nobody", { method: "DELETE" });
    const page = AuditPageSchema.parse(await (await platform("/platform/audit?pageSize=5")).json());
    expect(page.items.map((e) => `${e.action} ${e.target} ${e.result.status} ${e.actor.scope}:${e.actor.key}`)).toEqual([
      "key-revoke audited/nobody 404 platform:platform",
      "tenant-resume audited 200 platform:platform",
      "tenant-suspend audited 200 platform:platform",
      "key-issue audited 201 platform:platform",
      "key-issue audited 201 platform:platform",
    ]);
    expect(JSON.stringify(page)).not.toContain(t.admin);
    expect(JSON.stringify(page)).not.toContain(t.connector);
    const own = AuditPageSchema.parse(await (await as(t.admin, "/admin/audit")).json());
    expect(own.items).toEqual([]);
  });
});

describe("GET /admin/whoami", () => {
  it("names the tenant the admin key opens, the default tenant for the deployment's own keys", async () => {
    await createTenant("whoami-t", { name: "Whoami Ltd", sandbox: true });
    const key = await issueKey("whoami-t", "admin", "alice");
    expect(await (await as(key, "/admin/whoami")).json()).toEqual({ tenant: { id: "whoami-t", name: "Whoami Ltd", sandbox: true }, key: "alice", scope: "admin" });
    expect(await (await as(ADMIN_KEY, "/admin/whoami")).json()).toEqual({ tenant: { id: "default", name: "default", sandbox: false }, key: "admin", scope: "admin" });
  });
});

describe("the cron trigger", () => {
  it("with no tenant created, writes nothing under the platform's folder", async () => {
    await resetBucket();
    await worker.scheduled!({ cron: "*/5 * * * *", scheduledTime: Date.now(), noRetry: () => {} } as ScheduledController, testEnv, {} as ExecutionContext);
    expect((await testEnv.STATEMENTS.list()).objects.map((o) => o.key).filter((key) => !key.startsWith("state/"))).toEqual([]);
  });
});
