import fc from "fast-check";
import { entryId } from "../../src/map/ids";
import type { BankEntry } from "../../src/model/statement";
import { testSetting } from "../support/settings";

/** How many cases a long run asks for: PROPERTY_RUNS (VITE_PROPERTY_RUNS inside workerd). */
const LONG_RUNS_SETTING = testSetting("PROPERTY_RUNS");
const LONG_RUNS = LONG_RUNS_SETTING ? Number(LONG_RUNS_SETTING) : undefined;

/** fast-check settings for a property: `defaultRuns` is what an ordinary `npm test` affords. */
export function runs(defaultRuns = 200): { numRuns: number } {
  return { numRuns: LONG_RUNS ?? defaultRuns };
}

/** Per-test timeout: an ordinary run must stay quick; a long run may take an hour. */
export const PROPERTY_TIMEOUT = LONG_RUNS === undefined ? 30_000 : 3_600_000;

/** A valid calendar day with its parts, from year 1 to 9999 (leap days included). */
export const calendarDay = fc
  .record({ year: fc.integer({ min: 1, max: 9999 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .map(({ year, month, day }) => ({ year, month, day: Math.min(day, monthLength(year, month)) }));

/** Days in a month by the Gregorian rule, written out here so tests do not lean on Date. */
export function monthLength(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** `YYYY-MM-DD` of a day's parts. */
export function isoDay(d: { year: number; month: number; day: number }): string {
  return `${String(d.year).padStart(4, "0")}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

/** The decimal text of minor units at an exponent, sign first ("-12.50"), written without Money. */
export function decimalText(minor: bigint, exponent: number): string {
  const digits = (minor < 0n ? -minor : minor).toString().padStart(exponent + 1, "0");
  const units = digits.slice(0, digits.length - exponent);
  const fraction = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : "";
  return `${minor < 0n ? "-" : ""}${units}${fraction}`;
}

/**
 * The service's rule for entries without a bank reference, written as a reference: each file is
 * numbered on its own (a fresh numbering per file, as ingestion does), and the store keeps the
 * union of the ids, so an entry stated n times in one file and m times in another is kept
 * max(n, m) times, whatever the order of files and of entries within them.
 */
export function idsOfFiles(files: readonly (readonly BankEntry[])[], accountId: string): Set<string> {
  const ids = new Set<string>();
  for (const file of files) {
    const idFor = fileNumbering(accountId);
    for (const entry of file) ids.add(idFor(entry));
  }
  return ids;
}

/** Numbers one file's entries as ingestion does: an id counts as claimed once the file has given it. */
export function fileNumbering(accountId: string): (entry: BankEntry) => string {
  const given = new Set<string>();
  return (entry) => {
    const id = entryId(entry, accountId, (candidate) => given.has(candidate));
    given.add(id);
    return id;
  };
}
