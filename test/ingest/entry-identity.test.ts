import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import reused from "../../fixtures/mt940/reused-references.sta?raw";
import reusedLater from "../../fixtures/mt940/reused-references-later.sta?raw";
import booked from "../../fixtures/mt940/rereported-mt940.sta?raw";
import intraday from "../../fixtures/mt940/rereported-mt942.sta?raw";
import { FileRecordSchema } from "../../src/model/file-record";
import { decimalText, PROPERTY_TIMEOUT, runs } from "../property/support";
import { ConnectorClient, type Item } from "../support/connector-client";
import { providedCorpus } from "../support/provided-corpus";
import { ADMIN_KEY, getJson, ingest, putInbox, putProfile, resetBucket } from "../support/worker";

/*
 * Formance keeps the latest version of each transaction id, and a payment's identity is
 * (reference = id, type). So an id must name one bank entry forever (its day, sign and amount
 * never change), never change type, and its status may only move forward. The fixtures repeat
 * the patterns of real files (Danske Bank's SE and NO samples, mBank's MT940 and MT942), which
 * are ingested too where the corpus is present.
 */

beforeEach(resetBucket);

/** The real MT940 files where the shared corpus is present; the tests of them skip without it. */
const CORPUS = providedCorpus("mt940");

const records = async () => FileRecordSchema.array().parse(await getJson("/admin/files", ADMIN_KEY));
const record = async (key: string) => (await records()).find((r) => r.key === key)!;
const balance = async (account: string) =>
  z.object({ balances: z.array(z.object({ amount: z.string() })) }).parse(await getJson(`/accounts/${encodeURIComponent(account)}/balances`)).balances[0]?.amount;

/** What must hold of every id across all its versions: one type, one day, one amount with its direction. */
const identity = (t: Item) => [t["type"], t["createdAt"], t["amount"], t["sourceAccountID"] === undefined ? "in" : "out"].join(" ");

/** Every id's versions as delivered, checked to name one entry each; the latest version per id. */
function latestChecked(client: ConnectorClient): Map<string, Item> {
  const first = new Map<string, string>();
  for (const t of client.delivered) {
    const seen = first.get(t.id);
    if (seen === undefined) first.set(t.id, identity(t));
    else expect([t.id, identity(t)]).toEqual([t.id, seen]);
  }
  return client.latest();
}

describe("bank references reused on other days (Danske Bank's pattern)", () => {
  it("names each statement line by an id of its own, whatever reference it shares", async () => {
    const client = new ConnectorClient("/transactions", "updatedAt");
    await putInbox("danske", "se-1.sta", reused);
    await ingest();
    await client.sync();
    const served = latestChecked(client);
    expect(await record("inbox/danske/se-1.sta")).toMatchObject({ state: "ingested", counts: { entries: 7, published: 7, alreadyKnown: 0 } });
    expect(served.size).toBe(7);
    expect([...served.keys()].filter((id) => id.includes(":ref:"))).toEqual([]);
    // The September debit and the October credit both say "Test": two payments, each with its own type.
    const byDay = [...served.values()].map((t) => [t["createdAt"], t["type"], t["amount"]]);
    expect(byDay).toEqual(expect.arrayContaining([
      ["2009-09-28T00:00:00.000Z", "PAYOUT", "80000"],
      ["2009-10-08T00:00:00.000Z", "PAYIN", "321537125"],
    ]));

    // A later export repeats October and adds November, again with "Test" and "12345678".
    await putInbox("danske", "se-2.sta", reusedLater);
    await ingest();
    await client.sync();
    expect(await record("inbox/danske/se-2.sta")).toMatchObject({ counts: { entries: 5, published: 2, changed: 0, alreadyKnown: 3 } });
    expect(latestChecked(client).size).toBe(9);
  });

  it.skipIf(CORPUS.length === 0).each([
    ["mt940-rs__danskebank_MT940_SE_Example.sta", 103],
    ["mt940-rs__danskebank_MT940_NO_Example.sta", 24],
  ])("the real %s: as many ids served as its record says published", async (name, entries) => {
    const file = CORPUS.find((f) => f.name === name)!;
    const client = new ConnectorClient("/transactions", "updatedAt");
    await putInbox("danske", name, file.bytes);
    await ingest();
    await client.sync();
    expect((await record(`inbox/danske/${name}`)).counts).toMatchObject({ entries, published: entries });
    expect(latestChecked(client).size).toBe(entries);
  });
});

describe("an id keeps the type it was first published with", () => {
  const SAVINGS = "NL44RABO0123456789";
  const HEADER = "Date,Description,Payee,IBAN,Amount,Currency,Status";
  const sweep = (status: string) => `${HEADER}\n2026-10-01,Sweep,Acme,${SAVINGS},-500.00,EUR,${status}\n`;
  const savings = [":20:S1", `:25:${SAVINGS}`, ":28C:1/1", ":60F:C261001EUR0,00", ":61:2610011001C500,00NTRFNONREF", ":86:Sweep", ":62F:C261001EUR500,00", "-"].join("\n");

  it("a PAYOUT booked after its counterparty became an own account is still a PAYOUT", async () => {
    const client = new ConnectorClient("/transactions", "updatedAt");
    await putInbox("main", "intraday.csv", sweep("Pending"));
    await ingest();
    await putInbox("savings", "day.sta", savings);
    await ingest();
    // Read today, the same debit would be a TRANSFER to the savings account.
    await putInbox("main", "eod.csv", sweep("Booked"));
    await ingest();
    await client.sync();
    const versions = client.delivered.filter((t) => t["amount"] === "50000" && t["sourceAccountID"] !== undefined);
    expect(versions.map((t) => [t["type"], t["status"]])).toEqual([["PAYOUT", "PENDING"], ["PAYOUT", "SUCCEEDED"]]);
    expect(new Set(versions.map((t) => t.id)).size).toBe(1);
  });

  it("holds over random files reusing references across days and months, whatever order statuses arrive in", { timeout: PROPERTY_TIMEOUT }, async () => {
    const DAYS = ["261029", "261030", "261102"];
    const OTHER = "DE89370400440532013000";
    const line = fc.record({
      day: fc.nat(DAYS.length - 1),
      minor: fc.constantFrom(-80000n, 80000n, -134400n, 198700n),
      reference: fc.constantFrom("Test", "12345678", "melding"),
      // The counterparty: the savings account (an own account once its statement is read) or a stranger.
      own: fc.boolean(),
    });
    type Line = typeof line extends fc.Arbitrary<infer L> ? L : never;
    // Distinct bank entries: no two share day, amount and counterparty, whatever their references.
    const pool = fc.uniqueArray(line, { minLength: 1, maxLength: 6, selector: (l) => `${l.day} ${l.minor} ${l.own}` });
    const scenario = pool.chain((lines) =>
      fc.record({
        lines: fc.constant(lines),
        // Each file states some entries, each booked (in its MT940) or pending (in its MT942).
        files: fc.array(fc.uniqueArray(fc.record({ at: fc.nat(lines.length - 1), booked: fc.boolean() }), { maxLength: 6, selector: (p) => p.at }), {
          minLength: 1,
          maxLength: 3,
        }),
        // Before which file the savings account's statement arrives; past the last, never.
        ownAt: fc.nat(3),
      }),
    );
    const entry = (l: Line) => {
      const day = DAYS[l.day]!;
      const mark = l.minor < 0n ? "D" : "C";
      const text = `${decimalText(l.minor < 0n ? -l.minor : l.minor, 2).replace(".", ",")}NMSCDBT.Test//${l.reference}`;
      return [`:61:${day}${day.slice(2)}${mark}${text}`, `:86:166?00${l.reference}?30RABONL2U?31${l.own ? SAVINGS : OTHER}?32Acme`];
    };
    const report = (n: number, lines: Line[], kind: "940" | "942") =>
      [":20:P", ":25:DABADKKK/1111-11-11111", `:28C:${n}/1`, kind === "940" ? ":60F:C261028EUR0,00" : ":34F:EUR0,",
        ...lines.flatMap(entry), ...(kind === "940" ? [":62F:C261102EUR0,00"] : []), "-"].join("\n");
    const key = (day: string, minor: bigint, counterparty: string | undefined) => `${day} ${decimalText(minor, 2)} ${counterparty}`;

    await fc.assert(
      fc.asyncProperty(scenario, async ({ lines, files, ownAt }) => {
        await resetBucket();
        const client = new ConnectorClient("/transactions", "updatedAt");
        for (const [n, picks] of files.entries()) {
          if (n === ownAt) await putInbox("savings", "day.sta", savings);
          const stated = (booked: boolean) => picks.filter((p) => p.booked === booked).map((p) => lines[p.at]!);
          await putInbox("danske", `${n}-942.sta`, report(n, stated(false), "942"));
          await putInbox("danske", `${n}-940.sta`, report(n, stated(true), "940"));
          await ingest();
          await client.pollOnce();
        }
        await client.sync();
        const served = [...latestChecked(client).values()].filter((t) => t.id.startsWith("DABADKKK"));
        const status = new Map<string, unknown>(served.map((t) => {
          const m = t["metadata"] as Record<string, string>;
          return [`${m["bookingDate"]} ${m["signedAmount"]} ${m["counterpartyAccount"]}`, t["status"]];
        }));
        // One id per distinct entry, booked once any file booked it.
        const expected = new Map<string, string>();
        for (const { at, booked } of files.flat()) {
          const l = lines[at]!;
          const k = key(`20${DAYS[l.day]!.replace(/(..)(..)(..)/, "$1-$2-$3")}`, l.minor, l.own ? SAVINGS : OTHER);
          if (booked || !expected.has(k)) expected.set(k, booked ? "SUCCEEDED" : "PENDING");
        }
        expect(served.length).toBe(expected.size);
        expect(status).toEqual(expected);
      }),
      runs(5),
    );
  });
});

describe("a status only moves forward (mBank's MT942 re-reporting a booked day)", () => {
  const ACCOUNT = "PL61109010140000071219812874";

  it("MT942 then MT940: the pending entries become booked under the same ids", async () => {
    const client = new ConnectorClient("/transactions", "updatedAt");
    await putInbox("mbank", "intraday.sta", intraday);
    await ingest();
    await client.sync();
    const pending = [...client.latest().values()];
    expect(pending.map((t) => t["status"])).toEqual(["PENDING", "PENDING", "PENDING"]);
    await putInbox("mbank", "statement.sta", booked);
    await ingest();
    await client.sync();
    expect(await record("inbox/mbank/statement.sta")).toMatchObject({ counts: { published: 0, changed: 3, alreadyKnown: 0 } });
    const served = latestChecked(client);
    expect([...served.keys()].sort()).toEqual(pending.map((t) => t.id).sort());
    expect([...served.values()].map((t) => t["status"])).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
    expect(await balance(ACCOUNT)).toBe("43");
  });

  it("MT940 then MT942: nothing changes, the re-reported entries are already known", async () => {
    const client = new ConnectorClient("/transactions", "updatedAt");
    await putInbox("mbank", "statement.sta", booked);
    await ingest();
    await client.sync();
    const delivered = client.delivered.length;
    await putInbox("mbank", "intraday.sta", intraday);
    await ingest();
    await client.sync();
    expect(await record("inbox/mbank/intraday.sta")).toMatchObject({ counts: { entries: 3, published: 0, changed: 0, alreadyKnown: 3 } });
    expect(client.delivered.length).toBe(delivered);
    expect([...latestChecked(client).values()].map((t) => t["status"])).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
    // The MT942 states no closing balance: the computed one must not take the refused versions' amounts back.
    expect(await balance(ACCOUNT)).toBe("43");
  });

  it("a booked CSV row re-exported as pending moves neither its status nor the computed balance", async () => {
    const header = "Date,Description,Amount,Currency,Status";
    const client = new ConnectorClient("/transactions", "updatedAt");
    await putProfile("main", { openingBalance: { amount: "0.00", date: "2026-09-30" } });
    await putInbox("main", "eod.csv", `${header}\n2026-10-01,Card hold,-12.00,EUR,Booked\n2026-10-01,Salary,100.00,EUR,Booked\n`);
    await ingest();
    expect(await balance("main")).toBe("8800");
    await putInbox("main", "intraday.csv", `${header}\n2026-10-01,Card hold,-12.00,EUR,Pending\n2026-10-02,Rent,-50.00,EUR,Booked\n`);
    await ingest();
    await client.sync();
    expect(await record("inbox/main/intraday.csv")).toMatchObject({ counts: { published: 1, changed: 0, alreadyKnown: 1 } });
    expect([...latestChecked(client).values()].map((t) => t["status"])).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
    expect(await balance("main")).toBe("3800");
  });

  it.skipIf(CORPUS.length === 0).each([["statement first", ["mt940", "mt942"]], ["intraday first", ["mt942", "mt940"]]])(
    "the real mBank files, %s: booked under the MT940's ids, balance 0.43",
    async (_order, kinds) => {
      const files = kinds.map((kind) => CORPUS.find((f) => f.name === `wolph-mt940__mBank_${kind}.sta`)!);
      const client = new ConnectorClient("/transactions", "updatedAt");
      for (const file of files) {
        await putInbox("mbank", file.name, file.bytes);
        await ingest();
      }
      await client.sync();
      const served = latestChecked(client);
      expect(served.size).toBe(3);
      expect([...served.values()].map((t) => t["status"])).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
      expect(await balance("PL29114010810000267002001002")).toBe("43");
    },
  );
});
