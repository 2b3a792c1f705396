import { z } from "zod";
import { rememberLast } from "../model/remember-last";
import type { Writing } from "../model/writing";
import { type Bucket, readRequiredJson, writeId } from "./bucket";
import { dayKey } from "./layout";

/**
 * Transactions in booking order (`sort=createdAt`), which is not publication order: a
 * statement for 2024 uploaded today sorts among 2024. One object per booking day lists the
 * log seqs booked that day, ordered by (createdAt, seq); a table of days with their counts
 * lets a page find its days without reading the others.
 */
/** [day, count, key] per booking day. */
export const DaysTableSchema = z.array(z.tuple([z.string(), z.number(), z.string()]));
export type DaysTable = z.infer<typeof DaysTableSchema>;
/** [createdAt, seq] per transaction booked on the day. */
const DayItemsSchema = z.array(z.tuple([z.string(), z.number()]));
type DayItems = z.infer<typeof DayItemsSchema>;

export interface BookingQuery {
  page: number;
  pageSize: number;
  descending: boolean;
  /** Only items booked at or after this instant (RFC 3339 UTC with milliseconds). */
  from?: string | undefined;
}

/** The seqs of one page in booking order: reads only the table's days that the page falls in. */
export async function bookingOrderSeqs(bucket: Bucket, table: DaysTable, q: BookingQuery): Promise<number[]> {
  const cache = new Map<string, Promise<DayItems>>();
  const read = (key: string) => {
    if (!cache.has(key)) cache.set(key, readRequiredJson(bucket, key, DayItemsSchema));
    return cache.get(key)!;
  };
  // Each day as a slice [from, to) of its items; the first day is cut at the `from` instant.
  let slices = table.map(([day, count, key]) => ({ day, key, from: 0, to: count }));
  if (q.from !== undefined) {
    const fromDay = q.from.slice(0, 10);
    slices = slices.filter((s) => s.day >= fromDay);
    const first = slices[0];
    if (first?.day === fromDay) {
      const at = (await read(first.key)).findIndex(([createdAt]) => createdAt >= q.from!);
      first.from = at < 0 ? first.to : at;
    }
  }
  if (q.descending) slices.reverse();
  let skip = (q.page - 1) * q.pageSize;
  let remaining = q.pageSize;
  const wanted: { key: string; start: number; take: number; from: number; to: number }[] = [];
  for (const s of slices) {
    if (remaining === 0) break;
    const size = s.to - s.from;
    if (skip >= size) {
      skip -= size;
      continue;
    }
    const take = Math.min(size - skip, remaining);
    wanted.push({ key: s.key, start: skip, take, from: s.from, to: s.to });
    remaining -= take;
    skip = 0;
  }
  const lists = await Promise.all(wanted.map((w) => read(w.key)));
  return wanted.flatMap((w, i) => {
    const items = lists[i]!.slice(w.from, w.to);
    if (q.descending) items.reverse();
    return items.slice(w.start, w.start + w.take).map(([, seq]) => seq);
  });
}

/** Items held in memory at most before the days they belong to are merged into their objects. */
export const MAX_PENDING_ITEMS = 10_000;

/**
 * Collects a publication's new transactions by booking day and merges them into the day
 * objects: at the end, at each step, and whenever MAX_PENDING_ITEMS are waiting, so a file
 * holds a bounded number of them whatever its size.
 */
/** A file's transactions come a day at a time, most at its midnight. */
const dayOf = rememberLast((createdAt) => createdAt.slice(0, 10));

/**
 * A day's items added since it was last written, as two lists: a pair each would be an object
 * per transaction, held until the day is written.
 */
interface AddedItems {
  createdAt: string[];
  seq: number[];
}

export class BookingDays {
  private added = new Map<string, AddedItems>();
  private pending = 0;
  /** Objects superseded by this publication's writes: garbage once it commits. */
  readonly replaced: string[] = [];

  constructor(
    private readonly bucket: Bucket,
    public table: DaysTable,
    private readonly writer: string,
    private readonly limit = MAX_PENDING_ITEMS,
  ) {}

  add(createdAt: string, seq: number): Writing {
    const day = dayOf(createdAt);
    let items = this.added.get(day);
    if (!items) this.added.set(day, (items = { createdAt: [], seq: [] }));
    items.createdAt.push(createdAt);
    items.seq.push(seq);
    // A fresh id per spill: a staged key is never written twice, so no garbage names a live object.
    return ++this.pending >= this.limit ? this.write(`-${writeId()}`).then(() => undefined) : undefined;
  }

  /** Days with items added since they were last written: one object each. */
  dirtyDays(): number {
    return this.added.size;
  }

  /** Merges what was added since the last write into new day objects named for the writer (plus `suffix`). */
  async write(suffix = ""): Promise<DaysTable> {
    if (this.added.size === 0) return this.table;
    const added = this.added;
    this.added = new Map();
    this.pending = 0;
    const byDay = new Map(this.table.map((row) => [row[0], row]));
    await Promise.all(
      [...added].map(async ([day, { createdAt, seq }]) => {
        const existing = byDay.get(day);
        const items: DayItems = createdAt.map((at, i) => [at, seq[i]!]);
        const merged = existing ? (await readRequiredJson(this.bucket, existing[2], DayItemsSchema)).concat(items) : items;
        merged.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
        const key = dayKey(day, `${this.writer}${suffix}`);
        await this.bucket.put(key, JSON.stringify(merged));
        if (existing) this.replaced.push(existing[2]);
        byDay.set(day, [day, merged.length, key]);
      }),
    );
    // Days are ASCII (YYYY-MM-DD) and the table mostly sorted already: a plain comparison, not
    // localeCompare, which made each of a large file's writes cost a sort of every day it spans.
    this.table = [...byDay.values()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return this.table;
  }
}

/** The seqs of the transactions booked on one day, latest booking first: one object read. */
export async function daySeqsNewestFirst(bucket: Bucket, table: DaysTable, day: string): Promise<number[]> {
  const row = table.find(([d]) => d === day);
  if (!row) return [];
  const items = await readRequiredJson(bucket, row[2], DayItemsSchema);
  return items.map(([, seq]) => seq).reverse();
}
