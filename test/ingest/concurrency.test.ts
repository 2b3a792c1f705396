import { beforeEach, describe, expect, it } from "vitest";
import { runIngestion } from "../../src/ingestion";
import { writeId } from "../../src/store/bucket";
import { CommitConflict, loadManifest } from "../../src/store/manifest";
import type { Effect } from "../../src/model/effect";
import { Publication } from "../../src/store/publication";
import { getJson, putInbox, resetBucket, testEnv } from "../support/worker";

beforeEach(resetBucket);

const csv = (from: number, n: number) =>
  ["Date,Description,Amount,Currency"].concat(Array.from({ length: n }, (_, i) => `2026-10-0${1 + (i % 9)},Row ${from + i},${from + i}.00,EUR`)).join("\n");

describe("overlapping ingestion runs", () => {
  it("let one run work while the other stands back, and lose nothing", async () => {
    await putInbox("a", "1.csv", csv(0, 40));
    await putInbox("b", "2.csv", csv(100, 40));
    const options = { budgetMs: 60_000 };
    const [first, second] = await Promise.all([runIngestion(testEnv.STATEMENTS, options), runIngestion(testEnv.STATEMENTS, options)]);
    expect([first.status, second.status].sort()).toEqual(["busy", "completed"]);
    // The run that stood back finds nothing left to do afterwards.
    expect((await runIngestion(testEnv.STATEMENTS, options)).files).toEqual([]);
    const ids = (await getJson<{ id: string }[]>("/transactions?pageSize=1000")).map((t) => t.id);
    expect(ids).toHaveLength(80);
    expect(new Set(ids).size).toBe(80);
  });

  it("fence out a writer that built on a manifest another writer replaced", async () => {
    const base = await loadManifest(testEnv.STATEMENTS);
    const stale = await Publication.open(testEnv.STATEMENTS, base, writeId());
    const winner = await Publication.open(testEnv.STATEMENTS, base, writeId());
    await stale.apply(newAccount("stale"));
    await winner.apply(newAccount("winner"));
    await winner.commit(Date.now());
    await expect(stale.commit(Date.now())).rejects.toBeInstanceOf(CommitConflict);
    expect((await getJson<{ id: string }[]>("/accounts")).map((a) => a.id)).toEqual(["winner"]);
  });

  it("refuse to create a first manifest twice", async () => {
    const empty = await loadManifest(testEnv.STATEMENTS);
    const one = await Publication.open(testEnv.STATEMENTS, empty, writeId());
    const two = await Publication.open(testEnv.STATEMENTS, empty, writeId());
    await one.commit(Date.now());
    await expect(two.commit(Date.now())).rejects.toBeInstanceOf(CommitConflict);
  });
});

function newAccount(id: string): Effect {
  const account = { id, name: id, source: id, balances: {}, statements: {} };
  return { type: "account", account, line: JSON.stringify({ id, accountName: id, metadata: { source: id } }) };
}
