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

/** A place in a reading's text: the characters before it, and the line that starts there. */
export interface TextPoint {
  chars: number;
  line: number;
}

/** A record as a format's splitter cuts it from the text, and where reading can stop after it (undefined: not there). */
export interface Positioned<R, P extends TextPoint = TextPoint> {
  record: R;
  end: P | undefined;
}

/**
 * A format's parser as a reducer of its records: each record gives its statement events, and
 * the state between two records is plain data (bigints included) that `snapshot` hands out and
 * the reducer's `static restore` takes back in a later step.
 */
export interface RecordReducer<R, S> {
  step(record: R): StatementEvent[];
  /** The events held back to the end of the text; throws FileError for a file cut short. */
  finish(): StatementEvent[];
  snapshot(): S;
}

/** Where a reading can stop after a record and go on in a later step: its input read so far, and its state. */
export interface ResumePoint extends TextPoint {
  /** The parser's own state, plain data (bigints included). */
  state: unknown;
}

/** A reading handing out, a batch at a time, each record's events; after any of them it can say where to resume. */
export interface ResumableReading {
  batches: AsyncIterable<Iterable<StatementEvent[]>>;
  /** Where to resume after the last record handed out; undefined where it cannot stop. */
  resumePoint(): ResumePoint | undefined;
}

/** A format's reading from a record boundary: `resume` is a ResumePoint's state, the text what follows it. */
export type ResumableParser = (text: AsyncIterable<string>, context: ParseContext, resume?: unknown) => ResumableReading;

/** The whole-text parse of a resumable reading: every record's events, in order. */
export function parserOf(read: ResumableParser): FormatParser {
  return async function* (text, context) {
    for await (const batch of read(text, context).batches) for (const events of batch) yield* events;
  };
}
