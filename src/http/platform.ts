import type { Env } from "../env";
import { randomHex, sha256, toHex } from "../model/hash";
import {
  CreateTenantRequestSchema, IssueKeyRequestSchema, type IssuedKeySchema, type TenantRecord, TenantIdSchema, type TenantView, KeyNameSchema,
} from "../model/tenant";
import { describeIssues } from "../model/zod-issues";
import type { z } from "zod";
import { tenantPrefix } from "../store/layout";
import { createTenant, deleteKeyRecords, listTenants, putKeyRecord, readTenant, updateTenant } from "../store/tenant-registry";
import { badRequest, HttpError, notFound } from "./errors";
import { readJsonBody } from "./json-body";

/**
 * The platform API (/platform): tenants and their keys. Its handlers are given the bucket as the
 * platform's folder (router.ts), where the registry and the platform's audit log live; they never
 * read a tenant's data. A tenant's data is removed by the cron (tenancy.ts), in bounded steps.
 */

const MAX_BODY_BYTES = 8 * 1024;
/** Keys per tenant: enough for a rotation of each of a few systems and people, bounded so a record stays small. */
export const MAX_KEYS_PER_TENANT = 50;

/** POST /platform/tenants {id, name, sandbox?}. */
export async function createTenantRoute(request: Request, env: Env): Promise<Response> {
  const body = await readJsonBody(request, MAX_BODY_BYTES, 'a JSON object {"id": "...", "name": "...", "sandbox": false}');
  const parsed = CreateTenantRequestSchema.safeParse(body);
  if (!parsed.success) throw badRequest(`A tenant is {"id", "name", "sandbox"?}: ${describeIssues(parsed.error)}`);
  const now = new Date().toISOString();
  const { id, name, sandbox = false } = parsed.data;
  const record: TenantRecord = { id, name, sandbox, status: "active", createdAt: now, updatedAt: now, keys: [] };
  if (!(await createTenant(env.STATEMENTS, record))) {
    throw new HttpError(409, "Conflict", `A tenant "${id}" exists, or is still being deleted: choose another id, or wait until its deletion ends.`);
  }
  return Response.json(view(record), { status: 201 });
}

/** GET /platform/tenants. */
export async function listTenantsRoute(env: Env): Promise<Response> {
  return Response.json((await listTenants(env.STATEMENTS)).map(view));
}

/** GET /platform/tenants/<id>. */
export async function getTenantRoute(env: Env, rawId: string): Promise<Response> {
  const id = tenantId(rawId);
  const found = await readTenant(env.STATEMENTS, id);
  if (!found) throw noTenant(id);
  return Response.json(view(found.record));
}

/** POST /platform/tenants/<id>/suspend and /resume: its keys refused (403) or accepted again; its data kept. */
export async function setSuspended(env: Env, rawId: string, suspended: boolean): Promise<Response> {
  const id = tenantId(rawId);
  const updated = await updateTenant<string>(env.STATEMENTS, id, (record) => {
    if (record.status === "deleting") return { refused: `Tenant "${id}" is being deleted: it can no longer be suspended or resumed.` };
    return { record: { ...record, status: suspended ? "suspended" : "active", updatedAt: new Date().toISOString() } };
  });
  if (!updated) throw noTenant(id);
  if ("refused" in updated) throw new HttpError(409, "Conflict", updated.refused);
  return Response.json(view(updated.record));
}

/**
 * DELETE /platform/tenants/<id>: the tenant is `deleting` at once (its keys refused) and the cron
 * removes its objects in bounded steps; once none is left, its keys and record go (202).
 */
export async function deleteTenantRoute(env: Env, rawId: string): Promise<Response> {
  const id = tenantId(rawId);
  const updated = await updateTenant(env.STATEMENTS, id, (record) => ({ record: { ...record, status: "deleting", updatedAt: new Date().toISOString() } }));
  if (!updated || "refused" in updated) throw noTenant(id);
  return Response.json(view(updated.record), { status: 202 });
}

/**
 * POST /platform/tenants/<id>/keys {scope, name}: a new key, answered this once. Its record lists
 * its digest before the digest's object is written, so a write that fails between them leaves a
 * key listed that opens nothing (revoke it), never one that opens and is not listed.
 */
export async function issueKey(request: Request, env: Env, rawId: string): Promise<Response> {
  const id = tenantId(rawId);
  const body = await readJsonBody(request, MAX_BODY_BYTES, 'a JSON object {"scope": "connector" or "admin", "name": "..."}');
  const parsed = IssueKeyRequestSchema.safeParse(body);
  if (!parsed.success) throw badRequest(`A key is {"scope": "connector" or "admin", "name"}: ${describeIssues(parsed.error)}`);
  const { scope, name } = parsed.data;
  // 32 random bytes: as strong as `openssl rand -hex 32`, the deployment's own keys.
  const key = `sck_${randomHex(32)}`;
  const digest = toHex(await sha256(key));
  const createdAt = new Date().toISOString();
  const updated = await updateTenant<string>(env.STATEMENTS, id, (record) => {
    if (record.status === "deleting") return { refused: `Tenant "${id}" is being deleted: it takes no new key.` };
    if (record.keys.some((k) => k.name === name)) return { refused: `Tenant "${id}" has a key named "${name}": revoke it first, or issue the new key under another name (a rotation issues the new one, then revokes the old).` };
    if (record.keys.length >= MAX_KEYS_PER_TENANT) return { refused: `Tenant "${id}" has ${MAX_KEYS_PER_TENANT} keys, the most it may: revoke one first.` };
    return { record: { ...record, keys: [...record.keys, { name, scope, digest, createdAt }], updatedAt: createdAt } };
  });
  if (!updated) throw noTenant(id);
  if ("refused" in updated) throw new HttpError(409, "Conflict", updated.refused);
  await putKeyRecord(env.STATEMENTS, digest, { tenant: id, name, scope });
  const issued: z.infer<typeof IssuedKeySchema> = { tenant: id, name, scope, key, createdAt };
  return Response.json(issued, { status: 201 });
}

/** DELETE /platform/tenants/<id>/keys/<name>: the key stops opening at once (its digest's object goes first), then its record forgets it. */
export async function revokeKey(env: Env, rawId: string, rawName: string): Promise<Response> {
  const id = tenantId(rawId);
  const name = KeyNameSchema.safeParse(decode(rawName));
  if (!name.success) throw badRequest(`key name: ${describeIssues(name.error)}`);
  const found = await readTenant(env.STATEMENTS, id);
  if (!found) throw noTenant(id);
  const key = found.record.keys.find((k) => k.name === name.data);
  if (!key) throw notFound(`Tenant "${id}" has no key named "${name.data}".`);
  await deleteKeyRecords(env.STATEMENTS, [key.digest]);
  await updateTenant(env.STATEMENTS, id, (record) => ({
    record: { ...record, keys: record.keys.filter((k) => k.digest !== key.digest), updatedAt: new Date().toISOString() },
  }));
  return new Response(null, { status: 204 });
}

function view(record: TenantRecord): TenantView {
  const { id, name, sandbox, status, createdAt, updatedAt, keys } = record;
  return { id, name, sandbox, status, createdAt, updatedAt, prefix: tenantPrefix(id), keys: keys.map(({ name, scope, createdAt }) => ({ name, scope, createdAt })) };
}

function tenantId(raw: string): string {
  const parsed = TenantIdSchema.safeParse(decode(raw));
  if (!parsed.success) throw badRequest(`tenant id: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

function decode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

const noTenant = (id: string) => notFound(`No tenant "${id}".`);
