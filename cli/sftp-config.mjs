// @ts-check
// The sftp-sync settings: a JSON file, flags over it, checked in one place, secrets from the environment.
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { UsageError } from "./args.mjs";
import { closest } from "./suggest.mjs";

const Fingerprint = z
  .string()
  .regex(/^(SHA256:)?[A-Za-z0-9+/]{43}=?$/, 'must be a SHA-256 host key fingerprint as ssh-keygen -l prints it ("SHA256:" and 43 base64 characters)');

const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be the name of an environment variable (letters, digits and _), not the secret itself");

const Pattern = z.string().superRefine((text, context) => {
  try {
    new RegExp(text);
  } catch (error) {
    context.addIssue({ code: "custom", message: `must be a valid regular expression (${/** @type {Error} */ (error).message})` });
  }
});

const ConfigSchema = z.strictObject({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(22),
  username: z.string().min(1),
  /** No trust on first use: the bank's key is pinned, from a fingerprint checked with the bank. */
  hostKeySha256: z.union([Fingerprint, z.array(Fingerprint).min(1)]),
  // Secrets are named, never written in the file: it is often committed or shared.
  passwordEnv: EnvName.optional(),
  privateKeyPath: z.string().min(1).optional(),
  privateKeyEnv: EnvName.optional(),
  passphraseEnv: EnvName.optional(),
  folders: z.array(z.strictObject({ remote: z.string().min(1), source: z.string().min(1), match: Pattern.optional() })).min(1),
  statePath: z.string().min(1),
  /** A bank may still be writing a fresh file: leave files this young for the next run. */
  minAgeSeconds: z.number().min(0).default(60),
  endpoint: z.string().optional(),
});

/** The ways to log in: at least one is needed (checked apart, so that it is reported with the rest). */
const LOGIN_FIELDS = /** @type {const} */ (["passwordEnv", "privateKeyPath", "privateKeyEnv"]);

/**
 * What each field holds, for the error that names it: what to put there, its flag, what an
 * invalid value must be when the schema's own words say it badly, and whether its value may
 * be a secret put there by mistake (never echoed).
 * @type {Record<string, { hint: string, flag?: string, must?: string, secret?: boolean }>}
 */
const FIELDS = {
  host: { flag: "--host", hint: 'the SFTP server\'s host name, e.g. "sftp.bank.example"' },
  port: { flag: "--port", must: "a whole number from 1 to 65535", hint: "the SFTP server's port, e.g. 22 (the default)" },
  username: { flag: "--username", hint: 'the login the bank gave you, e.g. "acme-h2h"' },
  hostKeySha256: {
    flag: "--host-key",
    must: 'a fingerprint ("SHA256:" and 43 base64 characters) or a list of them',
    hint: 'the server\'s host key fingerprint, e.g. "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU", or a list of them; get it from the bank',
  },
  passwordEnv: { flag: "--password-env", secret: true, hint: 'the name of an environment variable holding the password, e.g. "BANK_SFTP_PASSWORD"' },
  privateKeyPath: { flag: "--private-key", hint: 'a private key file (OpenSSH or PEM), relative to the config\'s folder, e.g. "keys/bank_ed25519"' },
  privateKeyEnv: { flag: "--private-key-env", secret: true, hint: 'the name of an environment variable holding the private key, e.g. "BANK_SFTP_KEY"' },
  passphraseEnv: { flag: "--passphrase-env", secret: true, hint: 'the name of an environment variable holding the key\'s passphrase, e.g. "BANK_SFTP_PASSPHRASE"' },
  folders: {
    flag: "--folder",
    must: "a list of folders",
    hint: 'the remote folders, each with the source its files go to, e.g. [{ "remote": "/outgoing/camt053", "source": "main-account" }]',
  },
  statePath: { flag: "--state", hint: 'the file that remembers what was sent, relative to the config\'s folder, e.g. "sftp-state.json"' },
  minAgeSeconds: { flag: "--min-age", must: "a number of seconds, 0 or more", hint: "how long a file must be left unmodified before it is sent, e.g. 60 (the default)" },
  endpoint: { hint: 'the Worker\'s URL, e.g. "https://statement-connector.example.workers.dev"' },
};

/** @type {Record<string, { hint: string, must?: string }>} */
const FOLDER_FIELDS = {
  remote: { hint: 'the folder on the SFTP server, e.g. "/outgoing/camt053"' },
  source: { hint: 'the source (inbox folder) its files go to, e.g. "main-account"' },
  match: { hint: 'a regular expression the file names must match, e.g. "\\\\.xml$" (JSON doubles a backslash)' },
};

/** Flags, each overriding the config file's field of the same meaning. */
export const SFTP_FLAGS = /** @type {const} */ ({
  config: { type: "string", short: "c" },
  host: { type: "string" },
  port: { type: "string" },
  username: { type: "string" },
  "host-key": { type: "string", multiple: true },
  "password-env": { type: "string" },
  "private-key": { type: "string" },
  "private-key-env": { type: "string" },
  "passphrase-env": { type: "string" },
  folder: { type: "string", multiple: true },
  state: { type: "string" },
  "min-age": { type: "string" },
});

/**
 * @typedef {object} SftpConfig
 * @property {string} host
 * @property {number} port
 * @property {string} username
 * @property {string[]} hostKeys pinned fingerprints, base64 without "SHA256:" or padding
 * @property {{ password?: string, privateKey?: Buffer | string, passphrase?: string }} auth
 * @property {{ remote: string, source: string, match?: RegExp }[]} folders
 * @property {string} statePath
 * @property {number} minAgeMs
 * @property {string | undefined} endpoint
 */

/**
 * @param {{ [K in keyof typeof SFTP_FLAGS]?: (typeof SFTP_FLAGS)[K] extends { multiple: true } ? string[] : string }} flags
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<SftpConfig>}
 */
export async function loadSftpConfig(flags, env) {
  const fromFile = flags.config ? await readConfigFile(flags.config) : {};
  const fromFlags = {
    host: flags.host,
    port: flags.port === undefined ? undefined : Number(flags.port),
    username: flags.username,
    hostKeySha256: flags["host-key"],
    passwordEnv: flags["password-env"],
    privateKeyPath: flags["private-key"] && resolve(flags["private-key"]),
    privateKeyEnv: flags["private-key-env"],
    passphraseEnv: flags["passphrase-env"],
    folders: flags.folder?.map(folderFlag),
    statePath: flags.state && resolve(flags.state),
    minAgeSeconds: flags["min-age"] === undefined ? undefined : Number(flags["min-age"]),
  };
  const given = Object.fromEntries(Object.entries(fromFlags).filter(([, v]) => v !== undefined));
  const merged = { ...fromFile, ...given };
  const parsed = ConfigSchema.safeParse(merged);
  const problems = parsed.success ? [] : parsed.error.issues.flatMap((issue) => describeIssue(issue, merged, { flags, given }));
  if (LOGIN_FIELDS.every((field) => merged[field] === undefined)) {
    problems.push(
      `${LOGIN_FIELDS.map((f) => (flags.config ? f : `${f} (${FIELDS[f]?.flag})`)).join(", ").replace(/, (?!.*, )/, " or ")}: one is required — how to log in: ${LOGIN_FIELDS.map((f) => FIELDS[f]?.hint).join("; or ")}`,
    );
  }
  if (!parsed.success || problems.length > 0) {
    const where = flags.config ? `in ${flags.config}` : "(no --config FILE: each setting from its flag)";
    throw new UsageError(`the sftp-sync settings ${where} are not valid:`, problems);
  }
  const c = parsed.data;
  return {
    host: c.host,
    port: c.port,
    username: c.username,
    hostKeys: [c.hostKeySha256].flat().map((f) => f.replace(/^SHA256:/, "").replace(/=$/, "")),
    auth: {
      password: c.passwordEnv && secret(env, "passwordEnv", c.passwordEnv),
      privateKey: c.privateKeyEnv ? secret(env, "privateKeyEnv", c.privateKeyEnv) : c.privateKeyPath && (await readKey(c.privateKeyPath)),
      passphrase: c.passphraseEnv && secret(env, "passphraseEnv", c.passphraseEnv),
    },
    folders: c.folders.map((f) => ({ remote: f.remote, source: f.source, match: f.match === undefined ? undefined : new RegExp(f.match) })),
    statePath: c.statePath,
    minAgeMs: c.minAgeSeconds * 1000,
    endpoint: c.endpoint,
  };
}

/**
 * One problem of the settings, as lines naming the field by its path in the config file (or
 * its flag), what is wrong, and what to put there.
 * @param {import("zod").core.$ZodIssue} issue
 * @param {Record<string, unknown>} merged the settings checked
 * @param {{ flags: Record<string, unknown>, given: Record<string, unknown> }} source which fields came from flags
 * @returns {string[]}
 */
function describeIssue(issue, merged, { flags, given }) {
  const path = issue.path.map((p) => (typeof p === "number" ? p : String(p)));
  if (issue.code === "unrecognized_keys") {
    const known = Object.keys(path.length === 0 ? FIELDS : FOLDER_FIELDS);
    return issue.keys.map((key) => {
      const guess = closest(key, known);
      return `${fieldPath([...path, key])}: unknown field — ${guess ? `did you mean "${guess}"?` : `the fields are ${known.join(", ")}`}`;
    });
  }
  const top = String(path[0]);
  const field = path.length >= 3 && path[0] === "folders" ? FOLDER_FIELDS[String(path[2])] : FIELDS[top];
  const fromFlag = Object.hasOwn(given, top) ? FIELDS[top]?.flag : undefined;
  // The flag too, when it gave the value or there is no file to put it in.
  const flag = fromFlag ?? (flags.config ? undefined : FIELDS[top]?.flag);
  const label = `${fieldPath(path)}${flag ? ` (${flag})` : ""}`;
  const value = valueAt(merged, path);
  // A flag's own text, not what Number() made of it.
  const flagText = fromFlag && path.length === 1 ? flags[/** @type {string} */ (fromFlag).slice(2)] : undefined;
  const shown = FIELDS[top]?.secret && path.length === 1 ? "" : `, not ${show(typeof flagText === "string" ? flagText : value)}`;
  const hint = field ? ` — ${field.hint}` : "";
  if (value === undefined) return [`${label}: required${hint}`];
  if (issue.code === "too_small" && (issue.origin === "string" || issue.origin === "array")) {
    return [`${label}: must not be empty${hint}`];
  }
  /** @type {string} */
  let problem;
  if (field?.must && (path.length === 1 || (path[0] === "folders" && path.length === 3)) && ["invalid_type", "invalid_union", "too_small", "too_big"].includes(issue.code)) {
    problem = `must be ${field.must}`;
  } else if (issue.code === "invalid_type") {
    problem = `must be ${EXPECTED[issue.expected] ?? issue.expected}`;
  } else if (issue.code === "too_small") {
    problem = `must be at least ${issue.minimum}`;
  } else if (issue.code === "too_big") {
    problem = `must be at most ${issue.maximum}`;
  } else {
    problem = issue.message;
  }
  return [`${label}: ${problem}${shown}${hint}`];
}

/** @type {Record<string, string>} */
const EXPECTED = { string: "text in quotes", number: "a number", int: "a whole number", array: "a list [...]", object: "an object {...}" };

/** folders[0].source: a field as one would find it in the file. */
function fieldPath(/** @type {(string | number)[]} */ path) {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("") || "config";
}

/**
 * @param {unknown} root
 * @param {(string | number)[]} path
 */
function valueAt(root, path) {
  /** @type {any} */
  let value = root;
  for (const key of path) value = value === null || typeof value !== "object" ? undefined : value[key];
  return value;
}

/** A value as the config file would hold it, shortened. */
function show(/** @type {unknown} */ value) {
  if (Array.isArray(value)) return "a list";
  if (value !== null && typeof value === "object") return "an object";
  if (typeof value !== "string") return String(value);
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

/**
 * The JSON file, with its relative paths taken from the file's folder, not from wherever cron
 * happens to start the tool.
 * @param {string} path
 */
async function readConfigFile(path) {
  let config;
  let text;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read the config ${path}: ${/** @type {Error} */ (error).message}`);
  }
  try {
    config = JSON.parse(text);
  } catch (error) {
    // V8 tells a position in characters: say the line and column an editor shows.
    const message = /** @type {Error} */ (error).message;
    const at = /at position (\d+)/.exec(message);
    const before = at ? text.slice(0, Number(at[1])).split("\n") : [];
    const where = at ? ` at line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}` : "";
    throw new UsageError(`the config ${path} is not valid JSON${where}: ${message.replace(/ in JSON at position \d+.*$/s, "")}`);
  }
  if (typeof config !== "object" || config === null || Array.isArray(config)) throw new UsageError(`the config ${path} must hold a JSON object`);
  const base = dirname(resolve(path));
  for (const field of ["statePath", "privateKeyPath"]) {
    if (typeof config[field] === "string") config[field] = resolve(base, config[field]);
  }
  return config;
}

/** --folder REMOTE=SOURCE, split at the last "=" (a remote path may hold one; a source cannot). */
function folderFlag(/** @type {string} */ value) {
  const at = value.lastIndexOf("=");
  if (at <= 0) throw new UsageError(`--folder "${value}" must be REMOTE_DIR=SOURCE, e.g. /outgoing/camt=main-account`);
  return { remote: value.slice(0, at), source: value.slice(at + 1) };
}

/**
 * @param {NodeJS.ProcessEnv} env
 * @param {string} field
 * @param {string} name
 */
function secret(env, field, name) {
  const value = env[name];
  if (!value) throw new UsageError(`${field} names the environment variable ${name}, which is not set`);
  return value;
}

async function readKey(/** @type {string} */ path) {
  try {
    return await readFile(path);
  } catch (error) {
    throw new UsageError(`privateKeyPath: cannot read the private key: ${/** @type {Error} */ (error).message}`);
  }
}
