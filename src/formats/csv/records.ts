import { FileError } from "../../model/statement";

/** The longest record held while looking for its end: past it, a closing quote is surely missing. */
const MAX_RECORD = 1 << 20;

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
  AfterClosingQuote,
}

/** The first quoting error of a file, and the line where its record starts. */
export interface QuoteProblem {
  record: number;
  error: FileError;
}

/** Whole records of the file's text, as it came (CRLF, CR or LF line ends). */
export interface RecordBatch {
  text: string;
  /** Where each record ends in `text`, past its line end. */
  ends: number[];
  /** The 1-based line each record starts on, and the line after it (where the next one starts). */
  lines: number[];
  next: number[];
}

/**
 * Cuts decoded text into batches of whole records, checking RFC 4180 quoting on the way. A
 * record ends at a line end (CRLF, CR or LF, as splitLines counts them) outside quotes, so a
 * batch never splits a record or a CRLF, and every record end is a point reading can resume
 * from. Papaparse reads a stray quote as text (ING's `, "Naam: ..."`, Rabobank's row without
 * its opening quote), or holds the whole rest of the file in one field when a quote is never
 * closed: the scan stops before the first such record instead, and says where.
 */
export class RecordScanner {
  problem: QuoteProblem | undefined;
  private pending = "";
  private state = State.FieldStart;
  private afterCr = false;
  private line: number;
  private recordLine: number;
  private recordLength = 0;
  private field = 1;
  private quoteLine = 0;
  private readonly delimiter: number;

  constructor(delimiter: string, firstLine: number) {
    this.delimiter = delimiter.charCodeAt(0);
    this.line = firstLine;
    this.recordLine = firstLine;
  }

  /** Adds text; returns the records it completed (none after a problem). */
  push(chunk: string): RecordBatch {
    if (this.problem) return { text: "", ends: [], lines: [], next: [] };
    const from = this.pending.length;
    const text = this.pending + chunk;
    const batch = this.scan(text, from);
    const cut = batch.ends.at(-1) ?? 0;
    this.pending = this.problem ? "" : text.slice(cut);
    return { ...batch, text: text.slice(0, cut) };
  }

  /** The end of the text: the last record (which may lack its line end), or the unclosed quote. */
  end(): RecordBatch {
    const batch: RecordBatch = { text: "", ends: [], lines: [], next: [] };
    if (this.problem) return batch;
    if (this.afterCr) this.lineEnd(this.pending.length, batch);
    if (this.state === State.Quoted) {
      this.fail(`the quoted field ${this.field} opened here is never closed`, this.quoteLine);
      return batch;
    }
    const start = batch.ends.at(-1) ?? 0;
    if (this.pending.length > start) {
      batch.ends.push(this.pending.length);
      batch.lines.push(this.recordLine);
      batch.next.push(this.line);
    }
    batch.text = this.pending;
    this.pending = "";
    return batch;
  }

  private scan(text: string, from: number): Omit<RecordBatch, "text"> {
    const batch = { ends: [] as number[], lines: [] as number[], next: [] as number[] };
    const delimiter = this.delimiter;
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.afterCr) {
        this.afterCr = false;
        if (c === LF) {
          this.lineEnd(i + 1, batch);
          continue;
        }
        this.lineEnd(i, batch);
      }
      if (c === CR) {
        // Whether an LF follows is known with the next character: the line end waits for it.
        this.afterCr = true;
        continue;
      }
      if (c === LF) {
        this.lineEnd(i + 1, batch);
        continue;
      }
      if (++this.recordLength > MAX_RECORD) {
        this.fail("the row is longer than 1 MiB: is a closing quote missing?", this.recordLine);
        return batch;
      }
      switch (this.state) {
        case State.FieldStart:
          if (c === QUOTE) {
            this.state = State.Quoted;
            this.quoteLine = this.line;
          } else if (c === delimiter) this.field++;
          else this.state = State.Unquoted;
          break;
        case State.Unquoted:
          if (c === delimiter) {
            this.field++;
            this.state = State.FieldStart;
          } else if (c === QUOTE) {
            this.fail(
              `field ${this.field} has a quote (") but does not start with one: a space before its opening quote, or its opening quote missing?`,
            );
            return batch;
          }
          break;
        case State.Quoted:
          if (c === QUOTE) this.state = State.QuoteInQuoted;
          break;
        case State.QuoteInQuoted:
          if (c === QUOTE) this.state = State.Quoted;
          else if (!this.afterClose(c)) return batch;
          break;
        case State.AfterClosingQuote:
          if (!this.afterClose(c)) return batch;
      }
    }
    return batch;
  }

  /** After a closing quote only padding, then the delimiter or the line end, may follow (papaparse allows the padding). */
  private afterClose(c: number): boolean {
    if (c === this.delimiter) {
      this.field++;
      this.state = State.FieldStart;
    } else if (c === SPACE || c === TAB) this.state = State.AfterClosingQuote;
    else {
      this.fail(`field ${this.field} has a quote (") inside its quotes that is not doubled ("")`);
      return false;
    }
    return true;
  }

  /** A line end, ending at `end`: inside quotes it is part of the field, otherwise it ends the record. */
  private lineEnd(end: number, batch: Omit<RecordBatch, "text">): void {
    this.line++;
    if (this.state === State.Quoted) return;
    batch.ends.push(end);
    batch.lines.push(this.recordLine);
    batch.next.push(this.line);
    this.state = State.FieldStart;
    this.recordLine = this.line;
    this.recordLength = 0;
    this.field = 1;
  }

  private fail(message: string, line = this.line): void {
    this.problem = { record: this.recordLine, error: new FileError(message, line) };
  }
}
