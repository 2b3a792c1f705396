import type { StoredTransaction } from "./contract";
import { canonicalJson, hash64 } from "./hash";

/** The metadata key naming the file a transaction came from. */
export const SOURCE_FILE = "sourceFile";
/** The metadata key naming the 1-based line of that file where the entry starts. */
export const SOURCE_LINE = "sourceLine";

/** Where an entry came from: not part of what it says, so not of its change hash. */
const UNHASHED: ReadonlySet<string> = new Set([SOURCE_FILE, SOURCE_LINE]);

/**
 * The transaction as the log stores it, and the hash that decides whether a re-delivered entry
 * changed: of every field served but where it came from (metadata `sourceFile` and `sourceLine`),
 * so the same entry in a later, overlapping export, at another line, is not a new version, while a payment's new facts
 * (`paymentFile`, `transactionId`, `failureReason`, `transferId`) are. The hash is of the
 * fields, keys sorted, not of the stored text: neither key order nor position counts.
 */
export function serialise(tx: StoredTransaction): { line: string; hash: string } {
  // A transaction without metadata is hashed with an empty one; only metadata has fields of the unhashed names (the schema is strict).
  const hashed = canonicalJson(tx.metadata ? tx : { ...tx, metadata: {} }, UNHASHED);
  return { line: JSON.stringify(tx), hash: hash64(hashed) };
}
