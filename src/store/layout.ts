/**
 * Where everything lives in the bucket: every key the service reads or writes is built here,
 * and nowhere else.
 *
 * | Key                                        | Holds                                                      | Written by            |
 * |--------------------------------------------|------------------------------------------------------------|-----------------------|
 * | `inbox/<source>/<name>`                    | statement files as the bank delivered them                 | operator, upload      |
 * | `config/profiles/<source>.json`            | how to read one source's files (a Profile)                 | operator, admin API   |
 * | `config/retry/<source>/<name>`             | a request to ingest a failed file again                    | admin API             |
 * | `config/approved/<source>/<name>`          | an approval of a held file: the etag of the bytes approved | admin API             |
 * | `config/retracted/<source>/<name>`         | a request to take a published file back, with its reason   | admin API             |
 * | `state/manifest.json`                      | the root of published state (compare-and-swap on its etag) | ingestion             |
 * | `state/doc/<document>.<writer>.json`       | one version of a state document the manifest names         | ingestion             |
 * | `state/index/<shard>.<writer>.json`        | published transaction ids of one account and month         | ingestion             |
 * | `state/days/<day>.<writer>.json`           | log seqs booked on one day, in booking order               | ingestion             |
 * | `state/tx/`, `state/accounts/`, `state/beneficiaries/` | log segments `<segment>.<writer>`              | ingestion             |
 * | `state/file-ids/<writer>/<part>.txt`       | the transaction ids one file holds                         | ingestion             |
 * | `state/checkpoint.json`                    | a large file's ingestion between two runs                  | ingestion             |
 * | `state/lease.json`                         | which run may ingest now                                   | ingestion             |
 * | `state/runs.json`                          | the latest ingestion runs                                  | ingestion             |
 * | `payments/orders/<sha256 of key>.json`     | accepted payment orders, by idempotency key                | payment requests      |
 * | `payments/filed/<order id>.json`           | the batch file an order went out in                        | payment files         |
 * | `outbox/` (OUTBOX_PREFIX)                  | pain.001 payment files for the bank                        | payment files         |
 * | `audit/<inverted time>-<random>.json`      | one recorded admin action each (append-only)               | admin API, payments   |
 * | `sandbox/accounts/<iban>.json`             | a sandbox bank's test account and its statement chain      | sandbox admin API, ingestion (SANDBOX=on) |
 * | `sandbox/beneficiaries/<iban>.json`        | a sandbox bank's beneficiary, paid by its test accounts    | sandbox admin API     |
 * | `tenants/<id>/` + every key above          | a tenant's own inbox, profiles, state, outbox and audit    | as above, per tenant  |
 * | `platform/tenants/<id>.json`               | a tenant: name, status, its keys' names and digests        | platform API          |
 * | `platform/keys/<sha256 hex of key>.json`   | which tenant and scope a key opens (found by its digest)   | platform API          |
 * | `platform/audit/<inverted time>-<random>.json` | one recorded platform action each (append-only)        | platform API          |
 * | `platform/rotation.json`                   | the tenant the cron served first last time                 | ingestion (cron)      |
 *
 * The default tenant (the keys of API_KEYS, ADMIN_API_KEYS, ADMIN_API_KEY) keeps the keys above
 * at the root; no key of its own starts with `tenants/` or `platform/`, so none of its listings
 * (each under one of SERVICE_PREFIXES or the outbox, which may not be one of those) reaches
 * another tenant or the platform. Every other tenant sees the bucket through prefixedBucket
 * (prefixed-bucket.ts) over `tenants/<id>/`, and the platform API through one over `platform/`:
 * the keys below are built relative to those.
 * Everything under `state/` is derived from the inbox and `payments/`: deleting it rebuilds
 * it. Orders and their filing are what the service was asked to do, so they live outside it;
 * so does the audit log, what people and systems did, which nothing can rebuild.
 * Every object under `state/` but the manifest, checkpoint, lease and run history is written
 * once under its writer's unique id and collected as garbage once no manifest names it.
 */

export const INBOX_PREFIX = "inbox/";
export const CONFIG_PREFIX = "config/";
const STATE_PREFIX = "state/";
const PAYMENTS_PREFIX = "payments/";
export const AUDIT_PREFIX = "audit/";
const SANDBOX_PREFIX = "sandbox/";

/** Every tenant's folder but the default tenant's (whose keys stay at the root), and the platform's registry. */
export const TENANTS_PREFIX = "tenants/";
export const PLATFORM_PREFIX = "platform/";

/** The service's own folders: an outbox inside one would be taken for statements or state, or reach another tenant. */
export const SERVICE_PREFIXES = [INBOX_PREFIX, STATE_PREFIX, CONFIG_PREFIX, PAYMENTS_PREFIX, AUDIT_PREFIX, SANDBOX_PREFIX, TENANTS_PREFIX, PLATFORM_PREFIX] as const;

/** Where a tenant's keys live: every key of the table under its own folder. */
export const tenantPrefix = (id: string) => `${TENANTS_PREFIX}${id}/`;

/**
 * A key of the whole bucket as a tenant sees it: the id of the tenant whose folder holds it
 * (`tenants/<id>/<key>`), or undefined for the default tenant's keys at the root; undefined
 * for `tenants/` itself or a key right under it, in no tenant's folder.
 */
export function keyOfTenant(bucketKey: string): { tenant: string | undefined; key: string } | undefined {
  if (!bucketKey.startsWith(TENANTS_PREFIX)) return { tenant: undefined, key: bucketKey };
  const rest = bucketKey.slice(TENANTS_PREFIX.length);
  const slash = rest.indexOf("/");
  return slash <= 0 ? undefined : { tenant: rest.slice(0, slash), key: rest.slice(slash + 1) };
}

/** The source and name of an inbox key, `inbox/<source>/<name>`; undefined for any other key. */
export function inboxPath(key: string): { source: string; name: string } | undefined {
  if (!key.startsWith(INBOX_PREFIX)) return undefined;
  const rest = key.slice(INBOX_PREFIX.length);
  const slash = rest.indexOf("/");
  // Files directly under inbox/ belong to no source; folders ending in "/" are placeholders.
  if (slash <= 0 || slash === rest.length - 1) return undefined;
  return { source: rest.slice(0, slash), name: rest.slice(slash + 1) };
}
/** In the platform's folder (a bucket prefixed with PLATFORM_PREFIX): tenant records, keys by digest, the cron's rotation. */
export const TENANT_RECORDS_PREFIX = "tenants/";
export const tenantRecordKey = (id: string) => `${TENANT_RECORDS_PREFIX}${id}.json`;
export const keyRecordKey = (digestHex: string) => `keys/${digestHex}.json`;
export const ROTATION_KEY = "rotation.json";

/** The sandbox bank's test accounts and beneficiaries (src/sandbox-bank.ts), by IBAN. */
export const SANDBOX_ACCOUNTS_PREFIX = `${SANDBOX_PREFIX}accounts/`;
export const SANDBOX_BENEFICIARIES_PREFIX = `${SANDBOX_PREFIX}beneficiaries/`;
export const sandboxAccountKey = (iban: string) => `${SANDBOX_ACCOUNTS_PREFIX}${iban}.json`;
export const sandboxBeneficiaryKey = (iban: string) => `${SANDBOX_BENEFICIARIES_PREFIX}${iban}.json`;

export const profileKey = (source: string) => `${CONFIG_PREFIX}profiles/${source}.json`;
/** The retry request for an inbox file: its key with `inbox/` replaced by `config/retry/`. */
export const retryKey = (fileKey: string) => `${CONFIG_PREFIX}retry/${fileKey.slice(INBOX_PREFIX.length)}`;
/** The approval of a held inbox file: its key with `inbox/` replaced by `config/approved/`. */
export const approvalKey = (fileKey: string) => `${CONFIG_PREFIX}approved/${fileKey.slice(INBOX_PREFIX.length)}`;
/** The retraction of a published inbox file: its key with `inbox/` replaced by `config/retracted/`. */
export const retractionKey = (fileKey: string) => `${CONFIG_PREFIX}retracted/${fileKey.slice(INBOX_PREFIX.length)}`;

export const MANIFEST_KEY = `${STATE_PREFIX}manifest.json`;
export const CHECKPOINT_KEY = `${STATE_PREFIX}checkpoint.json`;
export const LEASE_KEY = `${STATE_PREFIX}lease.json`;
export const RUNS_KEY = `${STATE_PREFIX}runs.json`;

/** Log prefixes: a segment is `<prefix>/<segment>.<writer>` (see log.ts). */
export const TX_PREFIX = `${STATE_PREFIX}tx`;
export const ACCOUNTS_PREFIX = `${STATE_PREFIX}accounts`;
export const BENEFICIARIES_PREFIX = `${STATE_PREFIX}beneficiaries`;

/** `writer` is the writer's id, plus a suffix for the objects it stages between steps. */
export const documentKey = (name: string, writer: string) => `${STATE_PREFIX}doc/${name}.${writer}.json`;
export const indexShardKey = (shard: string, writer: string) => `${STATE_PREFIX}index/${shard}.${writer}.json`;
export const dayKey = (day: string, writer: string) => `${STATE_PREFIX}days/${day}.${writer}.json`;
export const fileIdsPrefix = (writer: string) => `${STATE_PREFIX}file-ids/${writer}/`;

export const ORDERS_PREFIX = `${PAYMENTS_PREFIX}orders/`;
/** An order's key: the digest of its idempotency key, which may hold any characters. */
export const orderKeyOf = (digestHex: string) => `${ORDERS_PREFIX}${digestHex}.json`;
export const filedKey = (orderId: string) => `${PAYMENTS_PREFIX}filed/${orderId}.json`;

/** Where payment files go unless OUTBOX_PREFIX says otherwise. */
export const DEFAULT_OUTBOX_PREFIX = "outbox/";

const AUDIT_TIME_SPAN = 10 ** 15;

/**
 * An audit entry's key: its time subtracted from 10^15 ms (the year 33658), fixed width, so that
 * R2, which lists keys in ascending order, lists the newest entry first; then a random part, so
 * that entries of the same millisecond never share a key. `id` is what follows the prefix.
 */
export const auditId = (nowMs: number, random: string) => `${String(AUDIT_TIME_SPAN - 1 - nowMs).padStart(15, "0")}-${random}`;
export const auditKey = (id: string) => `${AUDIT_PREFIX}${id}.json`;
/** The id of an entry's key, or undefined for a key that is not one. */
export const auditIdOf = (key: string) => (key.startsWith(AUDIT_PREFIX) && key.endsWith(".json") ? key.slice(AUDIT_PREFIX.length, -".json".length) : undefined);
