import type { StatementEvent } from "../model/statement";
import type { Positioned, RecordReducer, ResumableReading, TextPoint } from "./format";

/**
 * Cuts a format's text into records, a chunk at a time, knowing where each ends. It pushes the
 * records it completes to `out`: when it throws (a record it cannot cut), `out` holds the ones
 * before, which are read first.
 */
export interface Splitter<R, P extends TextPoint = TextPoint> {
  push(chunk: string, out: Positioned<R, P>[]): void;
  /** The end of the text: the last record, or the error of a record left open. */
  end(out: Positioned<R, P>[]): void;
}

/**
 * The records of the text, a chunk's worth at a time. The splitter's error comes after the
 * records cut before it, so that their own errors are reported first, in the order of the file.
 */
export async function* splitText<R, P extends TextPoint>(text: AsyncIterable<string>, splitter: Splitter<R, P>): AsyncGenerator<Positioned<R, P>[]> {
  for await (const chunk of text) yield* cut((out) => splitter.push(chunk, out));
  yield* cut((out) => splitter.end(out));
}

function* cut<R, P extends TextPoint>(split: (out: Positioned<R, P>[]) => void): Generator<Positioned<R, P>[]> {
  const out: Positioned<R, P>[] = [];
  let failure: { error: unknown } | undefined;
  try {
    split(out);
  } catch (error) {
    failure = { error };
  }
  if (out.length > 0) yield out;
  if (failure) throw failure.error;
}

/**
 * Reads records into statement events with a reducer, a record at a time. After a record whose end
 * is known, the reading can stop: its resume point is that end and `saved` of the reducer's
 * snapshot, which the format's reading takes back to go on from there in a later step.
 */
export function reduceRecords<R, P extends TextPoint, S>(
  batches: AsyncIterable<Positioned<R, P>[]>,
  reducer: RecordReducer<R, S>,
  saved: (end: P, state: S) => unknown,
): ResumableReading {
  let last: P | undefined;
  let finished = false;
  function* stepped(batch: Positioned<R, P>[]): Generator<StatementEvent[]> {
    for (const { record, end } of batch) {
      const events = reducer.step(record);
      last = end;
      yield events;
    }
  }
  async function* all(): AsyncGenerator<Iterable<StatementEvent[]>> {
    for await (const batch of batches) yield stepped(batch);
    finished = true;
    yield [reducer.finish()];
  }
  return {
    batches: all(),
    resumePoint: () => (finished || !last ? undefined : { chars: last.chars, line: last.line, state: saved(last, reducer.snapshot()) }),
  };
}

/** Where a reading of a line format stands past a record: the line the next one starts on, and the reducer's state. */
interface LineReadingState<S> {
  line: number;
  state: S;
}

/**
 * The reading of a format whose records are whole lines (MT940, BAI2): it resumes at the start
 * of the line past a record, where the splitter holds nothing, with the reducer's state.
 */
export function readLineRecords<R, S>(
  text: AsyncIterable<string>,
  resume: unknown,
  splitter: (firstLine: number) => Splitter<R>,
  reducer: (saved: S | undefined) => RecordReducer<R, S>,
): ResumableReading {
  const saved = resume as LineReadingState<S> | undefined;
  const records = splitText(text, splitter(saved?.line ?? 1));
  return reduceRecords(records, reducer(saved?.state), (end, state): LineReadingState<S> => ({ line: end.line, state }));
}
