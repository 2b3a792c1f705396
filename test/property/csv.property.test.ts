import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/formats/csv";
import { entries, textParser } from "../support/parsing";
import { calendarDay, decimalText, isoDay, PROPERTY_TIMEOUT, runs } from "./support";

interface Row {
  date: string;
  description: string;
  minor: bigint;
}

/**
 * Description text as people and banks write it: the CSV's own delimiters and quotes, other
 * delimiters, line breaks of every kind, tabs, no-break spaces and characters beyond the BMP.
 */
const description = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 8 }) },
      { weight: 3, arbitrary: fc.constantFrom(",", "\"", "\"\"", ";", "\n", "\r\n", "\r", "\t", " ", "  ") },
      { weight: 2, arbitrary: fc.constantFrom("é", "ß", "€", "Ω", "中文", "😀", "\u00a0", "Zahlung", "CARD 4711", "=SUM(A1)") },
      { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 6 }) },
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(""));

/** Days a bank export holds (the detected format is YYYY-MM-DD whatever the year). */
const row = fc.record({
  date: calendarDay.filter((d) => d.year >= 1900 && d.year <= 2100).map(isoDay),
  description,
  minor: fc.oneof(fc.bigInt({ min: -100_000n, max: 100_000n }), fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n })),
});

/** RFC 4180: a field with a comma, a quote or a line break is quoted, and its quotes doubled. */
function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function serialise(rows: readonly Row[], lineEnd: string): string {
  const lines = [["Date", "Description", "Amount", "Currency"], ...rows.map((r) => [r.date, r.description, decimalText(r.minor, 2), "EUR"])];
  return lines.map((cells) => cells.map(field).join(",")).join(lineEnd) + lineEnd;
}

const parse = textParser(parseCsv, "round-trip.csv", "property");

/** The parser joins a description's whitespace runs (line breaks, padding) into one space. */
const normalised = (text: string) => text.replace(/\s+/g, " ").trim() || undefined;

describe("CSV: written rows read back", { timeout: PROPERTY_TIMEOUT }, () => {
  it("gives every row's date, description and amount back, whatever the quoting, line ends and chunking", async () => {
    await fc.assert(
      fc.asyncProperty(
        // Past 100 rows, the first rows are held to detect the formats and the rest streams.
        fc.oneof({ weight: 5, arbitrary: fc.array(row, { minLength: 1, maxLength: 25 }) }, { weight: 1, arbitrary: fc.array(row, { minLength: 95, maxLength: 130 }) }),
        fc.constantFrom("\n", "\r\n"),
        fc.integer({ min: 1, max: 50 }),
        async (rows, lineEnd, chunkSize) => {
          const read = entries(await parse(serialise(rows, lineEnd), undefined, chunkSize));
          expect(read.map((e) => [e.bookingDate, e.description, e.amount.minor, e.amount.currency])).toEqual(
            rows.map((r) => [r.date, normalised(r.description), r.minor, "EUR"]),
          );
        },
      ),
      runs(150),
    );
  });
});
