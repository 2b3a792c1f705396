import { FileError } from "../model/statement";

/** A line of text with its 1-based number in the file; the terminator (CRLF, LF or CR) is removed. */
export interface Line {
  number: number;
  text: string;
}

/** Splits decoded text chunks into lines without holding more than one line beyond the current chunk. */
export async function* splitLines(chunks: AsyncIterable<string>): AsyncGenerator<Line> {
  let pending = "";
  let number = 0;
  let lastWasCR = false;
  for await (const chunk of chunks) {
    let text = chunk;
    // A CRLF split across two chunks: the LF belongs to the line already emitted.
    if (lastWasCR && text.startsWith("\n")) text = text.slice(1);
    lastWasCR = false;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      yield { number: ++number, text: pending + text.slice(start, i) };
      pending = "";
      if (c === 13) {
        if (i + 1 < text.length && text.charCodeAt(i + 1) === 10) i++;
        else if (i + 1 === text.length) lastWasCR = true;
      }
      start = i + 1;
    }
    pending += text.slice(start);
  }
  if (pending !== "") yield { number: ++number, text: pending };
}

/** Turns a string into the chunk stream every parser takes; for tests and small inputs. */
export async function* textChunks(text: string, size = 64 * 1024): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/**
 * Passes text through, failing once a line grows past `max` characters: line formats hold a
 * line in memory to parse it, and a 100 MB "line" is a broken or hostile file, not a statement.
 */
export async function* limitLineLength(chunks: AsyncIterable<string>, max: number): AsyncGenerator<string> {
  let length = 0;
  let line = 1;
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
