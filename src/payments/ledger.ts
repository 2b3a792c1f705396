import type { EntryObserver, EntrySettlement, PaymentUpdate } from "../map/facts";
import type { StoredTransaction } from "../model/contract";
import type { LedgerPayment, PaymentFile, PaymentLedger, PaymentOrder, PaymentStatusReport } from "../model/payment";
import type { BankEntry } from "../model/statement";
import { matchEntry, MT940_REFERENCE_LENGTH } from "./match";
import { instructionIds } from "./outbox";
import { creditLegVersion, paymentSlot, paymentVersion } from "./versions";

/** ExternalPaymentTransactionStatus1Code values that say the payment is settled. */
const SETTLED = new Set(["ACSC", "ACCC"]);
/** Values that say the bank accepted the payment and is processing it: it moves on, still pending. */
const ACCEPTED = new Set(["ACCP", "ACTC", "ACSP", "ACWC", "PDNG"]);

/** The ledger with the look-ups matching needs, for one publication: what statement entries and status reports mean to its payments. */
export class PaymentBook implements EntryObserver {
  private readonly byEndToEnd = new Map<string, LedgerPayment[]>();
  /** By the first 16 characters of a longer end-to-end id: what an MT940 :61: reference keeps of it. */
  private readonly byCutReference = new Map<string, LedgerPayment[]>();
  private readonly byAmount = new Map<string, LedgerPayment[]>();

  constructor(readonly ledger: PaymentLedger) {
    for (const payment of Object.values(ledger.payments)) this.index(payment);
  }

  adopt(orderKey: string, order: PaymentOrder, file: PaymentFile | undefined): LedgerPayment {
    const payment: LedgerPayment = { order, status: "PENDING", file, instructionId: file && instructionIds(file, [order]).get(order.id) };
    this.ledger.payments[order.id] = payment;
    this.ledger.orders[orderKey] = order.id;
    this.index(payment);
    return payment;
  }

  pendingVersion(payment: LedgerPayment): PaymentUpdate {
    return this.update(payment, paymentVersion(payment.order, "PENDING", { file: payment.file?.key }), 0n);
  }

  /** What a statement entry (mapped to `mapped` under its own id) means for the payments; undefined: nothing. */
  settle(entry: BankEntry, mapped: StoredTransaction, accountId: string): EntrySettlement | undefined {
    const known = this.ledger.entries[mapped.id];
    if (known) return { kind: "absorbed" };
    const settlement = matchEntry(entry, accountId, this.candidates(entry, accountId));
    if (!settlement) return undefined;
    const payment = this.ledger.payments[settlement.paymentId]!;
    if (settlement.outcome === "inFlight") return { kind: "absorbed" };
    // The destination leg of a transfer: published under its own id, as an adjustment of the transfer.
    if (settlement.outcome === "creditLeg") return { kind: "restyled", transaction: creditLegVersion(payment.order, mapped) };
    this.ledger.entries[mapped.id] = payment.order.id;
    if (settlement.outcome === "lateExecution") {
      // Its return is already counted as nothing; the debit it undid adds nothing either.
      payment.transactionId = mapped.id;
      return { kind: "absorbed" };
    }
    const file = payment.file?.key;
    if (settlement.outcome === "executed") {
      payment.status = "SUCCEEDED";
      payment.transactionId = mapped.id;
      return { kind: "update", update: this.update(payment, paymentVersion(payment.order, "SUCCEEDED", { file, entry: mapped }), entry.amount.minor) };
    }
    // Returned: the debit and the return add up to nothing, whether or not the debit was seen.
    payment.status = "FAILED";
    payment.returnedBy = mapped.id;
    payment.failureReason = `returned${entry.details?.["returnReason"] ? ` (${entry.details["returnReason"]})` : ""}`;
    const version = paymentVersion(payment.order, "FAILED", { file, entry: mapped, failureReason: payment.failureReason });
    return { kind: "update", update: this.update(payment, version, 0n) };
  }

  restyled(entry: BankEntry, mapped: StoredTransaction, accountId: string): StoredTransaction | undefined {
    if (this.ledger.entries[mapped.id]) return undefined;
    const settlement = matchEntry(entry, accountId, this.candidates(entry, accountId));
    if (settlement?.outcome !== "creditLeg") return undefined;
    return creditLegVersion(this.ledger.payments[settlement.paymentId]!.order, mapped);
  }

  /**
   * What a status report moves: a rejection (RJCT) fails its pending payments; a completed
   * settlement (ACSC on the debtor's account, ACCC on the creditor's) makes them SUCCEEDED
   * before the statement shows the debit, which then settles the same payment (see match.ts).
   * Acceptance and processing (ACCP, ACTC, ACSP, ACWC, PDNG) give a pending payment a version
   * that says so (metadata `bankStatus`), still PENDING: they say nothing of the money. A group
   * or instruction partly accepted (PART) says only that some of its transactions were rejected,
   * which their own statuses tell: it changes nothing.
   */
  report(report: PaymentStatusReport): PaymentUpdate[] {
    if (SETTLED.has(report.status)) return this.reportedAs(report, "SUCCEEDED");
    if (ACCEPTED.has(report.status)) return this.reportedAs(report, "PENDING");
    if (report.status !== "RJCT") return [];
    const reason = `rejected by the bank${report.reason ? ` (${report.reason})` : ""}`;
    return this.reported(report)
      .filter((payment) => payment.status === "PENDING")
      .map((payment) => {
        payment.status = "FAILED";
        payment.failureReason = reason;
        const version = paymentVersion(payment.order, "FAILED", { file: payment.file?.key, failureReason: reason });
        return this.update(payment, version, 0n);
      });
  }

  /**
   * The pending payments a report names, moved to `status` (still PENDING for an acceptance), each
   * with a version carrying the bank's status code. The money moves on the statement: its entry,
   * read later, books it.
   */
  private reportedAs(report: PaymentStatusReport, status: "PENDING" | "SUCCEEDED"): PaymentUpdate[] {
    return this.reported(report)
      .filter((payment) => payment.status === "PENDING")
      .map((payment) => {
        payment.status = status;
        return this.update(payment, paymentVersion(payment.order, status, { file: payment.file?.key, bankStatus: report.status }), 0n);
      });
  }

  private reported(report: PaymentStatusReport): LedgerPayment[] {
    const inMessage = (p: LedgerPayment) => report.messageId === undefined || p.file?.messageId === report.messageId;
    if (report.endToEndId) return (this.byEndToEnd.get(report.endToEndId) ?? []).filter(inMessage);
    if (report.messageId === undefined) return [];
    const all = Object.values(this.ledger.payments).filter(inMessage);
    return report.instructionId === undefined ? all : all.filter((p) => p.instructionId === report.instructionId);
  }

  private candidates(entry: BankEntry, accountId: string): LedgerPayment[] {
    // Every payment is indexed by its end-to-end id: none there, none to find by anything else.
    if (this.byEndToEnd.size === 0) return [];
    const references = [entry.endToEndId, entry.customerReference].filter((r): r is string => !!r).map((r) => r.trim());
    if (references.length > 0) {
      return [...new Set(references.flatMap((r) => [...(this.byEndToEnd.get(r) ?? []), ...(this.byCutReference.get(r) ?? [])]))];
    }
    const amount = entry.amount.minor < 0n ? -entry.amount.minor : entry.amount.minor;
    return this.byAmount.get(`${accountId}|${amount}`) ?? [];
  }

  private index(payment: LedgerPayment): void {
    const { order } = payment;
    push(this.byEndToEnd, order.endToEndId, payment);
    if (order.endToEndId.length > MT940_REFERENCE_LENGTH) push(this.byCutReference, order.endToEndId.slice(0, MT940_REFERENCE_LENGTH), payment);
    push(this.byAmount, `${order.sourceAccountId}|${order.amount}`, payment);
  }

  private update(payment: LedgerPayment, transaction: StoredTransaction, booked: bigint): PaymentUpdate {
    return { transaction, slot: paymentSlot(payment.order), booked };
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
