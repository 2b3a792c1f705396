import { sha256, toHex } from "../model/hash";
import type { PaymentOrder } from "../model/payment";
import { type Bucket, listAll, readJson } from "../store/bucket";

/**
 * Accepted payment orders, one object per idempotency key. Not under state/: they are what
 * the service was asked to do, not derived from statements, so a rebuild of state/ keeps them.
 */
export const ORDERS_PREFIX = "payments/orders/";

/** The order's object key: a digest of the idempotency key, which may hold any characters. */
export async function orderKey(idempotencyKey: string): Promise<string> {
  return `${ORDERS_PREFIX}${toHex(await sha256(idempotencyKey))}.json`;
}

/**
 * Stores the order unless one with its idempotency key exists (an R2 put-if-absent, so of
 * racing requests exactly one wins); returns the order that is stored now, the winner's.
 */
export async function putOrderOnce(bucket: Bucket, key: string, order: PaymentOrder): Promise<PaymentOrder> {
  const written = await bucket.put(key, JSON.stringify(order), {
    onlyIf: { etagDoesNotMatch: "*" },
    httpMetadata: { contentType: "application/json" },
  });
  if (written) return order;
  const stored = await readJson<PaymentOrder>(bucket, key);
  if (!stored) throw new Error(`payment order ${key} was refused as existing but cannot be read`);
  return stored;
}

/** The order, or undefined when there is none, or something else lies there (logged, left alone: it must not stop every run). */
export async function readOrder(bucket: Bucket, key: string): Promise<PaymentOrder | undefined> {
  try {
    return await readJson<PaymentOrder>(bucket, key);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    console.error(JSON.stringify({ event: "payment-order-unreadable", key }));
    return undefined;
  }
}

export async function listOrderKeys(bucket: Bucket): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of listAll(bucket, ORDERS_PREFIX)) keys.push(object.key);
  return keys;
}
