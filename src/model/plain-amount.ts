import { currencyExponent } from "./currencies";
import type { DecimalStyle, Money } from "./money";

/**
 * Reads an amount written the common way ("-1234.56", "1.234,56", "12,50-", SWIFT's "107,") in
 * minor units, by its character codes: a CSV cell or an MT940 amount is read on every entry, and
 * a regular expression and a string or two per amount were most of a row's time. Undefined for
 * any other text (a symbol, a space, a bad number, more decimals than the currency has):
 * parseAmount reads it then, and says what is wrong.
 */
export type PlainAmountReader = (text: string, currency: string) => Money | undefined;

const ZERO = 48;
const NINE = 57;
const PLUS = 43;
const MINUS = 45;
/** Digits a double holds exactly: more go to parseAmount. */
const MAX_DIGITS = 15;

/** Thousands separators read here; any other (a space, which amountText drops first) goes to parseAmount. */
const GROUP_MARKS = [".", ",", "'"];

export function plainAmountReader(style: DecimalStyle): PlainAmountReader {
  const minorOf = plainMinorReader(style);
  return (text, currency) => {
    const exponent = currencyExponent(currency);
    if (exponent === undefined) return undefined;
    const minor = minorOf(text, exponent);
    return minor === undefined ? undefined : { minor, currency, exponent };
  };
}

/** The reading itself, in minor units of a currency with `exponent` decimals. */
function plainMinorReader(style: DecimalStyle): (text: string, exponent: number) => bigint | undefined {
  const decimal = style.decimalSeparator.charCodeAt(0);
  const mark = style.thousandsSeparator;
  const group = mark && GROUP_MARKS.includes(mark) && mark !== style.decimalSeparator ? mark.charCodeAt(0) : -1;
  return (text, exponent) => {
    let start = 0;
    let end = text.length;
    const first = text.charCodeAt(0);
    const negative = first === MINUS || (first !== PLUS && text.charCodeAt(end - 1) === MINUS);
    if (first === MINUS || first === PLUS) start = 1;
    else if (negative) end--;
    let value = 0;
    let digits = 0;
    /** Digits since the last group mark; -1 before any mark. */
    let grouped = -1;
    let i = start;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c >= ZERO && c <= NINE) {
        value = value * 10 + (c - ZERO);
        digits++;
        if (grouped >= 0) grouped++;
      } else if (c === group) {
        // "1.234.567": the first group has one to three digits, every later one three.
        if (grouped >= 0 ? grouped !== 3 : i === start || i - start > 3) return undefined;
        grouped = 0;
      } else if (c === decimal) break;
      else return undefined;
    }
    if (grouped >= 0 && grouped !== 3) return undefined;
    const units = i - start;
    let decimals = 0;
    for (i++; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c < ZERO || c > NINE) return undefined;
      decimals++;
      if (decimals > exponent) {
        if (c !== ZERO) return undefined;
      } else {
        value = value * 10 + (c - ZERO);
        digits++;
      }
    }
    if ((units === 0 && decimals === 0) || digits + exponent - Math.min(decimals, exponent) > MAX_DIGITS) return undefined;
    for (; decimals < exponent; decimals++) value *= 10;
    const minor = BigInt(value);
    return negative ? -minor : minor;
  };
}
