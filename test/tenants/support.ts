import type { Env } from "../../src/env";
import { tenantPrefix } from "../../src/store/layout";
import { call, testEnv } from "../support/worker";

export const PLATFORM_KEY = "platform-key-7d1e";
/** The test bindings with a platform key: the default tenant's keys are those of vitest.config.ts. */
export const env: Env = { ...testEnv, PLATFORM_API_KEY: PLATFORM_KEY };

export const json = (body: unknown): RequestInit => ({ method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });

/** A request to the Worker with `key`, with the platform key configured. */
export const as = (key: string | null, path: string, init: RequestInit = {}): Promise<Response> => call(path, { ...init, key, env });

export const platform = (path: string, init: RequestInit = {}): Promise<Response> => as(PLATFORM_KEY, path, init);

export interface TestTenant {
  id: string;
  connector: string;
  admin: string;
}

/** Creates a tenant through the platform API and issues it a connector key and an admin key. */
export async function createTenant(id: string, options: { name?: string; sandbox?: boolean } = {}): Promise<TestTenant> {
  const created = await platform("/platform/tenants", json({ id, name: options.name ?? `Tenant ${id}`, ...(options.sandbox === undefined ? {} : { sandbox: options.sandbox }) }));
  if (created.status !== 201) throw new Error(`create ${id}: ${created.status} ${await created.text()}`);
  return { id, connector: await issueKey(id, "connector", "formance"), admin: await issueKey(id, "admin", "ops") };
}

export async function issueKey(id: string, scope: "connector" | "admin", name: string): Promise<string> {
  const response = await platform(`/platform/tenants/${id}/keys`, json({ scope, name }));
  if (response.status !== 201) throw new Error(`key ${id}/${name}: ${response.status} ${await response.text()}`);
  return (await response.json<{ key: string }>()).key;
}

export function upload(key: string, source: string, name: string, body: string): Promise<Response> {
  return as(key, `/admin/files/${source}/${name}`, { method: "PUT", body, headers: { "content-length": String(new TextEncoder().encode(body).length) } });
}

export async function ingestAs(key: string): Promise<{ status: string; files: { key: string; state: string }[] }> {
  const response = await as(key, "/admin/ingest", { method: "POST" });
  if (response.status !== 200) throw new Error(`ingest: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Every object under a tenant's folder, with its etag: what no other tenant's request may change. */
export async function snapshot(id: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await testEnv.STATEMENTS.list({ prefix: tenantPrefix(id), cursor });
    keys.push(...page.objects.map((o) => `${o.key} ${o.etag}`));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys.sort();
}

export const csv = (rows: [string, string, string][]) => `Date,Description,Amount,Currency\n${rows.map((r) => `${r.join(",")},EUR`).join("\n")}\n`;
