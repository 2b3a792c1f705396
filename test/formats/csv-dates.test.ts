import { describe, expect, it } from "vitest";
import { detectDateFormat } from "../../src/formats/csv/date-detect";
import { compileDatePattern, type DateReader } from "../../src/formats/csv/date-pattern";

function reader(pattern: string): DateReader {
  const read = compileDatePattern(pattern);
  if (typeof read === "string") throw new Error(read);
  return read;
}

const sample = (...texts: string[]) => texts.map((text, i) => ({ text, line: i + 2, column: 'column "Date"' }));

describe("compileDatePattern", () => {
  it.each([
    ["YYYY-MM-DD", "2024-01-31", "2024-01-31"],
    ["YYYYMMDD", "20200213", "2020-02-13"],
    ["DD.MM.YYYY", "01.03.2024", "2024-03-01"],
    ["DD.MM.YY", "22.02.18", "2018-02-22"],
    ["D.M.YYYY", "1.3.2024", "2024-03-01"],
    ["MM/DD/YYYY", "12/31/2021", "2021-12-31"],
    ["DD-MMM-YYYY", "12-Dec-2019", "2019-12-12"],
    ["D MMM YY", "10 feb 18", "2018-02-10"],
    ["DD MMM YY", "01 Jan 01", "2001-01-01"],
    ["YYYY.MM.DD.", "2019.04.19.", "2019-04-19"],
    ["YYYY:MM:DD", "2012:03:01", "2012-03-01"],
  ])("%s reads %s", (pattern, text, day) => {
    expect(reader(pattern)(text)).toEqual({ day });
  });

  it.each([
    ["YYYY-MM-DD", "2023-02-29"],
    ["DD.MM.YYYY", "1.3.2024"],
    ["YYYYMMDD", "2019031"],
    ["D MMM YYYY", "3 Foo 2024"],
    ["YYYY-MM-DD", "2024-01-31 noon"],
    ["YYYY-MM-DD", "2024-01-31 25:00"],
  ])("%s refuses %s", (pattern, text) => {
    expect(reader(pattern)(text)).toBeUndefined();
  });

  it("reads a time after the date, as an instant only when it has a zone", () => {
    const read = reader("YYYY-MM-DD");
    expect(read("2018-02-25 12:34:56 +0000")).toEqual({ day: "2018-02-25", instant: "2018-02-25T12:34:56.000Z" });
    expect(read("2024-01-01T00:30:00-02:00")).toEqual({ day: "2024-01-01", instant: "2024-01-01T02:30:00.000Z" });
    expect(read("2024-01-31T23:59:59.5Z")).toEqual({ day: "2024-01-31", instant: "2024-01-31T23:59:59.500Z" });
    expect(read("2025-03-01 15:12:22")).toEqual({ day: "2025-03-01", instant: undefined });
  });

  it("refuses a pattern without a year, a month and a day", () => {
    expect(compileDatePattern("DD.MM")).toBe(
      'dateFormat "DD.MM" needs exactly one year (YYYY or YY), one month (MM, M or MMM) and one day (DD or D)',
    );
  });
});

describe("detectDateFormat", () => {
  it.each([
    [["2024-01-31", "2024-02-01"], "YYYY-MM-DD"],
    [["22.02.18"], "DD.MM.YY"],
    [["05/03/2021", "13/03/2021"], "DD/MM/YYYY"],
    [["05/03/2021", "05/13/2021"], "MM/DD/YYYY"],
    [["27 Feb 2018"], "D MMM YYYY"],
    [["21-06-2019", "09-06-2019"], "DD-MM-YYYY"],
    [["2025-03-01 15:12:22"], "YYYY-MM-DD"],
  ])("tells %j is %s", (texts, pattern) => {
    expect(detectDateFormat(sample(...texts))).toMatchObject({ pattern });
  });

  it("refuses dates that fit day-first and month-first", () => {
    expect(detectDateFormat(sample("05/03/2021", "06/03/2021"))).toEqual({
      problem: "dates like 05/03/2021 can be DD/MM/YYYY or MM/DD/YYYY: set dateFormat in the profile",
      line: 2,
    });
  });

  it("leaves a date no format reads to the row, and refuses when none reads any", () => {
    expect(detectDateFormat(sample("31.01.2024", "31.02.2024"))).toMatchObject({ pattern: "DD.MM.YYYY" });
    expect(detectDateFormat(sample("soon"))).toMatchObject({ line: 2, problem: expect.stringMatching(/^column "Date": "soon" is not a date in any format/) });
    expect(detectDateFormat([])).toBeUndefined();
  });
});
