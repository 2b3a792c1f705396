import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { StoredTransaction } from "../../src/model/contract";
import { changeHash } from "../../src/model/change-hash";
import { canonicalJson, hash64 } from "../../src/model/hash";
import { sameContent, serialise } from "../../src/model/stored-transaction";
import { PROPERTY_TIMEOUT, runs } from "./support";

/** The text the change hash is taken of, of either kind: the general canonical JSON, without where the entry came from. */
const general = (tx: StoredTransaction) => canonicalJson(tx.metadata ? tx : { ...tx, metadata: {} }, new Set(["sourceFile", "sourceLine"]));

const text = fc.string({ unit: "grapheme", maxLength: 12 });
/** Metadata keys as formats and payments write them, and the keys that order or copy differently: integer-like, `__proto__`, the unhashed ones. */
const key = fc.oneof(
  fc.constantFrom("bookingDate", "valueDate", "signedAmount", "description", "sourceFile", "sourceLine", "__proto__", "10", "9", "0", "a", "B", "é", "idempotencyKey"),
  fc.string({ maxLength: 6 }),
);
const metadata = fc.oneof(
  fc.dictionary(key, text, { maxKeys: 12 }).map((entries) => JSON.parse(JSON.stringify(entries)) as Record<string, string>),
  fc.constant(null),
  fc.constant(undefined),
);
const optional = fc.option(text, { nil: undefined });

const transaction: fc.Arbitrary<StoredTransaction> = fc
  .record({
    id: text,
    relatedTransactionID: optional,
    createdAt: fc.constant("2026-11-22T05:15:00.000Z"),
    currency: fc.constantFrom("EUR/2", "JPY/0"),
    scheme: optional,
    type: fc.constantFrom("PAYIN", "PAYOUT", "TRANSFER", "OTHER"),
    status: fc.constantFrom("PENDING", "SUCCEEDED", "FAILED", "CANCELLED"),
    amount: fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String),
    sourceAccountID: optional,
    destinationAccountID: optional,
    metadata,
  }, { requiredKeys: ["id", "createdAt", "currency", "type", "status", "amount"] })
  // Fields in any order, as each code path that builds a version sets them.
  .chain((tx) => fc.shuffledSubarray(Object.keys(tx), { minLength: Object.keys(tx).length }).map((keys) => Object.fromEntries(keys.map((k) => [k, tx[k as keyof typeof tx]])) as StoredTransaction));

/** The fields in the order the hash is taken in, and the metadata's hashed keys sorted before where the entry came from: how statement entries are built. */
const FIELD_ORDER = ["amount", "createdAt", "currency", "destinationAccountID", "id", "metadata", "relatedTransactionID", "scheme", "sourceAccountID", "status", "type"];
const canonicalTransaction: fc.Arbitrary<StoredTransaction> = fc
  .tuple(transaction, fc.dictionary(key, text, { maxKeys: 12 }), fc.option(text, { nil: undefined }), fc.option(fc.nat().map(String), { nil: undefined }))
  .map(([tx, entries, file, line]) => {
    const metadata = JSON.parse(JSON.stringify(entries)) as Record<string, string>;
    const sorted: Record<string, string> = {};
    for (const k of Object.keys(metadata).filter((k) => k !== "sourceFile" && k !== "sourceLine").sort()) {
      Object.defineProperty(sorted, k, { value: metadata[k], enumerable: true, writable: true, configurable: true });
    }
    if (file !== undefined) sorted["sourceFile"] = file;
    if (line !== undefined) sorted["sourceLine"] = line;
    const fields = { ...tx, metadata: sorted } as Record<string, unknown>;
    return Object.fromEntries(FIELD_ORDER.filter((k) => Object.hasOwn(fields, k)).map((k) => [k, fields[k]])) as StoredTransaction;
  });

/** The stored line read back, and the transaction as JSON keeps it (undefined fields left out): the same whatever order the line writes keys in. */
const stored = (tx: StoredTransaction) => ({ line: JSON.parse(serialise(tx).line) as unknown, tx: JSON.parse(JSON.stringify(tx)) as unknown });

describe("a stored transaction's line and change hash", () => {
  it("hash the general canonical JSON, and store every field, whatever the key order, metadata keys or missing fields", () => {
    fc.assert(fc.property(fc.array(fc.oneof(transaction, canonicalTransaction), { minLength: 1, maxLength: 4 }), (txs) => {
      // Several in a row, each twice: the metadata's sorted keys are remembered from one transaction to the next.
      for (const tx of [...txs, ...txs]) {
        const { hash } = serialise(tx);
        expect(hash).toBe(changeHash(general(tx)));
        // A hash of the first kind stored for the same content is the same version.
        expect(sameContent(hash64(general(tx)), tx, hash)).toBe(true);
        const { line, tx: json } = stored(tx);
        expect(line).toEqual(json);
      }
    }), runs());
  }, PROPERTY_TIMEOUT);

  it("takes the general path for what the transaction's shape does not have", () => {
    const base: StoredTransaction = { id: "a", createdAt: "2026-11-22T05:15:00.000Z", currency: "EUR/2", type: "PAYIN", status: "SUCCEEDED", amount: "1" };
    const odd = [
      { ...base, extra: { b: "1", a: "2" } },
      { ...base, metadata: { note: { z: "1", y: "2" } } },
      { ...base, metadata: { list: ["b", "a"] } },
      { ...base, amount: 1 },
      { ...base, metadata: { sourceFile: 7, a: "1" } },
      { ...base, metadata: { sourceLine: undefined, a: "1" } },
      { ...base, metadata: { a: undefined } },
    ] as unknown as StoredTransaction[];
    for (const tx of odd) {
      expect(serialise(tx).hash).toBe(changeHash(general(tx)));
      expect(serialise(tx).line).toBe(JSON.stringify(tx));
    }
  });
});
