import { describe, expect, it } from "vitest";
import { fromMinor } from "../../src/model/money";
import type { PaymentOrder, PaymentStatus } from "../../src/model/payment";
import type { BankEntry } from "../../src/model/statement";
import { type MatchCandidate, matchEntry } from "../../src/payments/match";

const MAIN = "DE89370400440532013000";
const SUPPLIER = "DE02120300000000202051";

function candidate(id: string, endToEndId: string, status: PaymentStatus = "PENDING", createdAt = "2026-11-20T09:00:00.000Z"): MatchCandidate {
  const order: PaymentOrder = {
    id, type: "PAYOUT", idempotencyKey: endToEndId, requestHash: "h", endToEndId, amount: "1234", currency: "EUR", exponent: 2,
    sourceAccountId: MAIN, destinationId: SUPPLIER, debtor: { name: "Acme", iban: MAIN }, creditor: { name: "Supplier", iban: SUPPLIER }, createdAt,
  };
  return { order, status };
}

function entry(minor: bigint, overrides: Partial<BankEntry> = {}): BankEntry {
  return { line: 1, account: { id: MAIN }, bookingDate: "2026-11-21", amount: fromMinor(minor, "EUR"), status: "booked", ...overrides };
}

describe("matchEntry", () => {
  it("matches a cut MT940 reference only when one payment's end-to-end id starts with it", () => {
    const long = candidate("p1", "lieferung-2026-11-22-001");
    const sibling = candidate("p2", "lieferung-2026-11-22-002");
    const cut = entry(-1234n, { customerReference: "lieferung-2026-1" });
    expect(matchEntry(cut, MAIN, [long])).toEqual({ paymentId: "p1", outcome: "executed" });
    expect(matchEntry(cut, MAIN, [long, sibling])).toBeUndefined();
  });

  it("holds back a pending entry of a pending payment; the booked one settles it", () => {
    expect(matchEntry(entry(-1234n, { endToEndId: "e-1", status: "pending" }), MAIN, [candidate("p1", "e-1")])).toEqual({ paymentId: "p1", outcome: "inFlight" });
  });

  it("takes a credit back on the source account as a return only with return information or a reversal", () => {
    const paid = [candidate("p1", "e-1", "SUCCEEDED")];
    expect(matchEntry(entry(1234n, { endToEndId: "e-1" }), MAIN, paid)).toBeUndefined();
    expect(matchEntry(entry(1234n, { endToEndId: "e-1", details: { returnReason: "AC04" } }), MAIN, paid)).toEqual({ paymentId: "p1", outcome: "returned" });
    expect(matchEntry(entry(-1234n, { endToEndId: "e-1", reversal: true }), MAIN, paid)).toEqual({ paymentId: "p1", outcome: "returned" });
  });

  it("does not execute a payment twice: a second debit with its reference is an entry of its own", () => {
    expect(matchEntry(entry(-1234n, { endToEndId: "e-1" }), MAIN, [{ ...candidate("p1", "e-1", "SUCCEEDED"), transactionId: "d" }])).toBeUndefined();
    const returned = { ...candidate("p1", "e-1", "FAILED"), returnedBy: "r", transactionId: "d" };
    expect(matchEntry(entry(-1234n, { endToEndId: "e-1" }), MAIN, [returned])).toBeUndefined();
  });

  it("takes the debit of a payment a status report settled (ACSC) before any entry as its execution, its pending entry as in flight", () => {
    expect(matchEntry(entry(-1234n, { endToEndId: "e-1" }), MAIN, [candidate("p1", "e-1", "SUCCEEDED")])).toEqual({ paymentId: "p1", outcome: "executed" });
    expect(matchEntry(entry(-1234n, { endToEndId: "e-1", status: "pending" }), MAIN, [candidate("p1", "e-1", "SUCCEEDED")])).toEqual({ paymentId: "p1", outcome: "inFlight" });
  });

  it("takes the debit of a payment whose return came first as its late execution; a rejected payment has none", () => {
    const returned = { ...candidate("p1", "e-1", "FAILED"), returnedBy: "r" };
    expect(matchEntry(entry(-1234n, { endToEndId: "e-1" }), MAIN, [returned])).toEqual({ paymentId: "p1", outcome: "lateExecution" });
    expect(matchEntry(entry(-1234n, { endToEndId: "e-1" }), MAIN, [candidate("p1", "e-1", "FAILED")])).toBeUndefined();
  });

  describe("without reference", () => {
    const to = (account: string) => ({ counterparty: { account } });
    it("settles the oldest pending payment of the same amount to the same IBAN", () => {
      const older = candidate("old", "e-1", "PENDING", "2026-11-19T09:00:00.000Z");
      const newer = candidate("new", "e-2");
      expect(matchEntry(entry(-1234n, to("DE02 1203 0000 0000 2020 51")), MAIN, [newer, older])).toEqual({ paymentId: "old", outcome: "executed" });
    });

    it.each([
      ["another amount", entry(-1235n, to(SUPPLIER))],
      ["another IBAN", entry(-1234n, to("FR1420041010050500013M02606"))],
      ["another currency", { ...entry(-1234n, to(SUPPLIER)), amount: fromMinor(-1234n, "CHF") }],
      ["booked before the payment was made", entry(-1234n, { ...to(SUPPLIER), bookingDate: "2026-11-19" })],
      ["booked after the window", entry(-1234n, { ...to(SUPPLIER), bookingDate: "2026-12-01" })],
      ["not booked yet", entry(-1234n, { ...to(SUPPLIER), status: "pending" })],
      ["a reference of something else", entry(-1234n, { ...to(SUPPLIER), endToEndId: "other" })],
    ])("leaves an entry alone with %s", (_why, e) => {
      expect(matchEntry(e, MAIN, [candidate("p1", "e-1")])).toBeUndefined();
    });
  });
});
