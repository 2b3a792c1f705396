import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { runIngestion } from "../../src/ingestion";
import { AdminFileSchema, RunSummarySchema } from "../../src/model/admin";
import { MANIFEST_KEY } from "../../src/store/layout";
import { failingBucket, interceptedBucket } from "../support/faulty-bucket";
import { ADMIN_KEY, call, getJson, ingest, putInbox, resetBucket, testEnv } from "../support/worker";

beforeEach(resetBucket);

const csv = (description: string) => `Date,Description,Amount,Currency\n2026-11-01,${description},1.00,EUR\n`;
const options = { budgetMs: 60_000 };

const files = async () => new Map(AdminFileSchema.array().parse(await getJson("/admin/files", ADMIN_KEY)).map((f) => [f.key, f]));
const states = async () => Object.fromEntries([...(await files())].map(([key, f]) => [key, f.state]));
const runs = async () => RunSummarySchema.array().parse(await getJson("/admin/runs", ADMIN_KEY));

/** A reason a person reads: one line, no stack frame. */
const readable = (reason: string | undefined) => {
  expect(reason).toBeTruthy();
  expect(reason).not.toMatch(/\n|\bat .+:\d+:\d+/);
};

describe("an error that is not the file's FileError", () => {
  it("fails that file alone, with a readable reason, and the run goes on with the others", async () => {
    await putInbox("bad", "unreadable.csv", csv("Never read"));
    await putInbox("main", "good.csv", csv("Salary"));
    const bucket = failingBucket((operation, key) => operation === "get" && key === "inbox/bad/unreadable.csv");
    const run = await runIngestion(bucket, options);
    expect(run.status).toBe("completed");
    expect(run.files.map((f) => [f.key, f.state])).toEqual([["inbox/bad/unreadable.csv", "failed"], ["inbox/main/good.csv", "ingested"]]);
    const failed = (await files()).get("inbox/bad/unreadable.csv")!;
    expect(failed.error!.reason).toMatch(/^the file could not be ingested \(get inbox\/bad\/unreadable\.csv: the store cannot be reached\); nothing of it was published$/);
    readable(failed.error!.reason);
    // Asked to, a later run reads it again, and this time the store lets it.
    expect((await call("/admin/retry/bad/unreadable.csv", { method: "POST", key: ADMIN_KEY })).status).toBe(202);
    expect((await ingest()).files.map((f) => [f.key, f.state])).toEqual([["inbox/bad/unreadable.csv", "ingested"]]);
  });

  it("that passes (one store fault) is tried once more, and the file is ingested in the same run", async () => {
    await putInbox("main", "good.csv", csv("Salary"));
    let faults = 1;
    const bucket = failingBucket((operation, key) => operation === "get" && key === "inbox/main/good.csv" && faults-- > 0);
    const run = await runIngestion(bucket, options);
    expect(run.files.map((f) => [f.key, f.state])).toEqual([["inbox/main/good.csv", "ingested"]]);
  });
});

describe("a run the store stops", () => {
  async function storeWithHistory() {
    await putInbox("main", "done.csv", csv("Salary"));
    await ingest();
    await putInbox("main", "new.csv", csv("Rent"));
    return states();
  }

  it("when the manifest cannot be read: recorded as failed with its reason, every file as it was, the lease released", async () => {
    const before = await storeWithHistory();
    expect(before).toEqual({ "inbox/main/done.csv": "ingested", "inbox/main/new.csv": "pending" });
    const bucket = failingBucket((operation, key) => operation === "get" && key === MANIFEST_KEY);
    const run = await runIngestion(bucket, options);
    expect(run).toMatchObject({ status: "failed", files: [] });
    expect(run.reason).toMatch(/^get state\/manifest\.json: the store cannot be reached; the files it had not finished keep their state for the next run$/);
    expect((await runs())[0]).toMatchObject({ status: "failed", reason: run.reason });
    expect(await states()).toEqual(before);
    // Released: the next run need not wait for the lease to expire.
    expect((await ingest()).files.map((f) => [f.key, f.state])).toEqual([["inbox/main/new.csv", "ingested"]]);
  });

  it("when a failed file's record cannot be committed: the run is failed, and the file is left pending", async () => {
    await putInbox("bad", "unreadable.csv", csv("Never read"));
    await putInbox("main", "good.csv", csv("Salary"));
    const bucket = failingBucket(
      (operation, key) => (operation === "get" && key === "inbox/bad/unreadable.csv") || (operation === "put" && key === MANIFEST_KEY),
    );
    const run = await runIngestion(bucket, options);
    expect(run).toMatchObject({ status: "failed", files: [] });
    expect(run.reason).toMatch(/^put state\/manifest\.json: the store cannot be reached/);
    expect(await states()).toEqual({ "inbox/bad/unreadable.csv": "pending", "inbox/main/good.csv": "pending" });
  });

  it("when another writer always commits first: a conflict is not the file's fault, so the file stays pending", async () => {
    await putInbox("main", "good.csv", csv("Salary"));
    const bucket = interceptedBucket((operation, put) =>
      operation === "put" ? async (key, ...rest) => (key === MANIFEST_KEY ? null : put(key, ...rest)) : undefined,
    );
    const run = await runIngestion(bucket, options);
    expect(run).toMatchObject({ status: "failed", reason: expect.stringMatching(/^another writer committed first;/) });
    expect(await states()).toEqual({ "inbox/main/good.csv": "pending" });
  });

  it("answers POST /admin/ingest with a 503 {Title, Detail}, and the cron handler does not throw", async () => {
    const before = await storeWithHistory();
    const env = { ...testEnv, STATEMENTS: failingBucket((operation, key) => operation === "get" && key === MANIFEST_KEY) };
    const response = await call("/admin/ingest", { method: "POST", key: ADMIN_KEY, env });
    expect(response.status).toBe(503);
    const body = (await response.json()) as { Title: string; Detail: string };
    expect(body).toEqual({ Title: "Service Unavailable", Detail: expect.stringMatching(/^The ingestion run stopped: get state\/manifest\.json: the store cannot be reached; .* GET \/admin\/runs lists it; try again later\.$/) });
    const controller = { scheduledTime: Date.now(), cron: "*/5 * * * *", noRetry: () => {} } as ScheduledController;
    const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;
    await expect(worker.scheduled!(controller, env, ctx)).resolves.toBeUndefined();
    expect((await runs()).slice(0, 2).map((r) => r.status)).toEqual(["failed", "failed"]);
    expect(await states()).toEqual(before);
  });
});
