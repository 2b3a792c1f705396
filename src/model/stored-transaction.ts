import type { StoredTransaction } from "./contract";
import { canonicalJson, Hash64 } from "./hash";
import { rememberLast } from "./remember-last";

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
  const written = tx.metadata != null && hasShape(tx) ? sortedWriting(tx, tx.metadata) : undefined;
  if (written) return written;
  const hashed = canonicalJson(tx.metadata ? tx : { ...tx, metadata: {} }, UNHASHED);
  return { line: JSON.stringify(tx), hash: new Hash64().add(hashed).hex() };
}

/**
 * The usual transaction (the fields of its schema, string values, metadata of strings) written
 * once in the canonical order the hash is taken in (see canonicalJson): its fields before and
 * after the metadata by two object literals in sorted order, its metadata sorted by the order
 * its keys last came in. The stored line is that text with where the entry came from added at
 * the end of its metadata; the hash is fed the pieces without it. Hashes already stored are
 * compared with these, so this and the general path give the same hash (a property holds it).
 */
function sortedWriting(tx: StoredTransaction, metadata: Record<string, string>): { line: string; hash: string } | undefined {
  const sorted = sortedMetadata(metadata);
  if (sorted === undefined) return undefined;
  const before = JSON.stringify({ amount: tx.amount, createdAt: tx.createdAt, currency: tx.currency, destinationAccountID: tx.destinationAccountID, id: tx.id });
  const after = JSON.stringify({ relatedTransactionID: tx.relatedTransactionID, scheme: tx.scheme, sourceAccountID: tx.sourceAccountID, status: tx.status, type: tx.type });
  const hashed = JSON.stringify(sorted);
  const source = sourceMembers(metadata);
  if (source === undefined) return undefined;
  // The fields around the metadata without their braces on its side; hashed from the texts
  // JSON.stringify wrote, by range: hashing a text joined of pieces reads slower.
  const head = before.length > 2 ? METADATA_AFTER : METADATA_FIRST;
  const tail = after.length > 2 ? "," : "";
  const hash = new Hash64().add(before, 0, before.length - 1).add(head).add(hashed).add(tail).add(after, 1).hex();
  const stated = source === "" ? hashed : `${hashed.slice(0, -1)}${hashed.length > 2 ? "," : ""}${source}}`;
  return { line: `${before.slice(0, -1)}${head}${stated}${tail}${after.slice(1)}`, hash };
}

const METADATA_AFTER = `,"metadata":`;
const METADATA_FIRST = `"metadata":`;

const FIELDS: ReadonlySet<string> = new Set([
  "amount", "createdAt", "currency", "destinationAccountID", "id", "metadata",
  "relatedTransactionID", "scheme", "sourceAccountID", "status", "type",
]);

function hasShape(tx: StoredTransaction): boolean {
  for (const key in tx) {
    if (!FIELDS.has(key)) return false;
    const value = (tx as Record<string, unknown>)[key];
    if (key === "metadata" ? typeof value !== "object" || Array.isArray(value) : value !== undefined && typeof value !== "string") return false;
  }
  // A key `for…in` does not list (inherited, or not enumerable) is no field of the transaction's.
  return Object.getPrototypeOf(tx) === Object.prototype;
}

/** `"sourceFile":…,"sourceLine":…`, of those the metadata has; undefined when one is no string. */
function sourceMembers(metadata: Record<string, string>): string | undefined {
  const file: unknown = metadata[SOURCE_FILE];
  const line: unknown = metadata[SOURCE_LINE];
  const hasFile = Object.hasOwn(metadata, SOURCE_FILE);
  const hasLine = Object.hasOwn(metadata, SOURCE_LINE);
  if ((hasFile && typeof file !== "string") || (hasLine && typeof line !== "string")) return undefined;
  const fileMember = hasFile ? sourceFileMember(file as string) : "";
  const lineMember = hasLine ? `"${SOURCE_LINE}":${JSON.stringify(line)}` : "";
  return fileMember && lineMember ? `${fileMember},${lineMember}` : fileMember || lineMember;
}

/** A file's entries all name it. */
const sourceFileMember = rememberLast((file) => `"${SOURCE_FILE}":${JSON.stringify(file)}`);

/**
 * Metadata keys seen lately, in their order, each with the same keys sorted, unhashed ones left
 * out: a file's entries mostly repeat a few sets of keys (a CSV row without a counterparty has
 * one key fewer), so the sort is done once for each.
 */
const recentKeys: { keys: string[]; sorted: string[] }[] = [];
const RECENT_KEY_SETS = 8;

function sortedKeys(keys: string[]): string[] {
  for (const recent of recentKeys) if (sameKeys(keys, recent.keys)) return recent.sorted;
  const sorted = keys.filter((key) => !UNHASHED.has(key)).sort();
  if (recentKeys.unshift({ keys, sorted }) > RECENT_KEY_SETS) recentKeys.pop();
  return sorted;
}

/** A copy of the metadata with its hashed keys in sorted order; undefined when a value is no string. */
function sortedMetadata(metadata: Record<string, string>): Record<string, string> | undefined {
  const copy: Record<string, string> = {};
  for (const key of sortedKeys(Object.keys(metadata))) {
    const value = metadata[key]!;
    if (typeof value !== "string") return undefined;
    // An own "__proto__" key (JSON.parse makes them) is data: assigned, it would set the copy's prototype.
    if (key === "__proto__") Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
    else copy[key] = value;
  }
  return copy;
}

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
