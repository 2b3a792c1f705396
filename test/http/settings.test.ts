import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import readme from "../../README.md?raw";
import worker from "../../src/index";
import { ErrorSchema } from "../../src/model/contract";
import { readSettings, SECRETS, type SettingName, SettingsSchema } from "../../src/settings";
import wranglerToml from "../../wrangler.toml?raw";
import { RunSummarySchema } from "../../src/model/admin";
import { envWith, payment, post } from "../payments/support";
import { ADMIN_KEY, call, getJson, putInbox, resetBucket, testEnv } from "../support/worker";

// The Worker's settings as read from its variables; what a variable set to something the
// service cannot use stops, and what it leaves alone, as README's "Configuration reference" says.
beforeEach(resetBucket);

const NAMES = Object.keys(SettingsSchema.shape) as SettingName[];
afterEach(() => vi.restoreAllMocks());

const csv = "Date,Description,Amount,Currency\n2026-11-01,Salary,1.00,EUR\n";
const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;

/** The warnings logged about settings, as the variables they name. */
function settingWarnings() {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  return () => warn.mock.calls.map(([line]) => JSON.parse(String(line)) as { event: string; variable: string; error: string }).filter((w) => w.event === "setting-invalid");
}

describe("readSettings", () => {
  it("gives every default when nothing is set, or set blank as wrangler.toml writes none", () => {
    const defaults = {
      API_KEYS: [], ADMIN_API_KEY: [], ADMIN_API_KEYS: [], PLATFORM_API_KEY: [], RATE_LIMIT_PERIOD: 60, CORS_ORIGINS: [], MAX_UPLOAD_BYTES: 104_857_600, INGEST_STEP_MS: 20_000, MAX_R2_CALLS_PER_RUN: 800,
      NEW_SOURCES: "review", PAYMENT_FILES: "off", DEBTOR_NAME: "", DEBTOR_BIC: "", PAYMENT_BATCHING: "request", OUTBOX_PREFIX: "outbox/",
      SANDBOX: "off", SANDBOX_PAYOUT_DELAY_MINUTES: 5,
    };
    expect(readSettings({})).toEqual({ values: defaults, invalid: {} });
    expect(readSettings(Object.fromEntries(NAMES.map((name) => [name, "  "])))).toEqual({ values: defaults, invalid: {} });
  });

  it("reads values as the operator writes them: trimmed, lists split at commas, a BIC in capitals, a TOML number as its text", () => {
    const { values, invalid } = readSettings({
      API_KEYS: " key-1, key-2 ,, ", CORS_ORIGINS: "https://ops.example", MAX_UPLOAD_BYTES: 1000 as unknown as string,
      INGEST_STEP_MS: " 5000 ", PAYMENT_FILES: "pain.001.001.09", DEBTOR_BIC: "cobadeffxxx", PAYMENT_BATCHING: "run", OUTBOX_PREFIX: "to-bank/",
    });
    expect(invalid).toEqual({});
    expect(values).toMatchObject({
      API_KEYS: ["key-1", "key-2"], CORS_ORIGINS: ["https://ops.example"], MAX_UPLOAD_BYTES: 1000, INGEST_STEP_MS: 5000,
      PAYMENT_FILES: "pain.001.001.09", DEBTOR_BIC: "COBADEFFXXX", PAYMENT_BATCHING: "run", OUTBOX_PREFIX: "to-bank/",
    });
  });

  it.each([
    ["MAX_UPLOAD_BYTES", "100MB", 'MAX_UPLOAD_BYTES is "100MB": use a whole number of bytes above 0, such as 104857600 for 100 MiB'],
    ["MAX_UPLOAD_BYTES", "0", 'MAX_UPLOAD_BYTES is "0": use a whole number of bytes above 0'],
    ["MAX_UPLOAD_BYTES", "-5", 'MAX_UPLOAD_BYTES is "-5": use a whole number of bytes above 0'],
    ["INGEST_STEP_MS", "20s", 'INGEST_STEP_MS is "20s": use a whole number of milliseconds above 0'],
    ["RATE_LIMIT_PERIOD", "1m", 'RATE_LIMIT_PERIOD is "1m": use a whole number of seconds above 0'],
    ["NEW_SOURCES", "reveiw", 'NEW_SOURCES is "reveiw": use auto (files of a new source are published) or review (they are held for approval)'],
    ["PAYMENT_FILES", "pain.001", 'PAYMENT_FILES is "pain.001": use off, pain.001.001.03 or pain.001.001.09'],
    ["PAYMENT_BATCHING", "daily", 'PAYMENT_BATCHING is "daily": use request (one file per payment) or run (one file per ingestion run)'],
    ["DEBTOR_BIC", "NOT A BIC", 'DEBTOR_BIC is "NOT A BIC": use a BIC of 8 or 11 letters and digits'],
    ["DEBTOR_NAME", "x".repeat(141), `DEBTOR_NAME is "${"x".repeat(80)}…": use at most the 140 characters a pain.001 name holds`],
    ["OUTBOX_PREFIX", "inbox/out/", 'OUTBOX_PREFIX is "inbox/out/": use a folder name ending in "/", outside inbox/, state/, config/, payments/'],
    ["OUTBOX_PREFIX", "outbox", 'OUTBOX_PREFIX is "outbox": use a folder name ending in "/"'],
    ["OUTBOX_PREFIX", "sandbox/out/", 'OUTBOX_PREFIX is "sandbox/out/": use a folder name ending in "/", outside inbox/, state/, config/, payments/, audit/, sandbox/'],
    ["SANDBOX", "yes", 'SANDBOX is "yes": use on (the sandbox bank'],
    ["SANDBOX_PAYOUT_DELAY_MINUTES", "5m", 'SANDBOX_PAYOUT_DELAY_MINUTES is "5m": use a whole number of minutes from 0 to 10080'],
  ] as const)("names %s and the values it takes when it is %j, and holds the default in its place", (name, value, message) => {
    const settings = readSettings({ [name]: value });
    expect(Object.keys(settings.invalid)).toEqual([name]);
    expect(settings.invalid[name]!.message.startsWith(message)).toBe(true);
    expect(settings.invalid[name]!.variable).toBe(name);
    expect(settings.values[name]).toEqual(readSettings({}).values[name]);
  });

  it("reads each variable alone: one bad value leaves the others as set", () => {
    const settings = readSettings({ MAX_UPLOAD_BYTES: "100MB", INGEST_STEP_MS: "5000", PAYMENT_FILES: "pain.001.001.03" });
    expect(Object.keys(settings.invalid)).toEqual(["MAX_UPLOAD_BYTES"]);
    expect(settings.values).toMatchObject({ INGEST_STEP_MS: 5000, PAYMENT_FILES: "pain.001.001.03" });
  });
});

describe("every setting is documented where an operator looks for it", () => {
  it("in README's configuration reference, and only those with the bindings", () => {
    const reference = readme.slice(readme.indexOf("## Configuration reference"), readme.indexOf("\n### ", readme.indexOf("## Configuration reference")));
    const documented = [...reference.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.filter((name) => !["STATEMENTS", "RATE_LIMITER"].includes(name!)).sort()).toEqual([...NAMES].sort());
  });

  it("in wrangler.toml: every variable in [vars] with its default, every secret only in a comment", () => {
    const vars = wranglerToml.slice(wranglerToml.indexOf("\n[vars]\n"), wranglerToml.indexOf("\n[[", wranglerToml.indexOf("\n[vars]\n")));
    const declared = Object.fromEntries([...vars.matchAll(/^([A-Z0-9_]+) = "(.*)"$/gm)].map((m) => [m[1], m[2]]));
    const variables = NAMES.filter((name) => !SECRETS.includes(name));
    expect(Object.keys(declared).sort()).toEqual([...variables].sort());
    // What wrangler.toml sets is what the Worker does when nothing is set.
    expect(readSettings(declared)).toEqual(readSettings({}));
    for (const secret of SECRETS) expect(vars).toMatch(new RegExp(`^#\\s+${secret}\\s`, "m"));
  });
});

describe("INGEST_STEP_MS set to something unusable", () => {
  it("the cron trigger runs with the default budget, logging which variable to fix", async () => {
    await putInbox("main", "statement.csv", csv);
    const warnings = settingWarnings();
    await worker.scheduled!({ cron: "*/5 * * * *", scheduledTime: Date.now(), noRetry: () => {} } as ScheduledController, { ...testEnv, INGEST_STEP_MS: "20s" }, ctx);
    const [run] = RunSummarySchema.array().parse(await getJson("/admin/runs", ADMIN_KEY));
    expect(run).toMatchObject({ status: "completed", files: [{ key: "inbox/main/statement.csv", state: "ingested" }] });
    expect(warnings()).toEqual([expect.objectContaining({ variable: "INGEST_STEP_MS", error: expect.stringMatching(/INGEST_STEP_MS is "20s": use a whole number of milliseconds above 0; using the default/) })]);
  });

  it("POST /admin/ingest runs as well", async () => {
    await putInbox("main", "statement.csv", csv);
    const warnings = settingWarnings();
    const response = await call("/admin/ingest", { method: "POST", key: ADMIN_KEY, env: { ...testEnv, INGEST_STEP_MS: "-1" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "completed", files: [{ state: "ingested" }] });
    expect(warnings().map((w) => w.variable)).toEqual(["INGEST_STEP_MS"]);
  });
});

describe("RATE_LIMIT_PERIOD set to something unusable", () => {
  it("a 429 still goes out, telling the client the default 60 seconds", async () => {
    const warnings = settingWarnings();
    const refuse = { limit: async () => ({ success: false }) } as unknown as RateLimit;
    const refused = await call("/accounts", { env: { ...testEnv, RATE_LIMITER: refuse, RATE_LIMIT_PERIOD: "a minute" } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(warnings().map((w) => w.variable)).toEqual(["RATE_LIMIT_PERIOD"]);
  });
});

describe("a payment variable set to something unusable", () => {
  const env = envWith({ PAYMENT_FILES: "pain.001.001.03", OUTBOX_PREFIX: "state/" });
  const detail = 'OUTBOX_PREFIX is "state/": use a folder name ending in "/", outside inbox/, state/, config/, payments/';

  it("answers 503 naming it on the payment endpoints and the outbox", async () => {
    for (const response of [await post("/payouts", payment(), env), await post("/transfers", payment(), env), await call("/admin/outbox/x.xml", { key: ADMIN_KEY, env })]) {
      expect(response.status).toBe(503);
      expect(ErrorSchema.parse(await response.json()).Detail).toContain(detail);
    }
  });

  it("leaves the contract's reads, uploads and ingestion alone", async () => {
    expect((await call("/accounts", { env })).status).toBe(200);
    const upload = await call("/admin/files/main/statement.csv", { method: "PUT", key: ADMIN_KEY, env, body: csv, headers: { "content-length": String(csv.length) } });
    expect(upload.status).toBe(201);
    const run = await call("/admin/ingest", { method: "POST", key: ADMIN_KEY, env });
    expect(await run.json()).toMatchObject({ status: "completed", files: [{ state: "ingested" }] });
  });
});
