import type { PaymentOrder, PaymentStatus } from "../model/payment";
import type { BankEntry } from "../model/statement";
import { compactIdentifier } from "../model/iban";

/** What the matcher needs to know of an initiated payment. */
export interface MatchCandidate {
  order: PaymentOrder;
  status: PaymentStatus;
  /** The statement entry that executed it. */
  transactionId?: string | undefined;
  /** The statement entry that returned it. */
  returnedBy?: string | undefined;
}

/**
 * How a statement entry relates to an initiated payment:
 * - executed: the debit on the source account that carries the payment out;
 * - returned: money coming back to the source account for it (a return, a reversal);
 * - creditLeg: a transfer arriving on the destination account (its own transaction, linked);
 * - inFlight: a pending (not yet booked) entry for it, which the booked entry will settle;
 * - lateExecution: the debit of a payment whose return was read first (files out of order).
 */
export interface Settlement {
  paymentId: string;
  outcome: "executed" | "returned" | "creditLeg" | "inFlight" | "lateExecution";
}

/** Days after the payment's creation within which an entry without reference may still be its execution. */
export const MATCH_WINDOW_DAYS = 10;

/** MT940's :61: customer reference holds 16 characters: a longer end-to-end id arrives cut. */
export const MT940_REFERENCE_LENGTH = 16;

/**
 * The payment an entry of `accountId` settles, if any. By reference first: the entry's
 * end-to-end id or customer reference is the payment's EndToEndId. Without any reference,
 * the oldest pending payment from this account with the same amount, currency and creditor
 * IBAN, booked within MATCH_WINDOW_DAYS of its creation.
 */
export function matchEntry(entry: BankEntry, accountId: string, candidates: readonly MatchCandidate[]): Settlement | undefined {
  // Most entries have no candidate (most stores have no payment initiated here): nothing to read of them.
  if (candidates.length === 0) return undefined;
  const references = [entry.endToEndId, entry.customerReference].filter((r): r is string => !!r?.trim()).map((r) => r.trim());
  if (references.length > 0) return byReference(entry, accountId, references, candidates);
  return byWindow(entry, accountId, candidates);
}

function byReference(entry: BankEntry, accountId: string, references: string[], candidates: readonly MatchCandidate[]): Settlement | undefined {
  const found = candidates.filter(({ order }) => references.some((r) => sameReference(r, order.endToEndId)));
  if (found.length !== 1) return undefined;
  const { order, status, transactionId, returnedBy } = found[0]!;
  const debit = entry.amount.minor < 0n;
  if (accountId === order.sourceAccountId) {
    const awaiting = awaitsEntry(found[0]!);
    if (entry.status !== "booked") return awaiting ? { paymentId: order.id, outcome: "inFlight" } : undefined;
    if (debit && !entry.reversal) {
      if (awaiting) return { paymentId: order.id, outcome: "executed" };
      return returnedBy && !transactionId ? { paymentId: order.id, outcome: "lateExecution" } : undefined;
    }
    const returned = entry.reversal || entry.details?.["returnReason"] !== undefined;
    return returned && status !== "FAILED" ? { paymentId: order.id, outcome: "returned" } : undefined;
  }
  if (order.type === "TRANSFER" && accountId === order.destinationId && !debit) return { paymentId: order.id, outcome: "creditLeg" };
  return undefined;
}

/**
 * Whether a payment still waits for the entry that executes it: pending, or reported settled by
 * a pain.002 (ACSC) before the statement showed its debit, which is then the same payment.
 */
function awaitsEntry({ status, transactionId }: MatchCandidate): boolean {
  return status === "PENDING" || (status === "SUCCEEDED" && !transactionId);
}

function sameReference(reference: string, endToEndId: string): boolean {
  if (reference === endToEndId) return true;
  return reference.length === MT940_REFERENCE_LENGTH && endToEndId.length > reference.length && endToEndId.startsWith(reference);
}

function byWindow(entry: BankEntry, accountId: string, candidates: readonly MatchCandidate[]): Settlement | undefined {
  const counterparty = entry.counterparty?.account;
  if (entry.amount.minor >= 0n || entry.reversal || entry.status !== "booked" || !counterparty) return undefined;
  const iban = compactIdentifier(counterparty);
  const amount = (-entry.amount.minor).toString();
  const found = candidates
    .filter((candidate) =>
      awaitsEntry(candidate) &&
      candidate.order.sourceAccountId === accountId &&
      candidate.order.amount === amount &&
      candidate.order.currency === entry.amount.currency &&
      candidate.order.creditor.iban === iban &&
      withinWindow(candidate.order.createdAt.slice(0, 10), entry.bookingDate))
    .sort((a, b) => a.order.createdAt.localeCompare(b.order.createdAt) || a.order.id.localeCompare(b.order.id));
  return found[0] && { paymentId: found[0].order.id, outcome: "executed" };
}

function withinWindow(createdDay: string, bookingDay: string): boolean {
  const days = (Date.parse(bookingDay) - Date.parse(createdDay)) / 86_400_000;
  return days >= 0 && days <= MATCH_WINDOW_DAYS;
}
