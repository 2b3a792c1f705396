import { FileError } from "../model/statement";

export type Encoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252" | "iso-8859-1" | "iso-8859-2" | "windows-1250" | "windows-1257";

/**
 * Decodes a byte stream into text chunks. With an explicit encoding it uses it (fatal on bad
 * bytes). Otherwise a byte-order mark decides; without one, the bytes are read as UTF-8 and,
 * if an invalid sequence appears before any non-ASCII UTF-8 was seen, as Windows-1252 from
 * there on: everything decoded so far was ASCII, which both encodings read alike, so the
 * switch loses nothing. Invalid UTF-8 after real UTF-8 text fails with the line.
 */
export async function* decodeText(
  bytes: AsyncIterable<Uint8Array>,
  encoding?: Encoding,
): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined = encoding ? new TextDecoder(encoding, { fatal: true, ignoreBOM: true }) : undefined;
  let first = true;
  let asciiSoFar = true;
  let lines = 1;
  for await (let chunk of bytes) {
    if (chunk.length === 0) continue;
    if (first) {
      first = false;
      const bom = detectBom(chunk);
      if (bom) {
        decoder ??= new TextDecoder(bom.encoding, { fatal: true, ignoreBOM: true });
        chunk = chunk.subarray(bom.length);
      } else if (!decoder) {
        const utf16 = sniffUtf16(chunk);
        decoder = new TextDecoder(utf16 ?? "utf-8", { fatal: true, ignoreBOM: true });
        if (utf16) asciiSoFar = false;
      }
    }
    const active = decoder!;
    let text: string;
    try {
      text = active.decode(chunk, { stream: true });
    } catch {
      if (encoding || !asciiSoFar || active.encoding !== "utf-8") {
        throw new FileError(`the file is not valid ${encoding ?? active.encoding} text (bad byte sequence)`, lines + linesBeforeBadByte(chunk, active.encoding));
      }
      decoder = new TextDecoder("windows-1252", { fatal: false, ignoreBOM: true });
      text = decoder.decode(chunk, { stream: true });
    }
    if (asciiSoFar && !isAscii(chunk)) asciiSoFar = false;
    lines += countNewlines(text);
    if (text) yield text;
  }
  if (decoder) {
    let tail: string;
    try {
      tail = decoder.decode();
    } catch {
      throw new FileError("the file ends in the middle of a character", lines);
    }
    if (tail) yield tail;
  }
}

/** Where in the chunk decoding broke, as a count of line ends before it (for the error's line). */
function linesBeforeBadByte(chunk: Uint8Array, encoding: string): number {
  const lenient = new TextDecoder(encoding, { fatal: false, ignoreBOM: true }).decode(chunk);
  const at = lenient.indexOf("\uFFFD");
  return countNewlines(at < 0 ? lenient : lenient.slice(0, at));
}

function detectBom(chunk: Uint8Array): { encoding: Encoding; length: number } | undefined {
  if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) return { encoding: "utf-8", length: 3 };
  if (chunk[0] === 0xff && chunk[1] === 0xfe) return { encoding: "utf-16le", length: 2 };
  if (chunk[0] === 0xfe && chunk[1] === 0xff) return { encoding: "utf-16be", length: 2 };
  return undefined;
}

/** UTF-16 without a BOM shows as a NUL in every other byte of ASCII text. */
function sniffUtf16(chunk: Uint8Array): Encoding | undefined {
  const n = Math.min(chunk.length, 512) & ~1;
  if (n < 4) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (chunk[i] === 0) evenNul++;
    if (chunk[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.6 && evenNul < pairs * 0.1) return "utf-16le";
  if (evenNul > pairs * 0.6 && oddNul < pairs * 0.1) return "utf-16be";
  return undefined;
}

function isAscii(chunk: Uint8Array): boolean {
  for (let i = 0; i < chunk.length; i++) if (chunk[i]! >= 0x80) return false;
  return true;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/** Adapts a web ReadableStream (an R2 object body) to the async iterable decodeText takes. */
export async function* streamBytes(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
