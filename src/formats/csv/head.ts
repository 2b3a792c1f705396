/** The first lines of a file, read to find its header, and the text read with them. */
export interface Head {
  /** Complete lines without their line end (the last one may lack it at the end of the file). */
  lines: string[];
  /** Where each line ends in `text`, past its line end. */
  ends: number[];
  /** All the text read so far: the lines and what came with their last chunk. */
  text: string;
}

const LINE_END = /\r\n?|\n/g;

/**
 * Reads the first `count` lines (CRLF, CR or LF line ends, as LineSplitter counts them); holds
 * nothing beyond them and one chunk. A CR at the end of the text read waits for the next
 * chunk, which tells whether an LF belongs to it.
 */
export async function readHead(chunks: AsyncIterator<string>, count: number): Promise<Head> {
  let text = "";
  let done = false;
  let start = 0;
  const lines: string[] = [];
  const ends: number[] = [];
  while (lines.length < count) {
    LINE_END.lastIndex = start;
    const found = LINE_END.exec(text);
    if (found && (found[0] !== "\r" || found.index + 1 < text.length || done)) {
      lines.push(text.slice(start, found.index));
      start = found.index + found[0].length;
      ends.push(start);
      continue;
    }
    if (done) {
      if (start < text.length) {
        lines.push(text.slice(start));
        ends.push(text.length);
      }
      break;
    }
    const next = await chunks.next();
    if (next.done) done = true;
    else text += next.value;
  }
  return { lines, ends, text };
}
