import { FileError } from "../../model/statement";

/** The longest record held while looking for its end: past it, a closing quote is surely missing. */
const MAX_RECORD = 1 << 20;

type State = "fieldStart" | "unquoted" | "quoted" | "quoteInQuoted" | "afterClosingQuote";

/** The first quoting error of a file, and the line where its record starts. */
export interface QuoteProblem {
  record: number;
  error: FileError;
}

/**
 * Checks RFC 4180 quoting while the text streams to papaparse. Papaparse's stream mode drops
 * its quote warnings and reads a stray quote as text (ING's `, "Naam: ..."`, Rabobank's row
 * without its opening quote), or holds the whole rest of the file in one field when a quote is
 * never closed. This check stops the text before the first such record instead, and says where.
 */
export class QuoteCheck {
  problem: QuoteProblem | undefined;
  private state: State = "fieldStart";
  private line: number;
  private recordLine: number;
  private recordLength = 0;
  private field = 1;
  private quoteLine = 0;

  constructor(
    private readonly delimiter: string,
    firstLine: number,
  ) {
    this.line = firstLine;
    this.recordLine = firstLine;
  }

  /** Passes the text through up to the record with the first quoting error. */
  async *pass(text: AsyncIterable<string>): AsyncGenerator<string> {
    for await (const chunk of text) {
      const stop = this.scan(chunk);
      if (stop === undefined) {
        yield chunk;
        continue;
      }
      if (stop > 0) yield chunk.slice(0, stop);
      return;
    }
    if (this.state === "quoted") this.fail(`the quoted field ${this.field} opened here is never closed`, this.quoteLine);
  }

  /** Scans a chunk; returns where the failing record starts in it (0: in an earlier chunk). */
  private scan(chunk: string): number | undefined {
    let recordStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (!this.step(c)) return recordStart;
      if (c !== "\n") {
        if (++this.recordLength <= MAX_RECORD) continue;
        this.fail("the row is longer than 1 MiB: is a closing quote missing?", this.recordLine);
        return recordStart;
      }
      this.line++;
      if (this.state !== "fieldStart") continue;
      recordStart = i + 1;
      this.recordLine = this.line;
      this.recordLength = 0;
      this.field = 1;
    }
    return undefined;
  }

  /** Advances by one character; false, with the problem recorded, on a quoting error. */
  private step(c: string): boolean {
    switch (this.state) {
      case "fieldStart":
        if (c === '"') {
          this.state = "quoted";
          this.quoteLine = this.line;
          return true;
        }
        return this.unquoted(c);
      case "unquoted":
        if (c === '"') {
          return this.fail(
            `field ${this.field} has a quote (") but does not start with one: a space before its opening quote, or its opening quote missing?`,
          );
        }
        return this.unquoted(c);
      case "quoted":
        if (c === '"') this.state = "quoteInQuoted";
        return true;
      case "quoteInQuoted":
        if (c === '"') {
          this.state = "quoted";
          return true;
        }
        return this.afterClose(c);
      case "afterClosingQuote":
        return this.afterClose(c);
    }
  }

  private unquoted(c: string): boolean {
    this.state = this.endsField(c) ? "fieldStart" : "unquoted";
    return true;
  }

  /** After a closing quote only padding, then the delimiter or the line end, may follow (papaparse allows the padding). */
  private afterClose(c: string): boolean {
    if (this.endsField(c)) this.state = "fieldStart";
    else if (c === " " || c === "\t") this.state = "afterClosingQuote";
    else return this.fail(`field ${this.field} has a quote (") inside its quotes that is not doubled ("")`);
    return true;
  }

  private endsField(c: string): boolean {
    if (c === this.delimiter) this.field++;
    return c === this.delimiter || c === "\n";
  }

  private fail(message: string, line = this.line): false {
    this.problem = { record: this.recordLine, error: new FileError(message, line) };
    return false;
  }
}
