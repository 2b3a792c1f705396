import { digitsAt, isDay, type Day } from "../../model/day";
import { formatMs, parseInstant } from "../../model/instant";
import { AmountError, parseAmount, type Money } from "../../model/money";
import { plainAmountReader } from "../../model/plain-amount";
import { FileError } from "../../model/statement";
import type { Elements } from "./elements";

/** An ISO 20022 DateAndDateTimeChoice: the day as the bank wrote it, and the instant when it gave a zoned time. */
export interface CamtDate {
  day: Day;
  /** RFC 3339 in UTC with milliseconds; absent for a date, or a time without offset (local to an unknown zone). */
  time?: string | undefined;
}

// xs:dateTime may omit the zone: a local time of a zone the file does not name, so no instant.
const ZONE = /(Z|[+-]\d{2}:\d{2})$/i;

/** An amount of digits and "." read by character codes; parseAmount reads the rest (more decimals than the currency has) and says what is wrong. */
const readPlain = plainAmountReader({ decimalSeparator: "." });

/**
 * An `<Amt Ccy="...">` element as exact money, unsigned. `currency` stands in when the
 * element carries no Ccy attribute (which the schema requires, but costs nothing to tolerate).
 */
export function amountOf(elements: Elements, element: number, what: string, line: number, currency?: string): Money {
  if (!element) throw new FileError(`${what} has no amount (<Amt>)`, line);
  const text = elements.trimmedText(element);
  const code = elements.attribute(element, "Ccy")?.trim() || currency;
  if (!code) throw new FileError(`${what} amount "${text}" has no currency (Ccy attribute)`, elements.line(element));
  if (!isDecimal(text)) {
    throw new FileError(`${what} amount "${text}" is not a number with decimal separator "."`, elements.line(element));
  }
  try {
    return readPlain(text, code) ?? parseAmount(text, code);
  } catch (error) {
    if (error instanceof AmountError) throw new FileError(`${what}: ${error.message}`, elements.line(element));
    throw error;
  }
}

/**
 * Whether the text is an xs:decimal as ISO 20022 amounts use it: no sign (the direction is
 * CdtDbtInd), "." before the fraction, a digit at least. Read by character codes, as a day is:
 * the pattern's test was a tenth of an amount's reading.
 */
function isDecimal(text: string): boolean {
  let digits = 0;
  let dot = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (c === 0x2e && !dot) dot = true;
    else return false;
  }
  return digits > 0;
}

/** Whether a CdtDbtInd says credit (money in, CRDT) or debit (money out, DBIT). */
export function isCredit(elements: Elements, indicator: number, what: string, line: number): boolean {
  const code = indicator ? elements.trimmedText(indicator) : undefined;
  if (code === "CRDT" || code === "DBIT") return code === "CRDT";
  const found = code ? `"${code}"` : "none";
  throw new FileError(`${what} needs CdtDbtInd CRDT or DBIT, found ${found}`, indicator ? elements.line(indicator) : line);
}

/** Money signed from the account holder's view: credit positive, debit negative. */
export function withSign(money: Money, credit: boolean): Money {
  return credit ? money : { minor: -money.minor, currency: money.currency, exponent: money.exponent };
}

/** Reads the `<Dt>` or `<DtTm>` inside `choice` (a BookgDt, ValDt, Bal/Dt); undefined when `choice` is absent. */
export function dateOf(elements: Elements, choice: number, what: string): CamtDate | undefined {
  if (!choice) return undefined;
  const date = elements.child(choice, "Dt");
  if (date) return { day: dayOf(elements.trimmedText(date), what, elements.line(date)) };
  const dateTime = elements.child(choice, "DtTm");
  if (dateTime) return dateTimeOf(elements.trimmedText(dateTime), what, elements.line(dateTime));
  throw new FileError(`${what} has neither <Dt> nor <DtTm>`, elements.line(choice));
}

/** A plain ISODateTime element such as Stmt/CreDtTm; undefined when it is absent. */
export function dateTimeIn(elements: Elements, element: number, what: string): CamtDate | undefined {
  return element ? dateTimeOf(elements.trimmedText(element), what, elements.line(element)) : undefined;
}

/** An xs:date, whose optional zone (Z or ±hh:mm) does not change which day the bank meant. */
function dayOf(text: string, what: string, line: number): Day {
  const day = text.length === 10 ? text : text.slice(0, 10);
  if (!isDay(day) || !isZone(text, 10)) throw new FileError(`${what} "${text}" is not a date (YYYY-MM-DD)`, line);
  return day;
}

/** Whether the text from `at` on is nothing, Z, or an offset ±hh:mm. */
function isZone(text: string, at: number): boolean {
  const rest = text.length - at;
  if (rest === 0) return true;
  const sign = text.charCodeAt(at);
  if (rest === 1) return sign === 0x5a;
  return rest === 6 && (sign === 0x2b || sign === 0x2d) && text.charCodeAt(at + 3) === 0x3a && digitsAt(text, at + 1, 2) >= 0 && digitsAt(text, at + 4, 2) >= 0;
}

function dateTimeOf(text: string, what: string, line: number): CamtDate {
  const zoned = ZONE.test(text);
  const instant = parseInstant(zoned ? text : `${text}Z`);
  if (!instant) throw new FileError(`${what} "${text}" is not a date and time (YYYY-MM-DDThh:mm:ss)`, line);
  return { day: text.slice(0, 10), time: zoned ? formatMs(instant.ms) : undefined };
}
