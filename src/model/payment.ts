import { z } from "zod";
import type { Money } from "./money";

/**
 * A payment this service was asked to initiate (POST /payouts, POST /transfers), as stored
 * when it is accepted. It never changes afterwards: its state (file, execution, failure) is
 * kept in the payment ledger, which ingestion updates.
 */
export interface PaymentOrder {
  id: string;
  type: PaymentType;
  idempotencyKey: string;
  /** Hash of the request body: the same key with another body is refused. */
  requestHash: string;
  endToEndId: string;
  /** Minor units, a positive integer string. */
  amount: string;
  currency: string;
  exponent: number;
  sourceAccountId: string;
  /** The beneficiary (payout) or own account (transfer) paid. */
  destinationId: string;
  debtor: Party & { bic?: string | undefined };
  creditor: Party;
  description?: string | undefined;
  metadata?: Record<string, string> | null | undefined;
  createdAt: string;
  /** The file written for this order alone (one file per request); undefined while it waits for a batch. */
  file?: PaymentFile | undefined;
}

export const PaymentTypeSchema = z.enum(["PAYOUT", "TRANSFER"]);
/** The states of an initiated payment: the contract's statuses it goes through. */
export const PaymentStatusSchema = z.enum(["PENDING", "SUCCEEDED", "FAILED"]);
export type PaymentType = z.infer<typeof PaymentTypeSchema>;
export type PaymentStatus = z.infer<typeof PaymentStatusSchema>;

export interface Party {
  name: string;
  iban: string;
}

/** One pain.001 message: its outbox key, message id and creation time, and the version it is written in. */
export interface PaymentFile {
  key: string;
  messageId: string;
  createdAt: string;
  version: Pain001Version;
}

export const PAIN001_VERSIONS = ["pain.001.001.03", "pain.001.001.09"] as const;
export type Pain001Version = (typeof PAIN001_VERSIONS)[number];

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
