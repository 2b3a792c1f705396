import { describe, expect, it } from "vitest";
import { AmountError, formatDecimal, fromMinor, parseAmount, umn } from "../../src/model/money";

describe("parseAmount", () => {
  it.each([
    ["12.34", "EUR", 1234n],
    ["-12.34", "EUR", -1234n],
    ["+0.5", "EUR", 50n],
    ["12", "EUR", 1200n],
    ["12.", "EUR", 1200n],
    [".5", "EUR", 50n],
    ["1234", "JPY", 1234n],
    ["1.234", "BHD", 1234n],
    ["29.000", "CHF", 2900n],
    ["0.0001", "CLF", 1n],
    ["12.34-", "EUR", -1234n],
  ])("%s %s is %s minor units", (text, currency, minor) => {
    expect(parseAmount(text, currency).minor).toBe(minor);
  });

  it("reads decimal comma and thousands groups", () => {
    const style = { decimalSeparator: ",", thousandsSeparator: "." } as const;
    expect(parseAmount("1.001,00", "EUR", style).minor).toBe(100100n);
    expect(parseAmount("-1.234.567,89", "EUR", style).minor).toBe(-123456789n);
    expect(parseAmount("107,", "EUR", style).minor).toBe(10700n);
  });

  it("treats negative zero as zero", () => {
    expect(parseAmount("-0.00", "EUR").minor).toBe(0n);
    expect(formatDecimal(parseAmount("-0.00", "EUR"))).toBe("0.00");
  });

  it("keeps every digit of huge amounts", () => {
    const text = "1234567890123456789012345678901234567890.12";
    const money = parseAmount(text, "EUR");
    expect(money.minor).toBe(123456789012345678901234567890123456789012n);
    expect(formatDecimal(money)).toBe(text);
  });

  it.each(["1.2.3", "", " ", "NaN", "abc", "1e5", "--1", "1,5", "Infinity", "0x10", "-"])(
    "refuses %j",
    (text) => {
      expect(() => parseAmount(text, "EUR")).toThrow(AmountError);
    },
  );

  it("refuses more decimals than the currency has", () => {
    const style = { decimalSeparator: ".", thousandsSeparator: "," } as const;
    expect(() => parseAmount("12,345.678", "EUR", style)).toThrow(/more decimals than EUR allows \(2\)/);
    expect(() => parseAmount("1.5", "JPY")).toThrow(AmountError);
  });

  it("refuses malformed thousands groups", () => {
    const style = { decimalSeparator: ",", thousandsSeparator: "." } as const;
    expect(() => parseAmount("1.00,00", "EUR", style)).toThrow(AmountError);
    expect(() => parseAmount("1234.567,00", "EUR", style)).toThrow(AmountError);
  });

  it("refuses unknown currencies instead of guessing an exponent", () => {
    expect(() => parseAmount("1.00", "XXX")).toThrow(/unknown currency code "XXX"/);
  });
});

describe("formatDecimal round-trips for every exponent", () => {
  it.each([
    ["JPY", 0],
    ["EUR", 2],
    ["BHD", 3],
    ["CLF", 4],
  ])("%s has exponent %i", (currency, exponent) => {
    for (const minor of [0n, 1n, -1n, 9n, 10n, 99n, 100n, 12345n, -12345n, 10n ** 30n + 7n]) {
      const money = fromMinor(minor, currency);
      expect(money.exponent).toBe(exponent);
      expect(parseAmount(formatDecimal(money), currency).minor).toBe(minor);
    }
    expect(umn(fromMinor(1n, currency))).toBe(`${currency}/${exponent}`);
  });
});
