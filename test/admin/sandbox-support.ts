import { expect } from "vitest";
import type { Env } from "../../src/env";
import { runIngestion } from "../../src/ingestion";
import type { RunSummary } from "../../src/model/admin";
import type { SandboxAccount, SandboxBeneficiary, SandboxEntry } from "../../src/sandbox/bank";
import { readSettings, type SettingVars } from "../../src/settings";
import { ADMIN_KEY, call, testEnv } from "../support/worker";

/** Payments on (as test/payments does) and the sandbox bank on. */
export const SANDBOX_VARS: SettingVars = { PAYMENT_FILES: "pain.001.001.09", OUTBOX_PREFIX: "outbox/", SANDBOX: "on", SANDBOX_PAYOUT_DELAY_MINUTES: "5" };
export const sandboxEnv: Env = { ...testEnv, ...SANDBOX_VARS };

export async function sandboxPost<T>(path: string, body: unknown, env: Env = sandboxEnv): Promise<T> {
  const response = await call(`/admin/sandbox${path}`, { method: "POST", key: ADMIN_KEY, env, body: JSON.stringify(body), headers: { "content-type": "application/json" } });
  expect(response.status, `${path}: ${await response.clone().text()}`).toBe(201);
  return (await response.json()) as T;
}

export const openAccount = (body: Record<string, unknown>) => sandboxPost<SandboxAccount>("/accounts", { country: "DE", name: "Acme GmbH", since: "2026-10-31", ...body });
export const openBeneficiary = (body: Record<string, unknown>) => sandboxPost<SandboxBeneficiary>("/beneficiaries", { country: "NL", name: "Northwind Traders", ...body });

export interface Generated {
  iban: string;
  files: string[];
  pending: SandboxEntry[];
}

export const generate = (accounts: { iban: string; format?: string }[], days: number) => sandboxPost<Generated[]>("/generate", { accounts, days });

export const action = (kind: string, target: string) => sandboxPost<{ file: string; entries: SandboxEntry[] }>("/actions", { kind, target });

/** An ingestion run as the cron's, the sandbox on, at `now` (later than the wall clock to be past the payout delay). */
export async function runSandbox(offsetMs = 0, options: { vars?: SettingVars; sandbox?: boolean } = {}): Promise<RunSummary> {
  const payments = readSettings(options.vars ?? SANDBOX_VARS);
  const run = await runIngestion(testEnv.STATEMENTS, { budgetMs: 60_000, newSources: "review", now: () => Date.now() + offsetMs, payments, sandbox: options.sandbox });
  expect(run.status).toBe("completed");
  return run;
}

export async function sandboxAccount(iban: string): Promise<SandboxAccount> {
  const response = await call("/admin/sandbox", { key: ADMIN_KEY, env: sandboxEnv });
  const view = (await response.json()) as { accounts: SandboxAccount[] };
  return view.accounts.find((a) => a.iban === iban)!;
}
