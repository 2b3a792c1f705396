import type { StoredTransaction } from "./contract";
import { canonicalJson, hash64 } from "./hash";

/** The metadata key naming the file a transaction came from. */
export const SOURCE_FILE = "sourceFile";
/** The metadata key naming the 1-based line of that file where the entry starts. */
export const SOURCE_LINE = "sourceLine";

/**
 * The transaction as the log stores it, and the hash that decides whether a re-delivered entry
 * changed: of every field served but where it came from (metadata `sourceFile` and `sourceLine`),
 * so the same entry in a later, overlapping export, at another line, is not a new version, while a payment's new facts
 * (`paymentFile`, `transactionId`, `failureReason`, `transferId`) are. The hash is of the
 * fields, keys sorted, not of the stored text: neither key order nor position counts.
 */
export function serialise(tx: StoredTransaction): { line: string; hash: string } {
  const { [SOURCE_FILE]: _file, [SOURCE_LINE]: _line, ...metadata } = tx.metadata ?? {};
  return { line: JSON.stringify(tx), hash: hash64(canonicalJson({ ...tx, metadata })) };
}
