import { describe, expect, it } from "vitest";
import { sameContent, serialise } from "../../src/model/stored-transaction";
import type { StoredTransaction } from "../../src/model/contract";

const version: StoredTransaction = {
  id: "payout_0123456789abcdef",
  relatedTransactionID: "invoice-4711",
  createdAt: "2026-11-22T05:15:00.000Z",
  currency: "EUR/2",
  type: "PAYOUT",
  status: "SUCCEEDED",
  amount: "1234",
  sourceAccountID: "DE89370400440532013000",
  metadata: { idempotencyKey: "invoice-4711", sourceFile: "inbox/main/statement-1.xml" },
};

const hashOf = (tx: StoredTransaction) => serialise(tx).hash;
const withMetadata = (extra: Record<string, string>) => ({ ...version, metadata: { ...version.metadata, ...extra } });

describe("the change hash of a stored transaction", () => {
  it.each(["paymentFile", "transactionId", "failureReason", "transferId"])("changes with %s, whatever its place in the stored text", (field) => {
    expect(hashOf(withMetadata({ [field]: "x" }))).not.toBe(hashOf(version));
    expect(hashOf(withMetadata({ [field]: "x" }))).not.toBe(hashOf(withMetadata({ [field]: "y" })));
  });

  it("does not change with the file the entry was read from: an overlapping export is not a new version", () => {
    expect(hashOf(withMetadata({ sourceFile: "inbox/main/statement-2.xml" }))).toBe(hashOf(version));
  });

  it("does not change with the line the entry starts on: the same entry further down another export is not a new version", () => {
    expect(hashOf(withMetadata({ sourceLine: "7" }))).toBe(hashOf(withMetadata({ sourceFile: "inbox/main/statement-2.xml", sourceLine: "42" })));
  });

  it("does not depend on the order of keys", () => {
    const reordered = Object.fromEntries(Object.entries(version).reverse()) as StoredTransaction;
    reordered.metadata = Object.fromEntries(Object.entries(version.metadata!).reverse());
    expect(JSON.parse(serialise(reordered).line)).toEqual(version);
    expect(hashOf(reordered)).toBe(hashOf(version));
  });

  it("changes with every field served", () => {
    const changes: Partial<StoredTransaction>[] = [
      { status: "FAILED" }, { amount: "1235" }, { currency: "EUR/3" }, { type: "TRANSFER" }, { relatedTransactionID: "other" },
      { createdAt: "2026-11-23T05:15:00.000Z" }, { destinationAccountID: "GB29NWBK60161331926819" },
    ];
    for (const change of changes) expect(hashOf({ ...version, ...change })).not.toBe(hashOf(version));
  });
});

describe("stored change hashes", () => {
  // The same transaction built in canonical order (as statement entries are): its line is its JSON as it is.
  const { amount, createdAt, currency, id, metadata, relatedTransactionID, sourceAccountID, status, type } = version;
  const canonical: StoredTransaction = { amount, createdAt, currency, id, metadata: { idempotencyKey: "invoice-4711", sourceFile: "inbox/main/statement-9.xml", sourceLine: "12" }, relatedTransactionID, sourceAccountID, status, type };

  it("stay what they are: a store's hashes are compared with those of every later delivery", () => {
    expect(hashOf(version)).toBe("2e6f5a30dbe03b636");
    expect(hashOf(canonical)).toBe("2e6f5a30dbe03b636");
    expect(serialise(canonical).line).toBe(JSON.stringify(canonical));
  });

  it("of the first kind, stored before the second, still say whether a delivery is the same version", () => {
    // What this transaction's hash was before the second kind.
    const first = "82abcf1288a9dbca";
    for (const tx of [version, canonical, withMetadata({ sourceFile: "inbox/main/statement-2.xml", sourceLine: "3" })]) {
      expect(sameContent(first, tx, hashOf(tx))).toBe(true);
    }
    for (const tx of [withMetadata({ paymentFile: "x" }), { ...version, status: "FAILED" } as StoredTransaction, { ...canonical, amount: "1235" }]) {
      expect(sameContent(first, tx, hashOf(tx))).toBe(false);
    }
    expect(sameContent(hashOf(version), canonical, hashOf(canonical))).toBe(true);
    expect(sameContent(hashOf(version), { ...canonical, amount: "1235" }, hashOf({ ...canonical, amount: "1235" }))).toBe(false);
  });
});
