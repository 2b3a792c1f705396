import type { FormatParser, ParseContext, ResumableParser, ResumableReading, ResumePoint } from "./format";
import { readHead } from "./csv/head";
import { findLayout, headLineCount, type Layout } from "./csv/layout";
import { CsvReader, type CsvReaderState } from "./csv/reader";
import { type RecordBatch, RecordScanner } from "./csv/records";
import { type Row, rowsOf } from "./csv/rows";
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
  for await (const batch of readCsv(text, context).batches) for (const events of batch) yield* events;
};

/** Where a CSV reading stands after a record: what it decided from the head and the sample, and its reader. */
export interface CsvState {
  layout: Layout;
  /** The rows the styles were decided from: deciding again from them gives the same styles. */
  sample: Row[];
  reader: CsvReaderState;
  /** The line the next record starts on. */
  line: number;
}

/** Reads CSV text, or its rest from a record boundary with the state saved there. */
export const readCsv: ResumableParser = (text, context, resume) => new CsvReading(context, resume as CsvState | undefined).read(text);

class CsvReading {
  private layout: Layout | undefined;
  private reader: CsvReader | undefined;
  private readonly sample: { row: Row; end: number; next: number }[] = [];
  /** Characters of text before the next batch, and the end of the last record handed out. */
  private base = 0;
  private point: { chars: number; line: number } | undefined;
  private finished = false;

  constructor(
    private readonly context: ParseContext,
    private readonly resume: CsvState | undefined,
  ) {}

  read(text: AsyncIterable<string>): ResumableReading {
    return { batches: this.batches(text), resumePoint: () => this.resumePoint() };
  }

  private resumePoint(): ResumePoint | undefined {
    if (!this.reader || !this.point || this.finished) return undefined;
    const state: CsvState = {
      layout: this.layout!, sample: this.sample.map((s) => s.row), reader: this.reader.snapshot(), line: this.point.line,
    };
    return { ...this.point, state };
  }

  /**
   * The records a batch of text at a time. A stop in the text (a quoting error, bad bytes) comes
   * after the records before it, so their own errors are reported first.
   */
  private async *batches(text: AsyncIterable<string>): AsyncGenerator<Iterable<StatementEvent[]>> {
    const chunks = text[Symbol.asyncIterator]();
    try {
      const start = await this.start(chunks);
      if (!start) return;
      const { scanner, first } = start;
      const delimiter = this.layout!.delimiter;
      let stop: unknown;
      yield this.records(scanner.push(first), delimiter);
      while (!scanner.problem) {
        let next: IteratorResult<string>;
        try {
          next = await chunks.next();
        } catch (error) {
          stop = error;
          break;
        }
        if (next.done) {
          yield this.records(scanner.end(), delimiter);
          break;
        }
        yield this.records(scanner.push(next.value), delimiter);
      }
      if (!this.reader) yield this.decide();
      stop ??= scanner.problem?.error;
      if (stop !== undefined) throw stop;
      this.finished = true;
      yield [this.reader!.finish()];
    } finally {
      await chunks.return?.(undefined);
    }
  }

  /** Finds the layout in the head, or takes it up from the saved state; undefined for a file of blank lines. */
  private async start(chunks: AsyncIterator<string>): Promise<{ scanner: RecordScanner; first: string } | undefined> {
    const profile = this.context.profile ?? {};
    if (this.resume) {
      const { layout, sample, reader, line } = this.resume;
      this.layout = layout;
      this.sample.push(...sample.map((row) => ({ row, end: 0, next: 0 })));
      this.reader = new CsvReader(layout, decideStyles(sample, layout, profile, this.context.source), this.context, reader);
      return { scanner: new RecordScanner(layout.delimiter, line), first: "" };
    }
    const head = await readHead(chunks, headLineCount(profile));
    const layout = findLayout(head.lines, profile, this.context.source);
    if (!layout) return undefined;
    this.layout = layout;
    this.base = layout.dataIndex === 0 ? 0 : (head.ends[layout.dataIndex - 1] ?? head.text.length);
    return { scanner: new RecordScanner(layout.delimiter, layout.dataIndex + 1), first: head.text.slice(this.base) };
  }

  private records(batch: RecordBatch, delimiter: string): Iterable<StatementEvent[]> {
    const base = this.base;
    this.base += batch.text.length;
    return this.rowsOf(batch, rowsOf(batch, delimiter), base);
  }

  private *rowsOf(batch: RecordBatch, rows: Row[], base: number): Generator<StatementEvent[]> {
    for (let i = 0; i < rows.length; i++) {
      const end = base + batch.ends[i]!;
      const next = batch.next[i]!;
      if (this.reader) {
        const events = this.reader.row(rows[i]!);
        this.point = { chars: end, line: next };
        yield events;
        continue;
      }
      this.sample.push({ row: rows[i]!, end, next });
      if (this.sample.length >= (needsSample(this.context.profile ?? {}) ? SAMPLE_ROWS : 1)) yield* this.decide();
    }
  }

  /** Decides the styles from the rows held, then reads them. */
  private *decide(): Generator<StatementEvent[]> {
    const profile = this.context.profile ?? {};
    const layout = this.layout!;
    const rows = this.sample.map((s) => s.row);
    this.reader = new CsvReader(layout, decideStyles(rows, layout, profile, this.context.source), this.context);
    for (const { row, end, next } of this.sample) {
      const events = this.reader.row(row);
      this.point = { chars: end, line: next };
      yield events;
    }
  }
}
