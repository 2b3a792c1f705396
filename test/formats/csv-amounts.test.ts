import { describe, expect, it } from "vitest";
import { detectDecimalStyle } from "../../src/formats/csv/amount-style";
import { amountText } from "../../src/formats/csv/amount-text";

const sample = (...texts: string[]) => texts.map((text, i) => ({ text, line: i + 2 }));

describe("amountText", () => {
  it.each([
    ["-$7,971.39", { text: "-7,971.39", parenthesised: false, currency: undefined }],
    ["+ £1,100.00", { text: "+1,100.00", parenthesised: false, currency: "GBP" }],
    ["(12.00)", { text: "12.00", parenthesised: true, currency: undefined }],
    ["CHF 1'234.50", { text: "1'234.50", parenthesised: false, currency: "CHF" }],
    ["12,50 €", { text: "12,50", parenthesised: false, currency: "EUR" }],
    [" 7.80 ", { text: "7.80", parenthesised: false, currency: undefined }],
    ["1 234,56", { text: "1234,56", parenthesised: false, currency: undefined }],
  ])("strips %j", (cell, expected) => {
    expect(amountText(cell)).toEqual(expected);
  });
});

describe("detectDecimalStyle", () => {
  it.each([
    [["1.234,56"], ",", "."],
    [["-2,56", "750,00"], ",", "."],
    [["1,234.56"], ".", ","],
    [["12.50", "2500"], ".", ","],
    [["-.46"], ".", ","],
    [["0,123"], ",", "."],
    [["1.234.567"], ",", "."],
    [["11'373.94", "10.00"], ".", "'"],
  ])("tells %j from the amounts", (texts, decimalSeparator, thousandsSeparator) => {
    expect(detectDecimalStyle(sample(...texts), "\t")).toEqual({ decimalSeparator, thousandsSeparator });
  });

  it("lets the delimiter decide amounts that do not", () => {
    expect(detectDecimalStyle(sample("2500", "1.234"), ";")).toEqual({ decimalSeparator: ",", thousandsSeparator: "." });
    expect(detectDecimalStyle(sample("29.000", "100"), ",")).toEqual({ decimalSeparator: ".", thousandsSeparator: "," });
    expect(detectDecimalStyle([], "\t")).toEqual({ decimalSeparator: ".", thousandsSeparator: "," });
  });

  it("refuses when nothing decides, or the amounts disagree", () => {
    expect(detectDecimalStyle(sample("1,234"), ",")).toEqual({
      problem: 'cannot tell the decimal separator from amounts like "1,234"; set decimalSeparator in the profile',
      line: 2,
    });
    expect(detectDecimalStyle(sample("12", "7"), "|")).toEqual({
      problem: 'cannot tell the decimal separator: amounts such as "12" are whole numbers; set decimalSeparator in the profile',
      line: 2,
    });
    expect(detectDecimalStyle(sample("1.234,56", "12.50"), ";")).toEqual({
      problem: 'amounts "1.234,56" (line 2) and "12.50" (line 3) disagree on the decimal separator: set decimalSeparator in the profile',
      line: 3,
    });
  });
});
