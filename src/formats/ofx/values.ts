import { type Day, makeDay } from "../../model/day";
import { formatMs, parseInstant } from "../../model/instant";
import { AmountError, type Money, parseAmount } from "../../model/money";
import { FileError } from "../../model/statement";

/** An OFX date: the day as the bank wrote it, and the instant when it gave a time. */
export interface OfxDate {
  day: Day;
  /** RFC 3339 in UTC with milliseconds; absent for a date alone or a time of day that does not exist. */
  time?: string | undefined;
}

/**
 * OFX datetime (OFX 2.3 §3.2.8.2): `YYYYMMDD`, `YYYYMMDDHHMM`, `YYYYMMDDHHMMSS` or
 * `YYYYMMDDHHMMSS.XXX`, then an optional `[offset:zone]` whose offset is in hours, possibly
 * fractional (`[-5:EST]`, `[+5.30:IST]`, `[0:GMT]`). Without a zone the time is GMT, as the
 * standard says.
 */
const DATE = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(?:(\d{2})(?:\.(\d{1,6}))?)?)?\s*(?:\[\s*([+-]?\d{1,2}(?:[.:]\d{1,2})?)?\s*(?::\s*[A-Za-z]*)?\s*\])?$/;

/**
 * An OFX date as the day the bank wrote (its local day: the zone says how it relates to UTC, not
 * which day the bank meant) and, with a time, the instant. A day that does not exist is an
 * error; a time of day that does not exist (Capital One's `048208`, minute 82) leaves the day
 * alone, since the day is what a statement is read by.
 */
export function ofxDate(text: string, what: string, line: number): OfxDate {
  const m = DATE.exec(text.trim());
  const day = m && makeDay(Number(m[1]), Number(m[2]), Number(m[3]));
  if (!m || !day) throw new FileError(`${what} "${text.trim()}" is not an OFX date (YYYYMMDD, optionally HHMMSS.XXX[offset:zone])`, line);
  const [, , , , hh, mm, ss = "00", fraction = "0", offset] = m;
  if (hh === undefined || mm === undefined) return { day };
  const instant = parseInstant(`${day}T${hh}:${mm}:${ss}.${fraction}${zoneOf(offset)}`);
  return instant ? { day, time: formatMs(instant.ms) } : { day };
}

/** An offset in hours ("-5", "+5.30", "5:30", "-3.5") as RFC 3339's `±hh:mm`. */
function zoneOf(offset: string | undefined): string {
  if (!offset) return "Z";
  const sign = offset.startsWith("-") ? "-" : "+";
  const [hours = "0", part] = offset.replace(/^[+-]/, "").split(/[.:]/);
  // "5.5" is five and a half hours; "5.30" and "5:30" are five hours thirty.
  const minutes = part === undefined ? 0 : part.length === 1 ? Number(part) * 6 : Number(part);
  return `${sign}${hours.padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}

/** OFX amounts: an optional sign, digits, and "." or "," before the fraction (OFX 2.3 §3.2.9.1); no thousands separators. */
const AMOUNT = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;

export function ofxAmount(text: string, currency: string, what: string, line: number): Money {
  const trimmed = text.trim();
  if (!trimmed) throw new FileError(`${what} is empty`, line);
  if (!AMOUNT.test(trimmed)) throw new FileError(`${what} "${trimmed}" is not an OFX amount (digits, an optional sign, "." or "," before the fraction)`, line);
  try {
    return parseAmount(trimmed.replace(",", "."), currency);
  } catch (error) {
    if (error instanceof AmountError) throw new FileError(`${what}: ${error.message}`, line);
    throw error;
  }
}
