// @ts-check
// Command-line flags and the admin API target, shared by every command.
import { parseArgs } from "node:util";
import { closest } from "./suggest.mjs";

/**
 * A mistake in how the tool was called: printed with a pointer to --help, exit code 2. Its
 * problems, when given, are printed one to a line under the message.
 */
export class UsageError extends Error {
  /**
   * @param {string} message
   * @param {string[]} [problems]
   */
  constructor(message, problems = []) {
    super(message);
    this.problems = problems;
  }
}

/**
 * node:util parseArgs, with its errors turned into one-line usage errors; an unknown option
 * is answered with the closest known one.
 * @template {import("node:util").ParseArgsConfig["options"]} O
 * @param {string[]} args
 * @param {O} options
 */
export function parseFlags(args, options) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    if (/** @type {{ code?: string }} */ (error).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      const unknown = unknownOption(args, options ?? {});
      if (unknown) throw new UsageError(unknown);
    }
    // Node's messages go on with advice about "--" that does not apply here: keep the first sentence.
    throw new UsageError(String(/** @type {Error} */ (error).message).split(". ")[0]);
  }
}

/**
 * "unknown option --sorce: did you mean --source?", for the first option not in `options`.
 * @param {string[]} args
 * @param {NonNullable<import("node:util").ParseArgsConfig["options"]>} options
 */
function unknownOption(args, options) {
  const { tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  const token = tokens.find((t) => t.kind === "option" && !Object.hasOwn(options, t.name));
  if (token?.kind !== "option") return undefined;
  // What was typed: "-sorce" is read as the short options -s -o ..., but meant --sorce or --source.
  const typed = String(args[token.index]).split("=")[0] ?? token.rawName;
  const name = typed.replace(/^--?/, "");
  const guess = name.length > 1 ? closest(name, Object.keys(options)) : undefined;
  return `unknown option ${typed}${guess ? `: did you mean --${guess}?` : ""}`;
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
