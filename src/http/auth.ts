import type { Env } from "../env";
import { sha256, toHex } from "../model/hash";
import { DEFAULT_TENANT, type KeyScope, type Tenant, type TenantRecord } from "../model/tenant";
import { type Settings, settingOrDefault } from "../settings";
import { findKey, platformBucket } from "../store/tenant-registry";
import { HttpError } from "./errors";

/**
 * Bearer keys: API_KEYS (comma-separated, so a key can be rotated by adding the new one
 * before removing the old) for the contract, ADMIN_API_KEYS and ADMIN_API_KEY for /admin, the
 * default tenant's; PLATFORM_API_KEY for /platform. Every other tenant's keys are issued by the
 * platform API and found by their digest in its registry (store/tenant-registry.ts). A Worker
 * with no key configured refuses every request: it never falls back to a default.
 */
export type Scope = KeyScope | "platform";

/** Who made a request: the scope of the key presented, the name that key goes by (see keyring), and the tenant it opens. */
export interface Caller {
  scope: Scope;
  key: string;
  tenant: Tenant;
}

/** A configured key and the name it goes by. */
interface NamedKey {
  name: string;
  key: string;
}

/**
 * A name before the first colon of an entry of API_KEYS or ADMIN_API_KEYS. Generated keys
 * (`openssl rand -hex 32` or `-base64 32`) hold no colon; a key that does must be given a name,
 * since whatever precedes its first colon would be read as one.
 */
const NAMED = /^([a-z0-9._-]{1,40}):(.*)$/;

/**
 * The keys of each scope with their names. An entry `name:key` of API_KEYS, ADMIN_API_KEYS or
 * PLATFORM_API_KEY is named; any other entry, and every key of ADMIN_API_KEY, is unnamed and goes
 * by its scope's word (`connector`, `admin`, `platform`), numbered in the order given (`admin-1`,
 * `admin-2`) when the scope has several unnamed keys. An entry `name:` with no key is no key.
 */
export function keyring(settings: Settings): Record<Scope, NamedKey[]> {
  const { API_KEYS, ADMIN_API_KEY, ADMIN_API_KEYS, PLATFORM_API_KEY } = settings.values;
  const admin = [...ADMIN_API_KEY.map((key) => ({ key })), ...ADMIN_API_KEYS.map(readEntry)];
  return {
    connector: named("connector", API_KEYS.map(readEntry)),
    admin: named("admin", admin),
    platform: named("platform", PLATFORM_API_KEY.map(readEntry)),
  };
}

function readEntry(entry: string): { name?: string; key: string } {
  const match = NAMED.exec(entry);
  return match ? { name: match[1]!, key: match[2]! } : { key: entry };
}

function named(word: string, entries: { name?: string; key: string }[]): NamedKey[] {
  const keys = entries.filter((entry) => entry.key !== "");
  const unnamed = keys.filter((entry) => entry.name === undefined).length;
  let n = 0;
  return keys.map(({ name, key }) => ({ key, name: name ?? (unnamed === 1 ? word : `${word}-${++n}`) }));
}

const VARIABLES: Record<Scope, string> = { admin: "ADMIN_API_KEYS or ADMIN_API_KEY", connector: "API_KEYS", platform: "PLATFORM_API_KEY" };
const SCOPES: readonly Scope[] = ["connector", "admin", "platform"];

/**
 * Lets the request through and says who made it, or throws the 401, 403 or 429 to answer. The
 * deployment's keys of the route's scope are compared first (the default tenant's, or the
 * platform's); a key none of them is, is looked up by its digest in the tenants' registry (one
 * R2 read, two when found).
 */
export async function authorize(request: Request, env: Env, settings: Settings, scope: Scope): Promise<Caller> {
  const keys = keyring(settings);
  const allowed = keys[scope];
  const challenge = { "www-authenticate": 'Bearer realm="statement-connector"' };
  const notConfigured = () => new HttpError(401, "Unauthorized", `No ${VARIABLES[scope]} secret is configured, so every request is refused.`, challenge);
  const presented = bearerToken(request);
  if (presented === undefined) {
    if (allowed.length === 0) throw notConfigured();
    await limitRate(env, settings, clientAddress(request));
    throw new HttpError(401, "Unauthorized", "Send the API key as 'Authorization: Bearer <key>'.", challenge);
  }
  const digest = await sha256(presented);
  const hex = toHex(digest);
  const match = await matching(digest, allowed);
  if (match) {
    await limitRate(env, settings, `key:${hex.slice(0, 32)}`);
    return { scope, key: match.name, tenant: DEFAULT_TENANT };
  }
  let other: Scope | undefined;
  for (const s of SCOPES) if (s !== scope && (await matching(digest, keys[s])) && !other) other = s;
  const found = other ? undefined : await findKey(platformBucket(env.STATEMENTS), hex);
  if (found) {
    const { tenant, key } = found;
    // A tenant's requests count against its own keys alone: no tenant's traffic limits another's.
    await limitRate(env, settings, `tenant:${tenant.id}:key:${hex.slice(0, 32)}`);
    if (tenant.status !== "active") throw new HttpError(403, "Forbidden", refusedTenant(tenant));
    if (key.scope !== scope) throw new HttpError(403, "Forbidden", wrongScope(scope, key.scope));
    return { scope, key: key.name, tenant: { id: tenant.id, name: tenant.name, sandbox: tenant.sandbox } };
  }
  await limitRate(env, settings, clientAddress(request));
  if (other) throw new HttpError(403, "Forbidden", wrongScope(scope, other));
  if (allowed.length === 0) throw notConfigured();
  throw new HttpError(401, "Unauthorized", "The API key is not valid.", challenge);
}

function wrongScope(route: Scope, key: Scope): string {
  if (key === "platform") return "The platform key opens the platform API (/platform) only: use a tenant's connector or admin key here.";
  if (route === "platform") return "A tenant's key cannot use the platform API: it takes PLATFORM_API_KEY.";
  return route === "admin" ? "A connector key cannot use the admin API." : "The admin key cannot be used on the connector endpoints.";
}

function refusedTenant(tenant: TenantRecord): string {
  if (tenant.status === "suspended") return `Tenant "${tenant.id}" is suspended: its keys are refused until the platform operator resumes it (POST /platform/tenants/${tenant.id}/resume).`;
  return `Tenant "${tenant.id}" is being deleted: its keys are refused and its data is being removed.`;
}

/**
 * Counts the request against its key (a digest, never the key itself), or against the client's
 * address when it presents no valid key, so guessing keys is slowed down too.
 */
async function limitRate(env: Env, settings: Settings, bucket: string): Promise<void> {
  if (!env.RATE_LIMITER) return;
  const { success } = await env.RATE_LIMITER.limit({ key: bucket });
  if (success) return;
  // A 429 must go out whatever the variable says: a bad value gives way to the default.
  const retryAfter = String(settingOrDefault(settings, "RATE_LIMIT_PERIOD"));
  throw new HttpError(429, "Too Many Requests", `Too many requests for this API key; retry after ${retryAfter} seconds.`, {
    "retry-after": retryAfter,
  });
}

function clientAddress(request: Request): string {
  return `ip:${request.headers.get("cf-connecting-ip") ?? "unknown"}`;
}

function bearerToken(request: Request): string | undefined {
  const header = request.headers.get("authorization");
  const match = header ? /^Bearer[ ]+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/**
 * Compares digests, not the keys, so lengths never differ, and checks every key without
 * stopping at the first match, so timing says nothing about which or how much matched.
 * The first key that matched, if one did.
 */
async function matching(digest: ArrayBuffer, keys: NamedKey[]): Promise<NamedKey | undefined> {
  let matched: NamedKey | undefined;
  for (const entry of keys) {
    if (crypto.subtle.timingSafeEqual(digest, await sha256(entry.key)) && !matched) matched = entry;
  }
  return matched;
}

const callers = new WeakMap<object, Caller>();

/** Remembers who made a request once its key is checked, for what the handler records of it. */
export function rememberCaller(request: object, caller: Caller): void {
  callers.set(request, caller);
}

export function callerOf(request: object): Caller | undefined {
  return callers.get(request);
}
