import { beforeEach, describe, expect, it } from "vitest";
import { runIngestion } from "../../src/ingestion";
import { failingBucket } from "../support/faulty-bucket";
import { putInbox, resetBucket, testEnv } from "../support/worker";

// Reading a source's profile can fail for two reasons: the profile itself (not JSON, not a
// profile), which fails the file until the operator replaces it, or the store, which is not the
// file's fault and must be reported as what it is.
beforeEach(resetBucket);

const PROFILE_KEY = "config/profiles/main.json";
const csv = "Date,Description,Amount,Currency\n2026-11-01,Salary,1.00,EUR\n";
const options = { budgetMs: 60_000 };

async function fileWithProfile(profile: string): Promise<void> {
  await testEnv.STATEMENTS.put(PROFILE_KEY, profile);
  await putInbox("main", "statement.csv", csv);
}

describe("a profile the store fails to read", () => {
  it("once: the file is read again and ingested in the same run", async () => {
    await fileWithProfile(JSON.stringify({ format: "csv" }));
    let faults = 1;
    const bucket = failingBucket((operation, key) => operation === "get" && key === PROFILE_KEY && faults-- > 0);
    const run = await runIngestion(bucket, options);
    expect(run.files.map((f) => [f.key, f.state, f.error])).toEqual([["inbox/main/statement.csv", "ingested", undefined]]);
  });

  it("every time: the file fails with the store's error as its reason, never as a profile that is not JSON", async () => {
    await fileWithProfile(JSON.stringify({ format: "csv" }));
    const bucket = failingBucket((operation, key) => operation === "get" && key === PROFILE_KEY);
    const run = await runIngestion(bucket, options);
    expect(run.files).toHaveLength(1);
    expect(run.files[0]!.state).toBe("failed");
    expect(run.files[0]!.error?.reason).toMatch(/get config\/profiles\/main\.json: the store cannot be reached/);
    expect(run.files[0]!.error?.reason).not.toMatch(/not JSON|not valid/);
  });
});

describe("a profile that is not valid fails the file, saying how to replace it", () => {
  it.each([
    ["not JSON", "{ format: csv", /is not valid \(it is not JSON\): replace it with PUT \/admin\/profiles\/main/],
    ["not a profile", JSON.stringify({ encoding: "ebcdic" }), /is not valid \(encoding: .+\): replace it with PUT \/admin\/profiles\/main/],
  ])("%s", async (_what, profile, reason) => {
    await fileWithProfile(profile);
    const run = await runIngestion(testEnv.STATEMENTS, options);
    expect(run.files.map((f) => f.state)).toEqual(["failed"]);
    expect(run.files[0]!.error?.reason).toMatch(reason);
  });
});
