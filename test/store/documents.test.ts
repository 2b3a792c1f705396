import { beforeEach, describe, expect, it } from "vitest";
import { StoredDocumentError } from "../../src/store/bucket";
import { DOCUMENT_NAMES, readDocument, readDocuments, STATE_DOCUMENTS } from "../../src/store/documents";
import { emptyManifest, loadManifest } from "../../src/store/manifest";
import { MANIFEST_KEY } from "../../src/store/layout";
import { resetBucket, testEnv } from "../support/worker";

const bucket = testEnv.STATEMENTS;
beforeEach(resetBucket);

describe("the state documents", () => {
  it("are each their empty value before the manifest names them, and each of its schema", async () => {
    const documents = await readDocuments(bucket, emptyManifest());
    expect(Object.keys(documents)).toEqual(DOCUMENT_NAMES);
    for (const name of DOCUMENT_NAMES) {
      expect(documents[name]).toEqual(STATE_DOCUMENTS[name].empty());
      expect(STATE_DOCUMENTS[name].schema.safeParse(documents[name]).success).toBe(true);
    }
  });

  it("are read as stored, fields this release does not know included", async () => {
    const key = "state/doc/beneficiaries.w.json";
    await bucket.put(key, JSON.stringify({ b1: { ownerName: "Owner", later: true } }));
    await bucket.put("state/doc/files.w.json", JSON.stringify({}));
    expect(await readDocument(bucket, { ...emptyManifest(), beneficiaries: key }, "beneficiaries")).toEqual({ b1: { ownerName: "Owner", later: true } });
    const ledger = { payments: {}, orders: {}, entries: {}, unwritten: [], later: 1 };
    await bucket.put("state/doc/payments.w.json", JSON.stringify(ledger));
    expect(await readDocument(bucket, { ...emptyManifest(), payments: "state/doc/payments.w.json" }, "payments")).toEqual(ledger);
  });

  it("that are not what they should be are refused with the key and what is wrong", async () => {
    const key = "state/doc/accounts.w.json";
    await bucket.put(key, JSON.stringify({ A1: { id: "A1", name: "A", source: "s", balances: {}, statements: 3 } }));
    const read = readDocument(bucket, { ...emptyManifest(), accounts: key }, "accounts");
    await expect(read).rejects.toBeInstanceOf(StoredDocumentError);
    await expect(read).rejects.toThrow(/^stored object state\/doc\/accounts\.w\.json is not what it should be: A1\.statements: /);
  });

  it("that are not JSON are refused with the key", async () => {
    await bucket.put("state/doc/days.w.json", "[[\"2025-01-01\", 1,");
    await expect(readDocument(bucket, { ...emptyManifest(), days: "state/doc/days.w.json" }, "days")).rejects.toThrow(
      "stored object state/doc/days.w.json is not what it should be: it is not JSON",
    );
  });

  it("are named by a manifest that is itself checked", async () => {
    await bucket.put(MANIFEST_KEY, JSON.stringify({ ...emptyManifest(), format: 2 }));
    await expect(loadManifest(bucket)).rejects.toThrow(/^stored object state\/manifest\.json is not what it should be: format: /);
  });

  it("a missing document the manifest names is corruption, not empty", async () => {
    await expect(readDocument(bucket, { ...emptyManifest(), files: "state/doc/files.gone.json" }, "files")).rejects.toThrow(
      "stored object state/doc/files.gone.json is missing",
    );
  });
});
