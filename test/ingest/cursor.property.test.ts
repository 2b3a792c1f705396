import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BankEntry } from "../../src/model/statement";
import { decimalText, idsOfFiles, PROPERTY_TIMEOUT, runs } from "../property/support";
import { ConnectorClient, type Item } from "../support/connector-client";
import { ingest, putInbox, resetBucket } from "../support/worker";

/*
 * Whatever the interleaving of uploads, ingestions and polls, the Formance connector (which
 * keeps only the last cursor and drops everything at or before it) receives every entry once.
 * fast-check draws the interleaving; each run starts from an empty bucket.
 */

/** An entry a bank may state in several exports: few days and amounts, so exports overlap. */
interface Row {
  day: string;
  minor: bigint;
  text: string;
}

const row = fc.record({
  day: fc.constantFrom("2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04"),
  minor: fc.constantFrom(-320n, -95000n, 1050n, 250000n),
  text: fc.constantFrom("Card 4711 coffee", "Rent", "Invoice 1001", "Salary"),
});

/** A source's export: rows drawn from the run's pool, so later files repeat earlier entries, some twice. */
const upload = fc.record({
  source: fc.constantFrom("alpha", "beta"),
  picks: fc.array(fc.nat(5), { minLength: 1, maxLength: 10 }),
});
type Upload = typeof upload extends fc.Arbitrary<infer U> ? U : never;

type Step = { kind: "upload"; upload: Upload } | { kind: "poll"; pageSize: number; midWalk: Upload | undefined };

const step: fc.Arbitrary<Step> = fc.oneof(
  upload.map((u) => ({ kind: "upload" as const, upload: u })),
  fc.record({
    kind: fc.constant("poll" as const),
    pageSize: fc.integer({ min: 1, max: 7 }),
    // An ingestion that lands while the connector walks its pages.
    midWalk: fc.option(upload, { freq: 3, nil: undefined }),
  }),
);

const HEADER = "Date,Description,Amount,Currency";
const csv = (rows: readonly Row[]) => [HEADER, ...rows.map((r) => `${r.day},${r.text},${decimalText(r.minor, 2)},EUR`)].join("\n") + "\n";

/** The entry the CSV parser reads from a row: what the id of an entry without a reference derives from. */
const entryOf = (r: Row, source: string): BankEntry => ({
  line: 0,
  account: { id: source },
  bookingDate: r.day,
  amount: { minor: r.minor, currency: "EUR", exponent: 2 },
  status: "booked",
  description: r.text,
});

/**
 * The connector's memory is its last cursor only, so its page size may change between polls
 * (a reconfiguration) without changing what it owes: each poll is a fresh client from that cursor.
 */
class Connector {
  last: string | undefined;
  readonly delivered: Item[] = [];

  async poll(pageSize: number, betweenPages?: () => Promise<unknown>): Promise<boolean> {
    const client = new ConnectorClient("/transactions", "updatedAt", pageSize);
    client.last = this.last;
    const hasMore = await client.pollOnce(betweenPages);
    this.delivered.push(...client.delivered);
    this.last = client.last;
    return hasMore;
  }

  async sync(pageSize: number): Promise<void> {
    while (await this.poll(pageSize));
  }
}

/** Plays a schedule against a fresh store; returns what the connector got and the files uploaded. */
async function play(pool: readonly Row[], steps: readonly Step[], finalPageSize: number) {
  await resetBucket();
  const connector = new Connector();
  const files: { source: string; rows: Row[] }[] = [];
  const send = async (u: Upload) => {
    const rows = u.picks.map((i) => pool[i % pool.length]!);
    await putInbox(u.source, `export-${files.length}.csv`, csv(rows));
    files.push({ source: u.source, rows });
    await ingest();
  };
  for (const s of steps) {
    if (s.kind === "upload") {
      await send(s.upload);
      continue;
    }
    let pending = s.midWalk;
    await connector.poll(s.pageSize, async () => {
      if (pending) await send(pending);
      pending = undefined;
    });
    // A walk of one page never reaches betweenPages: the upload then lands after the poll.
    if (pending) await send(pending);
  }
  await connector.sync(finalPageSize);
  return { delivered: connector.delivered, files };
}

describe("a connector polling while files arrive", { timeout: PROPERTY_TIMEOUT }, () => {
  it("receives every entry exactly once, with strictly increasing cursors, whatever the interleaving", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(row, { minLength: 6, maxLength: 6, selector: (r) => `${r.day}|${r.minor}|${r.text}` }),
        fc.array(step, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 7 }),
        async (pool, steps, finalPageSize) => {
          const { delivered, files } = await play(pool, steps, finalPageSize);
          const expected = new Set<string>();
          for (const source of ["alpha", "beta"]) {
            const own = files.filter((f) => f.source === source).map((f) => f.rows.map((r) => entryOf(r, source)));
            for (const id of idsOfFiles(own, source)) expected.add(id);
          }
          const ids = delivered.map((t) => t.id);
          // No entry changes in these schedules, so no id may come twice.
          expect(ids.length).toBe(new Set(ids).size);
          expect(new Set(ids)).toEqual(expected);
          const cursors = delivered.map((t) => Date.parse(t.updatedAt as string));
          for (let i = 1; i < cursors.length; i++) expect(cursors[i]).toBeGreaterThan(cursors[i - 1]!);
        },
      ),
      runs(25),
    );
  });
});
