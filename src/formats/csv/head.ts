/** The first lines of a file, read to find its header, and the text that follows them. */
export interface Head {
  /** Complete lines without their LF (the last one may lack it at the end of the file). */
  lines: string[];
  /** The text after `lines`, streaming. */
  rest: AsyncIterable<string>;
}

/** Reads the first `count` lines of LF-only text; holds nothing beyond them and one chunk. */
export async function readHead(text: AsyncIterable<string>, count: number): Promise<Head> {
  const chunks = text[Symbol.asyncIterator]();
  let buffer = "";
  let start = 0;
  const lines: string[] = [];
  while (lines.length < count) {
    const at = buffer.indexOf("\n", start);
    if (at >= 0) {
      lines.push(buffer.slice(start, at));
      start = at + 1;
      continue;
    }
    const next = await chunks.next();
    if (next.done) {
      if (start < buffer.length) lines.push(buffer.slice(start));
      start = buffer.length;
      break;
    }
    buffer = buffer.slice(start) + next.value;
    start = 0;
  }
  return { lines, rest: follow(buffer.slice(start), chunks) };
}

async function* follow(buffer: string, chunks: AsyncIterator<string>): AsyncGenerator<string> {
  try {
    if (buffer) yield buffer;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  } finally {
    await chunks.return?.();
  }
}

/** The text from line `index` (0-based) of the head on. */
export async function* textFrom(head: Head, index: number): AsyncGenerator<string> {
  for (const line of head.lines.slice(index)) yield line + "\n";
  yield* head.rest;
}
