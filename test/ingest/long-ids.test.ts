import { beforeEach, describe, expect, it } from "vitest";
import statementV08 from "../../fixtures/camt053/statement-v08.xml?raw";
import unstructured from "../../fixtures/mt940/unstructured.sta?raw";
import { AdminFileSchema, RunSummarySchema } from "../../src/model/admin";
import { EntryIndex, shardName } from "../../src/store/entry-index";
import { ADMIN_KEY, call, getJson, putInbox, resetBucket, testEnv } from "../support/worker";

beforeEach(resetBucket);

const GOOD = "Date,Description,Amount,Currency\n2026-11-01,Interest,0.42,EUR\n";
const longMt940 = unstructured.replace(":25:0417164300EUR", `:25:${"1".repeat(1_100)}`);
const longCamt = statementV08.replace("<c:IBAN>CH9300762011623852957</c:IBAN>", `<c:Othr><c:Id>${"A".repeat(1_500)}</c:Id></c:Othr>`);

async function ingestNow(): Promise<number> {
  const response = await call("/admin/ingest", { method: "POST", key: ADMIN_KEY });
  const body = await response.text();
  if (response.status === 200) RunSummarySchema.parse(JSON.parse(body));
  else console.log(body);
  return response.status;
}

const files = async () => new Map(AdminFileSchema.array().parse(await getJson("/admin/files", ADMIN_KEY)).map((f) => [f.name, f]));

describe("an account identification longer than a storage key", () => {
  it("(MT940 :25:, camt Othr/Id) fails its file alone with a reason, the good file of the same run is served, and later runs work", async () => {
    expect(longMt940).toContain("1".repeat(1_100));
    expect(longCamt).toContain("A".repeat(1_500));
    await putInbox("bank", "long-25.sta", longMt940);
    await putInbox("bank", "long-othr.xml", longCamt);
    await putInbox("main", "good.csv", GOOD);
    expect(await ingestNow()).toBe(200);
    const byName = await files();
    expect(byName.get("good.csv")!.state).toBe("ingested");
    for (const name of ["long-25.sta", "long-othr.xml"]) {
      expect(byName.get(name)!.state, name).toBe("failed");
      expect(byName.get(name)!.error!.reason, name).toMatch(/account/);
    }
    const transactions = await getJson<{ metadata: Record<string, string> }[]>("/transactions");
    expect(transactions.map((t) => t.metadata.sourceFile)).toEqual(["inbox/main/good.csv"]);

    await putInbox("main", "later.csv", GOOD.replace("Interest", "Fee"));
    expect(await ingestNow()).toBe(200);
    expect((await files()).get("later.csv")!.state).toBe("ingested");
  });
});

/** Account ids no bank writes, each of which once made or could make an index key R2 refuses or a path tool misreads. */
const HOSTILE_IDS = [
  "1".repeat(1_100),
  "A".repeat(1_500),
  "\u{1F600}".repeat(128), // 128 characters, 1,536 once percent-encoded
  "€".repeat(200),
  "",
  ".",
  "..",
  "\ud800", // a lone surrogate: encodeURIComponent throws on it
  "a\u0000b",
  "a\u0001\u001f\u007fb",
  "../../state/manifest.json",
];

describe("index shard names", () => {
  it("keep the name of every store so far for ordinary ids", () => {
    expect(shardName("NL91ABNA0417164300", "2024-05-02")).toBe("NL91ABNA0417164300/2024-05");
    expect(shardName("50010517/5319125489", "2024-05-02")).toBe("50010517%2F5319125489/2024-05");
    expect(shardName("Girokonto Müller", "2024-05-02")).toBe("Girokonto%20M%C3%BCller/2024-05");
  });

  it("name a long or unusual id by its hash, and every key it makes is one R2 stores", async () => {
    const names = HOSTILE_IDS.map((id) => shardName(id, "2024-05-02"));
    for (const name of names) expect(name).toMatch(/^hashed\/[0-9a-f]{16}\/2024-05$|^[A-Za-z0-9%._~*'()!-]{1,256}\/2024-05$/);
    expect(new Set(names).size).toBe(HOSTILE_IDS.length);
    const index = new EntryIndex(testEnv.STATEMENTS, {}, "writer1");
    for (const name of names) index.set(name, await index.shard(name), "tx", "hash|0|writer1");
    const table = await index.write("-1");
    for (const key of Object.values(table)) {
      expect(new TextEncoder().encode(key).length).toBeLessThanOrEqual(1_024);
      expect(key).not.toMatch(/\/\.\.?\//);
      expect(await testEnv.STATEMENTS.head(key), key).not.toBeNull();
    }
  });
});
