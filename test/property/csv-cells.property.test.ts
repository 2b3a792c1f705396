import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { amountText } from "../../src/formats/csv/amount-text";
import { plainAmountReader } from "../../src/formats/csv/plain-amount";
import { joinText } from "../../src/formats/csv/text";
import { AmountError, parseAmount, type DecimalStyle } from "../../src/model/money";
import { PROPERTY_TIMEOUT, runs } from "./support";

const style = fc.oneof(
  fc.record({ decimalSeparator: fc.constant<"," | ".">(","), thousandsSeparator: fc.constantFrom(".", " ", "'", undefined) }),
  fc.record({ decimalSeparator: fc.constant<"," | ".">("."), thousandsSeparator: fc.constantFrom(",", " ", "'", ".", undefined) }),
);

/** Cells near the plain shape: digits, signs and separators in any order, and now and then a decoration. */
const cell = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom("0", "1", "5", "9", "00", "123", "999", "1000") },
      { weight: 3, arbitrary: fc.constantFrom(".", ",", "'", "-", "+") },
      { weight: 1, arbitrary: fc.constantFrom(" ", "€", "(", ")", "EUR", "x", "1234567890123456", "\u00a0") },
    ),
    { maxLength: 9 },
  )
  .map((parts) => parts.join(""));

/** What the general reading makes of a cell: minor units, or the error it raises. */
function general(text: string, currency: string, style: DecimalStyle): bigint | string {
  const cleaned = amountText(text);
  try {
    const minor = parseAmount(cleaned.text, currency, style).minor;
    return cleaned.parenthesised ? -minor : minor;
  } catch (e) {
    if (e instanceof AmountError) return e.message;
    throw e;
  }
}

describe("CSV plain amounts", { timeout: PROPERTY_TIMEOUT }, () => {
  it("reads a cell as parseAmount does, or leaves it to parseAmount", () => {
    fc.assert(
      fc.property(cell, style, fc.constantFrom(["JPY", 0], ["EUR", 2], ["BHD", 3]), (text, style, [currency, exponent]) => {
        const plain = plainAmountReader(style)(text, exponent as number);
        if (plain !== undefined) expect(plain).toBe(general(text, currency as string, style));
      }),
      runs(3000),
    );
  });

  it.each([
    ["1.234,56", ",", ".", 123456n],
    ["12,50-", ",", ".", -1250n],
    ["+7", ".", ",", 700n],
    ["-.46", ".", ",", -46n],
    ["1'234.50", ".", "'", 123450n],
    ["0.100", ".", ",", 10n],
  ])("reads %s", (text, decimalSeparator, thousandsSeparator, minor) => {
    expect(plainAmountReader({ decimalSeparator: decimalSeparator as "." | ",", thousandsSeparator })(text, 2)).toBe(minor);
  });

  it.each(["1.2.3", "12.345", "1,23,456.00", "0.001", "-", ".", "(1.00)", "€1", "1 000", "1234567890123456"])("leaves %s to parseAmount", (text) => {
    expect(plainAmountReader({ decimalSeparator: ".", thousandsSeparator: "," })(text, 2)).toBeUndefined();
  });
});

/** Joined texts as the replacement of every whitespace run makes them. */
const spaced = (texts: readonly string[]) => texts.join(" ").replace(/\s+/g, " ").trim() || undefined;

describe("CSV joined texts", { timeout: PROPERTY_TIMEOUT }, () => {
  it("take every UTF-16 code unit as whitespace or not as \\s does", () => {
    const differ: number[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if ([`a${ch}b`, `a ${ch}`, ch].some((text) => joinText([text]) !== spaced([text]))) differ.push(c);
    }
    expect(differ).toEqual([]);
  });

  it("join cells as the whitespace replacement does", () => {
    const part = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(" ", "  ", "\t", "\n", "\u00a0", "\u3000", "x y", "Zahlung"));
    const text = fc.array(part, { maxLength: 5 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 3 }), (texts) => {
        expect(joinText(texts)).toBe(spaced(texts));
      }),
      runs(2000),
    );
  });
});
