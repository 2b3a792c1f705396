import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import type { Env } from "../../src/env";
import { MAX_RETRIES, retryDelay } from "../../src/inbox-queue";
import { arrivalOf } from "../../src/ingest/inbox-event";
import { runIngestion } from "../../src/ingestion";
import { AdminFileSchema, RunSummarySchema } from "../../src/model/admin";
import { ORDERS_PREFIX, tenantPrefix } from "../../src/store/layout";
import { acquireLease, releaseLease } from "../../src/store/lease";
import wranglerToml from "../../wrangler.toml?raw";
import { csv } from "../support/bad-files";
import { InjectedFault, interceptedBucket } from "../support/faulty-bucket";
import { ADMIN_KEY, call, getJson, resetBucket, testEnv } from "../support/worker";
import { createTenant, platform } from "../tenants/support";

// Files read as they arrive: R2 event notifications delivered to the Worker's queue handler, as
// the platform delivers a batch, with no cron run and no POST /admin/ingest.
beforeEach(resetBucket);
afterEach(() => vi.restoreAllMocks());

const QUEUE = "statement-connector-inbox";
let sequence = 0;

/** Puts a file in the bucket and returns the notification R2 sends for it (object-create). */
async function upload(key: string, body: string): Promise<object> {
  const object = (await testEnv.STATEMENTS.put(key, body))!;
  return notification(key, "PutObject", { size: object.size, eTag: object.etag });
}

function notification(key: string, action: string, object: { size?: number; eTag?: string } = {}): object {
  return { account: "3f4b7e3dcab231cbfdaa90a6a28bd548", action, bucket: "statement-connector", object: { key, ...object }, eventTime: new Date().toISOString() };
}

/**
 * Delivers one batch to the Worker's queue handler: the ids of its messages, in order, what the
 * handler did with each, and the delay of each retry it asked for (which getQueueResult does not report).
 */
async function deliver(bodies: unknown[], { attempts = 1, env = testEnv }: { attempts?: number; env?: Env } = {}) {
  const messages = bodies.map((body) => ({ id: `message-${++sequence}`, timestamp: new Date(), attempts, body }));
  const batch = createMessageBatch(QUEUE, messages);
  const retries = batch.messages.map((message) => vi.spyOn(message, "retry"));
  const ctx = createExecutionContext();
  await worker.queue!(batch, env, ctx);
  const result = await getQueueResult(batch, ctx);
  const delays = retries.flatMap((retry) => retry.mock.calls.map(([options]) => options?.delaySeconds));
  return { ids: messages.map((m) => m.id), result, delays };
}

const files = async (key = ADMIN_KEY) => Object.fromEntries(AdminFileSchema.array().parse(await (await call("/admin/files", { key })).json()).map((f) => [f.key, f]));
const states = async (key = ADMIN_KEY) => Object.fromEntries(Object.entries(await files(key)).map(([k, f]) => [k, f.state]));
const runs = async () => RunSummarySchema.array().parse(await getJson("/admin/runs", ADMIN_KEY));
const descriptions = async (key?: string) => (await getJson<{ metadata?: Record<string, string> }[]>("/transactions", key)).map((t) => t.metadata?.description ?? "");

/** The test bucket, refusing to list the payment orders as R2 does when it cannot be reached. */
function ordersUnreachable(): R2Bucket {
  return interceptedBucket((operation, real) => {
    if (operation !== "list") return undefined;
    return async (options) => {
      if ((options as R2ListOptions | undefined)?.prefix === ORDERS_PREFIX) throw new InjectedFault(`list ${ORDERS_PREFIX}: the store cannot be reached`);
      return real(options);
    };
  });
}

/** The events the handler logged, by name. */
function logged() {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  return (event: string) => warn.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>).filter((line) => line.event === event);
}

describe("a file's notification", () => {
  it("has the file ingested at once and served by the connector endpoints, without the cron", async () => {
    const body = await upload("inbox/main/2026-11.csv", csv(["2026-11-03,Salary November,2500.00,EUR"]));
    const { ids, result } = await deliver([body]);
    expect(result).toMatchObject({ outcome: "ok", ackAll: false, explicitAcks: ids, retryMessages: [] });
    expect(await states()).toEqual({ "inbox/main/2026-11.csv": "ingested" });
    const served = await getJson<{ amount: string; currency: string }[]>("/transactions");
    expect(served.map((t) => [t.amount, t.currency])).toEqual([["250000", "EUR/2"]]);
  });

  it("of a bad file: the run fails the file with its reason, and the message is acked, not retried", async () => {
    const body = await upload("inbox/main/bad-amount.csv", csv(["2026-10-01,Ok,1.00,EUR", "2026-10-02,Bad,1.2.3,EUR"]));
    const { ids, result } = await deliver([body]);
    expect(result).toMatchObject({ explicitAcks: ids, retryMessages: [] });
    const failed = (await files())["inbox/main/bad-amount.csv"]!;
    expect(failed.state).toBe("failed");
    expect(failed.error).toMatchObject({ line: 3, reason: expect.stringMatching(/1\.2\.3/) });
  });
});

describe("a batch", () => {
  it("runs once per source, whatever its number of messages, acks them all, and leaves the other sources to their runs", async () => {
    const a = await upload("inbox/alpha/one.csv", csv(["2026-11-01,Alpha one,1.00,EUR"]));
    const b = await upload("inbox/beta/one.csv", csv(["2026-11-01,Beta one,2.00,EUR"]));
    const a2 = await upload("inbox/alpha/two.csv", csv(["2026-11-02,Alpha two,3.00,EUR"]));
    // A file of a source no message names: the cron reads it.
    await testEnv.STATEMENTS.put("inbox/gamma/one.csv", csv(["2026-11-01,Gamma one,4.00,EUR"]));
    const { ids, result } = await deliver([a, b, a2, a]);
    expect(result.explicitAcks.sort()).toEqual([...ids].sort());
    expect(result.retryMessages).toEqual([]);
    expect((await runs()).map((run) => run.files.map((f) => f.key).sort()).sort()).toEqual([["inbox/alpha/one.csv", "inbox/alpha/two.csv"], ["inbox/beta/one.csv"]]);
    expect(await states()).toEqual({ "inbox/alpha/one.csv": "ingested", "inbox/alpha/two.csv": "ingested", "inbox/beta/one.csv": "ingested", "inbox/gamma/one.csv": "pending" });
  });

  it("acks a message that names nothing to ingest, with the reason logged, and the others of the batch go on", async () => {
    const events = logged();
    const good = await upload("inbox/main/good.csv", csv(["2026-11-01,Salary,1.00,EUR"]));
    const { id: suspended } = await createTenant("paused-co");
    expect((await platform(`/platform/tenants/${suspended}/suspend`, { method: "POST" })).status).toBe(200);
    const poison = [
      "garbage",
      { hello: "world" },
      notification("inbox/main/good.csv", "DeleteObject"),
      notification("state/manifest.json", "PutObject"),
      notification("inbox/loose-file.csv", "PutObject"),
      notification("tenants/nobody/inbox/main/x.csv", "PutObject"),
      notification("tenants/Not_An_Id/inbox/main/x.csv", "PutObject"),
      await upload(`${tenantPrefix(suspended)}inbox/main/held-off.csv`, csv(["2026-11-01,Paused,1.00,EUR"])),
    ];
    const { ids, result } = await deliver([...poison, good]);
    expect(result.explicitAcks.sort()).toEqual([...ids].sort());
    expect(result.retryMessages).toEqual([]);
    expect(await states()).toEqual({ "inbox/main/good.csv": "ingested" });
    expect(Object.fromEntries(events("inbox-event-ignored").map((line) => [line.id, line.why]))).toEqual({
      [ids[0]!]: expect.stringMatching(/^not an R2 event notification \(.*expected object/),
      [ids[1]!]: expect.stringMatching(/^not an R2 event notification \(.*account/),
      [ids[2]!]: "DeleteObject of inbox/main/good.csv is not an upload",
      [ids[3]!]: expect.stringMatching(/^state\/manifest\.json is no file of an inbox/),
      [ids[4]!]: expect.stringMatching(/^inbox\/loose-file\.csv is no file of an inbox/),
      [ids[5]!]: 'there is no tenant "nobody"',
      [ids[6]!]: expect.stringMatching(/^tenants\/Not_An_Id\/inbox\/main\/x\.csv is no file of an inbox/),
      [ids[7]!]: 'tenant "paused-co" is suspended',
    });
  });
});

describe("a file another run left half read", () => {
  it("is read on first, whatever source the notification names, so that arrivals elsewhere never starve it", async () => {
    await testEnv.STATEMENTS.put("inbox/backfill/2025.csv", csv(Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, "0")}-01,Month ${i + 1},1.00,EUR`)));
    expect((await runIngestion(testEnv.STATEMENTS, { budgetMs: 60_000, maxEventsPerStep: 4 })).status).toBe("partial");
    const body = await upload("inbox/daily/today.csv", csv(["2026-11-01,Today,1.00,EUR"]));
    const { ids, result } = await deliver([body]);
    expect(result.explicitAcks).toEqual(ids);
    expect((await runs())[0]!.files.map((f) => [f.key, f.state])).toEqual([["inbox/backfill/2025.csv", "ingested"], ["inbox/daily/today.csv", "ingested"]]);
  });
});

describe("a tenant's file", () => {
  it("is ingested in that tenant's books alone", async () => {
    const tenant = await createTenant("acme-fr");
    await testEnv.STATEMENTS.put("inbox/main/default.csv", csv(["2026-11-01,Default tenant,1.00,EUR"]));
    const body = await upload(`${tenantPrefix(tenant.id)}inbox/main/tenant.csv`, csv(["2026-11-01,Tenant salary,7.00,EUR"]));
    const { ids, result } = await deliver([body]);
    expect(result.explicitAcks).toEqual(ids);
    expect(await states(tenant.admin)).toEqual({ "inbox/main/tenant.csv": "ingested" });
    expect(await descriptions(tenant.connector)).toEqual(["Tenant salary"]);
    expect(await states()).toEqual({ "inbox/main/default.csv": "pending" });
  });
});

describe("a run that does not finish", () => {
  it("with the lease held by another run: the message is retried later with a growing delay, nothing failed, then read", async () => {
    const body = await upload("inbox/main/waiting.csv", csv(["2026-11-01,Waited,1.00,EUR"]));
    expect(await acquireLease(testEnv.STATEMENTS, "another-run", Date.now(), 60_000)).toBe(true);
    for (const attempts of [1, 2, MAX_RETRIES + 1]) {
      const { ids, result, delays } = await deliver([body], { attempts });
      expect(result).toMatchObject({ explicitAcks: [], retryMessages: [{ msgId: ids[0] }] });
      expect(delays).toEqual([retryDelay(attempts)]);
    }
    expect([1, 2, 3, 4, 5].map(retryDelay)).toEqual([30, 60, 120, 240, 480]);
    expect(await states()).toEqual({ "inbox/main/waiting.csv": "pending" });
    await releaseLease(testEnv.STATEMENTS, "another-run");
    const { ids, result } = await deliver([body], { attempts: 2 });
    expect(result).toMatchObject({ explicitAcks: ids, retryMessages: [] });
    expect(await states()).toEqual({ "inbox/main/waiting.csv": "ingested" });
  });

  it("failing every time: retried, and at the last delivery the file is failed with a readable reason before the message goes to the dead-letter queue", async () => {
    const body = await upload("inbox/main/stuck.csv", csv(["2026-11-01,Stuck,1.00,EUR"]));
    // Every run stops before the file: the store cannot list the payment orders a run starts with.
    const env = { ...testEnv, STATEMENTS: ordersUnreachable() };
    for (const attempts of [1, MAX_RETRIES]) {
      const { ids, result, delays } = await deliver([body], { attempts, env });
      expect(result).toMatchObject({ explicitAcks: [], retryMessages: [{ msgId: ids[0] }] });
      expect(delays).toEqual([retryDelay(attempts)]);
      expect(await states()).toEqual({ "inbox/main/stuck.csv": "pending" });
    }
    const last = await deliver([body], { attempts: MAX_RETRIES + 1, env });
    // Not acked: retried at its last delivery, the platform sends it to the dead-letter queue.
    expect(last.result).toMatchObject({ ackAll: false, explicitAcks: [], retryMessages: [{ msgId: last.ids[0] }] });
    const failed = (await files())["inbox/main/stuck.csv"]!;
    expect(failed.state).toBe("failed");
    expect(failed.error!.reason).toMatch(/^the file could not be ingested: each run its arrival started failed \(6 attempts\), the last with "list payments\/orders\/: the store cannot be reached; [^"]*"; nothing of it was published$/);
    expect(failed.error!.reason).not.toMatch(/\n|\bat .+:\d+:\d+/);
    // Once the store is back, a retry asked for reads it.
    expect((await call("/admin/retry/main/stuck.csv", { method: "POST", key: ADMIN_KEY })).status).toBe(202);
    expect((await deliver([body])).result.retryMessages).toEqual([]);
    expect(await states()).toEqual({ "inbox/main/stuck.csv": "ingested" });
  });
});

describe("the notification's body", () => {
  it("names the tenant, source and key of an upload to an inbox", () => {
    expect(arrivalOf(notification("inbox/main/a b.csv", "CompleteMultipartUpload", { size: 3, eTag: "e" }))).toEqual({ tenant: "default", source: "main", key: "inbox/main/a b.csv" });
    expect(arrivalOf({ ...notification("tenants/acme-fr/inbox/main/sub/x.sta", "CopyObject"), copySource: { bucket: "b", object: "o" } })).toEqual({ tenant: "acme-fr", source: "main", key: "inbox/main/sub/x.sta" });
    expect(arrivalOf(notification("tenants/acme-fr/state/manifest.json", "PutObject"))).toHaveProperty("ignored");
    expect(arrivalOf(notification("tenants/default/inbox/main/x.csv", "PutObject"))).toHaveProperty("ignored");
    expect(arrivalOf(notification("inbox/main/", "PutObject"))).toHaveProperty("ignored");
  });

  it("retried at most as often as wrangler.toml configures the queue", () => {
    expect(wranglerToml).toMatch(new RegExp(`^max_retries = ${MAX_RETRIES}$`, "m"));
    expect(wranglerToml).toMatch(/^dead_letter_queue = "statement-connector-inbox-dlq"$/m);
  });
});
