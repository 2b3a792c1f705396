// @ts-check
// The sftp-sync settings: a JSON file, flags over it, checked in one place, secrets from the environment.
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { UsageError } from "./args.mjs";

const Fingerprint = z
  .string()
  .regex(/^(SHA256:)?[A-Za-z0-9+/]{43}=?$/, 'must be a SHA-256 host key fingerprint as ssh-keygen -l prints it ("SHA256:" and 43 base64 characters)');

const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be the name of an environment variable");

const Pattern = z.string().refine((text) => {
  try {
    return Boolean(new RegExp(text));
  } catch {
    return false;
  }
}, "must be a valid regular expression");

const ConfigSchema = z
  .strictObject({
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
  })
  .refine((c) => c.passwordEnv || c.privateKeyPath || c.privateKeyEnv, {
    message: "give a way to log in: passwordEnv, privateKeyPath or privateKeyEnv",
  });

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
  const merged = { ...fromFile, ...Object.fromEntries(Object.entries(fromFlags).filter(([, v]) => v !== undefined)) };
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`).join("; ");
    throw new UsageError(`sftp-sync settings are not valid: ${problems}`);
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
 * The JSON file, with its relative paths taken from the file's folder, not from wherever cron
 * happens to start the tool.
 * @param {string} path
 */
async function readConfigFile(path) {
  let config;
  try {
    config = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new UsageError(`cannot read the config ${path}: ${/** @type {Error} */ (error).message}`);
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
    throw new UsageError(`cannot read the private key: ${/** @type {Error} */ (error).message}`);
  }
}
