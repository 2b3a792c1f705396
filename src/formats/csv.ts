import type { StatementEvent } from "../model/statement";
import { type ParseContext, parserOf, type Positioned, type ResumableParser, type ResumableReading } from "./format";
import { readHead } from "./csv/head";
import { findLayout, headLineCount, type Layout } from "./csv/layout";
import { CsvReader, type CsvReaderState } from "./csv/reader";
import { type Row, RowScanner } from "./csv/records";
import { decideStyles, needsSample, SAMPLE_ROWS } from "./csv/styles";
import { reduceRecords, splitText } from "./reading";

/** Where a CSV reading stands after a record: what it decided from the head and the sample, and its reader. */
export interface CsvState {
  layout: Layout;
  /** The rows the styles were decided from: deciding again from them gives the same styles. */
  sample: Row[];
  reader: CsvReaderState;
  /** The line the next record starts on. */
  line: number;
}

/**
 * Bank CSV exports (what online banking offers for download) to statement events. The profile
 * may say how the file is written; whatever it leaves out is detected: the header row past a
 * preamble, the delimiter, the columns by their names in five languages, and, from the first
 * rows, the date format and the decimal separator. A CSV has no statement boundaries: its
 * entries form one implicit statement per account, closed by the balance column when there is one.
 * Reads the text from its start, or its rest from a record boundary with the state saved there.
 */
export const readCsv: ResumableParser = (text, context, resume) => {
  let reading: ResumableReading | undefined;
  async function* batches(): AsyncGenerator<Iterable<StatementEvent[]>> {
    const start = resume ? resumed(text, context, resume as CsvState) : await fromHead(text, context);
    if (!start) return;
    const { layout, sample, reader, rows } = start;
    reading = reduceRecords(rows, reader, (end, state): CsvState => ({ layout, sample, reader: state, line: end.line }));
    yield* reading.batches;
  }
  return { batches: batches(), resumePoint: () => reading?.resumePoint() };
};

export const parseCsv = parserOf(readCsv);

/** A reading's start: the layout, the rows the styles come from, the reader, and the rows to read. */
interface Start {
  layout: Layout;
  sample: Row[];
  reader: CsvReader;
  rows: AsyncIterable<Positioned<Row>[]>;
}

/** Takes the reading up from a record boundary, with what was decided from the head and the sample. */
function resumed(text: AsyncIterable<string>, context: ParseContext, state: CsvState): Start {
  const { layout, sample, line } = state;
  const styles = decideStyles(sample, layout, context.profile ?? {}, context.source);
  const reader = CsvReader.restore(state.reader, layout, styles, context);
  return { layout, sample, reader, rows: splitText(text, new RowScanner(layout.delimiter, line)) };
}

/**
 * Finds the layout in the head, then decides the styles from the first rows, which are read ahead
 * and then read again by the reader; undefined for a file of blank lines. An error in the text (a
 * quoting error, bad bytes) while reading ahead comes after the rows before it, so their own
 * errors are reported first.
 */
async function fromHead(text: AsyncIterable<string>, context: ParseContext): Promise<Start | undefined> {
  const profile = context.profile ?? {};
  const chunks = text[Symbol.asyncIterator]();
  const head = await readHead(chunks, headLineCount(profile));
  const layout = findLayout(head.lines, profile, context.source);
  if (!layout) {
    await chunks.return?.(undefined);
    return undefined;
  }
  const base = layout.dataIndex === 0 ? 0 : (head.ends[layout.dataIndex - 1] ?? head.text.length);
  const rest = { [Symbol.asyncIterator]: () => chunks };
  const batches = splitText(prepend(head.text.slice(base), rest), new RowScanner(layout.delimiter, layout.dataIndex + 1, base));
  const wanted = needsSample(profile) ? SAMPLE_ROWS : 1;
  const ahead: Positioned<Row>[] = [];
  let stop: { error: unknown } | undefined;
  let done = false;
  while (ahead.length < wanted && !done) {
    try {
      const next = await batches.next();
      if (next.done) done = true;
      else for (const row of next.value) ahead.push(row);
    } catch (error) {
      stop = { error };
      break;
    }
  }
  const sample = ahead.slice(0, wanted).map((p) => p.record);
  const reader = new CsvReader(layout, decideStyles(sample, layout, profile, context.source), context);
  async function* rows(): AsyncGenerator<Positioned<Row>[]> {
    yield ahead;
    if (stop) throw stop.error;
    if (!done) yield* batches;
  }
  return { layout, sample, reader, rows: rows() };
}

async function* prepend(first: string, rest: AsyncIterable<string>): AsyncGenerator<string> {
  yield first;
  yield* rest;
}
