import { Bai2Splitter } from "./bai2/records";
import { type Bai2State, Bai2Structure } from "./bai2/structure";
import { parserOf, type ResumableParser } from "./format";
import { readLineRecords } from "./reading";

/** A BAI2 file begins with its 01 file header. `head` is the first few KB of decoded text. */
export function looksLikeBai2(head: string): boolean {
  const first = head.split(/[\r\n]+/).find((line) => line.trim() !== "");
  return first?.trimStart().startsWith("01,") ?? false;
}

/**
 * BAI2 (BAI Cash Management Balance Reporting Specifications, version 2): one statement per
 * 03 account identifier, its status items as balances and its 16 details as entries, all
 * dated by the group's as-of date. Control totals and record counts are checked as read, and
 * reading resumes past any record that ends its line.
 */
export const readBai2: ResumableParser = (text, context, resume) =>
  readLineRecords(
    text,
    resume,
    (line) => new Bai2Splitter(line),
    (saved?: Bai2State) => (saved ? Bai2Structure.restore(saved, context.profile) : new Bai2Structure(context.profile)),
  );

export const parseBai2 = parserOf(readBai2);
