import { type DecoderState, TextDecoding, TextPositions } from "../../src/formats/decode";
import type { ParseContext, ResumableParser } from "../../src/formats/format";
import { FileError, type StatementEvent } from "../../src/model/statement";
import { parseTagged, stringifyTagged } from "../../src/model/tagged-json";
import { chunksOf } from "../support/corpus";

/** Where a reading stopped, as a checkpoint keeps it between two runs. */
export interface Stop {
  offset: number;
  decoder: DecoderState;
  /** The parser's state through the checkpoint's serialisation. */
  parser: string;
}

/** What a reading gave: its events, the FileError it ended with, and where it stopped (none: it read to the end). */
export interface Outcome {
  events: StatementEvent[];
  error?: FileError | undefined;
  stop?: Stop | undefined;
}

/**
 * Reads `bytes` with a format's resumable reading as ingestion does (decoded, byte offsets told
 * from the text), from `from` or the start, in chunks of `size` bytes; stops after `records`
 * records, or at the first record after them where the reading can stop.
 */
export async function readFrom(
  read: ResumableParser,
  context: ParseContext,
  bytes: Uint8Array,
  size: number,
  records: number,
  from?: Stop,
): Promise<Outcome> {
  const offset = from?.offset ?? 0;
  const decoding = from ? TextDecoding.restore(from.decoder) : new TextDecoding();
  const positions = new TextPositions(decoding);
  const text = positions.track(decoding.decode(chunksOf(bytes.subarray(offset), size)));
  const reading = read(text, context, from && parseTagged(from.parser));
  const events: StatementEvent[] = [];
  let seen = 0;
  try {
    for await (const batch of reading.batches) {
      for (const record of batch) {
        events.push(...record);
        const point = ++seen >= records ? reading.resumePoint() : undefined;
        if (!point) continue;
        const stop = { offset: offset + decoding.bom + positions.bytesAt(point.chars), decoder: decoding.snapshot(point.line), parser: stringifyTagged(point.state) };
        return { events, stop };
      }
    }
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    return { events, error };
  }
  return { events };
}

/** Reads `bytes` in steps of `records` records, each from where the last one stopped, as runs of the ingestion job do. */
export async function readInSteps(
  read: ResumableParser,
  context: ParseContext,
  bytes: Uint8Array,
  size: number,
  records: number,
): Promise<Outcome & { stops: number[] }> {
  const events: StatementEvent[] = [];
  const stops: number[] = [];
  let from: Stop | undefined;
  for (;;) {
    const step = await readFrom(read, context, bytes, size, records, from);
    events.push(...step.events);
    if (!step.stop) return { events, error: step.error, stops };
    stops.push(step.stop.offset);
    from = step.stop;
  }
}
