import type { FormatParser } from "./format";
import { splitLines } from "./lines";
import { bai2Records } from "./bai2/records";
import { Bai2Structure } from "./bai2/structure";

/** A BAI2 file begins with its 01 file header. `head` is the first few KB of decoded text. */
export function looksLikeBai2(head: string): boolean {
  const first = head.split(/[\r\n]+/).find((line) => line.trim() !== "");
  return first?.trimStart().startsWith("01,") ?? false;
}

/**
 * BAI2 (BAI Cash Management Balance Reporting Specifications, version 2): one statement per
 * 03 account identifier, its status items as balances and its 16 details as entries, all
 * dated by the group's as-of date. Control totals and record counts are checked as read.
 */
export const parseBai2: FormatParser = async function* (text, context) {
  const structure = new Bai2Structure(context.profile);
  for await (const record of bai2Records(splitLines(text))) yield* structure.read(record);
  structure.finish();
};
