import type { Day } from "../model/day";
import type { SandboxAccount, SandboxEntry, SandboxFile } from "./bank";
import { closeStatement, withReferences } from "./chain";
import { lifecycleFormat, messageId, fileName, statementFile } from "./files";
import { pain002 } from "./pain002";
import type { Activity } from "./activity";

/** A lifecycle action that cannot be done: the entry or payment is unknown, or already past that point. */
export class SandboxError extends Error {
  override name = "SandboxError";
  constructor(readonly kind: "not-found" | "conflict", message: string) {
    super(message);
  }
}

/** What the bank knows of a payment initiated through the service: the pain.001 it was sent. */
export interface SandboxPayment {
  id: string;
  endToEndId: string;
  /** Minor units, positive. */
  amount: string;
  currency: string;
  creditor: { name: string; iban: string };
  /** The account paying: for a transfer, the other side of its credit. */
  debtor: { name: string; iban: string };
  description?: string | undefined;
  /** The pain.001 message and payment instruction it came in. */
  messageId?: string | undefined;
  instructionId?: string | undefined;
}

export interface ActionOutcome {
  account: SandboxAccount;
  file: SandboxFile;
  /** The entries the file books (none for a status report). */
  entries: SandboxEntry[];
}

/** A statement of the account on `day` with these entries, in the account's lifecycle format. */
function lifecycleStatement(account: SandboxAccount, day: Day, activity: Activity[], createdAt: string, what: string, booked: SandboxEntry[] = []): ActionOutcome {
  const made = withReferences(account, activity);
  const entries = [...booked, ...made.entries];
  const closed = closeStatement(made.account, day, entries);
  const counted = { ...closed.account, fileCount: closed.account.fileCount + 1 };
  return { account: counted, file: statementFile(counted, lifecycleFormat(counted), [closed.statement], createdAt, what), entries };
}

/** The statement of a pending entry's booking day that books it: same reference, same text, now BOOK. */
export function bookPending(account: SandboxAccount, entryId: string, createdAt: string): ActionOutcome {
  const pending = account.pending.find((e) => e.id === entryId);
  if (!pending) {
    const booked = account.recent.some((e) => e.id === entryId);
    throw booked ? new SandboxError("conflict", `entry ${entryId} is already booked`) : new SandboxError("not-found", `no pending entry ${entryId} on ${account.iban}`);
  }
  const rest = { ...account, pending: account.pending.filter((e) => e.id !== entryId) };
  const day = pending.day < account.lastDay ? account.lastDay : pending.day;
  return lifecycleStatement(rest, day, [], createdAt, "booked", [{ ...pending, day, status: "booked" }]);
}

/**
 * A booked entry sent back: returned (the other bank refuses it: money goes back with the
 * reason, CAMT RtrInf, MT940 /RTRN/) or reversed by the bank (CAMT RvslInd, MT940 RC/RD), with
 * the original's end-to-end id, party and text.
 */
export function undoEntry(account: SandboxAccount, entryId: string, how: "return" | "reverse", day: Day, createdAt: string): ActionOutcome {
  const original = account.recent.find((e) => e.id === entryId);
  if (!original) {
    const pending = account.pending.some((e) => e.id === entryId);
    throw pending ? new SandboxError("conflict", `entry ${entryId} is pending: book it first`) : new SandboxError("not-found", `no booked entry ${entryId} on ${account.iban}`);
  }
  if (original.original !== undefined || account.recent.some((e) => e.original === entryId)) {
    throw new SandboxError("conflict", `entry ${entryId} is a return or reversal, or was already returned or reversed`);
  }
  const amount = (-BigInt(original.amount)).toString();
  const moneyIn = BigInt(original.amount) > 0n;
  const undo: Activity = {
    kind: how === "return" ? "return" : "reversal",
    day, valueDate: day, amount, status: "booked",
    counterparty: original.counterparty, endToEndId: original.endToEndId, original: original.id,
    description: `${how === "return" ? "RETURN" : "REVERSAL"} ${original.description}`,
    ...(how === "return" ? { returnReason: moneyIn ? "MD06" : "AC04" } : { reversal: true }),
  };
  return lifecycleStatement(account, atLeast(day, account.lastDay), [undo], createdAt, how === "return" ? "returned" : "reversed");
}

/** The debit that carries out a payment sent in a pain.001: the statement entry the service matches by its end-to-end id. */
export function executePayout(account: SandboxAccount, payment: SandboxPayment, day: Day, createdAt: string): ActionOutcome {
  answerable(account, payment, ["rejected", "executed", "returned"]);
  const outcome = lifecycleStatement(account, atLeast(day, account.lastDay), [payoutDebit(payment, day)], createdAt, "executed");
  return { ...outcome, account: { ...outcome.account, answered: { ...outcome.account.answered, [payment.id]: "executed" } } };
}

/** A transfer's credit on its destination account, with its end-to-end id: the leg the service links to the transfer. */
export function creditTransfer(account: SandboxAccount, payment: SandboxPayment, day: Day, createdAt: string): ActionOutcome {
  const credit: Activity = {
    kind: "transfer-in", day, valueDate: day, amount: payment.amount, status: "booked",
    counterparty: { ...payment.debtor }, endToEndId: payment.endToEndId, description: payment.description ?? payment.endToEndId,
  };
  return lifecycleStatement(account, atLeast(day, account.lastDay), [credit], createdAt, "received");
}

/** The payment's money coming back (AC04, closed account): executed first when it was not yet. */
export function returnPayout(account: SandboxAccount, payment: SandboxPayment, day: Day, createdAt: string): ActionOutcome {
  answerable(account, payment, ["rejected", "returned"]);
  const on = atLeast(day, account.lastDay);
  const executed = account.answered[payment.id] === "executed";
  const back: Activity = {
    kind: "payout-return", day: on, valueDate: on, amount: payment.amount, status: "booked",
    counterparty: { ...payment.creditor }, endToEndId: payment.endToEndId, returnReason: "AC04",
    description: `RETURN ${payment.description ?? payment.endToEndId}`,
  };
  const outcome = lifecycleStatement(account, on, [...(executed ? [] : [payoutDebit(payment, on)]), back], createdAt, "returned");
  return { ...outcome, account: { ...outcome.account, answered: { ...outcome.account.answered, [payment.id]: "returned" } } };
}

/** The bank's pain.002 refusing the payment (AC01, incorrect account number): nothing is booked. */
export function rejectPayout(account: SandboxAccount, payment: SandboxPayment, createdAt: string): ActionOutcome {
  answerable(account, payment, ["rejected", "executed", "returned"]);
  if (!payment.messageId) throw new SandboxError("conflict", `payment ${payment.id} has no payment file yet: the bank has nothing to reject`);
  const counted = { ...account, fileCount: account.fileCount + 1, answered: { ...account.answered, [payment.id]: "rejected" as const } };
  const text = pain002([{ messageId: payment.messageId, instructionId: payment.instructionId, endToEndId: payment.endToEndId, reason: "AC01" }], messageId(counted), createdAt);
  return { account: counted, file: { name: fileName(counted, "rejected", createdAt.slice(0, 10), "xml"), text }, entries: [] };
}

function payoutDebit(payment: SandboxPayment, day: Day): Activity {
  return {
    kind: "payout", day, valueDate: day, amount: (-BigInt(payment.amount)).toString(), status: "booked",
    counterparty: { ...payment.creditor }, endToEndId: payment.endToEndId, description: payment.description ?? payment.endToEndId,
  };
}

function answerable(account: SandboxAccount, payment: SandboxPayment, past: readonly string[]): void {
  const done = account.answered[payment.id];
  if (done && past.includes(done)) throw new SandboxError("conflict", `payment ${payment.id} was already ${done} by the bank`);
}

const atLeast = (day: Day, floor: Day) => (day < floor ? floor : day);
