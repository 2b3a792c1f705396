import { currencyExponent } from "./currencies";

/** An exact amount: `minor` units of `currency`, whose ISO 4217 exponent is `exponent`. */
export interface Money {
  readonly minor: bigint;
  readonly currency: string;
  readonly exponent: number;
}

export class AmountError extends Error {
  override name = "AmountError";
}

export interface DecimalStyle {
  /** The character between units and fractions. */
  decimalSeparator: "." | ",";
  /** Group separator allowed in the integer part (groups of three digits), if any. */
  thousandsSeparator?: string | undefined;
}

const DOT: DecimalStyle = { decimalSeparator: "." };

/** The exponent of `currency`, or an AmountError naming the code. */
export function exponentOf(currency: string): number {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) throw new AmountError(`unknown currency code "${currency}"`);
  return exponent;
}

/**
 * Parses a decimal amount written by a bank into exact minor units.
 * Accepts a leading `+`/`-` or a trailing `-`, and refuses anything else:
 * a fraction longer than the currency allows is an error unless its extra digits are zeros.
 */
export function parseAmount(text: string, currency: string, style: DecimalStyle = DOT): Money {
  const exponent = exponentOf(currency);
  return { minor: parseMinor(text, exponent, style, currency), currency, exponent };
}

/** The same reading for an exponent known without its currency code (a UMN such as `EUR/2`). */
export function parseMinor(text: string, exponent: number, style: DecimalStyle = DOT, currency = "the currency"): bigint {
  const raw = text.trim();
  let body = raw;
  let negative = false;
  if (body.startsWith("-") || body.startsWith("+")) {
    negative = body[0] === "-";
    body = body.slice(1);
  } else if (body.endsWith("-")) {
    negative = true;
    body = body.slice(0, -1);
  }
  const [units, fraction] = splitDecimal(body, style, raw);
  const digits = fraction.padEnd(exponent, "0");
  if (digits.length > exponent && /[^0]/.test(digits.slice(exponent))) {
    throw new AmountError(
      `amount "${raw}" has more decimals than ${currency} allows (${exponent})`,
    );
  }
  const magnitude = BigInt(units + digits.slice(0, exponent));
  return negative ? -magnitude : magnitude;
}

function splitDecimal(body: string, style: DecimalStyle, raw: string): [string, string] {
  const describe = () =>
    `amount "${raw}" is not a number with decimal separator "${style.decimalSeparator}"` +
    (style.thousandsSeparator ? ` and thousands separator "${style.thousandsSeparator}"` : "");
  const at = body.indexOf(style.decimalSeparator);
  const intPart = at < 0 ? body : body.slice(0, at);
  const fraction = at < 0 ? "" : body.slice(at + 1);
  if (!/^\d*$/.test(fraction)) throw new AmountError(describe());
  const units = stripGroups(intPart, style.thousandsSeparator);
  if (units === undefined) throw new AmountError(describe());
  if (units === "" && fraction === "") throw new AmountError(describe());
  return [units === "" ? "0" : units, fraction];
}

function stripGroups(intPart: string, separator: string | undefined): string | undefined {
  if (/^\d*$/.test(intPart)) return intPart;
  if (!separator) return undefined;
  const groups = intPart.split(separator);
  const [head, ...rest] = groups;
  if (!head || !/^\d{1,3}$/.test(head) || !rest.every((g) => /^\d{3}$/.test(g))) return undefined;
  return groups.join("");
}

/** Builds Money from minor units already counted by the file (BAI2 amounts, say). */
export function fromMinor(minor: bigint, currency: string): Money {
  return { minor, currency, exponent: exponentOf(currency) };
}

/** The plain decimal form, `-1234.50`: for metadata and messages, never for arithmetic. */
export function formatDecimal(money: Money): string {
  const negative = money.minor < 0n;
  const digits = (negative ? -money.minor : money.minor).toString().padStart(money.exponent + 1, "0");
  const units = digits.slice(0, digits.length - money.exponent);
  const fraction = money.exponent > 0 ? "." + digits.slice(digits.length - money.exponent) : "";
  return (negative ? "-" : "") + units + fraction;
}

/** Currency in Formance's UMN notation: `EUR/2`, `JPY/0`. */
export function umn(money: Pick<Money, "currency" | "exponent">): string {
  return `${money.currency}/${money.exponent}`;
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) {
    throw new AmountError(`cannot add ${a.currency} and ${b.currency}`);
  }
  return { ...a, minor: a.minor + b.minor };
}
