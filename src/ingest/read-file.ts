import { type DecoderState, type Encoding, streamBytes, TextDecoding, TextPositions } from "../formats/decode";
import type { ParseContext, ResumableReading } from "../formats/format";
import { limitLineLength } from "../formats/lines";
import { toHex } from "../model/hash";
import type { Profile } from "../model/profile";
import { FileError, type StatementEvent } from "../model/statement";
import type { Bucket } from "../store/bucket";
import { detectKind, type FileKind, FORMATS } from "./detect";
import type { InboxFile } from "./inbox";

/** Where a file's reading stands after a record: enough for a later step to go on from there. */
export interface ReadingState {
  format: FileKind;
  /** Events handed out so far, over every step. */
  events: number;
  /** Where reading stopped; the next step reads the file from there. */
  at: ResumeAt;
}

/** A record boundary in the file: its byte offset, and the decoder's and the parser's state there. */
export interface ResumeAt {
  offset: number;
  decoder: DecoderState;
  parser: unknown;
}

/** Far beyond any bank's line (MT940 allows 65 characters, CSV rows rarely reach 2 KB). */
const MAX_LINE_LENGTH = 1_000_000;

/**
 * A stored file read as its format's records, each a list of statement events, from its start
 * or from where a previous step stopped. Knows nothing of what the events become.
 */
export class FileReading {
  private events: number;
  private readonly at: ResumeAt | undefined;
  private reading: ResumableReading | undefined;

  private constructor(
    readonly format: FileKind,
    private readonly bucket: Bucket,
    private readonly file: InboxFile,
    private readonly bytes: AsyncIterable<Uint8Array>,
    private readonly text: AsyncIterable<string>,
    private readonly decoding: TextDecoding,
    private readonly positions: TextPositions,
    private readonly context: ParseContext,
    private readonly digest: DigestStream | undefined,
    resume: ReadingState | undefined,
  ) {
    this.events = resume?.events ?? 0;
    this.at = resume?.at;
  }

  /**
   * Opens the file, from its start or from `resume`; undefined when it was deleted (or, between
   * steps, replaced) since it was listed. Throws FileError when its format cannot be told.
   */
  static async open(bucket: Bucket, file: InboxFile, profile: Profile | undefined, resume?: ReadingState): Promise<FileReading | undefined> {
    // Saved by a version that read MT940 and BAI2 files again from their start: nothing says where to go on.
    if (resume && !resume.at) throw new FileError("the reading saved by the last step cannot be taken up: retry the file to read it afresh");
    const at = resume?.at;
    const object = await openAt(bucket, file, at);
    if (!object || (at && object.etag !== file.etag)) return undefined;
    // A file read in several steps is hashed in a pass of its own at the end: a digest's state cannot be saved.
    const digest = at ? undefined : new crypto.DigestStream("SHA-256");
    const body = "body" in object ? streamBytes((object as R2ObjectBody).body) : noBytes();
    const bytes = digest ? hashing(body, digest) : body;
    const encoding = profile?.encoding as Encoding | undefined;
    const decoding = at ? TextDecoding.restore(at.decoder, encoding) : new TextDecoding(encoding);
    const positions = new TextPositions(decoding);
    let text: AsyncIterable<string> = positions.track(decoding.decode(bytes));
    let format = resume?.format;
    if (!format) {
      const { head, rest } = await peek(text, 4096);
      format = profile?.format ?? detectKind(head);
      text = rest;
    }
    const context: ParseContext = { fileName: file.name, source: file.source, profile };
    return new FileReading(format, bucket, file, bytes, text, decoding, positions, context, digest, resume);
  }

  /**
   * The file's records, each its events (a record may be empty), a batch at a time: the records
   * the parser found in one piece of text, handed out one by one as they are iterated, without a
   * wait between them. Throws FileError for what the file gets wrong.
   */
  async *batches(): AsyncGenerator<Iterable<StatementEvent[]>> {
    const { read, lines } = FORMATS[this.format];
    const text = lines ? limitLineLength(this.text, MAX_LINE_LENGTH, this.at?.decoder.line) : this.text;
    this.reading = read(text, this.context, this.at?.parser);
    const batches = this.reading.batches[Symbol.asyncIterator]();
    for (;;) {
      const batch = await parsed(() => batches.next());
      if (batch.done) return;
      yield this.recordsOf(batch.value);
    }
  }

  /** The file's records one at a time (see batches). */
  async *records(): AsyncGenerator<StatementEvent[]> {
    for await (const batch of this.batches()) yield* batch;
  }

  /** Where a later step goes on after the last record handed out; undefined where it cannot stop. */
  state(): ReadingState | undefined {
    const point = this.reading?.resumePoint();
    if (!point) return undefined;
    const offset = (this.at?.offset ?? 0) + this.decoding.bom + this.positions.bytesAt(point.chars);
    return { format: this.format, events: this.events, at: { offset, decoder: this.decoding.snapshot(point.line), parser: point.state } };
  }

  /**
   * The SHA-256 of every byte of the file, once its records are read; undefined if it is gone.
   * A parser may stop at its format's end marker: the rest is read for the hash all the same.
   */
  async sha256(): Promise<string | undefined> {
    for await (const _ of this.bytes);
    if (this.digest) return toHex(await this.digest.digest);
    return digestOf(this.bucket, this.file.key);
  }

  private *recordsOf(batch: Iterable<StatementEvent[]>): Generator<StatementEvent[]> {
    const records = batch[Symbol.iterator]();
    for (;;) {
      let record: IteratorResult<StatementEvent[]>;
      try {
        record = records.next();
      } catch (error) {
        throw asFileError(error);
      }
      if (record.done) return;
      this.events += record.value.length;
      yield record.value;
    }
  }
}

/** A step of the parser: FileError as it is, anything else (our bug) as a FileError without internals. */
async function parsed<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw asFileError(error);
  }
}

function asFileError(error: unknown): FileError {
  if (error instanceof FileError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new FileError(`the file could not be read (${message})`);
}

/** The file from its start, or from where the last step stopped: past the last record, only its metadata. */
async function openAt(bucket: Bucket, file: InboxFile, at: ResumeAt | undefined): Promise<R2Object | R2ObjectBody | null> {
  if (!at) return bucket.get(file.key);
  return at.offset < file.size ? bucket.get(file.key, { range: { offset: at.offset } }) : bucket.head(file.key);
}

async function* noBytes(): AsyncGenerator<Uint8Array> {}

/** The SHA-256 of a stored object, in a pass of its own; undefined if it is gone. */
async function digestOf(bucket: Bucket, key: string): Promise<string | undefined> {
  const object = await bucket.get(key);
  if (!object) return undefined;
  const digest = new crypto.DigestStream("SHA-256");
  await object.body.pipeTo(digest);
  return toHex(await digest.digest);
}

async function peek(text: AsyncIterable<string>, size: number): Promise<{ head: string; rest: AsyncIterable<string> }> {
  const iterator = text[Symbol.asyncIterator]();
  const buffered: string[] = [];
  let length = 0;
  let done = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    buffered.push(next.value);
    length += next.value.length;
  }
  async function* rest(): AsyncGenerator<string> {
    yield* buffered;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head: buffered.join("").slice(0, size), rest: rest() };
}

/** Feeds every byte the parser reads into the digest; the digest resolves when the stream ends or is abandoned. */
async function* hashing(bytes: AsyncIterable<Uint8Array>, digest: DigestStream): AsyncGenerator<Uint8Array> {
  const writer = digest.getWriter();
  try {
    for await (const chunk of bytes) {
      await writer.write(chunk);
      yield chunk;
    }
  } finally {
    await writer.close();
  }
}
