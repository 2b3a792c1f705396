import type { Env } from "../env";
import { sha256, toHex } from "../model/hash";
import { type Settings, settingOrDefault } from "../settings";
import { HttpError } from "./errors";

/**
 * Bearer keys: API_KEYS (comma-separated, so a key can be rotated by adding the new one
 * before removing the old) for the contract, ADMIN_API_KEY for /admin. A Worker with no
 * key configured refuses every request: it never falls back to a default.
 */
export type Scope = "connector" | "admin";

export async function authorize(request: Request, env: Env, settings: Settings, scope: Scope): Promise<void> {
  const { API_KEYS: connectorKeys, ADMIN_API_KEY: adminKeys } = settings.values;
  const allowed = scope === "admin" ? adminKeys : connectorKeys;
  const challenge = { "www-authenticate": 'Bearer realm="statement-connector"' };
  if (allowed.length === 0) {
    throw new HttpError(401, "Unauthorized", `No ${scope === "admin" ? "ADMIN_API_KEY" : "API_KEYS"} secret is configured, so every request is refused.`, challenge);
  }
  const presented = bearerToken(request);
  if (presented === undefined) {
    await limitRate(env, settings, clientAddress(request));
    throw new HttpError(401, "Unauthorized", "Send the API key as 'Authorization: Bearer <key>'.", challenge);
  }
  const digest = await sha256(presented);
  if (await matchesAny(digest, allowed)) return limitRate(env, settings, `key:${toHex(digest).slice(0, 32)}`);
  await limitRate(env, settings, clientAddress(request));
  const other = scope === "admin" ? connectorKeys : adminKeys;
  if (await matchesAny(digest, other)) {
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
 */
async function matchesAny(digest: ArrayBuffer, keys: string[]): Promise<boolean> {
  let matched = false;
  for (const key of keys) {
    if (crypto.subtle.timingSafeEqual(digest, await sha256(key))) matched = true;
  }
  return matched;
}
