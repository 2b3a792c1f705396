import type { Profile } from "../model/profile";
import type { StatementEvent } from "../model/statement";

export interface ParseContext {
  /** The file's name within its source, for messages. */
  fileName: string;
  /** The source folder: the account id of last resort for files that name no account. */
  source: string;
  profile?: Profile | undefined;
}

/**
 * A file format: decoded text chunks in, statement events out, streaming.
 * Throws FileError (with the line) on anything it cannot read exactly.
 */
export type FormatParser = (text: AsyncIterable<string>, context: ParseContext) => AsyncIterable<StatementEvent>;

/** Where a reading can stop after a record and go on in a later step: its input read so far, and its state. */
export interface ResumePoint {
  /** Characters of the reading's text up to the end of the record. */
  chars: number;
  /** The line the next record starts on. */
  line: number;
  /** The parser's own state, plain data (bigints included). */
  state: unknown;
}

/** A reading handing out, a batch at a time, each record's events; after any of them it can say where to resume. */
export interface ResumableReading {
  batches: AsyncIterable<Iterable<StatementEvent[]>>;
  /** Where to resume after the last record handed out; undefined where it cannot stop. */
  resumePoint(): ResumePoint | undefined;
}

/** A format whose reading resumes from a record boundary: `resume` is a ResumePoint's state, the text what follows it. */
export type ResumableParser = (text: AsyncIterable<string>, context: ParseContext, resume?: unknown) => ResumableReading;
