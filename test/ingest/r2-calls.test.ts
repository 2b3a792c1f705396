import { beforeEach, describe, expect, it } from "vitest";
import { runIngestion } from "../../src/ingestion";
import { published } from "../support/published";
import { getJson, putInbox, resetBucket, testEnv } from "../support/worker";

beforeEach(resetBucket);

/** A year of daily rows: every booking day is an object of its own, so the file's writes grow with its days. */
const YEAR = ["Date,Description,Amount,Currency,Balance"]
  .concat(Array.from({ length: 200 }, (_, i) => {
    const day = new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10);
    return `${day},Row ${i},-${i + 1}.00,EUR,${10_000 - ((i + 1) * (i + 2)) / 2}.00`;
  }))
  .join("\n");

async function served() {
  return { ...(await published()), balances: await getJson("/accounts/main/balances") };
}

describe("the R2 calls of an ingestion run", () => {
  it("stay under MAX_R2_CALLS_PER_RUN in every run, and the file ends as in one unbounded run", async () => {
    await putInbox("main", "2025.csv", YEAR);
    const unbounded = await runIngestion(testEnv.STATEMENTS, { budgetMs: 60_000 });
    expect(unbounded.status).toBe("completed");
    const clean = await served();
    const max = 100;
    // Without the bound, one run makes far more calls than it allows.
    expect(unbounded.r2Calls).toBeGreaterThan(2 * max);

    await resetBucket();
    await putInbox("main", "2025.csv", YEAR);
    const made: number[] = [];
    for (let run = 0; run < 30; run++) {
      const summary = await runIngestion(testEnv.STATEMENTS, { budgetMs: 60_000, maxR2Calls: max });
      made.push(summary.r2Calls!);
      if (summary.status === "completed") break;
    }
    expect(made.length).toBeGreaterThan(2);
    expect(Math.max(...made), `calls per run: ${made.join(", ")}`).toBeLessThanOrEqual(max);
    expect(await served()).toEqual(clean);
  });
});
