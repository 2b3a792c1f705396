import { beforeEach, describe, expect, it } from "vitest";
import { ErrorSchema } from "../../src/model/contract";
import { ADMIN_KEY, call, resetBucket, testEnv } from "../support/worker";

beforeEach(resetBucket);

const FILE = "Date,Description,Amount,Currency\n2026-10-01,Deposit,10.00,EUR\n";

function upload(maxUploadBytes: string | undefined, body = FILE): Promise<Response> {
  const env = { ...testEnv, MAX_UPLOAD_BYTES: maxUploadBytes };
  const headers = { "content-length": String(new TextEncoder().encode(body).length) };
  return call("/admin/files/main/statement.csv", { method: "PUT", key: ADMIN_KEY, env, body, headers });
}

async function inbox(): Promise<string[]> {
  return (await testEnv.STATEMENTS.list({ prefix: "inbox/" })).objects.map((o) => o.key);
}

describe("PUT /admin/files with MAX_UPLOAD_BYTES", () => {
  // Number("100MB") is NaN and no length is over NaN: read as a number, such a value took the limit away.
  it.each(["100MB", "1e3", "-1", "0", "ten"])("set to %j: a 503 naming the variable and the values it takes, and nothing stored", async (value) => {
    const response = await upload(value);
    expect(response.status).toBe(503);
    const detail = ErrorSchema.parse(await response.json()).Detail;
    expect(detail).toContain(`MAX_UPLOAD_BYTES is "${value}": use a whole number of bytes above 0`);
    expect(await inbox()).toEqual([]);
  });

  it("set to something unusable leaves the other routes alone", async () => {
    const env = { ...testEnv, MAX_UPLOAD_BYTES: "100MB" };
    expect((await call("/accounts", { env })).status).toBe(200);
    expect((await call("/admin/files", { key: ADMIN_KEY, env })).status).toBe(200);
    expect((await call("/admin/ingest", { method: "POST", key: ADMIN_KEY, env })).status).toBe(200);
  });

  it.each([
    ["unset", undefined],
    ["empty, as wrangler.toml writes none", ""],
  ])("%s: the default limit of 100 MiB", async (_what, value) => {
    expect((await upload(value)).status).toBe(201);
    const response = await call("/admin/files/main/huge.csv", {
      method: "PUT", key: ADMIN_KEY, env: { ...testEnv, MAX_UPLOAD_BYTES: value }, body: "x", headers: { "content-length": String(100 * 1024 * 1024 + 1) },
    });
    expect(response.status).toBe(413);
    expect(ErrorSchema.parse(await response.json()).Detail).toMatch(/the limit is 104857600 \(MAX_UPLOAD_BYTES\)/);
  });

  it("set to a number: that limit, to the byte", async () => {
    expect((await upload(String(FILE.length))).status).toBe(201);
    expect((await upload(String(FILE.length - 1))).status).toBe(413);
  });
});
