import { beforeEach, describe, expect, it } from "vitest";
import { ErrorSchema } from "../../src/model/contract";
import { FileRecordSchema } from "../../src/model/file-record";
import { admin, ADMIN_KEY, getJson, putInbox, testEnv, resetBucket } from "../support/worker";

beforeEach(resetBucket);

async function upload(source: string, name: string, body: string): Promise<Response> {
  return admin(`/admin/files/${source}/${name}`, { method: "PUT", body, headers: { "content-length": String(new TextEncoder().encode(body).length) } });
}

async function files() {
  return FileRecordSchema.array().parse(await getJson("/admin/files", ADMIN_KEY));
}

const GOOD = "Date,Description,Amount,Currency\n2026-10-01,Deposit,10.00,EUR\n";

describe("PUT /admin/files", () => {
  it("stores the bytes in the inbox as pending, and POST /admin/ingest ingests them", async () => {
    const response = await upload("main", "2026-10.csv", GOOD);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ key: "inbox/main/2026-10.csv", state: "pending" });
    expect((await files()).map((f) => [f.key, f.state])).toEqual([["inbox/main/2026-10.csv", "pending"]]);

    const run = await (await admin("/admin/ingest", { method: "POST" })).json<{ status: string; files: { state: string; published: number }[] }>();
    expect(run).toMatchObject({ status: "completed", files: [{ state: "ingested", published: 1 }] });
    const [record] = await files();
    expect(record).toMatchObject({ state: "ingested", format: "csv", counts: { entries: 1, published: 1, newAccounts: 1 } });
    expect(record!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([["..", "x.csv"], ["%2e%2e", "x.csv"], ["main", ".."], ["main", "%2e%2e"]])(
    "never writes outside the inbox for the dot segments %s/%s (URL parsing removes them: no such route)",
    async (source, name) => {
      expect((await upload(source, name, GOOD)).status).toBe(404);
      expect((await testEnv.STATEMENTS.list()).objects).toEqual([]);
    },
  );

  it.each([
    ["main", "..%2Fetc%2Fpasswd"],
    ["main", "a%00b.csv"],
    ["main", "%2Fabsolute.csv"],
    ["main", ".hidden"],
    ["ma in", "x.csv"],
  ])("refuses the path trick %s/%s", async (source, name) => {
    const response = await upload(source, name, GOOD);
    expect(response.status).toBe(400);
    ErrorSchema.parse(await response.json());
  });

  it("refuses a file without a length and an empty file", async () => {
    const chunked = new ReadableStream({ start: (c) => { c.enqueue(new TextEncoder().encode(GOOD)); c.close(); } });
    const response = await admin("/admin/files/main/x.csv", { method: "PUT", body: chunked, duplex: "half" } as RequestInit);
    expect(response.status).toBe(411);
    expect((await upload("main", "empty.csv", "")).status).toBe(400);
  });
});

describe("GET /admin/files", () => {
  it("shows a failed file with its line and reason, and the good files still ingest", async () => {
    await putInbox("main", "bad.csv", "Date,Description,Amount,Currency\n2026-10-01,Ok,1.00,EUR\n2026-10-02,Broken,1.2.3,EUR\n");
    await putInbox("main", "good.csv", GOOD);
    await admin("/admin/ingest", { method: "POST" });
    const byName = new Map((await files()).map((f) => [f.name, f]));
    expect(byName.get("good.csv")!.state).toBe("ingested");
    const bad = byName.get("bad.csv")!;
    expect(bad.state).toBe("failed");
    expect(bad.error!.line).toBe(3);
    expect(bad.error!.reason).toMatch(/1\.2\.3/);
    // Nothing of the failed file is published, not even its valid first row.
    const transactions = await getJson<{ metadata: Record<string, string> }[]>("/transactions");
    expect(transactions.map((t) => t.metadata.sourceFile)).toEqual(["inbox/main/good.csv"]);
  });

  it("records the same bytes under another name as a duplicate", async () => {
    await putInbox("main", "a.csv", GOOD);
    await putInbox("main", "b.csv", GOOD);
    await admin("/admin/ingest", { method: "POST" });
    const states = (await files()).map((f) => [f.name, f.state, f.duplicateOf]);
    expect(states).toEqual([
      ["a.csv", "ingested", undefined],
      ["b.csv", "duplicate", "inbox/main/a.csv"],
    ]);
  });
});

describe("profiles", () => {
  it("stores, returns and deletes a valid profile", async () => {
    const profile = { delimiter: ";", decimalSeparator: ",", account: { id: "DE44500105175407324931", currency: "EUR" } };
    const put = await admin("/admin/profiles/main", { method: "PUT", body: JSON.stringify(profile) });
    expect(put.status).toBe(200);
    expect(await getJson("/admin/profiles/main", ADMIN_KEY)).toEqual(profile);
    expect((await admin("/admin/profiles/main", { method: "DELETE" })).status).toBe(204);
    expect((await admin("/admin/profiles/main")).status).toBe(404);
  });

  it("refuses an invalid profile with 400 listing every bad field", async () => {
    const profile = { delimiter: "x", account: { currency: "EURO" }, columns: { valueDate: "Valuta" }, colour: "red" };
    const response = await admin("/admin/profiles/main", { method: "PUT", body: JSON.stringify(profile) });
    const body = ErrorSchema.parse(await response.json());
    expect(response.status).toBe(400);
    expect(body.Detail).toMatch(/delimiter/);
    expect(body.Detail).toMatch(/account\.currency: must be an ISO 4217 currency code/);
    expect(body.Detail).toMatch(/columns\.bookingDate/);
    expect(body.Detail).toMatch(/colour/);
    expect((await admin("/admin/profiles/main", { method: "PUT", body: "{not json" })).status).toBe(400);
  });

  it("refuses a profile over 64 KB with 413, and keeps none", async () => {
    const response = await admin("/admin/profiles/main", { method: "PUT", body: JSON.stringify({ columns: { description: "x".repeat(70_000) } }) });
    expect(response.status).toBe(413);
    expect(ErrorSchema.parse(await response.json()).Detail).toMatch(/profile as a JSON object is at most 65536 bytes/);
    expect((await admin("/admin/profiles/main")).status).toBe(404);
  });

  it("applies the profile to the source's files", async () => {
    const profile = { account: { id: "DE44 5001 0517 5407 3249 31", name: "Main account", currency: "EUR" } };
    await admin("/admin/profiles/main", { method: "PUT", body: JSON.stringify(profile) });
    await putInbox("main", "no-currency.csv", "Date,Description,Amount\n2026-10-01,Deposit,10.00\n");
    await admin("/admin/ingest", { method: "POST" });
    const [account] = await getJson<{ id: string; accountName: string }[]>("/accounts");
    expect(account).toMatchObject({ id: "DE44500105175407324931", accountName: "Main account" });
  });
});

describe("retrying a failed file", () => {
  const NO_CURRENCY = "Date,Description,Amount\n2026-10-01,Deposit,10.00\n";

  it("reads the file again once its source's profile is fixed", async () => {
    await putInbox("main", "no-currency.csv", NO_CURRENCY);
    await admin("/admin/ingest", { method: "POST" });
    expect((await files())[0]).toMatchObject({ state: "failed", error: { reason: expect.stringMatching(/set account\.currency in the profile/) } });
    await admin("/admin/profiles/main", { method: "PUT", body: JSON.stringify({ account: { currency: "EUR" } }) });
    expect((await files())[0]!.state).toBe("pending");
    await admin("/admin/ingest", { method: "POST" });
    expect((await files())[0]).toMatchObject({ state: "ingested", counts: { published: 1 } });
  });

  it("reads it again on request, and says when there is nothing to retry", async () => {
    await putInbox("main", "no-currency.csv", NO_CURRENCY);
    await putInbox("main", "good.csv", GOOD);
    await admin("/admin/ingest", { method: "POST" });
    const accepted = await admin("/admin/retry/main/no-currency.csv", { method: "POST" });
    expect(accepted.status).toBe(202);
    const listed = new Map((await files()).map((f) => [f.name, f]));
    expect(listed.get("no-currency.csv")).toMatchObject({ state: "pending", error: { reason: expect.stringMatching(/currency/) } });
    const run = await (await admin("/admin/ingest", { method: "POST" })).json<{ files: { key: string; state: string }[] }>();
    expect(run.files).toEqual([expect.objectContaining({ key: "inbox/main/no-currency.csv", state: "failed" })]);
    expect((await admin("/admin/retry/main/good.csv", { method: "POST" })).status).toBe(409);
    expect((await admin("/admin/retry/main/absent.csv", { method: "POST" })).status).toBe(404);
  });
});

describe("GET /admin/runs", () => {
  it("keeps the runs that did something, newest first", async () => {
    await putInbox("main", "good.csv", GOOD);
    await admin("/admin/ingest", { method: "POST" });
    await admin("/admin/ingest", { method: "POST" });
    await putInbox("main", "bad.csv", "Date,Description,Amount,Currency\n2026-10-02,Broken,1.2.3,EUR\n");
    await admin("/admin/ingest", { method: "POST" });
    const runs = await getJson<{ status: string; durationMs: number; files: { key: string; state: string }[] }[]>("/admin/runs", ADMIN_KEY);
    expect(runs.map((r) => r.files.map((f) => `${f.key} ${f.state}`))).toEqual([["inbox/main/bad.csv failed"], ["inbox/main/good.csv ingested"]]);
    expect(runs[0]!.status).toBe("completed");
    expect(runs[0]!.durationMs).toBeGreaterThanOrEqual(0);
  });
});

describe("the same bytes in another source", () => {
  it("are another account's statement when the file names no account", async () => {
    await putInbox("main", "a.csv", GOOD);
    await putInbox("savings", "a.csv", GOOD);
    await admin("/admin/ingest", { method: "POST" });
    expect((await files()).map((f) => [f.key, f.state])).toEqual([
      ["inbox/main/a.csv", "ingested"],
      ["inbox/savings/a.csv", "ingested"],
    ]);
    expect((await getJson<{ id: string }[]>("/accounts")).map((a) => a.id)).toEqual(["main", "savings"]);
  });
});
