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
