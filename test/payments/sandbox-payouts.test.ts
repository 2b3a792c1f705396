import { beforeEach, describe, expect, it } from "vitest";
import { FormanceClient, paymentKey } from "../support/formance-client";
import { resetBucket } from "../support/worker";
import { action, generate, openAccount, openBeneficiary, runSandbox, SANDBOX_VARS, sandboxEnv } from "../admin/sandbox-support";

const MINUTE = 60_000;

/** A served sandbox account that has paid the beneficiary, as Formance sees them before initiating a payout. */
async function servedAccount(answerPayouts: boolean) {
  const beneficiary = await openBeneficiary({ seed: "supplier" });
  const account = await openAccount({ format: "camt053.001.08", seed: `payer-${answerPayouts}`, answerPayouts });
  await generate([{ iban: account.iban }], 5);
  await runSandbox();
  const formance = new FormanceClient();
  await formance.sync();
  expect(formance.beneficiaries.latest().has(beneficiary.iban)).toBe(true);
  return { formance, account, beneficiary };
}

const payout = (source: string, destination: string, key: string, description: string) => ({
  idempotencyKey: key, amount: "25000", currency: "EUR/2", sourceAccountId: source, destinationAccountId: destination, description,
});

describe("payouts answered by the sandbox bank", () => {
  beforeEach(resetBucket);

  for (const [kind, status, reason] of [["execute-payout", "SUCCEEDED", undefined], ["reject-payout", "FAILED", "rejected by the bank (AC01)"], ["return-payout", "FAILED", "returned (AC04)"]] as const) {
    it(`${kind}: the bank file moves the one payment Formance holds for the payout to ${status}`, async () => {
      const { formance, account, beneficiary } = await servedAccount(false);
      const response = await formance.initiate("PAYOUT", payout(account.iban, beneficiary.iban, `supplier-${kind}`, "Order 4711"), sandboxEnv);
      expect(response.status).toBe(201);
      await runSandbox(60 * MINUTE);
      await formance.sync();
      expect(formance.payments.get(paymentKey("PAYOUT", `supplier-${kind}`))?.status).toBe("PENDING");

      const answered = await action(kind, `supplier-${kind}`);
      expect(answered.file).toMatch(new RegExp(`^inbox/${account.source}/`));
      await runSandbox();
      await formance.sync();
      const initiation = formance.initiations[0]!;
      expect(formance.paymentsOf(initiation)).toEqual([paymentKey("PAYOUT", `supplier-${kind}`)]);
      const payment = formance.payments.get(paymentKey("PAYOUT", `supplier-${kind}`))!;
      expect(payment.status).toBe(status);
      if (reason) expect(payment.metadata.failureReason).toBe(reason);
      expect(formance.failures).toEqual([]);
    });
  }

  it("answers them in a run for a sandbox tenant's store, whatever SANDBOX says; not in one for another store with SANDBOX off", async () => {
    const { formance, account, beneficiary } = await servedAccount(true);
    expect((await formance.initiate("PAYOUT", payout(account.iban, beneficiary.iban, "tenant-1", "Order 1"), sandboxEnv)).status).toBe(201);
    const off = { ...SANDBOX_VARS, SANDBOX: "off" };
    await runSandbox(6 * MINUTE, { vars: off });
    await formance.sync();
    expect(formance.paymentSet()).toMatchObject({ "PAYOUT tenant-1": "PENDING 25000 EUR/2" });
    await runSandbox(6 * MINUTE, { vars: off, sandbox: true });
    await formance.sync();
    expect(formance.paymentSet()).toMatchObject({ "PAYOUT tenant-1": "SUCCEEDED 25000 EUR/2" });
  });

  it("executes a transfer between two sandbox accounts by itself: one payment for the transfer, its debit and its credit leg", async () => {
    const { formance, account } = await servedAccount(true);
    const savings = await openAccount({ format: "mt940", seed: "savings", country: "GB", currency: "EUR" });
    await generate([{ iban: savings.iban }], 2);
    await runSandbox();
    await formance.sync();
    const request = { idempotencyKey: "sweep-1", amount: "50000", currency: "EUR/2", sourceAccountId: account.iban, destinationAccountId: savings.iban, description: "Sweep" };
    expect((await formance.initiate("TRANSFER", request, sandboxEnv)).status).toBe(201);
    await runSandbox(6 * MINUTE);
    await formance.sync();
    expect(formance.paymentSet()).toMatchObject({ "TRANSFER sweep-1": "SUCCEEDED 50000 EUR/2" });
    expect(formance.paymentsOf(formance.initiations[0]!)).toEqual(["TRANSFER sweep-1"]);
    expect(formance.failures).toEqual([]);
  });

  it("answers a payout by itself once SANDBOX_PAYOUT_DELAY_MINUTES have passed: executed, or rejected when its description says so", async () => {
    const { formance, account, beneficiary } = await servedAccount(true);
    for (const [key, description] of [["rent-12", "Rent December"], ["bad-iban", "reject this one"]]) {
      expect((await formance.initiate("PAYOUT", payout(account.iban, beneficiary.iban, key!, description!), sandboxEnv)).status).toBe(201);
    }
    await runSandbox(4 * MINUTE);
    await formance.sync();
    expect(formance.paymentSet()).toMatchObject({ "PAYOUT rent-12": "PENDING 25000 EUR/2", "PAYOUT bad-iban": "PENDING 25000 EUR/2" });

    await runSandbox(6 * MINUTE);
    await formance.sync();
    expect(formance.paymentSet()).toMatchObject({ "PAYOUT rent-12": "SUCCEEDED 25000 EUR/2", "PAYOUT bad-iban": "FAILED 25000 EUR/2" });
    for (const initiation of formance.initiations) expect(formance.paymentsOf(initiation)).toHaveLength(1);

    // Answered once: later runs write nothing more.
    await runSandbox(60 * MINUTE);
    await formance.sync();
    expect(formance.paymentSet()).toMatchObject({ "PAYOUT rent-12": "SUCCEEDED 25000 EUR/2", "PAYOUT bad-iban": "FAILED 25000 EUR/2" });
  });
});
