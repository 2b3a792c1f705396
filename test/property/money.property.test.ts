import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { currencyExponent } from "../../src/model/currencies";
import { AmountError, formatDecimal, parseAmount, type DecimalStyle, type Money } from "../../src/model/money";
import { decimalText, PROPERTY_TIMEOUT, runs } from "./support";

/** One currency per ISO 4217 exponent the table knows. */
const CURRENCIES = [
  { currency: "JPY", exponent: 0 },
  { currency: "EUR", exponent: 2 },
  { currency: "BHD", exponent: 3 },
  { currency: "CLF", exponent: 4 },
] as const;

const currency = fc.constantFrom(...CURRENCIES);

/** Small amounts (cents), everyday ones, and ones far past 2^53 and past 40 digits. */
const minor = fc.oneof(
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
  fc.bigInt({ min: -(10n ** 60n), max: 10n ** 60n }),
  fc.constant(0n),
);

/** The separators banks write: groups with a point, blank, apostrophe or no-break space beside a decimal comma; commas beside a point. */
const groupedStyle = fc.oneof(
  fc.record({ decimalSeparator: fc.constant<"," | ".">(","), thousandsSeparator: fc.constantFrom(".", " ", "'", "\u00a0") }),
  fc.record({ decimalSeparator: fc.constant<"," | ".">("."), thousandsSeparator: fc.constantFrom(",", " ", "'") }),
);

/** Digits in groups of three from the right: "1234567" is "1.234.567". */
function grouped(digits: string, separator: string): string {
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 3) groups.unshift(digits.slice(Math.max(0, end - 3), end));
  return groups.join(separator);
}

interface Writing {
  style: DecimalStyle;
  /** "-1" leading, "1-" trailing (SWIFT and some CSV exports), or "+1". */
  sign: "leading" | "trailing" | "plus";
  /** Zeros after the currency's decimals, which say nothing: "12.500" for EUR. */
  extraZeros: number;
  /** ",50" instead of "0,50". */
  bareFraction: boolean;
  /** Blanks around the number, which cells and fields carry. */
  padding: string;
}

const writing = fc.record({
  style: groupedStyle,
  sign: fc.constantFrom<Writing["sign"]>("leading", "trailing", "plus"),
  extraZeros: fc.integer({ min: 0, max: 3 }),
  bareFraction: fc.boolean(),
  padding: fc.constantFrom("", " ", "\t", "  "),
});

/** Writes minor units as a bank would, with the writing's separators; built here, not by formatDecimal. */
function write(value: bigint, exponent: number, w: Writing): string {
  const digits = (value < 0n ? -value : value).toString().padStart(exponent + 1, "0");
  const units = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent) + "0".repeat(w.extraZeros);
  const intPart = w.bareFraction && units === "0" && fraction !== "" ? "" : grouped(units, w.style.thousandsSeparator!);
  const body = fraction === "" ? intPart : `${intPart}${w.style.decimalSeparator}${fraction}`;
  const signed = value < 0n ? (w.sign === "trailing" ? `${body}-` : `-${body}`) : w.sign === "plus" ? `+${body}` : body;
  return `${w.padding}${signed}${w.padding}`;
}

/**
 * An independent reading of the amount grammar parseAmount documents, by one regular
 * expression and BigInt arithmetic: an optional leading sign or a trailing minus; digits, or
 * digit groups of three after a first group of one to three; an optional decimal part; at
 * least one digit; decimals beyond the currency's exponent only when they are zeros.
 * Undefined when the text is not an amount.
 */
function referenceMinor(text: string, exponent: number, style: DecimalStyle): bigint | undefined {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const groups = style.thousandsSeparator ? `|\\d{1,3}(?:${esc(style.thousandsSeparator)}\\d{3})+` : "";
  const body = `(\\d*${groups})(?:${esc(style.decimalSeparator)}(\\d*))?`;
  const m = new RegExp(`^(?:([+-])${body}|${body}(-)?)$`).exec(text.trim());
  if (!m) return undefined;
  const negative = m[1] === "-" || m[6] === "-";
  const units = (m[2] ?? m[4] ?? "").split(style.thousandsSeparator ?? "\u0000").join("");
  const fraction = m[3] ?? m[5] ?? "";
  // "12." and ",5" are amounts; "." alone is not.
  if (units === "" && fraction === "") return undefined;
  if (/[^0]/.test(fraction.slice(exponent))) return undefined;
  const magnitude = BigInt(units || "0") * 10n ** BigInt(exponent) + BigInt(fraction.slice(0, exponent).padEnd(exponent, "0") || "0");
  return negative ? -magnitude : magnitude;
}

function tryParse(text: string, code: string, style: DecimalStyle): Money | AmountError {
  try {
    return parseAmount(text, code, style);
  } catch (error) {
    if (error instanceof AmountError) return error;
    throw error;
  }
}

describe("money: properties over random amounts", { timeout: PROPERTY_TIMEOUT }, () => {
  it("formatDecimal then parseAmount gives back the exact minor units, at every exponent", () => {
    fc.assert(
      fc.property(currency, minor, ({ currency: code, exponent }, value) => {
        const money: Money = { minor: value, currency: code, exponent };
        const text = formatDecimal(money);
        expect(text).toBe(decimalText(value, exponent));
        expect(parseAmount(text, code)).toEqual(money);
      }),
      runs(),
    );
  });

  it("reads decimal commas, thousands groups, trailing minus signs and padded decimals as the same minor units", () => {
    fc.assert(
      fc.property(currency, minor, writing, ({ currency: code, exponent }, value, w) => {
        const text = write(value, exponent, w);
        expect(parseAmount(text, code, w.style)).toEqual({ minor: value, currency: code, exponent });
      }),
      runs(),
    );
  });

  it("never yields a wrong value for garbage: either AmountError or exactly the reference's reading", () => {
    // Pieces that look like amounts, so that most garbage is close to valid and reaches deep branches.
    const piece = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom("0", "1", "5", "9", "12", "123", "000", "1234") },
      { weight: 4, arbitrary: fc.constantFrom(".", ",", "-", "+", " ", "'", "\u00a0") },
      { weight: 1, arbitrary: fc.constantFrom("e", "E3", "x", "--", "٣", "１", "_", "\t", "\n", "NaN", "Infinity", "0x1F") },
      { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
    );
    const style = fc.oneof(
      fc.constant<DecimalStyle>({ decimalSeparator: "." }),
      fc.constant<DecimalStyle>({ decimalSeparator: "," }),
      groupedStyle,
    );
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((p) => p.join("")), currency, style, (text, { currency: code, exponent }, s) => {
        const expected = referenceMinor(text, exponent, s);
        const result = tryParse(text, code, s);
        if (expected === undefined) {
          expect(result, `"${text}" should be refused`).toBeInstanceOf(AmountError);
        } else {
          accepted++;
          expect(result, `"${text}"`).toEqual({ minor: expected, currency: code, exponent });
        }
      }),
      runs(1000),
    );
    // The generator must reach both sides, or the property says little.
    expect(accepted).toBeGreaterThan(0);
  });

  it("takes the exponent from ISO 4217 for any code, and refuses codes outside it instead of guessing", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z]{3}$/), minor, (code, value) => {
        const exponent = currencyExponent(code);
        const result = tryParse(decimalText(value, exponent ?? 2), code, { decimalSeparator: "." });
        if (exponent === undefined) {
          expect(result).toBeInstanceOf(AmountError);
          expect((result as AmountError).message).toContain(`"${code}"`);
        } else {
          expect(result).toEqual({ minor: value, currency: code, exponent });
        }
      }),
      runs(),
    );
  });
});
