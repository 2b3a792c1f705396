import { z } from "zod";
import { type KeyRecord, KeyRecordSchema, type TenantRecord, TenantRecordSchema } from "../model/tenant";
import { type Bucket, listAll, parseDocument, readJson, StoreError, swapObject } from "./bucket";
import { keyRecordKey, PLATFORM_PREFIX, ROTATION_KEY, TENANT_RECORDS_PREFIX, tenantPrefix, tenantRecordKey } from "./layout";
import { prefixedBucket } from "./prefixed-bucket";

/**
 * The registry of tenants, in the platform's folder: one record per tenant (its name, status and
 * the digests of its keys), and one small object per key, named by the key's SHA-256, so that a
 * presented key is found with one read and never stored. A key opens its tenant only while both
 * agree: the key's object names the tenant and the tenant's record lists the key's digest, so a
 * key half issued or half revoked (a write that failed between the two) opens nothing.
 */

/** The platform's folder, where the registry and the platform's audit log live. */
export const platformBucket = (real: Bucket): Bucket => prefixedBucket(real, PLATFORM_PREFIX);

/** A tenant's folder: its inbox, profiles, state, outbox and audit log, under the keys the default tenant has at the root. */
export const tenantBucket = (real: Bucket, id: string): Bucket => prefixedBucket(real, tenantPrefix(id));

export async function readTenant(platform: Bucket, id: string): Promise<{ record: TenantRecord; etag: string } | undefined> {
  const key = tenantRecordKey(id);
  const object = await platform.get(key);
  return object ? { record: parseDocument(key, await object.text(), TenantRecordSchema), etag: object.etag } : undefined;
}

/** Every tenant, by id. */
export async function listTenants(platform: Bucket): Promise<TenantRecord[]> {
  const keys: string[] = [];
  for await (const object of listAll(platform, TENANT_RECORDS_PREFIX)) keys.push(object.key);
  const records = await Promise.all(keys.map((key) => readJson(platform, key, TenantRecordSchema)));
  return records.filter((record): record is TenantRecord => record !== undefined).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Stores a new tenant; false when one of that id exists (or is still being deleted). */
export async function createTenant(platform: Bucket, record: TenantRecord): Promise<boolean> {
  return (await swapObject(platform, tenantRecordKey(record.id), undefined, JSON.stringify(record))) !== null;
}

const ATTEMPTS = 5;

/**
 * Changes a tenant's record by compare-and-swap on its etag, trying again on a concurrent change:
 * `change` returns the new record, or a value to answer instead of writing (a refusal).
 * Undefined when there is no such tenant.
 */
export async function updateTenant<R = never>(
  platform: Bucket,
  id: string,
  change: (record: TenantRecord) => { record: TenantRecord } | { refused: R },
): Promise<{ record: TenantRecord } | { refused: R } | undefined> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const current = await readTenant(platform, id);
    if (!current) return undefined;
    const next = change(current.record);
    if ("refused" in next) return next;
    if (await swapObject(platform, tenantRecordKey(id), current.etag, JSON.stringify(next.record))) return next;
  }
  throw new StoreError(`the record of tenant ${id} changed under ${ATTEMPTS} attempts to update it`);
}

export const putKeyRecord = (platform: Bucket, digestHex: string, record: KeyRecord): Promise<unknown> =>
  platform.put(keyRecordKey(digestHex), JSON.stringify(record), { httpMetadata: { contentType: "application/json" } });

export const deleteKeyRecords = (platform: Bucket, digestsHex: string[]): Promise<void> => platform.delete(digestsHex.map(keyRecordKey));

/** The tenant and key a presented key's digest opens, whatever the tenant's status; undefined for a key no tenant has. */
export async function findKey(platform: Bucket, digestHex: string): Promise<{ tenant: TenantRecord; key: KeyRecord } | undefined> {
  const key = await readJson(platform, keyRecordKey(digestHex), KeyRecordSchema);
  if (!key) return undefined;
  const tenant = (await readTenant(platform, key.tenant))?.record;
  const listed = tenant?.keys.some((k) => sameDigest(k.digest, digestHex) && k.name === key.name && k.scope === key.scope);
  return tenant && listed ? { tenant, key } : undefined;
}

/** Two hex digests compared in constant time, as every key comparison is (src/http/auth.ts). */
function sameDigest(a: string, b: string): boolean {
  const [x, y] = [new TextEncoder().encode(a), new TextEncoder().encode(b)];
  return x.byteLength === y.byteLength && crypto.subtle.timingSafeEqual(x, y);
}

/**
 * One bounded step of removing a deleted tenant: at most `limit` of its objects. When none are
 * left, its keys and then its record go, and the id can be used again. Whether it is gone.
 */
export async function purgeStep(real: Bucket, platform: Bucket, record: TenantRecord, limit: number): Promise<boolean> {
  const page = await real.list({ prefix: tenantPrefix(record.id), limit });
  if (page.objects.length > 0) {
    await real.delete(page.objects.map((object) => object.key));
    return false;
  }
  await deleteKeyRecords(platform, record.keys.map((key) => key.digest));
  await platform.delete(tenantRecordKey(record.id));
  return true;
}

const RotationSchema = z.object({ first: z.string() });

/** The tenant the cron served first in its last run. */
export async function lastFirst(platform: Bucket): Promise<string | undefined> {
  return (await readJson(platform, ROTATION_KEY, RotationSchema))?.first;
}

export async function saveFirst(platform: Bucket, id: string): Promise<void> {
  await platform.put(ROTATION_KEY, JSON.stringify({ first: id }));
}
