import { describe, expect, it } from "vitest";
import { parseMt940 } from "../../src/formats/mt940";
import type { BankEntry } from "../../src/model/statement";
import { fileNumbering } from "../property/support";
import { corpusHas, inCorpus } from "../support/corpus";
import { entries, parseCorpusFile } from "../support/parsing";

/*
 * The ids ingestion gives real MT940 files' entries, parser and id rule together. MT940 :61:
 * references are free text (SWIFT defines no uniqueness for subfields 7 and 8), and Danske Bank's
 * samples show it: "Test", "12345678" and "melding" stand on debits and credits of many days.
 */

const DANSKE_SE = "mt940-rs__danskebank_MT940_SE_Example.sta";
const DANSKE_NO = "mt940-rs__danskebank_MT940_NO_Example.sta";
const MBANK = { statement: "wolph-mt940__mBank_mt940.sta", intraday: "wolph-mt940__mBank_mt942.sta" };

const entriesOf = async (name: string): Promise<BankEntry[]> => entries(await parseCorpusFile(parseMt940, inCorpus(`mt940/${name}`)));

/** Each entry of a file with the id ingestion gives it (a file is numbered on its own). */
async function identified(name: string): Promise<{ id: string; entry: BankEntry }[]> {
  const list = await entriesOf(name);
  const idFor = fileNumbering(list[0]!.account.id);
  return list.map((entry) => ({ id: idFor(entry), entry }));
}

describe.skipIf(!corpusHas("mt940/"))("MT940 corpus: entry ids", () => {
  it.each([[DANSKE_SE, 103], [DANSKE_NO, 24]])("%s: %i statement lines, as many ids, each with its own day, though references repeat", async (name, lines) => {
    const found = await identified(name);
    expect(found.length).toBe(lines);
    expect(new Set(found.map((f) => f.id)).size).toBe(lines);
    for (const { id, entry } of found) {
      expect(id).not.toContain(":ref:");
      expect(id.split(":")[1]).toBe(entry.bookingDate);
    }
    // The bank references do repeat, in different months: what an id by reference and month-scoped numbering confused.
    const months = new Map<string, Set<string>>();
    for (const { entry } of found) {
      if (entry.bankReference) months.set(entry.bankReference, (months.get(entry.bankReference) ?? new Set()).add(entry.bookingDate.slice(0, 7)));
    }
    const repeated = [...months].filter(([, seen]) => seen.size > 1);
    expect(repeated.length, `months of each reference: ${[...months].map(([reference, seen]) => `${reference} ${[...seen].join("/")}`).join(", ")}`).toBeGreaterThan(0);
  });

  it("Danske SE: the September debit and the October credit both referenced Test are two entries", async () => {
    const found = await identified(DANSKE_SE);
    const test = found.filter((f) => f.entry.bankReference === "Test");
    const debit = test.find((f) => f.entry.bookingDate === "2009-09-28" && f.entry.amount.minor === -80000n)!;
    const credit = test.find((f) => f.entry.bookingDate === "2009-10-08" && f.entry.amount.minor === 321537125n)!;
    expect(debit.id).not.toBe(credit.id);
    expect(new Set(test.map((f) => f.id)).size).toBe(test.length);
  });

  it("the SE and NO files read again, in either order, give the same ids and no more", async () => {
    const once = await Promise.all([DANSKE_SE, DANSKE_NO].map(identified));
    const again = await Promise.all([DANSKE_NO, DANSKE_SE].map(identified));
    const ids = (lists: { id: string }[][]) => new Set(lists.flat().map((f) => f.id));
    expect(ids(again)).toEqual(ids(once));
    expect(ids(once).size).toBe(once.flat().length);
  });

  it("mBank: the MT942's pending entries have the ids of the MT940's booked ones", async () => {
    const booked = await identified(MBANK.statement);
    const pending = await identified(MBANK.intraday);
    expect(booked.map((f) => f.entry.status)).toEqual(["booked", "booked", "booked"]);
    expect(pending.map((f) => f.entry.status)).toEqual(["pending", "pending", "pending"]);
    expect(pending.map((f) => f.id)).toEqual(booked.map((f) => f.id));
    expect(new Set(booked.map((f) => f.id)).size).toBe(3);
  });
});
