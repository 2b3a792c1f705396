import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import {
  CURSOR_STEP_MS, cursorOf, emptyLog, firstSeqFrom, LogAppender, type LogState, nextCursor, pageSeqs, readPage, SEGMENT_SIZE, segmentKey,
} from "../../src/store/log";
import { notIncreasing } from "../support/order";

const bucket = (env as unknown as { STATEMENTS: R2Bucket }).STATEMENTS;

async function append(log: LogState, n: number, cursorMs: number, writer: string, label = writer): Promise<LogState> {
  const appender = await LogAppender.open(bucket, "t", log, writer);
  for (let i = 0; i < n; i++) await appender.push(JSON.stringify({ id: `${label}-${i}` }));
  return appender.finish(cursorMs);
}

describe("the publication log", () => {
  it("gives every item a strictly increasing cursor, 10 ms apart within a run", async () => {
    let log = await append(emptyLog(), 150, 1_000_000, "a");
    log = await append(log, 30, nextCursor(log, 1_000_100), "b");
    expect(cursorOf(log, 0)).toBe(1_000_000);
    expect(cursorOf(log, 149)).toBe(1_000_000 + 149 * CURSOR_STEP_MS);
    // The clock lagged behind the previous run's cursors: the next run continues after them.
    expect(cursorOf(log, 150)).toBe(1_000_000 + 150 * CURSOR_STEP_MS);
    const cursors = Array.from({ length: log.count }, (_, i) => cursorOf(log, i));
    expect(notIncreasing(cursors)).toEqual([]);
  });

  it("finds the first item at or after an instant", async () => {
    const log = await append(emptyLog(), 20, 5_000, "a");
    expect(firstSeqFrom(log, 0)).toBe(0);
    expect(firstSeqFrom(log, 5_000)).toBe(0);
    expect(firstSeqFrom(log, 5_001)).toBe(1);
    expect(firstSeqFrom(log, 5_190)).toBe(19);
    expect(firstSeqFrom(log, 5_191)).toBe(20);
  });

  it("pages ascending and descending, with and without a filter", async () => {
    const log = await append(emptyLog(), 10, 0, "a");
    expect(pageSeqs(log, { page: 2, pageSize: 4, descending: false })).toEqual([4, 5, 6, 7]);
    expect(pageSeqs(log, { page: 3, pageSize: 4, descending: false })).toEqual([8, 9]);
    expect(pageSeqs(log, { page: 4, pageSize: 4, descending: false })).toEqual([]);
    expect(pageSeqs(log, { page: 1, pageSize: 4, descending: true })).toEqual([9, 8, 7, 6]);
    expect(pageSeqs(log, { page: 1, pageSize: 4, descending: false, fromMs: 55 })).toEqual([6, 7, 8, 9]);
    expect(pageSeqs(log, { page: 2, pageSize: 3, descending: true, fromMs: 55 })).toEqual([6]);
  });

  it("tops up the tail segment as a new object and reads pages across segments", async () => {
    let log = await append(emptyLog(), SEGMENT_SIZE + 5, 0, "a");
    expect(segmentKey("t", log, 1)).toBe("t/1.a");
    log = await append(log, 3, nextCursor(log, 0), "b");
    expect(segmentKey("t", log, 0)).toBe("t/0.a");
    expect(segmentKey("t", log, 1)).toBe("t/1.b");
    const seqs = pageSeqs(log, { page: 1, pageSize: 10, descending: false, fromMs: cursorOf(log, 98) });
    const items = (await readPage(bucket, "t", log, seqs, "updatedAt")).map((line) => JSON.parse(line));
    expect(items.map((i) => i.id)).toEqual(["a-98", "a-99", "a-100", "a-101", "a-102", "a-103", "a-104", "b-0", "b-1", "b-2"]);
    expect(items[0].updatedAt).toBe(new Date(cursorOf(log, 98)).toISOString());
  });
});
