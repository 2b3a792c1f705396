import { changeHash, isFirstKind } from "./change-hash";
import type { StoredTransaction } from "./contract";
import { canonicalJson, hash64 } from "./hash";
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
  if (inCanonicalOrder(tx)) return canonicalWriting(tx);
  return { line: JSON.stringify(tx), hash: changeHash(hashedText(tx)) };
}

/**
 * Whether a stored change hash is of the same content as `tx`, whose change hash is `hash`: a
 * hash of the first kind, stored before the second (see changeHash), is compared with the first
 * kind of the same text.
 */
export function sameContent(stored: string, tx: StoredTransaction, hash: string): boolean {
  return isFirstKind(stored) ? stored === hash64(hashedText(tx)) : stored === hash;
}

/** The text the change hash is of: the transaction's JSON, keys sorted, without where it came from. */
function hashedText(tx: StoredTransaction): string {
  return canonicalJson(tx.metadata ? tx : { ...tx, metadata: {} }, UNHASHED);
}

/**
 * A transaction built in the order the hash is taken in (see canonicalJson; mapEntry builds
 * every statement entry so): its stored line is its JSON as it is, and the hash is of that text
 * without where the entry came from, which stands last in its metadata. Hashes already stored
 * are compared with these, so this and the general path give the same hash (a property holds it).
 */
function canonicalWriting(tx: StoredTransaction): { line: string; hash: string } {
  const source = sourceMembers(tx.metadata!);
  const line = JSON.stringify(tx);
  if (source === "") return { line, hash: changeHash(line) };
  // The only unescaped `"sourceFile":` or `"sourceLine":` of the text is the metadata's key: a
  // quote inside a value is escaped, and no other field is an object.
  const at = line.lastIndexOf(source);
  const cut = line.charCodeAt(at - 1) === COMMA ? at - 1 : at;
  return { line, hash: changeHash(line, cut, at + source.length) };
}

const COMMA = 44;

/** The fields of the schema in the order canonicalJson writes them. */
const FIELDS = [
  "amount", "createdAt", "currency", "destinationAccountID", "id", "metadata",
  "relatedTransactionID", "scheme", "sourceAccountID", "status", "type",
] as const;

/**
 * Whether the transaction's own keys are fields of its schema in canonical order, with string
 * values (or undefined, which JSON leaves out), and a metadata of string values whose keys are
 * in canonical order before where the entry came from. Keys that read as numbers go first in
 * JSON whatever their place, so they take the general path.
 */
function inCanonicalOrder(tx: StoredTransaction): boolean {
  if (Object.getPrototypeOf(tx) !== Object.prototype) return false;
  let field = 0;
  for (const key in tx) {
    while (field < FIELDS.length && FIELDS[field] !== key) field++;
    if (field === FIELDS.length) return false;
    const value = (tx as Record<string, unknown>)[key];
    if (key === "metadata" ? !isCanonicalMetadata(value) : value !== undefined && typeof value !== "string") return false;
    field++;
  }
  return tx.metadata !== undefined;
}

function isCanonicalMetadata(metadata: unknown): boolean {
  if (typeof metadata !== "object" || metadata === null || Object.getPrototypeOf(metadata) !== Object.prototype) return false;
  let previous = "";
  let source = 0;
  for (const key in metadata) {
    if (typeof (metadata as Record<string, unknown>)[key] !== "string") return false;
    const c = key.charCodeAt(0);
    if (c >= DIGIT_0 && c <= DIGIT_9) return false;
    // sourceFile, then sourceLine, each at most once, after every hashed key.
    const rank = key === SOURCE_FILE ? 1 : key === SOURCE_LINE ? 2 : 0;
    if (rank > 0 ? rank <= source : source > 0 || key <= previous) return false;
    if (rank > 0) source = rank;
    else previous = key;
  }
  return true;
}

const DIGIT_0 = 48;
const DIGIT_9 = 57;

/** `"sourceFile":…,"sourceLine":…`, of those the metadata has (checked strings). */
function sourceMembers(metadata: Record<string, string>): string {
  const file = metadata[SOURCE_FILE];
  const line = metadata[SOURCE_LINE];
  const fileMember = file === undefined ? "" : sourceFileMember(file);
  const lineMember = line === undefined ? "" : `"${SOURCE_LINE}":${JSON.stringify(line)}`;
  return fileMember && lineMember ? `${fileMember},${lineMember}` : fileMember || lineMember;
}

/** A file's entries all name it. */
const sourceFileMember = rememberLast((file) => `"${SOURCE_FILE}":${JSON.stringify(file)}`);
