import { beforeEach, describe, expect, it } from "vitest";
import type { Env } from "../../src/env";
import type { AdminPayment } from "../../src/model/admin";
import type { SandboxAccount, SandboxBeneficiary } from "../../src/sandbox/bank";
import { call, resetBucket } from "../support/worker";
import { createTenant, env as platformEnv, json } from "../tenants/support";

/** A deployment with SANDBOX off and payments on: only a tenant created as a sandbox has the sandbox bank. */
const env: Env = { ...platformEnv, SANDBOX: "off", PAYMENT_FILES: "pain.001.001.09", SANDBOX_PAYOUT_DELAY_MINUTES: "0" };

async function post<T>(key: string, path: string, body: unknown, status = 201): Promise<T> {
  const response = await call(path, { ...json(body), key, env });
  expect(response.status, `${path}: ${await response.clone().text()}`).toBe(status);
  return (await response.json()) as T;
}

describe("the sandbox bank for a tenant created as a sandbox", () => {
  beforeEach(resetBucket);

  it("serves its admin routes and answers its payouts with SANDBOX off, in its own folder; another tenant gets 501", async () => {
    const sandbox = await createTenant("demo", { sandbox: true });
    const other = await createTenant("live");
    expect((await call("/admin/sandbox", { key: other.admin, env })).status).toBe(501);

    const beneficiary = await post<SandboxBeneficiary>(sandbox.admin, "/admin/sandbox/beneficiaries", { country: "FR", name: "Fournisseur SA", seed: "f" });
    const account = await post<SandboxAccount>(sandbox.admin, "/admin/sandbox/accounts", { country: "NL", name: "Demo BV", format: "mt940", seed: "demo", since: "2026-10-31" });
    await post(sandbox.admin, "/admin/sandbox/generate", { accounts: [{ iban: account.iban }], days: 5 });
    await post(sandbox.admin, "/admin/ingest", {}, 200);
    const payout = { idempotencyKey: "demo-1", amount: "1000", currency: "EUR/2", sourceAccountId: account.iban, destinationAccountId: beneficiary.iban, description: "Demo" };
    await post(sandbox.connector, "/payouts", payout);
    await post(sandbox.admin, "/admin/ingest", {}, 200);

    const payments = (await (await call("/admin/payments", { key: sandbox.admin, env })).json()) as AdminPayment[];
    expect(payments.map((p) => `${p.idempotencyKey} ${p.status}`)).toEqual(["demo-1 SUCCEEDED"]);
    const otherView = await call("/admin/files", { key: other.admin, env });
    expect(await otherView.json()).toEqual([]);
  });
});
