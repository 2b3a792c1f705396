import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runIngestion } from "../../src/ingestion";
import { AdminFileSchema } from "../../src/model/admin";
import { AuditPageSchema } from "../../src/model/audit";
import { ErrorSchema } from "../../src/model/contract";
import type { FileRecord } from "../../src/model/file-record";
import { writeId } from "../../src/store/bucket";
import { acquireLease, releaseLease } from "../../src/store/lease";
import { loadManifest } from "../../src/store/manifest";
import { Publication } from "../../src/store/publication";
import { checkedCalls, type ContractChecker, contractCheckers } from "../support/contract-check";
import { interceptedBucket } from "../support/faulty-bucket";
import { ADMIN_KEY, putInbox, resetBucket, testEnv } from "../support/worker";

// DELETE /admin/files/<source>/<name>: a file never published leaves the inbox and the list of
// files; a published one stays, with a 409 that points to its retraction.

let checkers: ContractChecker[] = [];
beforeAll(async () => {
  checkers = await contractCheckers();
});
beforeEach(resetBucket);

const { call, getJson } = checkedCalls(() => checkers);
const admin = (path: string, init: RequestInit = {}) => call(path, { ...init, key: ADMIN_KEY });
const remove = (source: string, name: string) => admin(`/admin/files/${source}/${name}`, { method: "DELETE" });
const ingest = () => admin("/admin/ingest", { method: "POST" });

const GOOD = "Date,Description,Amount,Currency\n2026-10-01,Deposit,10.00,EUR\n";
const BROKEN = "Date,Description,Amount,Currency\n2026-10-02,Broken,1.2.3,EUR\n";

async function files(): Promise<Record<string, string>> {
  const listed = AdminFileSchema.array().parse(await getJson("/admin/files", ADMIN_KEY));
  return Object.fromEntries(listed.map((f) => [f.key, f.inInbox ? f.state : `${f.state}, not in the inbox`]));
}

async function inbox(): Promise<string[]> {
  return (await testEnv.STATEMENTS.list({ prefix: "inbox/" })).objects.map((o) => o.key);
}

async function expectConflict(response: Response): Promise<string> {
  expect(response.status).toBe(409);
  return ErrorSchema.parse(await response.json()).Detail;
}

describe("DELETE /admin/files/<source>/<name> of a file never published", () => {
  it("removes a pending file: it leaves the inbox and GET /admin/files, and no run reads it", async () => {
    await putInbox("main", "keep.csv", GOOD);
    await putInbox("main", "wrong-account.csv", "Date,Description,Amount,Currency\n2026-10-03,Other,3.00,EUR\n");
    expect(await files()).toEqual({ "inbox/main/keep.csv": "pending", "inbox/main/wrong-account.csv": "pending" });
    expect((await remove("main", "wrong-account.csv")).status).toBe(204);
    expect(await files()).toEqual({ "inbox/main/keep.csv": "pending" });
    expect(await inbox()).toEqual(["inbox/main/keep.csv"]);
    await ingest();
    expect(await files()).toEqual({ "inbox/main/keep.csv": "ingested" });
    expect((await getJson<{ id: string }[]>("/transactions")).length).toBe(1);
  });

  it("removes a failed file with its record and its retry request", async () => {
    await putInbox("main", "bad.csv", BROKEN);
    await ingest();
    expect(await files()).toEqual({ "inbox/main/bad.csv": "failed" });
    expect((await admin("/admin/retry/main/bad.csv", { method: "POST" })).status).toBe(202);
    expect((await remove("main", "bad.csv")).status).toBe(204);
    expect(await files()).toEqual({});
    expect((await testEnv.STATEMENTS.list({ prefix: "config/" })).objects).toEqual([]);
    // The name is free again: a corrected file under it is a new file.
    await putInbox("main", "bad.csv", GOOD);
    await ingest();
    expect(await files()).toEqual({ "inbox/main/bad.csv": "ingested" });
  });

  it("removes the record of a failed file already gone from the inbox", async () => {
    await putInbox("main", "bad.csv", BROKEN);
    await ingest();
    await testEnv.STATEMENTS.delete("inbox/main/bad.csv");
    expect(await files()).toEqual({ "inbox/main/bad.csv": "failed, not in the inbox" });
    expect((await remove("main", "bad.csv")).status).toBe(204);
    expect(await files()).toEqual({});
  });

  it("removes a duplicate, and leaves the file it duplicated published", async () => {
    await putInbox("main", "a.csv", GOOD);
    await putInbox("main", "a-again.csv", GOOD);
    await ingest();
    expect(await files()).toEqual({ "inbox/main/a.csv": "ingested", "inbox/main/a-again.csv": "duplicate" });
    expect((await remove("main", "a-again.csv")).status).toBe(204);
    expect(await files()).toEqual({ "inbox/main/a.csv": "ingested" });
    expect(await expectConflict(await remove("main", "a.csv"))).toMatch(/retract/);
  });

  it("drops the saved work of a file read over several runs, and nothing of it is ever published", async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `2026-10-${String(1 + (i % 28)).padStart(2, "0")},Entry ${i},${i}.00,EUR`);
    await putInbox("big", "year.csv", ["Date,Description,Amount,Currency", ...rows].join("\n"));
    const step = await runIngestion(testEnv.STATEMENTS, { budgetMs: 60_000, maxEventsPerStep: 100 });
    expect(step.status).toBe("partial");
    expect(await testEnv.STATEMENTS.head("state/checkpoint.json")).not.toBeNull();
    expect((await remove("big", "year.csv")).status).toBe(204);
    expect(await testEnv.STATEMENTS.head("state/checkpoint.json")).toBeNull();
    expect((await runIngestion(testEnv.STATEMENTS, { budgetMs: 60_000, maxEventsPerStep: 100 })).files).toEqual([]);
    expect(await files()).toEqual({});
    expect(await getJson("/transactions")).toEqual([]);
  });

  it("answers 404 for a file neither in the inbox nor on record, and 400 for a name that cannot be one", async () => {
    expect((await remove("main", "absent.csv")).status).toBe(404);
    expect((await remove("main", ".hidden")).status).toBe(400);
    expect((await remove("ma in", "x.csv")).status).toBe(400);
  });
});

describe("DELETE of a published file", () => {
  it("answers 409 {Title, Detail} naming the retraction, and leaves the file and its entries as they were", async () => {
    await putInbox("main", "2026 October.csv", GOOD);
    await ingest();
    const detail = await expectConflict(await remove("main", "2026%20October.csv"));
    expect(detail).toBe(
      "inbox/main/2026 October.csv was ingested: its entries are published to Formance, and deleting the file would not withdraw them. " +
        "To withdraw them, retract it: POST /admin/files/main/2026%20October.csv/retract.",
    );
    expect(await files()).toEqual({ "inbox/main/2026 October.csv": "ingested" });
    expect(await inbox()).toEqual(["inbox/main/2026 October.csv"]);
    expect((await getJson<unknown[]>("/transactions")).length).toBe(1);
  });

  it("answers 409 for a failed version of a file whose earlier version was ingested", async () => {
    await putInbox("main", "statement.csv", "Date,Description,Amount,Currency,Balance\n2026-10-01,Deposit,10.00,EUR,110.00\n");
    await ingest();
    await putInbox("main", "statement.csv", BROKEN);
    await ingest();
    expect(await files()).toEqual({ "inbox/main/statement.csv": "failed" });
    expect(await expectConflict(await remove("main", "statement.csv"))).toMatch(/^inbox\/main\/statement\.csv had a version ingested before: .* retract it/);
    expect(await inbox()).toEqual(["inbox/main/statement.csv"]);
  });
});

describe("DELETE of a file reviewed or taken back", () => {
  /** Puts the file in the inbox with a record in this state, as review and retraction leave them. */
  async function recorded(name: string, state: FileRecord["state"]): Promise<void> {
    await putInbox("main", name, GOOD);
    const object = (await testEnv.STATEMENTS.head(`inbox/main/${name}`))!;
    const publication = await Publication.open(testEnv.STATEMENTS, await loadManifest(testEnv.STATEMENTS), writeId());
    const at = new Date().toISOString();
    publication.files[`inbox/main/${name}`] = { key: `inbox/main/${name}`, source: "main", name, size: object.size, etag: object.etag, uploaded: at, state, at };
    await publication.commit(Date.now());
  }

  it("removes a rejected file, never published", async () => {
    await recorded("rejected.csv", "rejected");
    expect((await remove("main", "rejected.csv")).status).toBe(204);
    expect(await files()).toEqual({});
  });

  it("leaves a file held for review to the review, and a retracted one as the trace of its retraction", async () => {
    await recorded("held.csv", "held");
    await recorded("retracted.csv", "retracted");
    expect(await expectConflict(await remove("main", "held.csv"))).toBe("inbox/main/held.csv is held for review: reject it at review rather than delete it.");
    expect(await expectConflict(await remove("main", "retracted.csv"))).toBe("inbox/main/retracted.csv was published and then retracted: its record is the trace of both, and stays.");
    expect(await files()).toEqual({ "inbox/main/held.csv": "held", "inbox/main/retracted.csv": "retracted" });
  });
});

describe("DELETE and ingestion runs", () => {
  it("waits for a run in progress: 503 with Retry-After while a run holds the lease, and the file stays", async () => {
    await putInbox("main", "a.csv", GOOD);
    expect(await acquireLease(testEnv.STATEMENTS, "a-run", Date.now(), 60_000)).toBe(true);
    const busy = await remove("main", "a.csv");
    expect(busy.status).toBe(503);
    expect(busy.headers.get("retry-after")).toBe("30");
    expect(ErrorSchema.parse(await busy.json()).Detail).toMatch(/^An ingestion run is in progress/);
    expect(await inbox()).toEqual(["inbox/main/a.csv"]);
    await releaseLease(testEnv.STATEMENTS, "a-run");
    expect((await remove("main", "a.csv")).status).toBe(204);
  });

  it("holds runs off while it deletes: a run started meanwhile finds the lease taken", async () => {
    await putInbox("main", "a.csv", GOOD);
    let run: Promise<{ status: string }> | undefined;
    // The run starts just as the delete has taken the lease and reads the file's record.
    const bucket = interceptedBucket((operation, real) =>
      operation === "head" ? async (...args) => ((run ??= runIngestion(testEnv.STATEMENTS, { budgetMs: 60_000 })), real(...args)) : undefined,
    );
    expect((await call("/admin/files/main/a.csv", { method: "DELETE", key: ADMIN_KEY, env: { ...testEnv, STATEMENTS: bucket } })).status).toBe(204);
    expect((await run!).status).toBe("busy");
    expect(await files()).toEqual({});
  });

  it("cannot be undone by a run that outlived its lease and read the file before it was deleted", async () => {
    await putInbox("main", "a.csv", GOOD);
    let deleted: Response | undefined;
    // The run has read the whole file and is about to commit it, its lease long expired, when the delete comes.
    const stale = interceptedBucket((operation, real) =>
      operation === "put"
        ? async (key, ...rest) => {
            if (key === "state/manifest.json" && !deleted) {
              await testEnv.STATEMENTS.put("state/lease.json", JSON.stringify({ holder: "expired", until: 0 }));
              deleted = await remove("main", "a.csv");
            }
            return real(key, ...rest);
          }
        : undefined,
    );
    const run = await runIngestion(stale, { budgetMs: 60_000 });
    expect(deleted!.status).toBe(204);
    // Its commit lost to the delete's; on its retry the file was gone, so it recorded nothing.
    expect(run).toMatchObject({ status: "completed", files: [] });
    expect(await files()).toEqual({});
    expect(await getJson("/transactions")).toEqual([]);
    await ingest();
    expect(await files()).toEqual({});
  });
});

describe("the audit log", () => {
  it("records each delete, the refused ones as failed", async () => {
    await putInbox("main", "a.csv", GOOD);
    await putInbox("main", "b.csv", "Date,Description,Amount,Currency\n2026-10-09,Other,9.00,EUR\n");
    await ingest();
    await remove("main", "a.csv");
    await putInbox("main", "c.csv", GOOD);
    await remove("main", "c.csv");
    const page = AuditPageSchema.parse(await getJson("/admin/audit", ADMIN_KEY));
    expect(page.items.filter((e) => e.action === "file-delete").map((e) => [e.target, e.result.outcome, e.result.status, e.result.title])).toEqual([
      ["main/c.csv", "ok", 204, undefined],
      ["main/a.csv", "failed", 409, "Conflict"],
    ]);
  });
});
