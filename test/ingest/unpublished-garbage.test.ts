import { beforeEach, describe, expect, it } from "vitest";
import { loadManifest } from "../../src/store/manifest";
import { ingest, putInbox, putProfile, resetBucket, testEnv } from "../support/worker";

// A file mapped but not published (held for review, failed, a duplicate) leaves nothing behind:
// what its mapping wrote (log segments, id list parts) is collected like any superseded object.

const rows = (n: number, text: string) =>
  "Date,Description,Amount,Currency\n" + Array.from({ length: n }, (_, i) => `2026-10-${String((i % 28) + 1).padStart(2, "0")},${text} ${i},1.00,EUR\n`).join("");

async function stateKeys(): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await testEnv.STATEMENTS.list({ prefix: "state/", cursor });
    keys.push(...page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys;
}

describe("objects written for a file that publishes nothing", () => {
  beforeEach(resetBucket);

  it("are named as garbage by the commit that records the file, and deleted once no reader can need them", async () => {
    await putProfile("audited", { mode: "review" });
    await putInbox("audited", "october.csv", rows(250, "Held"));
    const start = Date.now();
    expect((await ingest(() => start)).files).toMatchObject([{ key: "inbox/audited/october.csv", state: "held" }]);
    const { manifest } = await loadManifest(testEnv.STATEMENTS);
    const named = new Set(manifest.garbage.map(([key]) => key));
    const staged = (await stateKeys()).filter((key) => key.startsWith("state/tx/") || key.startsWith("state/file-ids/"));
    expect(staged.length).toBeGreaterThanOrEqual(2);
    for (const key of staged) expect(named.has(key), key).toBe(true);

    // A later commit, past the grace period, deletes them.
    await putProfile("main", { mode: "auto" });
    await putInbox("main", "november.csv", rows(2, "Published"));
    expect((await ingest(() => start + 11 * 60_000)).files).toMatchObject([{ key: "inbox/main/november.csv", state: "ingested" }]);
    const left = await stateKeys();
    for (const key of staged) expect(left, key).not.toContain(key);
  });
});
