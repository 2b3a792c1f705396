import { describe, expect, it } from "vitest";
import { runIngestion } from "../../src/ingestion";
import { readSettings, type SettingVars } from "../../src/settings";
import { faultedWrites, faultyBucket } from "../support/faulty-bucket";
import { servedTransactions } from "../support/published";
import { putInbox, testEnv } from "../support/worker";
import { adminPayments, camt, envWith, MAIN, outboxKeys, payment, post, servedAccounts, SUPPLIER } from "./support";

/** What the connector and the operator see, without publication times and what is made up per attempt (ids, file names, times). */
async function served() {
  const transactions = await servedTransactions();
  const payments = await adminPayments();
  const state = {
    transactions: transactions.map(({ metadata, ...t }) => ({ ...t, file: metadata?.["paymentFile"] !== undefined })).sort((a, b) => a.id.localeCompare(b.id)),
    payments: payments.map(({ file, ...p }) => ({ ...p, file: file !== null })),
    files: (await outboxKeys()).length,
  };
  const made = payments.flatMap((p) => [p.id, p.createdAt]);
  return JSON.parse(made.reduce((text, value, i) => text.replaceAll(value, `<made-up ${i}>`), JSON.stringify(state))) as typeof state;
}

async function prepare(vars: SettingVars): Promise<void> {
  await servedAccounts();
  expect((await post("/payouts", payment(), envWith(vars))).status).toBe(201);
  await putInbox("main", "execution.xml", camt(MAIN, [{ amount: "12.34", ref: "EXEC-1", endToEndId: "invoice-4711", party: { name: "Lieferant", iban: SUPPLIER } }]));
}

describe.each([
  ["request", { PAYMENT_FILES: "pain.001.001.03" }],
  ["run", { PAYMENT_FILES: "pain.001.001.03", PAYMENT_BATCHING: "run" }],
] as const)("a run that publishes and settles a payment (PAYMENT_BATCHING=%s), stopped at any write", (_mode, vars) => {
  it.each(["before", "after"] as const)("(failing %s the write) ends as a clean run does: one file, the payment settled once", async (fault) => {
    const clock = { t: Date.now() };
    const options = { budgetMs: 60_000, now: () => clock.t, payments: readSettings(vars) };
    await prepare(vars);
    await runIngestion(testEnv.STATEMENTS, options);
    const clean = await served();
    expect(clean.files).toBe(1);
    expect(clean.payments).toEqual([expect.objectContaining({ status: "SUCCEEDED", file: true })]);

    await prepare(vars);
    const probe = faultyBucket(Number.POSITIVE_INFINITY);
    await runIngestion(probe.bucket, options);
    const total = probe.writes();

    for (const k of faultedWrites(total)) {
      await prepare(vars);
      // The fault never escapes the run: the file meeting it is tried again, or the run stops as "failed".
      const faulty = faultyBucket(k, fault);
      await runIngestion(faulty.bucket, options);
      expect(faulty.writes(), `write ${k} of ${total} was never reached`).toBeGreaterThanOrEqual(k);
      expect((await outboxKeys()).length, `files after a fault at write ${k}`).toBeLessThanOrEqual(1);
      clock.t += 16 * 60_000;
      for (let run = 0; run < 3; run++) await runIngestion(testEnv.STATEMENTS, options);
      expect(await served(), `after a fault at write ${k}`).toEqual(clean);
    }
  }, 120_000);
});
