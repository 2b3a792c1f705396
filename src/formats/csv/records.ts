import { FileError } from "../../model/statement";
import type { Positioned } from "../format";
import type { Splitter } from "../reading";

/** A CSV record: its cells, and the 1-based line of the file where it starts. */
export interface Row {
  line: number;
  cells: string[];
}

/** The longest record held while looking for its end: past it, a closing quote is surely missing. */
const MAX_RECORD = 1 << 20;

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

// Where the scan stands in a field.
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** A quote inside quotes: the closing one, or the first of a doubled pair. */
const QUOTE_IN_QUOTED = 3;
/** Padding (spaces, tabs) after the closing quote. */
const AFTER_CLOSING_QUOTE = 4;

/**
 * Cuts decoded text into records and their cells in one pass, checking RFC 4180 quoting on the
 * way. A record ends at a line end (CRLF, CR or LF, as LineSplitter counts them) outside quotes,
 * so every record end is a point reading can resume from. A quoted cell loses its quotes, its
 * doubled quotes become one and its line ends LF, whatever the file uses; padding after a closing
 * quote is dropped. A quote in a field that does not start with one (ING's `, "Naam: ..."`,
 * Rabobank's row without its opening quote), a quote inside quotes that is not doubled, or a quote
 * never closed stops the scan before that record, and says where.
 */
export class RowScanner implements Splitter<Row> {
  /** The text of the record being read, from its start; `from` is where its scan goes on. */
  private pending = "";
  private from = 0;
  /** Characters of the text before `pending`. */
  private offset: number;
  private line: number;
  private recordLine: number;
  private recordLength = 0;
  private cells: string[] = [];
  private state = FIELD_START;
  /** The current field's start in `pending`, and its closing quote once seen. */
  private fieldStart = 0;
  private closeAt = 0;
  /** The quoted field holds a doubled quote, a CR. */
  private escaped = false;
  private crInQuotes = false;
  private field = 1;
  private quoteLine = 0;
  private readonly delimiter: number;

  /** `firstLine` and `offset`: the line and the characters of the file before the text scanned. */
  constructor(delimiter: string, firstLine: number, offset = 0) {
    this.delimiter = delimiter.charCodeAt(0);
    this.line = firstLine;
    this.recordLine = firstLine;
    this.offset = offset;
  }

  push(chunk: string, out: Positioned<Row>[]): void {
    this.scan(this.pending + chunk, out, false);
  }

  /** The end of the text: the last record (which may lack its line end), or the unclosed quote. */
  end(out: Positioned<Row>[]): void {
    this.scan(this.pending, out, true);
    if (this.state === QUOTED) throw new FileError(`the quoted field ${this.field} opened here is never closed`, this.quoteLine);
    const rest = this.pending;
    if (rest === "") return;
    this.cells.push(this.cell(rest, rest.length));
    out.push({ record: { line: this.recordLine, cells: this.cells }, end: { chars: this.offset + rest.length, line: this.line } });
  }

  /** Scans `text` (the pending record and a new chunk) from `from`; at the end of the input (`final`), a last CR ends its line. */
  private scan(text: string, out: Positioned<Row>[], final: boolean): void {
    const n = text.length;
    const delimiter = this.delimiter;
    let state = this.state;
    let recordStart = 0;
    let recordLength = this.recordLength;
    let i = this.from;
    for (; i < n; i++) {
      if (state === UNQUOTED || state === QUOTED) {
        // Inside a field, only a delimiter (outside quotes), a quote or a line end matters: the
        // characters before it are passed over in one tight loop, most of a file's text.
        const end = runEnd(text, i, n, state === QUOTED ? -1 : delimiter);
        recordLength += end - i;
        if (recordLength > MAX_RECORD) throw this.tooLong();
        i = end;
        if (i === n) break;
      }
      const c = text.charCodeAt(i);
      if (c === LF || c === CR) {
        let end = i + 1;
        if (c === CR) {
          // Whether an LF follows shows with the next chunk: the scan goes on from this CR then.
          if (end === n && !final) break;
          if (text.charCodeAt(end) === LF) end++;
        }
        this.line++;
        if (state === QUOTED) {
          if (c === CR) this.crInQuotes = true;
        } else {
          this.state = state;
          this.cells.push(this.cell(text, i));
          out.push({ record: { line: this.recordLine, cells: this.cells }, end: { chars: this.offset + end, line: this.line } });
          this.cells = [];
          state = FIELD_START;
          this.recordLine = this.line;
          this.field = 1;
          recordLength = 0;
          recordStart = end;
          this.fieldStart = end;
        }
        i = end - 1;
        continue;
      }
      if (++recordLength > MAX_RECORD) throw this.tooLong();
      switch (state) {
        case FIELD_START:
          if (c === QUOTE) {
            state = QUOTED;
            this.quoteLine = this.line;
            this.escaped = false;
            this.crInQuotes = false;
          } else if (c === delimiter) {
            this.cells.push("");
            this.field++;
            this.fieldStart = i + 1;
          } else state = UNQUOTED;
          break;
        case UNQUOTED:
          if (c === delimiter) {
            this.cells.push(text.slice(this.fieldStart, i));
            this.field++;
            this.fieldStart = i + 1;
            state = FIELD_START;
          } else if (c === QUOTE) {
            throw new FileError(
              `field ${this.field} has a quote (") but does not start with one: a space before its opening quote, or its opening quote missing?`,
              this.line,
            );
          }
          break;
        case QUOTED:
          if (c === QUOTE) {
            state = QUOTE_IN_QUOTED;
            this.closeAt = i;
          }
          break;
        default:
          // After a closing quote, or the first of a doubled pair.
          if (c === QUOTE && state === QUOTE_IN_QUOTED) {
            state = QUOTED;
            this.escaped = true;
          } else if (c === delimiter) {
            this.cells.push(quotedCell(text, this.fieldStart, this.closeAt, this.escaped, this.crInQuotes));
            this.field++;
            this.fieldStart = i + 1;
            state = FIELD_START;
          } else if (c === SPACE || c === TAB) state = AFTER_CLOSING_QUOTE;
          else throw new FileError(`field ${this.field} has a quote (") inside its quotes that is not doubled ("")`, this.line);
      }
    }
    this.state = state;
    this.recordLength = recordLength;
    this.pending = recordStart === 0 ? text : text.slice(recordStart);
    this.from = i - recordStart;
    this.offset += recordStart;
    this.fieldStart -= recordStart;
    this.closeAt -= recordStart;
  }

  private tooLong(): FileError {
    return new FileError("the row is longer than 1 MiB: is a closing quote missing?", this.recordLine);
  }

  /** The field of `text` that ends at `end`. */
  private cell(text: string, end: number): string {
    if (this.state === QUOTE_IN_QUOTED || this.state === AFTER_CLOSING_QUOTE) {
      return quotedCell(text, this.fieldStart, this.closeAt, this.escaped, this.crInQuotes);
    }
    return text.slice(this.fieldStart, end);
  }
}

/** Where the run of characters from `i` ends: at `delimiter` (-1 for none), a quote or a line end; `n` when none comes. */
function runEnd(text: string, i: number, n: number, delimiter: number): number {
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === delimiter || c === QUOTE || c === LF || c === CR) return i;
  }
  return n;
}

/** A quoted field's text: between its quotes, doubled quotes made one, line ends LF. */
function quotedCell(text: string, start: number, closeAt: number, escaped: boolean, crInQuotes: boolean): string {
  let cell = text.slice(start + 1, closeAt);
  if (escaped) cell = cell.replaceAll('""', '"');
  return crInQuotes ? cell.replace(/\r\n?/g, "\n") : cell;
}
