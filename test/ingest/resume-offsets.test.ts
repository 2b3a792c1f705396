import { beforeEach, describe, expect, it } from "vitest";
import camtV02 from "../../fixtures/camt053/statement-v02.xml?raw";
import camtV08 from "../../fixtures/camt053/statement-v08.xml?raw";
import { runIngestion } from "../../src/ingestion";
import type { Checkpoint } from "../../src/ingest/job";
import { parseTagged, stringifyTagged } from "../../src/model/tagged-json";
import { ADMIN_KEY, getJson, ingest, putInbox, resetBucket, testEnv } from "../support/worker";
import { utf16le } from "../support/encodings";
import { servedTransactions } from "../support/published";

beforeEach(resetBucket);

/**
 * Quoted line ends inside descriptions, characters of two, three and four UTF-8 bytes, CRLF
 * line ends and a continuation row (a record without date that extends the entry above).
 */
const rows = [
  "Date,Description,Payee,Amount,Currency,Balance",
  '2025-03-01,"Invoice 17\r\nsecond line",Café Müller,-12.50,EUR,987.50',
  "2025-03-01,Loyer € mars,Société Générale,-800.00,EUR,187.50",
  '2025-03-02,"Ticket ""A"" 😀",Zoë,25.00,EUR,212.50',
  ",and the rest of its text,,,,",
  "2025-03-02,Plain,Shop,-2.50,EUR,210.00",
  '2025-03-03,"multi\r\nline\r\nthree",Ørsted,100.00,EUR,310.00',
  "2025-03-03,Émission,Ünal,-10.00,EUR,300.00",
  "2025-03-04,Last 𝄞,Ω Ltd,1.00,EUR,301.00",
];
const csv = rows.join("\r\n") + "\r\n";

async function published(account: string) {
  return {
    transactions: await servedTransactions(),
    balances: await getJson(`/accounts/${account}/balances`),
    // The stepped file is hashed in a pass of its own: the same digest as one run's.
    sha256: (await getJson<{ sha256?: string }[]>("/admin/files", ADMIN_KEY)).map((f) => f.sha256),
  };
}

async function checkpoint(): Promise<Checkpoint | undefined> {
  const object = await testEnv.STATEMENTS.get("state/checkpoint.json");
  return object ? parseTagged<Checkpoint>(await object.text()) : undefined;
}

/** Ingests the file a few events a step; returns the byte offsets the steps resumed from. */
async function stepped(maxEventsPerStep: number): Promise<number[]> {
  const offsets: number[] = [];
  for (let run = 0; run < 100; run++) {
    const summary = await runIngestion(testEnv.STATEMENTS, { budgetMs: 60_000, maxEventsPerStep });
    if (summary.status === "completed") return offsets;
    const at = (await checkpoint())?.reader.reading.at;
    if (at) offsets.push(at.offset);
  }
  throw new Error("the file never completed");
}

describe("a file resumed from byte offsets", () => {
  for (const [name, content] of [
    ["UTF-8 with CRLF", new TextEncoder().encode(csv)],
    ["UTF-16LE with a byte-order mark", utf16le(csv)],
  ] as const) {
    it(`gives the single run's result whatever the step size (${name})`, async () => {
      await putInbox("acct", "march.csv", content);
      await ingest();
      const single = await published("acct");
      expect(single.transactions).toHaveLength(7);

      for (const step of [1, 2, 3]) {
        await resetBucket();
        await putInbox("acct", "march.csv", content);
        const offsets = await stepped(step);
        expect(offsets.length).toBeGreaterThan(0);
        expect(await published("acct")).toEqual(single);
        // Every step resumed at the start of a record: a row's date, or the continuation row.
        const decoder = new TextDecoder(name.startsWith("UTF-16") ? "utf-16le" : "utf-8");
        for (const offset of offsets) {
          const rest = decoder.decode(content.subarray(offset));
          expect(rest === "" || /^(2025-03-0\d,|,and the rest)/.test(rest), `offset ${offset}: ${rest.slice(0, 20)}`).toBe(true);
        }
      }
    });
  }

  it("keeps the reading's state the same size however far the file has been read", async () => {
    const body = Array.from({ length: 400 }, (_, i) => `2025-01-0${1 + (i % 9)},Row ${i} é,Party ${i},${i}.00,EUR`);
    await putInbox("acct", "big.csv", ["Date,Description,Payee,Amount,Currency", ...body].join("\n"));
    const sizes: number[] = [];
    for (let run = 0; run < 4; run++) {
      await runIngestion(testEnv.STATEMENTS, { budgetMs: 60_000, maxEventsPerStep: 100 });
      const saved = await checkpoint();
      if (saved) sizes.push(stringifyTagged(saved.reader).length);
    }
    expect(sizes).toHaveLength(3);
    // Counts and offsets take a digit more at most: nothing per entry read.
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThan(20);
  });

  for (const [name, camt] of [
    ["camt.053.001.02", camtV02],
    ["camt.053.001.08, prefixed names", camtV08],
  ] as const) {
    it(`resumes a CAMT.053 file just past an entry or a balance, to the single run's result (${name})`, async () => {
      await putInbox("camt", "statement.xml", camt);
      await ingest();
      const served = async () => {
        const accounts = await getJson<{ id: string }[]>("/accounts");
        const balances = await Promise.all(accounts.map((a) => getJson(`/accounts/${encodeURIComponent(a.id)}/balances`)));
        return { transactions: await servedTransactions(), balances };
      };
      const single = await served();
      expect(single.transactions.length).toBeGreaterThan(1);
      expect(single.balances.flat().length).toBeGreaterThan(0);

      for (const step of [1, 2]) {
        await resetBucket();
        await putInbox("camt", "statement.xml", camt);
        const offsets = await stepped(step);
        expect(offsets.length).toBeGreaterThan(1);
        const bytes = new TextEncoder().encode(camt);
        for (const offset of offsets) {
          const before = new TextDecoder().decode(bytes.subarray(0, offset));
          expect(before, `offset ${offset}`).toMatch(/<\/([\w.-]+:)?(Ntry|Bal|Id|CreDtTm|Acct)>$/);
        }
        expect(await served()).toEqual(single);
      }
    });
  }
});
