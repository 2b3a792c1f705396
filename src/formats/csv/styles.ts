import type { DecimalStyle } from "../../model/money";
import type { Profile } from "../../model/profile";
import { FileError } from "../../model/statement";
import { detectDecimalStyle, type SampleAmount } from "./amount-style";
import { detectDateFormat, type SampleDate } from "./date-detect";
import { compileDatePattern, type DateReader } from "./date-pattern";
import { columnLabel, type Layout } from "./layout";
import { plainAmountReader, type PlainAmountReader } from "../../model/plain-amount";
import type { Row } from "./records";
import { isLabel, isPending } from "./words";

/** How a file writes its dates and amounts: from the profile, or told by its first rows. */
export interface Styles {
  dateFormat: string;
  readDate: DateReader;
  amounts: DecimalStyle;
  /** The amounts' common form read fast; parseAmount, by `amounts`, reads the rest and says what is wrong. */
  readPlain: PlainAmountReader;
}

/** How many rows are held to tell the formats from, before the rest streams. */
export const SAMPLE_ROWS = 100;

export function needsSample(profile: Profile): boolean {
  return !profile.dateFormat || !profile.decimalSeparator;
}

export function decideStyles(sample: readonly Row[], layout: Layout, profile: Profile, source: string): Styles {
  const fail = (p: { problem: string; line?: number }) => new FileError(`${p.problem} for source ${source}`, p.line);
  const dates = profile.dateFormat ? profileDates(profile.dateFormat) : detectDateFormat(sampleDates(sample, layout));
  if (dates && "problem" in dates) throw fail(dates);
  const amounts = profile.decimalSeparator
    ? profileAmounts(profile.decimalSeparator, profile.thousandsSeparator)
    : detectDecimalStyle(sampleAmounts(sample, layout), layout.delimiter);
  if ("problem" in amounts) throw fail(amounts);
  const readPlain = plainAmountReader(amounts);
  return dates ? { dateFormat: dates.pattern, readDate: dates.read, amounts, readPlain } : { ...noDates(), amounts, readPlain };
}

function profileDates(pattern: string) {
  const read = compileDatePattern(pattern);
  return typeof read === "string" ? { problem: `${read}: fix dateFormat in the profile` } : { pattern, read };
}

/** A file whose first rows hold no date at all (pending card rows only): a later date cannot be told. */
function noDates(): Pick<Styles, "dateFormat" | "readDate"> {
  return { dateFormat: `the profile should name: the first ${SAMPLE_ROWS} rows hold no date to tell it from`, readDate: () => undefined };
}

/** Without a thousands separator in the profile, groups may use the other one: parseAmount checks they are groups of three. */
function profileAmounts(decimalSeparator: "." | ",", thousands: string | undefined): DecimalStyle {
  return { decimalSeparator, thousandsSeparator: thousands ?? (decimalSeparator === "." ? "," : ".") };
}

function sampleDates(sample: readonly Row[], layout: Layout): SampleDate[] {
  const { bookingDate, valueDate } = layout.columns;
  return sampleCells(sample, layout, [bookingDate, valueDate]).filter((s) => !isLabel(s.text) && !isPending(s.text));
}

function sampleAmounts(sample: readonly Row[], layout: Layout): SampleAmount[] {
  const { amount, debit, credit, balance } = layout.columns;
  return sampleCells(sample, layout, [amount, debit, credit, balance]);
}

function sampleCells(sample: readonly Row[], layout: Layout, columns: readonly (number | undefined)[]): SampleDate[] {
  return sample.flatMap((row) =>
    columns.flatMap((c) => {
      const text = c === undefined ? "" : (row.cells[c] ?? "").trim();
      return text === "" ? [] : [{ text, line: row.line, column: columnLabel(layout, c!) }];
    }),
  );
}
