import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { accountNumber, plainText } from "../../src/formats/csv/account";
import { amountText } from "../../src/formats/csv/amount-text";
import { compileDatePattern, type DateReader } from "../../src/formats/csv/date-pattern";
import { plainAmountReader } from "../../src/model/plain-amount";
import { joinText } from "../../src/formats/csv/text";
import { fullYear, makeDay } from "../../src/model/day";
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
      // Currencies of 0, 2 and 3 decimals.
      fc.property(cell, style, fc.constantFrom("JPY", "EUR", "BHD"), (text, style, currency) => {
        const plain = plainAmountReader(style)(text, currency)?.minor;
        if (plain !== undefined) expect(plain).toBe(general(text, currency, style));
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
    expect(plainAmountReader({ decimalSeparator: decimalSeparator as "." | ",", thousandsSeparator })(text, "EUR")?.minor).toBe(minor);
  });

  it.each(["1.2.3", "12.345", "1,23,456.00", "0.001", "-", ".", "(1.00)", "€1", "1 000", "1234567890123456"])("leaves %s to parseAmount", (text) => {
    expect(plainAmountReader({ decimalSeparator: ".", thousandsSeparator: "," })(text, "EUR")).toBeUndefined();
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

/** A fixed-width date pattern read the plain way: its tokens as digit groups of a regular expression. */
function expected(pattern: string, text: string): string | undefined {
  const groups: string[] = [];
  const source = pattern.replace(/YYYY|YY|MM|DD|[^YMD]/g, (token) => {
    if (!/^[YMD]/.test(token)) return token.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    groups.push(token);
    return `(\\d{${token.length}})`;
  });
  const m = new RegExp(`^${source}$`).exec(text.trim());
  if (!m) return undefined;
  const part = (t: string) => Number(m[groups.findIndex((g) => g.startsWith(t)) + 1]);
  const year = groups.includes("YY") ? fullYear(part("Y")) : part("Y");
  return makeDay(year, part("M"), part("D"));
}

/** A day written in a fixed-width pattern. */
function written(pattern: string, d: { year: number; month: number; day: number }): string {
  const two = (n: number) => String(n % 100).padStart(2, "0");
  return pattern.replace(/YYYY|YY|MM|DD/g, (t) => (t === "YYYY" ? String(d.year).padStart(4, "0") : t === "YY" ? two(d.year) : two(t === "MM" ? d.month : d.day)));
}

describe("CSV dates of fixed-width patterns", { timeout: PROPERTY_TIMEOUT }, () => {
  const patterns = ["YYYY-MM-DD", "YYYYMMDD", "YYYY.MM.DD.", "DD.MM.YYYY", "DD.MM.YY", "MM/DD/YYYY", "DD-MM-YYYY", "YY/MM/DD"];
  /** A day written in the pattern, then a character of it replaced, one added or one dropped, now and then. */
  const cell = fc
    .record({
      pattern: fc.constantFrom(...patterns),
      day: fc.record({ year: fc.integer({ min: 0, max: 9999 }), month: fc.integer({ min: 0, max: 13 }), day: fc.integer({ min: 0, max: 32 }) }),
      at: fc.nat(11),
      change: fc.constantFrom("none", "replace", "insert", "drop"),
      ch: fc.constantFrom("0", "9", "-", ".", "/", " ", "x", "\u00a0"),
    })
    .map(({ pattern, day, at, change, ch }) => {
      const text = written(pattern, day);
      const cut = change === "none" ? text : text.slice(0, at) + (change === "drop" ? "" : ch) + text.slice(change === "insert" ? at : at + 1);
      return { pattern, text: cut };
    });

  it("read a cell as the pattern's digit groups say, whether or not it was the last cell read", () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 4 }), (cells) => {
        const pattern = cells[0]!.pattern;
        const read = compileDatePattern(pattern) as DateReader;
        for (const { text } of [...cells, ...cells]) expect(read(text)?.day).toBe(expected(pattern, text));
      }),
      runs(3000),
    );
  });
});

/** The account number rule written out: compacted and upper-cased, kept so when that makes an IBAN. */
function compactedIban(cell: string): string | undefined {
  const text = plainText(cell);
  if (text === "") return undefined;
  const compact = text.replace(/\s+/g, "").toUpperCase();
  return /^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$/.test(compact) ? compact : text;
}

describe("CSV account numbers", { timeout: PROPERTY_TIMEOUT }, () => {
  it("follow the IBAN rule with every UTF-16 code unit in the number", () => {
    const differ: number[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if ([`DE12${ch}37040044053201`, `de12 3704 0044 ${ch}`, ch].some((cell) => accountNumber(cell) !== compactedIban(cell))) differ.push(c);
    }
    expect(differ).toEqual([]);
  });

  it("follow the IBAN rule for cells near an IBAN", () => {
    const part = fc.oneof(fc.constantFrom("DE", "gb", "12", "3704", " ", "'", "0044", "ß", "-", "x"), fc.string({ maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), (parts) => {
        const cell = parts.join("");
        expect(accountNumber(cell)).toBe(compactedIban(cell));
      }),
      runs(2000),
    );
  });
});
