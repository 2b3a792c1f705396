import { z } from "zod";
import type { Money } from "./money";

export const PaymentTypeSchema = z.enum(["PAYOUT", "TRANSFER"]);
/** The states of an initiated payment: the contract's statuses it goes through. */
export const PaymentStatusSchema = z.enum(["PENDING", "SUCCEEDED", "FAILED"]);
export type PaymentType = z.infer<typeof PaymentTypeSchema>;
export type PaymentStatus = z.infer<typeof PaymentStatusSchema>;

export const PAIN001_VERSIONS = ["pain.001.001.03", "pain.001.001.09"] as const;
export type Pain001Version = (typeof PAIN001_VERSIONS)[number];

const PartySchema = z.object({ name: z.string(), iban: z.string() });
export type Party = z.infer<typeof PartySchema>;

/** One pain.001 message: its outbox key, message id and creation time, and the version it is written in. */
export const PaymentFileSchema = z.object({
  key: z.string(),
  messageId: z.string(),
  createdAt: z.string(),
  version: z.enum(PAIN001_VERSIONS),
});
export type PaymentFile = z.infer<typeof PaymentFileSchema>;

/**
 * A payment this service was asked to initiate (POST /payouts, POST /transfers), as stored
 * when it is accepted. It never changes afterwards: its state (file, execution, failure) is
 * kept in the payment ledger, which ingestion updates.
 */
export const PaymentOrderSchema = z.object({
  id: z.string(),
  type: PaymentTypeSchema,
  idempotencyKey: z.string(),
  /** Hash of the request body: the same key with another body is refused. */
  requestHash: z.string(),
  endToEndId: z.string(),
  /** Minor units, a positive integer string. */
  amount: z.string(),
  currency: z.string(),
  exponent: z.number(),
  sourceAccountId: z.string(),
  /** The beneficiary (payout) or own account (transfer) paid. */
  destinationId: z.string(),
  debtor: PartySchema.extend({ bic: z.string().optional() }),
  creditor: PartySchema,
  description: z.string().optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
  createdAt: z.string(),
  /** The file written for this order alone (one file per request); undefined while it waits for a batch. */
  file: PaymentFileSchema.optional(),
});
export type PaymentOrder = z.infer<typeof PaymentOrderSchema>;

/** An initiated payment and what became of it. */
export const LedgerPaymentSchema = z.object({
  order: PaymentOrderSchema,
  status: PaymentStatusSchema,
  /** The statement entry that executed it. */
  transactionId: z.string().optional(),
  /** The statement entry that returned it. */
  returnedBy: z.string().optional(),
  /** Undefined while the payment waits for a batch. */
  file: PaymentFileSchema.optional(),
  /** Its PmtInfId in the file. */
  instructionId: z.string().optional(),
  failureReason: z.string().optional(),
});
export type LedgerPayment = z.infer<typeof LedgerPaymentSchema>;

/**
 * What the service knows of the payments it initiated: one small state document, named by
 * the manifest like the account book, so a payment changes state in the same commit that
 * publishes the transaction saying so.
 */
export const PaymentLedgerSchema = z.object({
  payments: z.record(z.string(), LedgerPaymentSchema),
  /** Order object key to payment id, for the orders already adopted. */
  orders: z.record(z.string(), z.string()),
  /** Statement entry id to payment id: an entry matched once stays matched, whatever file brings it again. */
  entries: z.record(z.string(), z.string()),
  /** Files committed to but perhaps not written yet (a run stopped after its commit): written by the next run. */
  unwritten: z.array(PaymentFileSchema),
});
export type PaymentLedger = z.infer<typeof PaymentLedgerSchema>;

export const emptyLedger = (): PaymentLedger => ({ payments: {}, orders: {}, entries: {}, unwritten: [] });

export function orderMoney(order: Pick<PaymentOrder, "amount" | "currency" | "exponent">): Money {
  return { minor: BigInt(order.amount), currency: order.currency, exponent: order.exponent };
}

/**
 * One status a bank reports on payments it was sent (pain.002): for a whole message, one of
 * its payment instructions (PmtInf), or one payment (by end-to-end id).
 */
export interface PaymentStatusReport {
  line: number;
  /** OrgnlMsgId: the pain.001 message reported on. */
  messageId?: string | undefined;
  /** OrgnlPmtInfId, for a status of one payment instruction. */
  instructionId?: string | undefined;
  /** OrgnlEndToEndId, for a status of one payment. */
  endToEndId?: string | undefined;
  /** ExternalPaymentTransactionStatus code: RJCT, ACCP, ACSC, PDNG... */
  status: string;
  /** StsRsnInf/Rsn/Cd (or Prtry), with its additional information. */
  reason?: string | undefined;
}
