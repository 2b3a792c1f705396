import { beforeEach, describe, expect, it } from "vitest";
import type { AdminAccount, AdminFile } from "../../src/model/admin";
import { FormanceClient, paymentKey } from "../support/formance-client";
import { ADMIN_KEY, call, resetBucket, testEnv } from "../support/worker";
import { action, generate, openAccount, openBeneficiary, runSandbox, sandboxAccount, sandboxEnv } from "./sandbox-support";

/** Each account's continuity breaks, as GET /admin/accounts lists them. */
async function breaks(ibans: string[]): Promise<[string, unknown[]][]> {
  const view = (await (await call("/admin/accounts", { key: ADMIN_KEY })).json()) as AdminAccount[];
  return ibans.map((iban) => [iban, view.find((a) => a.id === iban)!.breaks]);
}

const files = async () => (await (await call("/admin/files", { key: ADMIN_KEY })).json()) as AdminFile[];

describe("the sandbox bank's admin API", () => {
  beforeEach(resetBucket);

  it("answers 501 while SANDBOX is off, saying how to turn it on", async () => {
    for (const [method, path] of [["GET", "/admin/sandbox"], ["POST", "/admin/sandbox/accounts"], ["POST", "/admin/sandbox/generate"], ["POST", "/admin/sandbox/actions"]] as const) {
      const response = await call(path, { method, key: ADMIN_KEY, env: testEnv, body: method === "POST" ? "{}" : undefined, headers: { "content-type": "application/json" } });
      expect(response.status, path).toBe(501);
      expect(((await response.json()) as { Detail: string }).Detail).toMatch(/SANDBOX = "on"/);
    }
  });

  it("refuses an unknown target with 404 and an action past its point with 409", async () => {
    const account = await openAccount({ format: "camt053.001.08", seed: "errors" });
    const unknown = await call("/admin/sandbox/actions", { method: "POST", key: ADMIN_KEY, env: sandboxEnv, body: JSON.stringify({ kind: "return", target: "S0000000000042" }), headers: { "content-type": "application/json" } });
    expect(unknown.status).toBe(404);
    const [generated] = await generate([{ iban: account.iban }], 2);
    const pending = generated!.pending[0]!.id;
    await action("book-pending", pending);
    const again = await call("/admin/sandbox/actions", { method: "POST", key: ADMIN_KEY, env: sandboxEnv, body: JSON.stringify({ kind: "book-pending", target: pending }), headers: { "content-type": "application/json" } });
    expect(again.status).toBe(409);
    const bad = await call("/admin/sandbox/accounts", { method: "POST", key: ADMIN_KEY, env: sandboxEnv, body: JSON.stringify({ country: "US", name: "x", format: "csv" }), headers: { "content-type": "application/json" } });
    expect(bad.status).toBe(400);
  });

  it("generates a month per account in each format into the inbox, published by the normal ingestion with balances that add up", async () => {
    await openBeneficiary({ seed: "b" });
    const formats = ["camt053.001.02", "camt053.001.08", "mt940", "bai2", "csv"];
    const accounts = await Promise.all(formats.map((format, i) => openAccount({ format, seed: `month-${i}`, country: ["DE", "NL", "FR", "GB", "DE"][i] })));
    const generated = await generate(accounts.map((a) => ({ iban: a.iban })), 30);
    await runSandbox();
    const records = await files();
    expect(records.filter((f) => f.key.includes("/sandbox-")).map((f) => `${f.key.split("/").at(-1)} ${f.state}`).sort()).toEqual(
      generated.flatMap((g) => g.files).map((key) => `${key.split("/").at(-1)} ingested`).sort(),
    );
    const formance = new FormanceClient();
    await formance.sync();
    expect(formance.failures).toEqual([]);
    for (const account of accounts) {
      const stored = await sandboxAccount(account.iban);
      const served = formance.balances.get(account.iban)!;
      expect(served.balances.map((b) => b.amount), account.format).toEqual([BigInt(stored.balance)]);
    }
    // The second month continues each chain: no continuity break.
    await generate(accounts.map((a) => ({ iban: a.iban })), 5);
    await runSandbox();
    expect(await breaks(accounts.map((a) => a.iban))).toEqual(accounts.map((a) => [a.iban, []]));
  });

  for (const format of ["camt053.001.08", "mt940"] as const) {
    it(`${format}: a pending entry booked the next day is the same transaction id, PENDING then SUCCEEDED`, async () => {
      const account = await openAccount({ format, seed: `pending-${format}` });
      const [generated] = await generate([{ iban: account.iban }], 3);
      await runSandbox();
      const formance = new FormanceClient();
      await formance.sync();
      const pending = generated!.pending[0]!;
      const served = [...formance.transactions.latest().values()].filter((t) => t.status === "PENDING");
      expect(served).toHaveLength(1);
      const id = String(served[0]!.id);
      expect(formance.payments.get(paymentKey("PAYOUT", id))?.status).toBe("PENDING");

      await action("book-pending", pending.id);
      await runSandbox();
      await formance.sync();
      const payment = formance.payments.get(paymentKey("PAYOUT", id))!;
      expect(payment.adjustments.map((a) => a.status)).toEqual(["PENDING", "SUCCEEDED"]);
      expect(payment.amount).toBe(-BigInt(pending.amount));
      expect([...formance.payments.values()].filter((p) => p.metadata.bankReference === pending.id)).toHaveLength(1);
    });
  }

  for (const format of ["camt053.001.02", "camt053.001.08", "mt940", "bai2", "csv"]) {
    it(`${format}: a payment returned or reversed by the bank moves on, in Formance, as the one payment it was`, async () => {
      const account = await openAccount({ format, seed: `undo-${format}` });
      await generate([{ iban: account.iban }], 10);
      await runSandbox();
      const stored = await sandboxAccount(account.iban);
      const payin = stored.recent.find((e) => e.kind === "customer-payment")!;
      const card = stored.recent.find((e) => e.kind === "card")!;
      await action("return", payin.id);
      await action("reverse", card.id);
      await runSandbox();
      const formance = new FormanceClient();
      await formance.sync();
      expect(formance.failures).toEqual([]);
      expect(formance.balances.get(account.iban)!.balances.map((b) => b.amount)).toEqual([BigInt((await sandboxAccount(account.iban)).balance)]);
      expect(await breaks([account.iban])).toEqual([[account.iban, []]]);
      const served = [...formance.transactions.latest().values()];
      const idOf = (bankReference: string) => served.find((t) => (t.metadata as Record<string, string>).bankReference === bankReference)!.id as string;
      const undone = (await sandboxAccount(account.iban)).recent.filter((e) => e.original !== undefined);
      // The payin, returned: FAILED; the card payment, reversed: FAILED (a payout the bank took back).
      const payinPayment = formance.payments.get(paymentKey("PAYIN", idOf(payin.id)))!;
      expect(payinPayment.adjustments.map((a) => a.status)).toEqual(["SUCCEEDED", "FAILED"]);
      expect(payinPayment.metadata).toMatchObject({ undoes: "return", returnReason: "MD06" });
      const cardPayment = formance.payments.get(paymentKey("PAYOUT", idOf(card.id)))!;
      const reversal = undone.find((e) => e.original === card.id)!;
      if (format === "csv") {
        // A CSV export names a card payment by nothing its reversal carries: the reversal stays a payment of its own, saying why.
        expect(cardPayment.adjustments.map((a) => a.status)).toEqual(["SUCCEEDED"]);
        const own = formance.payments.get(paymentKey("PAYIN", idOf(reversal.id)))!;
        expect(own.metadata["unlinkedReason"]).toMatch(/^no entry of the account with reference CARD-/);
        expect(formance.payments.size).toBe(served.length - 1);
        return;
      }
      expect(cardPayment.adjustments.map((a) => a.status)).toEqual(["SUCCEEDED", "FAILED"]);
      // The return and the reversal are adjustments, not payments of their own.
      for (const entry of undone) expect([...formance.payments.values()].filter((p) => p.reference === idOf(entry.id))).toEqual([]);
      expect(formance.payments.size).toBe(served.length - undone.length);
    });
  }
});
