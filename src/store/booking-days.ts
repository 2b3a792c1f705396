import { type Bucket, readRequiredJson } from "./bucket";

/**
 * Transactions in booking order (`sort=createdAt`), which is not publication order: a
 * statement for 2024 uploaded today sorts among 2024. One object per booking day lists the
 * log seqs booked that day, ordered by (createdAt, seq); a table of days with their counts
 * lets a page find its days without reading the others.
 */
export type DaysTable = [day: string, count: number, key: string][];
type DayItems = [createdAt: string, seq: number][];

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
    if (!cache.has(key)) cache.set(key, readRequiredJson<DayItems>(bucket, key));
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

/** Collects a publication's new transactions by booking day and merges them into the day objects. */
export class BookingDays {
  private readonly added = new Map<string, DayItems>();

  add(createdAt: string, seq: number): void {
    const day = createdAt.slice(0, 10);
    let items = this.added.get(day);
    if (!items) this.added.set(day, (items = []));
    items.push([createdAt, seq]);
  }

  /** Merges what was added since the last write into new day objects; can be called again later. */
  async write(bucket: Bucket, table: DaysTable, writer: string): Promise<{ table: DaysTable; replaced: string[] }> {
    if (this.added.size === 0) return { table, replaced: [] };
    const byDay = new Map(table.map((row) => [row[0], row]));
    const replaced: string[] = [];
    await Promise.all(
      [...this.added].map(async ([day, items]) => {
        const existing = byDay.get(day);
        const merged = existing ? (await readRequiredJson<DayItems>(bucket, existing[2])).concat(items) : items;
        merged.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
        const key = `state/days/${day}.${writer}.json`;
        await bucket.put(key, JSON.stringify(merged));
        if (existing) replaced.push(existing[2]);
        byDay.set(day, [day, merged.length, key]);
      }),
    );
    const next = [...byDay.values()].sort((a, b) => a[0].localeCompare(b[0]));
    this.added.clear();
    return { table: next, replaced };
  }
}

/** The seqs of the transactions booked on one day, latest booking first: one object read. */
export async function daySeqsNewestFirst(bucket: Bucket, table: DaysTable, day: string): Promise<number[]> {
  const row = table.find(([d]) => d === day);
  if (!row) return [];
  const items = await readRequiredJson<DayItems>(bucket, row[2]);
  return items.map(([, seq]) => seq).reverse();
}
