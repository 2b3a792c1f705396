import { z } from "zod";
import { DEFAULT_OUTBOX_PREFIX, SERVICE_PREFIXES } from "./store/layout";
import { PAIN001_VERSIONS } from "./model/payment";
import { SOURCE_MODES } from "./model/profile";

/**
 * The Worker's settings: every variable of wrangler.toml [vars] and every secret, each with
 * what it takes (said to the operator when a value cannot be used) and its default. Read once
 * per request and per scheduled run (readSettings), one variable at a time, so that a bad value
 * stops only what needs that setting: README's "Configuration reference" says what for each.
 */
// ISO 9362: 4 letters or digits (party), 2 letters (country), 2 letters or digits (location), optional 3 (branch).
const BIC = /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

// Comma-separated so a key can be rotated by adding the new one before removing the old.
const list = z.string().transform((value) => value.split(",").map((item) => item.trim()).filter((item) => item.length > 0));
const wholeNumber = z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().positive().max(Number.MAX_SAFE_INTEGER));
/** Minutes, 0 included, up to a week. */
const minutes = z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(0).max(7 * 24 * 60));

/** A variable unset or blank takes its default (wrangler.toml writes "" for "none"); a TOML number is read as its text. */
function variable<T extends z.ZodType<unknown, string>>(takes: string, schema: T, fallback: z.output<T>) {
  const read = (value: unknown) => (typeof value === "number" ? String(value) : typeof value === "string" && value.trim() !== "" ? value.trim() : undefined);
  return z.preprocess(read, schema.optional()).transform((value) => value ?? fallback).describe(takes);
}

export const SettingsSchema = z.object({
  // Each entry a key, or `name:key` (see src/http/auth.ts, keyring): names say who acted in the audit log.
  API_KEYS: variable("comma-separated Bearer keys", list, []),
  ADMIN_API_KEY: variable("comma-separated Bearer keys", list, []),
  ADMIN_API_KEYS: variable("comma-separated name:key Bearer keys", list, []),
  // The platform operator's: creates tenants and issues their keys (/platform), opens no tenant's data.
  PLATFORM_API_KEY: variable("comma-separated Bearer keys", list, []),
  RATE_LIMIT_PERIOD: variable("a whole number of seconds above 0", wholeNumber, 60),
  CORS_ORIGINS: variable("comma-separated origins", list, []),
  MAX_UPLOAD_BYTES: variable("a whole number of bytes above 0, such as 104857600 for 100 MiB", wholeNumber, 100 * 1024 * 1024),
  INGEST_STEP_MS: variable("a whole number of milliseconds above 0", wholeNumber, 20_000),
  MAX_R2_CALLS_PER_RUN: variable("a whole number of calls above 0, well under the plan's subrequest limit", wholeNumber, 800),
  NEW_SOURCES: variable("auto (files of a new source are published) or review (they are held for approval)", z.enum(SOURCE_MODES), "review"),
  PAYMENT_FILES: variable(`off, ${PAIN001_VERSIONS.join(" or ")}`, z.enum(["off", ...PAIN001_VERSIONS]), "off"),
  DEBTOR_NAME: variable("at most the 140 characters a pain.001 name holds", z.string().refine((name) => [...name].length <= 140), ""),
  DEBTOR_BIC: variable("a BIC of 8 or 11 letters and digits, or nothing for the IBAN-only form", z.string().transform((bic) => bic.toUpperCase()).refine((bic) => BIC.test(bic)), ""),
  PAYMENT_BATCHING: variable("request (one file per payment) or run (one file per ingestion run)", z.enum(["request", "run"]), "request"),
  OUTBOX_PREFIX: variable(
    `a folder name ending in "/", outside ${SERVICE_PREFIXES.join(", ")}`,
    z.string().refine((prefix) => prefix.endsWith("/") && !prefix.startsWith("/") && !SERVICE_PREFIXES.some((p) => prefix.startsWith(p))),
    DEFAULT_OUTBOX_PREFIX,
  ),
  // The sandbox bank (src/sandbox-bank.ts): test accounts whose files it writes into the inbox itself.
  SANDBOX: variable("on (the sandbox bank's admin routes and payout answers) or off", z.enum(["on", "off"]), "off"),
  SANDBOX_PAYOUT_DELAY_MINUTES: variable("a whole number of minutes from 0 to 10080 (a week)", minutes, 5),
});

export type SettingValues = z.output<typeof SettingsSchema>;
export type SettingName = keyof SettingValues;
/** The variables as the platform hands them over. */
export type SettingVars = { [K in SettingName]?: string | undefined };

/** Set with `wrangler secret put`, never in wrangler.toml. */
export const SECRETS: readonly SettingName[] = ["API_KEYS", "ADMIN_API_KEY", "ADMIN_API_KEYS", "PLATFORM_API_KEY"];

/** A variable with a value this service cannot work with: the operator must change it. */
export class SettingError extends Error {
  override name = "SettingError";
  constructor(readonly variable: SettingName, message: string) {
    super(message);
  }
}

export interface Settings {
  /** Each setting's value: its default where the variable is unset, blank or invalid. */
  readonly values: SettingValues;
  /** Why each variable that is set to something unusable cannot be used. */
  readonly invalid: { readonly [K in SettingName]?: SettingError };
}

const NAMES = Object.keys(SettingsSchema.shape) as SettingName[];
const MAX_QUOTED = 80;

export function readSettings(vars: SettingVars): Settings {
  const values: Record<string, unknown> = {};
  const invalid: { [K in SettingName]?: SettingError } = {};
  for (const name of NAMES) {
    const field = SettingsSchema.shape[name];
    const parsed = field.safeParse(vars[name]);
    if (parsed.success) {
      values[name] = parsed.data;
      continue;
    }
    values[name] = field.parse(undefined);
    const given = String(vars[name]).trim();
    const quoted = given.length > MAX_QUOTED ? `${given.slice(0, MAX_QUOTED)}…` : given;
    invalid[name] = new SettingError(name, `${name} is "${quoted}": use ${field.description}`);
  }
  return { values: values as SettingValues, invalid };
}

/** A setting nothing can stand in for: its value, or its SettingError for the caller to answer. */
export function requiredSetting<K extends SettingName>(settings: Settings, name: K): SettingValues[K] {
  const error = settings.invalid[name];
  if (error) throw error;
  return settings.values[name];
}

/** A setting whose default serves while its value cannot be used: the value, or the default with a logged warning. */
export function settingOrDefault<K extends SettingName>(settings: Settings, name: K): SettingValues[K] {
  const error = settings.invalid[name];
  if (error) console.warn(JSON.stringify({ event: "setting-invalid", variable: name, error: `${error.message}; using the default` }));
  return settings.values[name];
}
