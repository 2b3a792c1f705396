import { FileError } from "../model/statement";

export type Encoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252" | "iso-8859-1" | "iso-8859-2" | "windows-1250" | "windows-1257";

/** Where a decoding stands between two records, to go on from a byte offset in a later step. */
export interface DecoderState {
  /** The encoding in use (after a byte-order mark, a sniff or the switch to Windows-1252). */
  encoding: string;
  /** Whether everything decoded so far was ASCII: invalid UTF-8 may then still mean Windows-1252. */
  asciiSoFar: boolean;
  /** The line the next text starts on, for the line of a bad byte. */
  line: number;
}

/**
 * Decodes a byte stream into text chunks. With an explicit encoding it uses it (fatal on bad
 * bytes). Otherwise a byte-order mark decides; without one, the bytes are read as UTF-8 and,
 * if an invalid sequence appears before any non-ASCII UTF-8 was seen, as Windows-1252 from
 * there on: everything decoded so far was ASCII, which both encodings read alike, so the
 * switch loses nothing. Invalid UTF-8 after real UTF-8 text fails with the line.
 */
export class TextDecoding {
  private decoder: TextDecoder | undefined;
  private first = true;
  private asciiSoFar = true;
  /**
   * While all the UTF-8 decoder gave is ASCII, the bytes it holds: the start of a character that a
   * later chunk completes, or Windows-1252 text that a Windows-1252 decoder must read again.
   */
  private held: Uint8Array = NO_BYTES;
  private lines = 1;
  /** Bytes of the byte-order mark skipped before the text. */
  bom = 0;

  constructor(private readonly encoding?: Encoding) {
    if (encoding) this.decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  }

  /** A decoding resumed at a record boundary: a whole character, past any byte-order mark. */
  static restore(state: DecoderState, encoding?: Encoding): TextDecoding {
    const decoding = new TextDecoding(encoding);
    decoding.first = false;
    decoding.decoder = new TextDecoder(state.encoding, { fatal: state.encoding !== "windows-1252" || !!encoding, ignoreBOM: true });
    decoding.asciiSoFar = state.asciiSoFar;
    decoding.lines = state.line;
    return decoding;
  }

  /** The state to resume from at a record boundary on `line`. */
  snapshot(line: number): DecoderState {
    return { encoding: this.decoder?.encoding ?? "utf-8", asciiSoFar: this.asciiSoFar, line };
  }

  /**
   * The bytes `text` came from, decoded with the encoding now in use (before a switch to
   * Windows-1252 everything was ASCII, one byte a character in either).
   */
  byteLength(text: string): number {
    if (this.isUtf16()) return text.length * 2;
    return (this.decoder?.encoding ?? "utf-8") === "utf-8" ? utf8Length(text) : text.length;
  }

  /** Whether the text is UTF-16, two bytes to a character (a surrogate pair two characters). */
  isUtf16(): boolean {
    const encoding = this.decoder?.encoding;
    return encoding === "utf-16le" || encoding === "utf-16be";
  }

  async *decode(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
    for await (let chunk of bytes) {
      if (chunk.length === 0) continue;
      if (this.first) chunk = this.start(chunk);
      const text = this.decodeChunk(chunk);
      if (this.asciiSoFar) this.hold(chunk, text);
      this.lines += countNewlines(text);
      if (text) yield text;
    }
    const tail = this.decoder ? this.finish(this.decoder) : "";
    if (tail) yield tail;
  }

  /** Keeps what the UTF-8 decoder holds while all it gave is ASCII: every byte read since the first above 0x7F. */
  private hold(chunk: Uint8Array, text: string): void {
    // Nothing held and a character a byte: every byte was ASCII (any other takes two to four
    // bytes a character, and an unfinished one gives none), so there is nothing to look for.
    if (this.held.length === 0 && text.length === chunk.length) return;
    if (NON_ASCII.test(text)) {
      this.asciiSoFar = false;
      this.held = NO_BYTES;
    } else if (this.held.length > 0) this.held = concat(this.held, chunk);
    // ASCII is a character a byte: what the text lacks is held.
    else if (text.length < chunk.length) this.held = chunk.slice(text.length);
  }

  /** Whether a bad UTF-8 sequence means Windows-1252: before any non-ASCII UTF-8 was seen, with no encoding set. */
  private mayFallBack(active: TextDecoder): boolean {
    return !this.encoding && this.asciiSoFar && active.encoding === "utf-8";
  }

  private finish(active: TextDecoder): string {
    try {
      return active.decode();
    } catch {
      if (!this.mayFallBack(active)) throw new FileError("the file ends in the middle of a character", this.lines);
      return new TextDecoder("windows-1252").decode(this.held);
    }
  }

  /** The first bytes: a byte-order mark, or UTF-16 told by its NULs, picks the decoder. */
  private start(chunk: Uint8Array): Uint8Array {
    this.first = false;
    const bom = detectBom(chunk);
    if (bom) {
      this.decoder ??= new TextDecoder(bom.encoding, { fatal: true, ignoreBOM: true });
      this.bom = bom.length;
      return chunk.subarray(bom.length);
    }
    if (!this.decoder) {
      const utf16 = sniffUtf16(chunk);
      this.decoder = new TextDecoder(utf16 ?? "utf-8", { fatal: true, ignoreBOM: true });
      if (utf16) this.asciiSoFar = false;
    }
    return chunk;
  }

  private decodeChunk(chunk: Uint8Array): string {
    const active = this.decoder!;
    try {
      return active.decode(chunk, { stream: true });
    } catch {
      if (!this.mayFallBack(active)) {
        throw new FileError(
          `the file is not valid ${this.encoding ?? active.encoding} text (bad byte sequence)`,
          this.lines + linesBeforeBadByte(chunk, active.encoding),
        );
      }
      this.decoder = new TextDecoder("windows-1252", { fatal: false, ignoreBOM: true });
      const text = this.decoder.decode(concat(this.held, chunk), { stream: true });
      this.held = NO_BYTES;
      return text;
    }
  }
}

/** Decodes a whole byte stream from its start (see TextDecoding). */
export function decodeText(bytes: AsyncIterable<Uint8Array>, encoding?: Encoding): AsyncGenerator<string> {
  return new TextDecoding(encoding).decode(bytes);
}

/** UTF-8 bytes of a string, without encoding it. */
export function utf8Length(text: string): number {
  if (!NON_ASCII.test(text)) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate and its low one are 4 bytes together.
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? 4 : c >= 0xdc00 && c < 0xe000 ? 0 : 3;
  }
  return bytes;
}

const NON_ASCII = /[^\x00-\x7f]/;

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

const NO_BYTES = new Uint8Array(0);

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const bytes = new Uint8Array(a.length + b.length);
  bytes.set(a);
  bytes.set(b, a.length);
  return bytes;
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

/** Characters kept behind the newest: more than a parser holds back (a record of 1 MiB, a head, a peek). */
const RETAIN_CHARS = 2_500_000;

/** A decoded chunk's place: its first character and byte, and how to count the bytes of its characters. */
interface ChunkPosition {
  chars: number;
  bytes: number;
  /** Bytes a character, when every character of the chunk has as many (ASCII, UTF-16, a single-byte encoding). */
  width: number | undefined;
  /** The chunk itself, kept only when its characters differ in width (UTF-8 past ASCII). */
  text: string | undefined;
}

/** Tells the byte offset of a position in the decoded text, from the chunks decoded last. */
export class TextPositions {
  private readonly chunks: ChunkPosition[] = [];
  private chars = 0;
  private bytes = 0;

  constructor(private readonly decoding: TextDecoding) {}

  async *track(text: AsyncIterable<string>): AsyncGenerator<string> {
    for await (const chunk of text) {
      const bytes = this.decoding.byteLength(chunk);
      // Most text is ASCII: holding it to count its bytes again would keep megabytes of it alive.
      const width = bytes === chunk.length ? 1 : bytes === 2 * chunk.length && this.decoding.isUtf16() ? 2 : undefined;
      this.chunks.push({ chars: this.chars, bytes: this.bytes, width, text: width === undefined ? chunk : undefined });
      this.chars += chunk.length;
      this.bytes += bytes;
      while (this.chunks.length > 1 && this.chunks[1]!.chars < this.chars - RETAIN_CHARS) this.chunks.shift();
      yield chunk;
    }
  }

  /** Bytes of text (past any byte-order mark) before character `chars`. */
  bytesAt(chars: number): number {
    for (let i = this.chunks.length - 1; i >= 0; i--) {
      const chunk = this.chunks[i]!;
      if (chunk.chars > chars) continue;
      const before = chars - chunk.chars;
      return chunk.bytes + (chunk.width === undefined ? this.decoding.byteLength(chunk.text!.slice(0, before)) : before * chunk.width);
    }
    if (chars === 0) return 0;
    throw new Error(`position ${chars} is before the text kept`);
  }
}
