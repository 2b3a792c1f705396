import { beforeEach, describe, expect, it } from "vitest";
import unstructured from "../../fixtures/mt940/unstructured.sta?raw";
import { FormanceClient } from "../support/formance-client";
import { ingest, putInbox, resetBucket } from "../support/worker";

beforeEach(resetBucket);

/** The fixture statement under another :25: account identification. */
const statementOf = (account: string) => unstructured.replace(":25:0417164300EUR", `:25:${account}`);

describe("account ids as Formance's connector requests their balances", () => {
  it("reaches every kind of account number a statement writes through the unescaped path, in its normal form", async () => {
    const written = ["50010517/5319125489", "DABADKKK/1111-11-11111", "ACC?1#2%3", "/BANK//0001/", "BANK/../0001", "1234 5678"];
    for (const [i, account] of written.entries()) await putInbox("bank", `s${i}.sta`, statementOf(account));
    await ingest();
    const formance = new FormanceClient();
    await formance.sync();
    expect([...formance.accounts.latest().keys()].sort()).toEqual(
      ["50010517/5319125489", "DABADKKK/1111-11-11111", "ACC~3F1~232~253", "~2FBANK/~2F0001~2F", "BANK/~2E~2E/0001", "12345678"].sort(),
    );
    expect(formance.accountsWithoutBalance()).toEqual([]);
    expect(formance.failures).toEqual([]);
  });

  it("takes names every object has (__proto__, toString) as accounts of their own, and later files are read as before", async () => {
    await putInbox("bank", "a.sta", statementOf("__proto__"));
    await putInbox("bank", "b.sta", statementOf("toString"));
    await ingest();
    // Nothing leaked into the objects every later file is read with.
    expect(({} as Record<string, unknown>)["currency"]).toBeUndefined();
    await putInbox("main", "c.csv", "Date,Description,Amount,Currency\n2026-11-01,Interest,0.42,EUR\n");
    await ingest();
    const formance = new FormanceClient();
    await formance.sync();
    expect([...formance.accounts.latest().keys()].sort()).toEqual(["__proto__", "main", "toString"]);
    expect(formance.accountsWithoutBalance()).toEqual([]);
    expect(formance.balances.get("__proto__")?.balances).toHaveLength(1);
  });
});
