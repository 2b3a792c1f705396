import { z } from "zod";
import { formatMs } from "../model/instant";
import type { Writing } from "../model/writing";
import { type Bucket, readText } from "./bucket";

/**
 * An append-only log of published items (transactions, accounts or beneficiaries), in
 * publication order, which is also cursor order.
 *
 * Items live in fixed-size segments of SEGMENT_SIZE lines: item `seq` is line `seq % S` of
 * segment `floor(seq / S)`, so a page maps to at most ceil(pageSize / S) + 1 segments
 * without any per-item index. Each publication is a *run*: its items get cursor values
 * `ms, ms + 10, ms + 20, ...` (at most 100 per second, so the connector's whole-second
 * `From` never re-reads more than one page; see CONNECTOR.md, rule 6). A run also names
 * the writer id of the segments it wrote: the tail segment is rewritten (as a new object)
 * when a run tops it up, and every object a writer creates carries its unique id, so a
 * writer that loses the commit race can never overwrite committed data.
 */
export const SEGMENT_SIZE = 100;
export const CURSOR_STEP_MS = 10;

/** [first seq of the run, cursor ms of that item, writer id] */
const RunSchema = z.tuple([z.number(), z.number(), z.string()]);
export type Run = z.infer<typeof RunSchema>;

export const LogStateSchema = z.object({ count: z.number(), runs: z.array(RunSchema) });
export type LogState = z.infer<typeof LogStateSchema>;

export const emptyLog = (): LogState => ({ count: 0, runs: [] });

export function cursorOf(log: LogState, seq: number): number {
  const run = log.runs[runIndexOf(log, seq)]!;
  return run[1] + (seq - run[0]) * CURSOR_STEP_MS;
}

function runIndexOf(log: LogState, seq: number): number {
  let lo = 0;
  let hi = log.runs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (log.runs[mid]![0] <= seq) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The first seq whose cursor is >= `ms` (log.count when there is none). */
export function firstSeqFrom(log: LogState, ms: number): number {
  let lo = 0;
  let hi = log.count;
  // Cursors increase strictly with seq, so a binary search over seq suffices.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cursorOf(log, mid) >= ms) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function lastCursor(log: LogState): number | undefined {
  return log.count === 0 ? undefined : cursorOf(log, log.count - 1);
}

export function segmentKey(prefix: string, log: LogState, segment: number): string {
  // The last run that starts inside or before this segment wrote its current version.
  const writer = log.runs[runIndexOf(log, (segment + 1) * SEGMENT_SIZE - 1)]!;
  return `${prefix}/${segment}.${writer[2]}`;
}

export interface PageQuery {
  page: number;
  pageSize: number;
  descending: boolean;
  /** Inclusive lower bound on the cursor, in whole ms. */
  fromMs?: number | undefined;
}

/** The seqs a page holds, in the order served. */
export function pageSeqs(log: LogState, q: PageQuery): number[] {
  const start = q.fromMs === undefined ? 0 : firstSeqFrom(log, q.fromMs);
  const available = log.count - start;
  const skip = (q.page - 1) * q.pageSize;
  if (skip >= available) return [];
  const n = Math.min(q.pageSize, available - skip);
  const seqs = new Array<number>(n);
  for (let i = 0; i < n; i++) seqs[i] = q.descending ? log.count - 1 - skip - i : start + skip + i;
  return seqs;
}

/**
 * Reads the page's items as JSON text, each with its cursor field added. The stored lines
 * are serialised JSON objects; the cursor is spliced in as text, so serving a page parses
 * nothing but the manifest.
 */
export async function readPage(
  bucket: Bucket,
  prefix: string,
  log: LogState,
  seqs: number[],
  cursorField: string,
): Promise<string[]> {
  const segments = [...new Set(seqs.map((s) => Math.floor(s / SEGMENT_SIZE)))];
  const texts = await Promise.all(segments.map((s) => readText(bucket, segmentKey(prefix, log, s))));
  const lines = new Map(segments.map((s, i) => [s, texts[i]!.split("\n")]));
  return seqs.map((seq) => {
    const line = lines.get(Math.floor(seq / SEGMENT_SIZE))![seq % SEGMENT_SIZE]!;
    return `{"${cursorField}":"${formatMs(cursorOf(log, seq))}",${line.slice(1)}`;
  });
}

/**
 * Appends lines as one new run. The tail segment is topped up as a new object and full
 * segments are written as soon as they fill, so memory holds at most one segment; nothing
 * is visible until the caller commits the state `finish` returns in the manifest.
 */
export const AppenderStateSchema = z.object({
  segment: z.number(),
  added: z.number(),
  buffer: z.array(z.string()),
  replaced: z.array(z.string()),
});
export type AppenderState = z.infer<typeof AppenderStateSchema>;

const WRITES_IN_FLIGHT = 16;

export class LogAppender {
  private readonly inFlight = new Set<Promise<unknown>>();
  private buffer: string[] = [];
  private segment: number;
  private added = 0;
  replaced: string[] = [];

  private constructor(
    private readonly bucket: Bucket,
    private readonly prefix: string,
    private readonly log: LogState,
    private readonly writer: string,
  ) {
    this.segment = Math.floor(log.count / SEGMENT_SIZE);
  }

  static async open(bucket: Bucket, prefix: string, log: LogState, writer: string): Promise<LogAppender> {
    const appender = new LogAppender(bucket, prefix, log, writer);
    const tailLength = log.count % SEGMENT_SIZE;
    if (tailLength > 0) {
      const key = segmentKey(prefix, log, appender.segment);
      appender.buffer = (await readText(bucket, key)).split("\n").slice(0, tailLength);
      appender.replaced.push(key);
    }
    return appender;
  }

  /** Continues a run that an earlier ingestion step began (its full segments are already written). */
  static resume(bucket: Bucket, prefix: string, log: LogState, writer: string, state: AppenderState): LogAppender {
    const appender = new LogAppender(bucket, prefix, log, writer);
    Object.assign(appender, { segment: state.segment, added: state.added, buffer: state.buffer, replaced: state.replaced });
    return appender;
  }

  /** The state to resume from; call after `settle`, so every full segment it counts is written. */
  snapshot(): AppenderState {
    return { segment: this.segment, added: this.added, buffer: this.buffer, replaced: this.replaced };
  }

  get pending(): number {
    return this.added;
  }

  push(line: string): Writing {
    this.buffer.push(line);
    this.added++;
    return this.buffer.length === SEGMENT_SIZE ? this.flush() : undefined;
  }

  /** Writes the last partial segment and returns the log with this run appended. */
  async finish(cursorMs: number): Promise<LogState> {
    if (this.added === 0) return this.log;
    if (this.buffer.length > 0) await this.flush();
    await this.settle();
    return { count: this.log.count + this.added, runs: [...this.log.runs, [this.log.count, cursorMs, this.writer]] };
  }

  /**
   * Starts writing the full buffer as a segment. Up to WRITES_IN_FLIGHT segments are written
   * at once: one R2 round trip per 100 items, one after the other, would dominate a large file.
   */
  private async flush(): Promise<void> {
    const write = this.bucket.put(`${this.prefix}/${this.segment}.${this.writer}`, this.buffer.join("\n"));
    this.buffer = [];
    this.segment++;
    const tracked: Promise<unknown> = write.then(() => this.inFlight.delete(tracked));
    // Marked handled here; the failure still surfaces where the write is awaited.
    tracked.catch(() => undefined);
    this.inFlight.add(tracked);
    if (this.inFlight.size >= WRITES_IN_FLIGHT) await Promise.race(this.inFlight);
  }

  /** The segments this writer has written so far (call after `settle`). */
  written(): string[] {
    const first = Math.floor(this.log.count / SEGMENT_SIZE);
    return Array.from({ length: this.segment - first }, (_, i) => `${this.prefix}/${first + i}.${this.writer}`);
  }

  /** Waits for every segment write started so far (a failed one throws here). */
  async settle(): Promise<void> {
    await Promise.all(this.inFlight);
  }
}

/** The cursor for a new run: now, or just after the log's last cursor when the clock lags. */
export function nextCursor(log: LogState, nowMs: number): number {
  const last = lastCursor(log);
  return last === undefined ? nowMs : Math.max(nowMs, last + CURSOR_STEP_MS);
}
