import { beforeEach, describe, expect, it } from "vitest";
import gvc from "../../fixtures/mt940/gvc.sta?raw";
import type { RunOptions } from "../../src/ingest/job";
import { runIngestion } from "../../src/ingestion";
import { faultedWrites, faultyBucket, interceptedBucket } from "../support/faulty-bucket";
import { published, type Served } from "../support/published";
import { getJson, putInbox, resetBucket, testEnv } from "../support/worker";

beforeEach(resetBucket);

const MAIN = ["Date,Description,Payee,IBAN,Amount,Currency,Balance"]
  .concat(Array.from({ length: 30 }, (_, i) => `2026-10-${String(1 + (i % 28)).padStart(2, "0")},Row ${i},Party ${i % 4},DE89370400440532013${String(i % 4).padStart(3, "0")},-${i + 1}.25,EUR,${5000 - i}.00`))
  .join("\n");
const SMALL = "Date,Description,Amount,Currency\n2026-11-01,Interest,0.42,EUR\n2026-11-01,Interest,0.42,EUR\n";

async function upload(): Promise<void> {
  await putInbox("main", "october.csv", MAIN);
  await putInbox("sparkasse", "umsatz.sta", gvc);
  await putInbox("savings", "interest.csv", SMALL);
}

/** Steps of 12 events, so the large file goes through checkpoints too. */
const options = (now: () => number): RunOptions => ({ budgetMs: 60_000, maxEventsPerStep: 12, now });

async function runUntilDone(now: () => number): Promise<void> {
  for (let run = 0; run < 20; run++) {
    const summary = await runIngestion(testEnv.STATEMENTS, options(now));
    if (summary.status === "completed") return;
  }
  throw new Error("ingestion did not complete in 20 runs");
}

/** What the API serves, without publication times (they differ between two stores). */
async function served() {
  const { transactions, accounts, beneficiaries } = await published();
  const byId = (items: Served[]) => [...items].sort((a, b) => a.id.localeCompare(b.id));
  // Files uploaded in the same millisecond are read in key order, so publication order (and
  // with it the order of accounts) may differ between two stores: compare by id.
  const balances = await Promise.all(byId(accounts).map((a) => getJson(`/accounts/${encodeURIComponent(a.id)}/balances`)));
  return {
    transactions: byId(transactions),
    accounts: byId(accounts),
    beneficiaries: byId(beneficiaries),
    balances,
    perFile: transactions.reduce<Record<string, number>>((n, t) => ({ ...n, [t.metadata!.sourceFile!]: (n[t.metadata!.sourceFile!] ?? 0) + 1 }), {}),
  };
}

describe("an ingestion that stops at any write", () => {
  it.each(["before", "after"] as const)("(failing %s the write) completes on the next runs with exactly the result of a clean run, never showing half a file", async (mode) => {
    await upload();
    const clock = { t: Date.now() };
    const now = () => clock.t;
    await runUntilDone(now);
    const clean = await served();
    const counts = clean.perFile;
    expect(Object.values(counts).reduce((a, b) => a + b)).toBe(35);

    // Count the writes of a whole clean ingest, then fail each one of them in turn.
    await resetBucket();
    await upload();
    const probe = faultyBucket(Number.POSITIVE_INFINITY);
    for (let run = 0; run < 20 && (await runIngestion(probe.bucket, options(now))).status !== "completed"; run++);
    const total = probe.writes();
    expect(total).toBeGreaterThan(40);

    for (const k of faultedWrites(total)) {
      await resetBucket();
      await upload();
      const faulty = faultyBucket(k, mode);
      // The fault never escapes the run: the file meeting it is tried again, or the run stops as "failed".
      for (let run = 0; run < 20; run++) {
        const { status } = await runIngestion(faulty.bucket, options(now));
        if (status === "completed" || status === "failed") break;
      }
      expect(faulty.writes(), `write ${k} of ${total} was never reached`).toBeGreaterThanOrEqual(k);
      // Whatever is visible now is whole files only.
      for (const [file, n] of Object.entries((await served()).perFile)) expect(n, `${file} after a fault at write ${k}`).toBe(counts[file]);
      // A crashed run keeps its lease until it expires; later runs take over after that.
      clock.t += 16 * 60_000;
      await runUntilDone(now);
      expect(await served(), `after a fault at write ${k}`).toEqual(clean);
    }
  }, 120_000);
});

describe("an inbox that changes during a run", () => {
  it("skips a file deleted after it was listed, and ingests a file added meanwhile on the next run", async () => {
    await putInbox("main", "kept.csv", SMALL);
    await putInbox("main", "deleted.csv", MAIN);
    const real = testEnv.STATEMENTS;
    const bucket = interceptedBucket((operation, list) => {
      if (operation !== "list") return undefined;
      return async (...args) => {
        const listing = await list(...args);
        await real.delete("inbox/main/deleted.csv");
        await real.put("inbox/main/late.csv", "Date,Description,Amount,Currency\n2026-11-02,Late,5.00,EUR\n");
        return listing;
      };
    });
    const first = await runIngestion(bucket, { budgetMs: 60_000 });
    expect(first.files.map((f) => [f.key, f.state])).toEqual([["inbox/main/kept.csv", "ingested"]]);
    const second = await runIngestion(testEnv.STATEMENTS, { budgetMs: 60_000 });
    expect(second.files.map((f) => [f.key, f.state])).toEqual([["inbox/main/late.csv", "ingested"]]);
  });
});
