import { beforeEach, describe, expect, it } from "vitest";
import { BookingDays, bookingOrderSeqs } from "../../src/store/booking-days";
import { EntryIndex, ShardSchema } from "../../src/store/entry-index";
import { readRequiredJson } from "../../src/store/bucket";
import { resetBucket, testEnv } from "../support/worker";

const bucket = testEnv.STATEMENTS;
beforeEach(resetBucket);

describe("a publication's index and booking days under a memory bound", () => {
  it("spill the least recently used shards and keep every entry, old and new", async () => {
    const before = new EntryIndex(bucket, {}, "w0");
    const old = await before.shard("acc/2025-01");
    before.set("acc/2025-01", old, "old", "h|1|w0");
    const table = await before.write();

    const index = new EntryIndex(bucket, table, "w1", 10);
    for (let month = 1; month <= 6; month++) {
      const name = `acc/2025-0${month}`;
      for (let i = 0; i < 5; i++) index.set(name, await index.shard(name), `${month}-${i}`, `h|${i}|w1`);
    }
    // Back to a spilled shard: it comes back from its staged object with what was set before.
    const first = await index.shard("acc/2025-01");
    expect(first).toMatchObject({ old: "h|1|w0", "1-4": "h|4|w1" });
    index.set("acc/2025-01", first, "again", "h|0|w1");
    const written = await index.write();
    const shards = await Promise.all(Object.values(written).map((key) => readRequiredJson(bucket, key, ShardSchema)));
    const ids = shards.flatMap((s) => Object.keys(s)).sort();
    expect(ids).toHaveLength(32);
    expect(ids).toContain("old");
    // The first index's object and the spilled one written again are superseded, to be collected after the commit.
    expect(index.replaced).toContain(table["acc/2025-01"]);
    expect(index.replaced).toHaveLength(2);
  });

  it("merge booking days written in several spills into one list per day, in booking order", async () => {
    const days = new BookingDays(bucket, [], "w", 4);
    const items: [string, number][] = [];
    for (let seq = 0; seq < 15; seq++) {
      const createdAt = `2025-03-0${1 + (seq % 3)}T00:00:${String(59 - seq).padStart(2, "0")}.000Z`;
      items.push([createdAt, seq]);
      await days.add(createdAt, seq);
    }
    const table = await days.write();
    expect(table.map(([day, count]) => [day, count])).toEqual([["2025-03-01", 5], ["2025-03-02", 5], ["2025-03-03", 5]]);
    const seqs = await bookingOrderSeqs(bucket, table, { page: 1, pageSize: 100, descending: false });
    const expected = [...items].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1])).map(([, seq]) => seq);
    expect(seqs).toEqual(expected);
    expect(days.replaced.length).toBeGreaterThan(0);
  });
});
