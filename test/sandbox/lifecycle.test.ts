import { describe, expect, it } from "vitest";
import { detectKind, PARSERS } from "../../src/ingest/detect";
import { textChunks } from "../../src/formats/lines";
import type { StatementEvent } from "../../src/model/statement";
import { openAccount, openBeneficiary } from "../../src/sandbox/accounts";
import type { SandboxAccount, SandboxFile, SandboxFormat } from "../../src/sandbox/bank";
import { generateFiles } from "../../src/sandbox/generate";
import { bookPending, executePayout, rejectPayout, returnPayout, SandboxError, type SandboxPayment, undoEntry } from "../../src/sandbox/lifecycle";
import { sourceProfile } from "../../src/sandbox/profile";
import { collect } from "../support/parsing";

const CREATED = "2026-12-01T06:00:00.000Z";
const supplier = openBeneficiary("NL", "Northwind Traders", "b1");

async function parse(file: SandboxFile, account: SandboxAccount): Promise<StatementEvent[]> {
  const kind = detectKind(file.text.slice(0, 4096));
  return collect(PARSERS[kind](textChunks(file.text), { fileName: file.name, source: account.source, profile: sourceProfile(account) }));
}

const entries = async (file: SandboxFile, account: SandboxAccount) => (await parse(file, account)).flatMap((e) => (e.type === "entry" ? [e.entry] : []));
const balances = async (file: SandboxFile, account: SandboxAccount) =>
  (await parse(file, account)).flatMap((e) => (e.type === "balance" ? [`${e.balance.kind} ${e.balance.amount.minor}`] : []));

function month(format: SandboxFormat) {
  const start = openAccount({ country: "DE", name: "Acme GmbH", format, since: "2026-10-31", seed: `life-${format}` });
  return generateFiles(start, 30, [supplier], CREATED);
}

const payment: SandboxPayment = {
  id: "payout_1", endToEndId: "invoice-4711", amount: "12345", currency: "EUR",
  creditor: { name: supplier.name, iban: supplier.iban }, debtor: { name: "Acme GmbH", iban: "DE89370400440532013000" }, description: "Invoice 4711", messageId: "SC20261201", instructionId: "SC20261201-1",
};

describe("sandbox lifecycle files read back through the parsers", () => {
  for (const format of ["camt053.001.02", "camt053.001.08", "mt940", "bai2", "csv"] as const) {
    it(`${format}: returns and reversals of a booked entry, with the original's references, and balances that follow on`, async () => {
      const { account } = month(format);
      const payin = account.recent.find((e) => e.kind === "customer-payment")!;
      const returned = undoEntry(account, payin.id, "return", "2026-12-01", CREATED);
      const [back] = await entries(returned.file, account);
      expect(back).toMatchObject({ amount: { minor: -BigInt(payin.amount) }, endToEndId: payin.endToEndId, bookingDate: "2026-12-01", details: { returnReason: "MD06" } });
      expect(back!.counterparty).toMatchObject({ name: payin.counterparty!.name, account: payin.counterparty!.iban });
      expect(await balances(returned.file, account)).toEqual([`opening ${account.balance}`, `closing ${BigInt(account.balance) - BigInt(payin.amount)}`]);
      expect(() => undoEntry(returned.account, payin.id, "reverse", "2026-12-01", CREATED)).toThrow(SandboxError);

      const other = returned.account.recent.find((e) => e.kind === "supplier")!;
      const reversed = undoEntry(returned.account, other.id, "reverse", "2026-12-01", CREATED);
      const [undone] = await entries(reversed.file, account);
      expect(undone).toMatchObject({ amount: { minor: -BigInt(other.amount) }, reversal: true, endToEndId: other.endToEndId });
      expect(reversed.account.statementNumber).toBe(returned.account.statementNumber + 1);
      // As the file says it (a CSV account's bank sends its returns as a CAMT.053).
      expect([back!.undoes, undone!.undoes]).toEqual(["return", "reversal"]);
    });
  }

  for (const format of ["camt053.001.08", "mt940"] as const) {
    it(`${format}: a pending entry booked on its day under the same reference; a payout executed, returned, or rejected by a pain.002`, async () => {
      const { account, pending } = month(format);
      const booked = bookPending(account, pending[0]!.id, CREATED);
      const [entry] = await entries(booked.file, account);
      expect(entry).toMatchObject({ status: "booked", bankReference: pending[0]!.id, bookingDate: pending[0]!.day, amount: { minor: BigInt(pending[0]!.amount) } });
      expect(() => bookPending(booked.account, pending[0]!.id, CREATED)).toThrow(/already booked/);

      const executed = executePayout(booked.account, payment, "2026-12-02", CREATED);
      const [debit] = await entries(executed.file, account);
      expect(debit).toMatchObject({ amount: { minor: -12345n }, endToEndId: "invoice-4711", counterparty: { account: supplier.iban } });
      const returned = returnPayout(executed.account, payment, "2026-12-03", CREATED);
      const [credit] = await entries(returned.file, account);
      expect(credit).toMatchObject({ amount: { minor: 12345n }, endToEndId: "invoice-4711", details: { returnReason: "AC04" } });

      const rejected = rejectPayout(account, { ...payment, id: "payout_2" }, CREATED);
      const reports = (await parse(rejected.file, account)).flatMap((e) => (e.type === "paymentStatus" ? [e.report] : []));
      expect(reports).toEqual([expect.objectContaining({ messageId: "SC20261201", instructionId: "SC20261201-1", endToEndId: "invoice-4711", status: "RJCT", reason: "AC01" })]);
      expect(() => executePayout(rejected.account, { ...payment, id: "payout_2" }, "2026-12-02", CREATED)).toThrow(/already rejected/);
    });
  }
});
