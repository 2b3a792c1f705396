import type { StoredTransaction, TransactionStatus } from "../model/contract";
import { umn } from "../model/money";
import type { PaymentOrder } from "../model/payment";
import { shardName } from "../store/entry-index";

/**
 * The versions of an initiated payment in the transactions log, all under the payment's id
 * so that Formance updates the payment its POST created: PENDING when adopted, then
 * SUCCEEDED or FAILED with the facts of the statement entry or status report that settled it.
 */
export function paymentVersion(
  order: PaymentOrder,
  status: TransactionStatus,
  facts: { file?: string | undefined; entry?: StoredTransaction | undefined; failureReason?: string | undefined } = {},
): StoredTransaction {
  const own: Record<string, string | undefined> = {
    idempotencyKey: order.idempotencyKey,
    endToEndId: order.endToEndId,
    description: order.description,
    paymentFile: facts.file,
    transactionId: facts.entry?.id,
    failureReason: facts.failureReason,
  };
  const metadata: Record<string, string> = { ...facts.entry?.metadata, ...order.metadata };
  for (const [key, value] of Object.entries(own)) if (value !== undefined) metadata[key] = value;
  return {
    id: order.id,
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

/** Every version of a payment goes to one index shard, so each new one is compared with the last. */
export function paymentShard(order: PaymentOrder): string {
  return shardName(order.sourceAccountId, order.createdAt.slice(0, 10));
}
