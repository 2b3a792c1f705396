import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeAdminApi, type Received, startFakeAdminApi } from "./fake-admin-api";
import { runCli } from "./run-cli";
import { SSHD, type SftpServer, startSftpServer } from "./sftp-server";

const KEY = "test-admin-key";
/** Large enough to take many SFTP reads and show upload progress. */
const LARGE = randomBytes(1536 * 1024).toString("base64");
const haveSshd = existsSync(SSHD);
if (!haveSshd) console.warn(`Skipping the sftp-sync tests: ${SSHD} is missing (apt-get install openssh-server).`);

describe.skipIf(!haveSshd)("statement-connector sftp-sync against OpenSSH", { timeout: 30_000 }, () => {
  let server: SftpServer;
  let api: FakeAdminApi;
  /** PUT paths the fake admin API refuses once with a 400, as a Worker with a wrong profile would. */
  const refuseOnce = new Set<string>();

  beforeAll(async () => {
    server = await startSftpServer();
    api = await startFakeAdminApi(KEY, (request: Received) => {
      if (request.method !== "PUT" || !refuseOnce.delete(request.path)) return undefined;
      return { status: 400, json: { Title: "Bad Request", Detail: "refused once by the test" } };
    });
  });
  afterAll(async () => {
    await api?.close();
    await server?.stop();
  });

  const remoteFile = (folder: string, name: string, content: string) => {
    mkdirSync(join(server.remote, folder), { recursive: true });
    writeFileSync(join(server.remote, folder, name), content);
  };

  const config = (name: string, fingerprint: string) => {
    const path = join(server.remote, "..", `${name}.json`);
    writeFileSync(path, JSON.stringify({
      host: "127.0.0.1",
      port: server.port,
      username: server.username,
      hostKeySha256: fingerprint,
      privateKeyPath: server.clientKey,
      folders: [
        { remote: join(server.remote, "camt"), source: "main-account", match: "\\.xml$" },
        { remote: join(server.remote, "mt940"), source: "usd-account" },
      ],
      statePath: `${name}-state.json`,
      minAgeSeconds: 0,
    }));
    return { path, state: join(server.remote, "..", `${name}-state.json`) };
  };

  const sync = (configPath: string) =>
    runCli(["sftp-sync", "--config", configPath], { STATEMENT_CONNECTOR_URL: api.url, STATEMENT_CONNECTOR_ADMIN_KEY: KEY });

  const acceptedSince = (count: number) => api.accepted().slice(count).map((r) => [r.path, r.body.toString()]);

  it("uploads each new file once to its folder's source, records it only once accepted, and sends a rewritten file again", async () => {
    remoteFile("camt", "2026-10-01.xml", "<camt>1</camt>");
    remoteFile("camt", "2026-10-02.xml", "<camt>2</camt>");
    remoteFile("camt", "notes.txt", "not a statement");
    remoteFile("camt", ".incoming.xml", "a file the bank is still writing");
    mkdirSync(join(server.remote, "camt", "archive.xml"));
    remoteFile("mt940", "usd.sta", ":20:USD");
    remoteFile("mt940", "large.sta", LARGE);
    refuseOnce.add("/admin/files/usd-account/usd.sta");
    const { path, state } = config("sync", server.fingerprint);

    const first = await sync(path);
    expect(first.code).toBe(1);
    expect(acceptedSince(0)).toEqual([
      ["/admin/files/main-account/2026-10-01.xml", "<camt>1</camt>"],
      ["/admin/files/main-account/2026-10-02.xml", "<camt>2</camt>"],
      ["/admin/files/usd-account/large.sta", LARGE],
    ]);
    expect(first.stdout).toContain(`${join(server.remote, "mt940", "usd.sta")}: not uploaded: 400 Bad Request: refused once by the test`);
    expect(first.stdout).toContain("sftp-sync: 3 files uploaded, 1 failed");
    expect(Object.values(JSON.parse(readFileSync(state, "utf8")).sent).map((s) => (s as { key: string }).key)).toEqual([
      "inbox/main-account/2026-10-01.xml", "inbox/main-account/2026-10-02.xml", "inbox/usd-account/large.sta",
    ]);

    const second = await sync(path);
    expect(second.code).toBe(0);
    expect(acceptedSince(3)).toEqual([["/admin/files/usd-account/usd.sta", ":20:USD"]]);

    const third = await sync(path);
    expect(third.code).toBe(0);
    expect(acceptedSince(4)).toEqual([]);
    expect(third.stdout).toBe("sftp-sync: 0 files uploaded, 0 failed\n");

    remoteFile("camt", "2026-10-03.xml", "<camt>3</camt>");
    remoteFile("camt", "2026-10-01.xml", "<camt>1, corrected</camt>");
    const fourth = await sync(path);
    expect(fourth.code).toBe(0);
    expect(acceptedSince(4).sort()).toEqual([
      ["/admin/files/main-account/2026-10-01.xml", "<camt>1, corrected</camt>"],
      ["/admin/files/main-account/2026-10-03.xml", "<camt>3</camt>"],
    ]);
    expect(api.received.filter((r) => r.method === "PUT" && r.authorization !== `Bearer ${KEY}`)).toEqual([]);
  });

  it("aborts on a host key other than the pinned one, before listing or uploading anything", async () => {
    remoteFile("camt", "2026-11-01.xml", "<camt>11</camt>");
    const puts = api.received.length;
    const { path, state } = config("pinned", "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU");

    const run = await sync(path);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`host key mismatch: 127.0.0.1:${server.port} presented ${server.fingerprint}, the config pins SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU`);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(api.received.length).toBe(puts);
    expect(existsSync(state)).toBe(false);
  });
});
