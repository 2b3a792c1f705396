import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import bai2 from "../../fixtures/bai2/two-groups.bai2?raw";
import camt from "../../fixtures/camt053/statement-v02.xml?raw";
import gvc from "../../fixtures/mt940/gvc.sta?raw";
import interim from "../../fixtures/mt940/interim-pages.sta?raw";
import { BalancesSchema, TransactionSchema } from "../../src/model/contract";
import { ADMIN_KEY, getJson, ingest, putInbox, resetBucket } from "../support/worker";

beforeEach(resetBucket);

const transactions = async () => z.array(TransactionSchema).parse(await getJson("/transactions?pageSize=1000"));
const balances = async (id: string) => BalancesSchema.parse(await getJson(`/accounts/${encodeURIComponent(id)}/balances`)).balances;

describe("every format through the same pipeline", () => {
  it("serves CAMT.053 accounts, closing balances and entries", async () => {
    await putInbox("abn-sftp", "camt053-20240302.xml", camt);
    const run = await ingest();
    expect(run.files).toMatchObject([{ state: "ingested" }]);
    expect(await balances("NL91ABNA0417164300")).toEqual([{ amount: "123356", currency: "EUR/2" }]);
    expect(await balances("0417164301")).toEqual([{ amount: "5000", currency: "USD/2" }]);
    const incoming = (await transactions()).find((t) => t.metadata?.endToEndId === "INV-2024-017")!;
    expect(incoming).toMatchObject({
      id: "NL91ABNA0417164300:ref:ABN-20240301-0001",
      type: "PAYIN",
      amount: "50000",
      currency: "EUR/2",
      destinationAccountID: "NL91ABNA0417164300",
    });
    expect(incoming.metadata).toMatchObject({ counterpartyName: "Globex Corporation", counterpartyAccount: "DE89370400440532013000" });
  });

  it("serves MT940 with German structured details, and BAI2 with control totals checked", async () => {
    await putInbox("sparkasse", "umsatz.sta", gvc);
    await putInbox("us-bank", "eod.bai2", bai2);
    const run = await ingest();
    expect(run.files.map((f) => f.state)).toEqual(["ingested", "ingested"]);
    expect(await balances("50010517/5319125489")).toEqual([{ amount: "1610577", currency: "EUR/2" }]);
    expect(await balances("4410012345")).toEqual([{ amount: "1377500", currency: "USD/2" }]);
    expect(await balances("7700123")).toEqual([{ amount: "480000", currency: "JPY/0" }]);
    const all = await transactions();
    const rent = all.find((t) => t.metadata?.counterpartyName === "Ingenieurbuero Hansen und Partner GmbH")!;
    expect(rent).toMatchObject({ type: "PAYIN", amount: "480000", destinationAccountID: "50010517/5319125489" });
    expect(rent.sourceAccountID).toBeUndefined();
    const wire = all.find((t) => t.metadata?.bankReference === "WIRE0314JP1")!;
    expect(wire).toMatchObject({ type: "PAYOUT", amount: "20000", currency: "JPY/0", sourceAccountID: "7700123" });
  });

  it("serves the last final closing balance of statements continued over several pages", async () => {
    await putInbox("abn", "pages.sta", interim);
    await ingest();
    expect(await balances("123456789")).toEqual([{ amount: "406045", currency: "EUR/2" }]);
  });
});

describe("statement continuity", () => {
  const statement = (n: number, opening: string, entries: string[], closing: string, day: string) =>
    [
      `:20:STMT${n}`,
      ":25:NL44RABO0123456789",
      `:28C:${n}/1`,
      `:60F:C${day}EUR${opening}`,
      ...entries.flatMap((e, i) => [`:61:${day}${e}NTRFNONREF//R${n}-${i}`, `:86:Entry ${n}-${i}`]),
      `:62F:C${day}EUR${closing}`,
      "-",
    ].join("\r\n");

  it("reports a statement that does not add up and a gap between statements, and still serves the data", async () => {
    await putInbox("rabo", "day1.sta", statement(1, "100,00", ["C50,00", "D20,00"], "130,00", "240301"));
    await putInbox("rabo", "day2.sta", statement(2, "130,00", ["C10,00"], "150,00", "240302"));
    await putInbox("rabo", "day4.sta", statement(3, "175,00", ["D5,00"], "170,00", "240304"));
    await ingest();
    const accounts = await getJson<{ id: string; breaks: { kind: string; file: string; detail: string }[] }[]>("/admin/accounts", ADMIN_KEY);
    const breaks = accounts.find((a) => a.id === "NL44RABO0123456789")!.breaks;
    expect(breaks).toEqual([
      expect.objectContaining({
        kind: "statement-does-not-add-up",
        file: "inbox/rabo/day2.sta",
        detail: expect.stringMatching(/opening balance 130\.00 on 2024-03-02 plus booked entries 10\.00 is 140\.00, but the closing balance on 2024-03-02 is 150\.00 \(difference 10\.00\)/),
      }),
      expect.objectContaining({
        kind: "opening-differs-from-previous-closing",
        file: "inbox/rabo/day4.sta",
        detail: expect.stringMatching(/opening balance 175\.00 on 2024-03-04 differs from the previous closing balance 150\.00 on 2024-03-02/),
      }),
    ]);
    const files = await getJson<{ name: string; continuityBreaks?: unknown[]; mismatches?: string[] }[]>("/admin/files", ADMIN_KEY);
    expect(files.find((f) => f.name === "day2.sta")!.mismatches).toHaveLength(1);
    expect(files.find((f) => f.name === "day4.sta")!.continuityBreaks).toHaveLength(1);
    expect(files.find((f) => f.name === "day1.sta")!.continuityBreaks).toBeUndefined();
    expect(await balances("NL44RABO0123456789")).toEqual([{ amount: "17000", currency: "EUR/2" }]);
    expect((await transactions()).filter((t) => t.metadata?.sourceFile?.startsWith("inbox/rabo/"))).toHaveLength(4);
  });
});
