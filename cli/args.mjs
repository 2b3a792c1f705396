// @ts-check
// Command-line flags and the admin API target, shared by every command.
import { parseArgs } from "node:util";

/** A mistake in how the tool was called: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {}

/**
 * node:util parseArgs, with its errors turned into one-line usage errors.
 * @template {import("node:util").ParseArgsConfig["options"]} O
 * @param {string[]} args
 * @param {O} options
 */
export function parseFlags(args, options) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's messages go on with advice about "--" that does not apply here: keep the first sentence.
    throw new UsageError(String(/** @type {Error} */ (error).message).split(". ")[0]);
  }
}

/** Flags every command that talks to the admin API takes. */
export const ADMIN_FLAGS = /** @type {const} */ ({
  endpoint: { type: "string" },
  "admin-key": { type: "string" },
  help: { type: "boolean", short: "h" },
});

/**
 * Where the admin API is and its key: a flag wins over the environment, which wins over a
 * config file's endpoint (the key is never read from a file a config might share).
 * @param {{ endpoint?: string | undefined, "admin-key"?: string | undefined }} flags
 * @param {NodeJS.ProcessEnv} env
 * @param {string} [configured] endpoint from a config file
 * @returns {{ endpoint: URL, adminKey: string }}
 */
export function adminTarget(flags, env, configured) {
  const raw = flags.endpoint ?? env.STATEMENT_CONNECTOR_URL ?? configured;
  if (!raw) throw new UsageError("no endpoint: pass --endpoint URL or set STATEMENT_CONNECTOR_URL");
  const adminKey = flags["admin-key"] ?? env.STATEMENT_CONNECTOR_ADMIN_KEY;
  if (!adminKey) throw new UsageError("no admin key: set STATEMENT_CONNECTOR_ADMIN_KEY (or pass --admin-key KEY)");
  let endpoint;
  try {
    endpoint = new URL(raw);
  } catch {
    throw new UsageError(`endpoint "${raw}" is not a URL`);
  }
  // The admin key travels in a header: over plain http anyone on the path could read it.
  if (endpoint.protocol === "http:" && !["localhost", "127.0.0.1", "[::1]"].includes(endpoint.hostname)) {
    throw new UsageError(`refusing to send the admin key over plain http to ${endpoint.host}: use https (http is allowed for localhost only)`);
  }
  if (endpoint.protocol !== "http:" && endpoint.protocol !== "https:") throw new UsageError(`endpoint "${raw}" must be an https URL`);
  return { endpoint, adminKey };
}

/**
 * A flag holding a number of seconds, as milliseconds.
 * @param {string | undefined} value
 * @param {string} flag
 * @param {number} fallbackSeconds
 */
export function secondsFlag(value, flag, fallbackSeconds) {
  if (value === undefined) return fallbackSeconds * 1000;
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(seconds)) throw new UsageError(`${flag} must be a number of seconds, not "${value}"`);
  return seconds * 1000;
}
