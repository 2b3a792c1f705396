import { beforeEach, describe, expect, it } from "vitest";
import { FileRecordSchema } from "../../src/model/file-record";
import { BAD_FILES as BAD, csv } from "../support/bad-files";
import { ADMIN_KEY, getJson, ingest, putInbox, resetBucket, testEnv } from "../support/worker";

beforeEach(resetBucket);

describe("bad files", () => {
  it("each fail alone with the line and the reason; the good file is ingested; nothing of theirs is published", async () => {
    await putInbox("main", "good.csv", csv(["2026-10-01,Salary,100.00,EUR", "2026-10-02,Huge,1234567890123456789012345678901234567890.12,EUR"]));
    for (const [name, content] of BAD) await putInbox("bad", name, content);
    // The source "bad" is told the encoding, so invalid UTF-8 is an error rather than Windows-1252.
    await testEnv.STATEMENTS.put("config/profiles/bad.json", JSON.stringify({ encoding: "utf-8" }));
    await ingest();
    const files = FileRecordSchema.array().parse(await getJson("/admin/files", ADMIN_KEY));
    const byName = new Map(files.map((f) => [f.name, f]));
    expect(byName.get("good.csv")!.state).toBe("ingested");
    for (const [name, , line, reason] of BAD) {
      const record = byName.get(name)!;
      expect(record.state, name).toBe("failed");
      expect(record.error!.line, name).toEqual(line);
      expect(record.error!.reason, name).toMatch(reason);
    }
    const transactions = await getJson<{ amount: string; metadata: Record<string, string> }[]>("/transactions");
    expect(transactions.map((t) => t.metadata.sourceFile)).toEqual(["inbox/main/good.csv", "inbox/main/good.csv"]);
    // A 40-digit amount is kept to the last digit.
    expect(transactions[1]!.amount).toBe("123456789012345678901234567890123456789012");
    expect(await getJson<{ id: string }[]>("/accounts")).toHaveLength(1);
  });
});
