import type { Env } from "../env";
import { sha256, toHex } from "../model/hash";
import { type Settings, settingOrDefault } from "../settings";
import { HttpError } from "./errors";

/**
 * Bearer keys: API_KEYS (comma-separated, so a key can be rotated by adding the new one
 * before removing the old) for the contract, ADMIN_API_KEYS and ADMIN_API_KEY for /admin. A
 * Worker with no key configured refuses every request: it never falls back to a default.
 */
export type Scope = "connector" | "admin";

/** Who made a request: the scope of the key presented, and the name that key goes by (see keyring). */
export interface Caller {
  scope: Scope;
  key: string;
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
 * The keys of each scope with their names. An entry `name:key` of API_KEYS or ADMIN_API_KEYS
 * is named; any other entry, and every key of ADMIN_API_KEY, is unnamed and goes by its scope's
 * word (`connector`, `admin`), numbered in the order given (`admin-1`, `admin-2`) when the scope
 * has several unnamed keys. An entry `name:` with no key is no key.
 */
export function keyring(settings: Settings): Record<Scope, NamedKey[]> {
  const { API_KEYS, ADMIN_API_KEY, ADMIN_API_KEYS } = settings.values;
  const admin = [...ADMIN_API_KEY.map((key) => ({ key })), ...ADMIN_API_KEYS.map(readEntry)];
  return { connector: named("connector", API_KEYS.map(readEntry)), admin: named("admin", admin) };
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

const VARIABLES: Record<Scope, string> = { admin: "ADMIN_API_KEYS or ADMIN_API_KEY", connector: "API_KEYS" };

/** Lets the request through and says who made it, or throws the 401, 403 or 429 to answer. */
export async function authorize(request: Request, env: Env, settings: Settings, scope: Scope): Promise<Caller> {
  const keys = keyring(settings);
  const allowed = keys[scope];
  const challenge = { "www-authenticate": 'Bearer realm="statement-connector"' };
  if (allowed.length === 0) {
    throw new HttpError(401, "Unauthorized", `No ${VARIABLES[scope]} secret is configured, so every request is refused.`, challenge);
  }
  const presented = bearerToken(request);
  if (presented === undefined) {
    await limitRate(env, settings, clientAddress(request));
    throw new HttpError(401, "Unauthorized", "Send the API key as 'Authorization: Bearer <key>'.", challenge);
  }
  const digest = await sha256(presented);
  const match = await matching(digest, allowed);
  if (match) {
    await limitRate(env, settings, `key:${toHex(digest).slice(0, 32)}`);
    return { scope, key: match.name };
  }
  await limitRate(env, settings, clientAddress(request));
  if (await matching(digest, keys[scope === "admin" ? "connector" : "admin"])) {
    throw new HttpError(403, "Forbidden", scope === "admin" ? "A connector key cannot use the admin API." : "The admin key cannot be used on the connector endpoints.");
  }
  throw new HttpError(401, "Unauthorized", "The API key is not valid.", challenge);
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
