import { fullYear, makeDay, type Day } from "../../model/day";
import { AmountError, parseAmount, type DecimalStyle, type Money } from "../../model/money";
import { plainAmountReader } from "../../model/plain-amount";
import { rememberLast } from "../../model/remember-last";
import { collapseWhitespace } from "../../model/whitespace";
import { FileError } from "../../model/statement";
import type { Field } from "./fields";

const COMMA: DecimalStyle = { decimalSeparator: "," };
const DOT: DecimalStyle = { decimalSeparator: "." };

/**
 * SWIFT amounts have a decimal comma ('107,' and '0,' included). Rabobank's pre-2014 export wrote
 * fixed-width, zero-padded amounts with a decimal point ('000000000300.00'); the leading zero
 * tells that layout apart, so a point is read as decimal only there and a stray one elsewhere
 * is still refused.
 */
const ZERO_PADDED_WITH_POINT = /^0\d+\.\d*$/;

const readPlain = plainAmountReader(COMMA);

/** Exact Money from a SWIFT amount, or a FileError naming the field. */
export function swiftAmount(text: string, currency: string, field: Field): Money {
  const plain = readPlain(text, currency);
  if (plain) return plain;
  const style = ZERO_PADDED_WITH_POINT.test(text) ? DOT : COMMA;
  try {
    return parseAmount(text, currency, style);
  } catch (error) {
    if (error instanceof AmountError) throw new FileError(`:${field.tag}: ${error.message}`, field.line);
    throw error;
  }
}

/** YYMMDD as SWIFT means it (two-digit years 00-69 are 20xx), undefined when it is no date. */
export const swiftDate = rememberLast(readSwiftDate);

function readSwiftDate(text: string): Day | undefined {
  if (text.length !== 6) return undefined;
  const yy = twoDigits(text, 0);
  const mm = twoDigits(text, 2);
  const dd = twoDigits(text, 4);
  return yy < 0 || mm < 0 || dd < 0 ? undefined : makeDay(fullYear(yy), mm, dd);
}

/** The number of two ASCII digits at `at`, or -1: a date read on every entry, without a regular expression. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - ZERO;
  const units = text.charCodeAt(at + 1) - ZERO;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : -1;
}

const ZERO = 48;

/**
 * The year of a :61: entry date (MMDD) is the value date's, except across New Year: an entry
 * booked in December for value in January belongs to the previous year, and the other way round.
 */
export function entryDate(mmdd: string, valueDate: Day): Day | undefined {
  if (mmdd !== lastEntryDate.mmdd || valueDate !== lastEntryDate.valueDate) {
    lastEntryDate = { mmdd, valueDate, day: readEntryDate(mmdd, valueDate) };
  }
  return lastEntryDate.day;
}

let lastEntryDate: { mmdd: string; valueDate: Day; day: Day | undefined } = { mmdd: "", valueDate: "", day: undefined };

function readEntryDate(mmdd: string, valueDate: Day): Day | undefined {
  const year = Number(valueDate.slice(0, 4));
  const valueMonth = twoDigits(valueDate, 5);
  const month = twoDigits(mmdd, 0);
  const day = twoDigits(mmdd, 2);
  const shift = valueMonth === 1 && month === 12 ? -1 : valueMonth === 12 && month === 1 ? 1 : 0;
  return makeDay(year + shift, month, day);
}

/** Text with control characters and soft hyphens removed and whitespace runs collapsed; undefined when empty. */
export function cleanText(text: string): string | undefined {
  if (isClean(text)) return text === "" ? undefined : text;
  const clean = collapseWhitespace(text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u00ad]/g, ""));
  return clean === "" ? undefined : clean;
}

/**
 * Whether cleanText would give the text back as it is: printable ASCII, single spaces between
 * words and none at either end. Most values are, and then no regular expression runs over them.
 */
function isClean(text: string): boolean {
  const last = text.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = text.charCodeAt(i);
    if (c === SPACE ? i === 0 || i === last || text.charCodeAt(i - 1) === SPACE : c < SPACE || c > TILDE) return false;
  }
  return true;
}

const SPACE = 32;
const TILDE = 126;

/**
 * The text without its trailing characters of class `char` (a one-character pattern such as
 * /[\s/]/). A loop rather than `/[\s/]+$/`: V8 tries that pattern again from each character of
 * a run that does not reach the end, so a broken line of 1,000,000 slashes took minutes.
 */
export function trimEndOf(text: string, char: RegExp): string {
  let end = text.length;
  while (end > 0 && char.test(text[end - 1]!)) end--;
  return text.slice(0, end);
}
