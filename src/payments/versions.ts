import type { StoredTransaction, TransactionStatus } from "../model/contract";
import { umn } from "../model/money";
import type { PaymentOrder } from "../model/payment";
import type { IndexSlot } from "../model/effect";

/**
 * The versions of an initiated payment in the transactions log: PENDING when adopted, then
 * SUCCEEDED or FAILED with the facts of the statement entry or status report that settled it.
 * Formance files the POST's answer as a payment whose reference is the request's idempotency
 * key and whose identity is (reference, type) (CONNECTOR.md), so every version names that
 * reference in `relatedTransactionID`, under the payment's own type: each is an adjustment of
 * the one payment the POST made, not a payment of its own.
 */
export function paymentVersion(
  order: PaymentOrder,
  status: TransactionStatus,
  facts: { file?: string | undefined; entry?: StoredTransaction | undefined; failureReason?: string | undefined; bankStatus?: string | undefined } = {},
): StoredTransaction {
  const own: Record<string, string | undefined> = {
    idempotencyKey: order.idempotencyKey,
    endToEndId: order.endToEndId,
    description: order.description,
    paymentFile: facts.file,
    transactionId: facts.entry?.id,
    failureReason: facts.failureReason,
    bankStatus: facts.bankStatus,
  };
  const metadata: Record<string, string> = { ...facts.entry?.metadata, ...order.metadata };
  for (const [key, value] of Object.entries(own)) if (value !== undefined) metadata[key] = value;
  return {
    id: order.id,
    relatedTransactionID: order.idempotencyKey,
    createdAt: order.createdAt,
    currency: umn(order),
    type: order.type,
    status,
    amount: order.amount,
    sourceAccountID: order.sourceAccountId,
    destinationAccountID: order.destinationId,
    metadata,
  };
}

/**
 * A transfer's credit leg on its destination account: a bank entry of its own (the destination's
 * statement needs it) that Formance must read as an adjustment of the transfer, not a third
 * payment: the transfer's reference and type, its id in `transferId`.
 */
export function creditLegVersion(order: PaymentOrder, leg: StoredTransaction): StoredTransaction {
  return { ...leg, relatedTransactionID: order.idempotencyKey, type: order.type, metadata: { ...leg.metadata, transferId: order.id } };
}

/** Every version of a payment is indexed in one slot, so each new one is compared with the last. */
export function paymentSlot(order: PaymentOrder): IndexSlot {
  return { accountId: order.sourceAccountId, day: order.createdAt.slice(0, 10) };
}
