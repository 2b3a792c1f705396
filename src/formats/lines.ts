import { FileError } from "../model/statement";
import type { Positioned } from "./format";
import type { Splitter } from "./reading";

/** A line of text with its 1-based number in the file; the terminator (CRLF, LF or CR) is removed. */
export interface Line {
  number: number;
  text: string;
  /** Characters of the text read up to the end of the line, its terminator included. */
  end: number;
}

const LF = 10;
const CR = 13;

/**
 * Splits decoded text chunks into lines, holding no more than one line beyond the current chunk.
 * A CR at the end of a chunk waits for the next one, which tells whether an LF belongs to it: a
 * line's end is then where the next line starts.
 */
export class LineSplitter {
  private pending = "";
  private crHeld = false;
  private chars = 0;
  private number: number;

  /** `firstLine`: the number of the text's first line (a reading resumed from a line start). */
  constructor(firstLine = 1) {
    this.number = firstLine - 1;
  }

  /** The lines a chunk completes. */
  push(chunk: string): Line[] {
    const lines: Line[] = [];
    if (chunk === "") return lines;
    const base = this.chars;
    this.chars += chunk.length;
    let start = 0;
    if (this.crHeld) {
      this.crHeld = false;
      start = chunk.charCodeAt(0) === LF ? 1 : 0;
      lines.push({ number: ++this.number, text: this.pending, end: base + start });
      this.pending = "";
    }
    for (let i = start; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c !== LF && c !== CR) continue;
      const text = start === 0 ? this.pending + chunk.slice(0, i) : chunk.slice(start, i);
      if (c === CR) {
        if (i + 1 === chunk.length) {
          this.pending = text;
          this.crHeld = true;
          return lines;
        }
        if (chunk.charCodeAt(i + 1) === LF) i++;
      }
      lines.push({ number: ++this.number, text, end: base + i + 1 });
      this.pending = "";
      start = i + 1;
    }
    this.pending = start === 0 ? this.pending + chunk : chunk.slice(start);
    return lines;
  }

  /** The last line, which may lack its terminator. */
  end(): Line[] {
    if (!this.crHeld && this.pending === "") return [];
    this.crHeld = false;
    const line = { number: ++this.number, text: this.pending, end: this.chars };
    this.pending = "";
    return [line];
  }
}

/** A splitter of records made of whole lines (MT940 fields, BAI2 records): it sees the text a line at a time. */
export abstract class LineRecordSplitter<R> implements Splitter<R> {
  private readonly lines: LineSplitter;

  /** `firstLine`: the number of the text's first line (a reading resumed past a record). */
  constructor(firstLine = 1) {
    this.lines = new LineSplitter(firstLine);
  }

  push(chunk: string, out: Positioned<R>[]): void {
    for (const line of this.lines.push(chunk)) this.line(line, out);
  }

  end(out: Positioned<R>[]): void {
    for (const line of this.lines.end()) this.line(line, out);
    this.close(out);
  }

  protected abstract line(line: Line, out: Positioned<R>[]): void;

  /** At the end of the text: the record still open, if any. */
  protected abstract close(out: Positioned<R>[]): void;
}

/** Turns a string into the chunk stream every parser takes; for tests and small inputs. */
export async function* textChunks(text: string, size = 64 * 1024): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/**
 * Passes text through, failing once a line grows past `max` characters: line formats hold a
 * line in memory to parse it, and a 100 MB "line" is a broken or hostile file, not a statement.
 * `firstLine` numbers the text's first line (a reading resumed from a line start).
 */
export async function* limitLineLength(chunks: AsyncIterable<string>, max: number, firstLine = 1): AsyncGenerator<string> {
  let length = 0;
  let line = firstLine;
  for await (const chunk of chunks) {
    let start = 0;
    for (let at = chunk.indexOf("\n"); at >= 0; at = chunk.indexOf("\n", at + 1)) {
      if (length + at - start > max) break;
      length = 0;
      line++;
      start = at + 1;
    }
    length += chunk.length - start;
    if (length > max) throw new FileError(`the line is longer than ${max} characters; this is not a statement a bank writes`, line);
    yield chunk;
  }
}
