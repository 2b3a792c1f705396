import type { FormatParser, ParseContext } from "./format";
import { readHead, textFrom } from "./csv/head";
import { findLayout, headLineCount, type Layout } from "./csv/layout";
import { toLf } from "./csv/line-ends";
import { CsvReader } from "./csv/reader";
import { readRows, type Row } from "./csv/rows";
import { decideStyles, needsSample, SAMPLE_ROWS } from "./csv/styles";
import type { StatementEvent } from "../model/statement";

/**
 * Bank CSV exports (what online banking offers for download) to statement events. The profile
 * may say how the file is written; whatever it leaves out is detected: the header row past a
 * preamble, the delimiter, the columns by their names in five languages, and, from the first
 * rows, the date format and the decimal separator. A CSV has no statement boundaries: its
 * entries form one implicit statement per account, closed by the balance column when there is one.
 */
export const parseCsv: FormatParser = async function* (text, context) {
  const lf = toLf(text);
  try {
    const profile = context.profile ?? {};
    const head = await readHead(lf, headLineCount(profile));
    const layout = findLayout(head.lines, profile, context.source);
    if (!layout) return;
    yield* readRecords(readRows(textFrom(head, layout.dataIndex), layout.delimiter, layout.dataIndex + 1), layout, context);
  } finally {
    await lf.return(undefined);
  }
};

/**
 * Holds the first rows until the formats are known, then streams. A stop in the rows (a quoting
 * error, bad bytes) comes after the rows before it, so their own errors are reported first.
 */
async function* readRecords(rows: AsyncIterable<Row>, layout: Layout, context: ParseContext): AsyncGenerator<StatementEvent> {
  const profile = context.profile ?? {};
  const sampleSize = needsSample(profile) ? SAMPLE_ROWS : 1;
  const sample: Row[] = [];
  let reader: CsvReader | undefined;
  let stop: unknown;
  for await (const row of untilStop(rows, (error) => (stop = error))) {
    if (reader) {
      yield* reader.row(row);
      continue;
    }
    sample.push(row);
    if (sample.length < sampleSize) continue;
    reader = new CsvReader(layout, decideStyles(sample, layout, profile, context.source), context);
    for (const held of sample.splice(0)) yield* reader.row(held);
  }
  reader ??= new CsvReader(layout, decideStyles(sample, layout, profile, context.source), context);
  for (const held of sample) yield* reader.row(held);
  if (stop !== undefined) throw stop;
  yield* reader.finish();
}

/** The rows up to an error in reading them; the error goes to `onStop`. */
async function* untilStop(rows: AsyncIterable<Row>, onStop: (error: unknown) => void): AsyncGenerator<Row> {
  try {
    yield* rows;
  } catch (error) {
    onStop(error);
  }
}
