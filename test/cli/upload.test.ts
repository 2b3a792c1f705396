import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { type FakeAdminApi, type Received, type Reply, startFakeAdminApi } from "./fake-admin-api";
import { runCli } from "./run-cli";

const KEY = "test-admin-key";
const dir = mkdtempSync(join(tmpdir(), "cli-upload-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let api: FakeAdminApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function upload(args: string[], override?: (request: Received) => Reply | undefined) {
  api = await startFakeAdminApi(KEY, override);
  return runCli(["upload", ...args], { STATEMENT_CONNECTOR_URL: api.url, STATEMENT_CONNECTOR_ADMIN_KEY: KEY });
}

/** Answers the n-th PUT (from 0) with replies[n], then as the Worker would. */
function putsAnswered(...replies: Reply[]) {
  let puts = 0;
  return (request: Received) => (request.method === "PUT" ? replies[puts++] : undefined);
}

const CSV = "Date,Description,Amount,Currency\n2026-10-01,Deposit,10.00,EUR\n";

describe("statement-connector upload", { timeout: 20_000 }, () => {
  it("streams each file to its source with the admin key and its Content-Length, and prints key and state", async () => {
    const large = randomBytes(3 * 1024 * 1024 + 17);
    const paths = [file("2026-10.csv", CSV), file("Kontoauszug Oktober.sta", large)];
    const run = await upload([...paths, "--source", "main-account"]);

    expect(run.code).toBe(0);
    expect(api!.received.map((r) => [r.method, r.path, r.authorization, r.contentLength])).toEqual([
      ["PUT", "/admin/files/main-account/2026-10.csv", `Bearer ${KEY}`, String(Buffer.byteLength(CSV))],
      ["PUT", "/admin/files/main-account/Kontoauszug%20Oktober.sta", `Bearer ${KEY}`, String(large.length)],
    ]);
    expect(api!.received[0]!.body.toString()).toBe(CSV);
    expect(api!.received[1]!.body.equals(large)).toBe(true);
    expect(run.stdout).toBe(
      `${paths[0]}: uploaded as inbox/main-account/2026-10.csv (pending)\n${paths[1]}: uploaded as inbox/main-account/Kontoauszug Oktober.sta (pending)\n`,
    );
    // Not a terminal: progress of the large file as plain lines, none for the small one.
    const percents = run.stderr.split("\n").filter((l) => l.includes("bytes sent")).map((l) => Number(/\((\d+)%\)$/.exec(l)![1]));
    expect(percents).toHaveLength(4);
    expect(percents.at(-1)).toBe(100);
    expect(run.stderr).toContain(`Kontoauszug Oktober.sta: ${large.length} / ${large.length} bytes sent (100%)`);
    expect(run.stderr).not.toContain("2026-10.csv");
  });

  it("retries a 503 with backoff, sending the whole file each time", async () => {
    const path = file("retried.csv", CSV);
    const run = await upload([path, "-s", "main"], putsAnswered({ status: 503 }, { status: 503 }));
    expect(run.code).toBe(0);
    expect(api!.received.map((r) => r.body.toString())).toEqual([CSV, CSV, CSV]);
    const [first, second, third] = api!.received;
    // Backoff with jitter: 250-500 ms, then 500-1000 ms.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(240);
    expect(third!.at - second!.at).toBeGreaterThanOrEqual(490);
    expect(run.stderr.match(/PUT \/admin\/files\/main\/retried.csv: answered 503; retrying in/g)).toHaveLength(2);
    expect(run.stdout).toBe(`${path}: uploaded as inbox/main/retried.csv (pending)\n`);
  });

  it("retries a connection dropped without an answer", async () => {
    const path = file("reset.csv", CSV);
    const run = await upload([path, "-s", "main"], putsAnswered("reset"));
    expect(run.code).toBe(0);
    expect(api!.received).toHaveLength(2);
    expect(run.stderr).toMatch(/127\.0\.0\.1:\d+: socket hang up; retrying in/);
  });

  it("waits as long as a 429's Retry-After asks before trying again", async () => {
    const path = file("limited.csv", CSV);
    const run = await upload([path, "-s", "main"], putsAnswered({ status: 429, headers: { "retry-after": "1" } }));
    expect(run.code).toBe(0);
    const [first, second] = api!.received;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(990);
    expect(run.stderr).toContain("answered 429; retrying in 1.0 s (try 2 of 6)");
  });

  it("does not retry a 400: reports it, goes on with the next file, and exits 1", async () => {
    const bad = file("bad.csv", CSV);
    const good = file("good.csv", CSV);
    const refusal: Reply = { status: 400, json: { Title: "Bad Request", Detail: 'source "main" is not allowed here' } };
    const run = await upload([bad, good, "-s", "main"], putsAnswered(refusal));
    expect(run.code).toBe(1);
    expect(api!.received.map((r) => r.path)).toEqual(["/admin/files/main/bad.csv", "/admin/files/main/good.csv"]);
    expect(run.stdout).toBe(
      `${bad}: not uploaded: 400 Bad Request: source "main" is not allowed here\n${good}: uploaded as inbox/main/good.csv (pending)\n`,
    );
    expect(run.stderr).not.toContain("retrying");
  });

  it("prints a file name with an invisible or reordering character as code points, and the service's refusal", async () => {
    const spoofed = file("\u202ecod.exe", CSV);
    const refusal: Reply = { status: 400, json: { Title: "Bad Request", Detail: 'file name "<U+202E>cod.exe" has U+202E, an invisible formatting character' } };
    const run = await upload([spoofed, "-s", "main"], putsAnswered(refusal));
    expect(run.code).toBe(1);
    expect(api!.received.map((r) => r.path)).toEqual(["/admin/files/main/%E2%80%AEcod.exe"]);
    expect(run.stdout).toBe(`${join(dir, "<U+202E>cod.exe")}: not uploaded: 400 Bad Request: file name "<U+202E>cod.exe" has U+202E, an invisible formatting character\n`);
    expect(run.stdout + run.stderr).not.toContain("\u202e");
  });

  it("reports a wrong key once (401 is not retried) and a missing file, exiting 1", async () => {
    api = await startFakeAdminApi(KEY);
    const path = file("x.csv", CSV);
    const run = await runCli(["upload", path, join(dir, "missing.csv"), "-s", "main", "--endpoint", api.url], { STATEMENT_CONNECTOR_ADMIN_KEY: "wrong" });
    expect(run.code).toBe(1);
    expect(api.received).toHaveLength(1);
    expect(run.stdout).toContain(`${path}: not uploaded: 401 Unauthorized: The API key is not valid.`);
    expect(run.stdout).toMatch(/missing\.csv: not uploaded: ENOENT: no such file or directory/);
  });

  it("with --wait, ingests and prints for each file: ingested with counts, duplicate of, failed with line and reason", async () => {
    const paths = ["a.csv", "b.csv", "c.csv"].map((name) => file(name, CSV));
    let listings = 0;
    const run = await upload([...paths, "-s", "main", "--wait"], (request) => {
      // The first run spends its budget with work left ("partial"), and c.csv is still pending.
      if (request.path === "/admin/ingest") return { status: 200, json: { status: listings === 0 ? "partial" : "completed", files: [] } };
      if (request.path !== "/admin/files") return undefined;
      const c = listings++ === 0 ? { key: "inbox/main/c.csv", state: "ingesting", progress: 10 } : {
        key: "inbox/main/c.csv", state: "failed", error: { line: 14, reason: 'amount "1.2.3" is not a number with decimal separator "."' },
      };
      return { status: 200, json: [
        { key: "inbox/other/old.csv", state: "ingested" },
        { key: "inbox/main/a.csv", state: "ingested", counts: { entries: 12, published: 10, changed: 1, alreadyKnown: 1, informational: 0 } },
        { key: "inbox/main/b.csv", state: "duplicate", duplicateOf: "inbox/main/a.csv" },
        c,
      ] };
    });
    expect(run.code).toBe(1);
    expect(api!.received.filter((r) => r.method !== "PUT").map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /admin/ingest", "GET /admin/files", "POST /admin/ingest", "GET /admin/files",
    ]);
    expect(run.stdout.split("\n").slice(3)).toEqual([
      "inbox/main/a.csv: ingested: 12 entries, 10 new, 1 changed, 1 already known",
      "inbox/main/b.csv: duplicate of inbox/main/a.csv",
      'inbox/main/c.csv: failed at line 14: amount "1.2.3" is not a number with decimal separator "."',
      "",
    ]);
  });

  it("with --wait, exits 0 when every file is ingested or a duplicate, and 1 when one is still pending at the timeout", async () => {
    const path = file("d.csv", CSV);
    const done = await upload([path, "-s", "main", "--wait"], (request) =>
      request.path === "/admin/files" ? { status: 200, json: [{ key: "inbox/main/d.csv", state: "duplicate", duplicateOf: "inbox/main/a.csv" }] } : undefined);
    expect(done.code).toBe(0);
    await api!.close();

    const stuck = await upload([path, "-s", "main", "--wait", "--timeout", "0"]);
    expect(stuck.code).toBe(1);
    expect(stuck.stdout).toContain("inbox/main/d.csv: still pending after 0 s");
  });

  it("with --wait, says a file held for review (a mistyped --source, say) or rejected was not published, how to look at it and decide, and exits 1", async () => {
    const paths = [file("e f.csv", CSV), file("g.csv", CSV)];
    const run = await upload([...paths, "-s", "acme-mian", "--wait"], (request) =>
      request.path === "/admin/files"
        ? { status: 200, json: [{ key: "inbox/acme-mian/e f.csv", state: "held" }, { key: "inbox/acme-mian/g.csv", state: "rejected", rejection: { reason: "meant for acme-main" } }] }
        : undefined);
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n").slice(2)).toEqual([
      "inbox/acme-mian/e f.csv: held for review, nothing published: see what it would do with GET /admin/files/acme-mian/e%20f.csv/preview, " +
        "then POST /admin/files/acme-mian/e%20f.csv/approve or /admin/files/acme-mian/e%20f.csv/reject",
      "inbox/acme-mian/g.csv: rejected at review: meant for acme-main",
      "",
    ]);
  });

  it("explains how it is called: --help, and one-line usage errors with exit code 2", async () => {
    const help = await runCli(["upload", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: statement-connector upload <files...> --source <name>");

    const noKey = await runCli(["upload", "x.csv", "-s", "main"], { STATEMENT_CONNECTOR_URL: "https://example.invalid" });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr.trim()).toBe('statement-connector: no admin key: set STATEMENT_CONNECTOR_ADMIN_KEY (or pass --admin-key KEY) (see "statement-connector upload --help")');

    const plainHttp = await runCli(["upload", "x.csv", "-s", "main", "--endpoint", "http://example.invalid", "--admin-key", "k"]);
    expect(plainHttp.code).toBe(2);
    expect(plainHttp.stderr).toContain("refusing to send the admin key over plain http");
  });
});
