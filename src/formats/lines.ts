import { FileError } from "../model/statement";
import type { Positioned } from "./format";
import type { Splitter } from "./reading";

/**
 * Takes each line: its text without the terminator (CRLF, LF or CR), its 1-based number in the
 * file, and the characters of the text read up to its end, terminator included.
 */
export type LineSink = (text: string, number: number, end: number) => void;

const LF = 10;
const CR = 13;

/**
 * Splits decoded text chunks into lines, holding no more than one line beyond the current chunk,
 * and hands each to a sink as plain values: a file of a million lines makes no object per line.
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

  /** Hands over the lines a chunk completes. */
  push(chunk: string, sink: LineSink): void {
    if (chunk === "") return;
    const base = this.chars;
    this.chars += chunk.length;
    let start = 0;
    if (this.crHeld) {
      this.crHeld = false;
      start = chunk.charCodeAt(0) === LF ? 1 : 0;
      sink(this.pending, ++this.number, base + start);
      this.pending = "";
    }
    // Most files end lines with LF alone: then the native search finds them, not a loop in JavaScript.
    const lfOnly = chunk.indexOf("\r", start) < 0;
    for (let at = nextBreak(chunk, start, lfOnly); at >= 0; at = nextBreak(chunk, start, lfOnly)) {
      let end = at + 1;
      if (chunk.charCodeAt(at) === CR) {
        if (end === chunk.length) {
          this.pending = this.text(chunk, start, at);
          this.crHeld = true;
          return;
        }
        if (chunk.charCodeAt(end) === LF) end++;
      }
      sink(this.text(chunk, start, at), ++this.number, base + end);
      this.pending = "";
      start = end;
    }
    this.pending = this.text(chunk, start, chunk.length);
  }

  /** Hands over the last line, which may lack its terminator. */
  end(sink: LineSink): void {
    if (!this.crHeld && this.pending === "") return;
    this.crHeld = false;
    const text = this.pending;
    this.pending = "";
    sink(text, ++this.number, this.chars);
  }

  /** The chunk's text from `start` to `end`, after what an earlier chunk left when it starts the chunk. */
  private text(chunk: string, start: number, end: number): string {
    return start === 0 ? this.pending + chunk.slice(0, end) : chunk.slice(start, end);
  }
}

/** The next LF or CR of `chunk` from `from`, or -1. */
function nextBreak(chunk: string, from: number, lfOnly: boolean): number {
  if (lfOnly) return chunk.indexOf("\n", from);
  for (let i = from; i < chunk.length; i++) {
    const c = chunk.charCodeAt(i);
    if (c === LF || c === CR) return i;
  }
  return -1;
}

/** A splitter of records made of whole lines (MT940 fields, BAI2 records): it sees the text a line at a time. */
export abstract class LineRecordSplitter<R> implements Splitter<R> {
  private readonly lines: LineSplitter;

  /** `firstLine`: the number of the text's first line (a reading resumed past a record). */
  constructor(firstLine = 1) {
    this.lines = new LineSplitter(firstLine);
  }

  push(chunk: string, out: Positioned<R>[]): void {
    this.lines.push(chunk, (text, number, end) => this.line(text, number, end, out));
  }

  end(out: Positioned<R>[]): void {
    this.lines.end((text, number, end) => this.line(text, number, end, out));
    this.close(out);
  }

  /** A line: its text, its number, and the characters read up to its end (see LineSink). */
  protected abstract line(text: string, number: number, end: number, out: Positioned<R>[]): void;

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
