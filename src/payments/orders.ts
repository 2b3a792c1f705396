import { sha256, toHex } from "../model/hash";
import { type PaymentOrder, PaymentOrderSchema } from "../model/payment";
import { type Bucket, listAll, readJson, StoredDocumentError, swapObject } from "../store/bucket";
import { ORDERS_PREFIX, orderKeyOf } from "../store/layout";

/**
 * The order's object key: a digest of the idempotency key, which may hold any characters. Not
 * under state/: orders are what the service was asked to do, not derived from statements, so
 * a rebuild of state/ keeps them.
 */
export async function orderKey(idempotencyKey: string): Promise<string> {
  return orderKeyOf(toHex(await sha256(idempotencyKey)));
}

/**
 * Stores the order unless one with its idempotency key exists (an R2 put-if-absent, so of
 * racing requests exactly one wins); returns the order that is stored now, the winner's.
 */
export async function putOrderOnce(bucket: Bucket, key: string, order: PaymentOrder): Promise<PaymentOrder> {
  const written = await swapObject(bucket, key, undefined, JSON.stringify(order), { httpMetadata: { contentType: "application/json" } });
  if (written) return order;
  const stored = await readJson(bucket, key, PaymentOrderSchema);
  if (!stored) throw new Error(`payment order ${key} was refused as existing but cannot be read`);
  return stored;
}

/** The order, or undefined when there is none, or something else lies there (logged, left alone: it must not stop every run). */
export async function readOrder(bucket: Bucket, key: string): Promise<PaymentOrder | undefined> {
  try {
    return await readJson(bucket, key, PaymentOrderSchema);
  } catch (error) {
    if (!(error instanceof StoredDocumentError)) throw error;
    console.error(JSON.stringify({ event: "payment-order-unreadable", key }));
    return undefined;
  }
}

export async function listOrderKeys(bucket: Bucket): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of listAll(bucket, ORDERS_PREFIX)) keys.push(object.key);
  return keys;
}
