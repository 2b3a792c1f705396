import { beforeAll, describe, expect, it } from "vitest";
import { runScheduled } from "../../src/tenancy";
import { resetBucket, steppingClock } from "../support/worker";
import { as, createTenant, csv, env, type TestTenant, upload } from "./support";

// The cron serves every tenant in turn, each within a share of the run's budget: a tenant's large
// file is read in steps over several runs while another's small file is published in the first.

let big: TestTenant;
let small: TestTenant;

const ROWS = 3_000;
const bigFile = csv(Array.from({ length: ROWS }, (_, i) => [`2026-10-${String((i % 28) + 1).padStart(2, "0")}`, `Card payment ${i}`, `-${(i % 97) + 1}.25`]));

beforeAll(async () => {
  await resetBucket();
  big = await createTenant("big-backfill");
  small = await createTenant("small-daily");
  await upload(big.admin, "archive", "2026.csv", bigFile);
  await upload(small.admin, "daily", "2026-10-01.csv", csv([["2026-10-01", "Deposit", "10.00"]]));
});

const stateOf = async (t: TestTenant) => (await (await as(t.admin, "/admin/files")).json<{ state: string }[]>()).map((f) => f.state);

describe("the cron trigger over tenants", () => {
  it("publishes the small tenant's file in its first run while the big tenant's file is read in steps, then both are done", async () => {
    // Every reading of the clock is a millisecond: the big file takes about 3,000 of them, the run has 1,000.
    const options = () => ({ budgetMs: 1_000, now: steppingClock(Date.parse("2026-10-02T00:00:00Z")) });
    const first = await runScheduled(env, options());
    expect(first.map((r) => r.tenant).sort()).toEqual(["big-backfill", "default", "small-daily"]);
    expect(await stateOf(small)).toEqual(["ingested"]);
    expect(await stateOf(big)).toEqual(["ingesting"]);
    const firsts = [first[0]!.tenant];
    for (let run = 0; run < 20 && (await stateOf(big))[0] !== "ingested"; run++) firsts.push((await runScheduled(env, options()))[0]!.tenant);
    expect(await stateOf(big)).toEqual(["ingested"]);
    const served = await (await as(big.connector, "/transactions?pageSize=1000&page=3")).json<unknown[]>();
    expect(served).toHaveLength(ROWS - 2_000);
    // Round robin over the default tenant and the others by id: each run starts after the tenant the previous one started with.
    const order = ["default", "big-backfill", "small-daily"];
    for (let i = 1; i < firsts.length; i++) expect(firsts[i]).toBe(order[(order.indexOf(firsts[i - 1]!) + 1) % order.length]);
    expect(firsts.length).toBeGreaterThan(2);
  });

  it("shares the R2 calls of an invocation too: the small tenant's file is published in the first run whatever the big one needs", async () => {
    await resetBucket();
    big = await createTenant("big-backfill");
    small = await createTenant("small-daily");
    // A year of days: each booking day is an object of its own, so the big file needs many calls.
    const days = Array.from({ length: 300 }, (_, i): [string, string, string] => [new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10), `Row ${i}`, `-${i + 1}.00`]);
    await upload(big.admin, "archive", "2025.csv", csv(days));
    await upload(small.admin, "daily", "2026-10-01.csv", csv([["2026-10-01", "Deposit", "10.00"]]));
    const maxR2Calls = 300;
    const runs = await runScheduled(env, { budgetMs: 60_000, maxR2Calls });
    expect(await stateOf(small)).toEqual(["ingested"]);
    expect(await stateOf(big)).toEqual(["ingesting"]);
    expect(Math.max(...runs.map((r) => r.run.r2Calls!))).toBeLessThanOrEqual(maxR2Calls);
    for (let run = 0; run < 30 && (await stateOf(big))[0] !== "ingested"; run++) {
      const later = await runScheduled(env, { budgetMs: 60_000, maxR2Calls });
      expect(Math.max(...later.map((r) => r.run.r2Calls!))).toBeLessThanOrEqual(maxR2Calls);
    }
    expect(await stateOf(big)).toEqual(["ingested"]);
  });
});
