import { env } from "cloudflare:workers";
import worker from "../../src/index";
import type { Env } from "../../src/env";
import { runIngestion } from "../../src/ingestion";
import type { RunSummary } from "../../src/model/admin";

export const CONNECTOR_KEY = "connector-key-1";
export const ADMIN_KEY = "admin-key";
export const testEnv = env as unknown as Env;

const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;

/** Calls the Worker's fetch handler as the platform would, with the test bindings or others. */
export async function call(path: string, init: RequestInit & { key?: string | null; env?: Env } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const key = init.key === undefined ? CONNECTOR_KEY : init.key;
  if (key !== null) headers.set("authorization", `Bearer ${key}`);
  const request = new Request(`https://connector.test${path}`, { ...init, headers });
  return worker.fetch!(request as Request<unknown, IncomingRequestCfProperties>, init.env ?? testEnv, ctx);
}

/** Calls the Worker's fetch handler as the operator does, with the admin key. */
export const admin = (path: string, init: RequestInit = {}): Promise<Response> => call(path, { ...init, key: ADMIN_KEY });

export async function getJson<T = unknown>(path: string, key: string | null = CONNECTOR_KEY): Promise<T> {
  const response = await call(path, { key });
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Drops a file in the inbox as a bank or a person would. */
export async function putInbox(source: string, name: string, content: string | Uint8Array): Promise<void> {
  await testEnv.STATEMENTS.put(`inbox/${source}/${name}`, content);
}

/** Stores a source's profile through the admin API, as an operator would. */
export async function putProfile(source: string, profile: object): Promise<void> {
  const response = await admin(`/admin/profiles/${source}`, { method: "PUT", body: JSON.stringify(profile), headers: { "content-type": "application/json" } });
  if (!response.ok) throw new Error(`PUT profile ${source}: ${response.status} ${await response.text()}`);
}

export async function ingest(now?: () => number): Promise<RunSummary> {
  return runIngestion(testEnv.STATEMENTS, { budgetMs: 60_000, now });
}

/** A clock that moves forward by `stepMs` on every reading, for deterministic cursors. */
export function steppingClock(startMs: number, stepMs = 1): () => number {
  let t = startMs;
  return () => (t += stepMs);
}

/** Empties the bucket: tests in one file share storage, and these need a store of their own. */
export async function resetBucket(): Promise<void> {
  for (;;) {
    const page = await testEnv.STATEMENTS.list({ limit: 1000 });
    if (page.objects.length === 0) return;
    await testEnv.STATEMENTS.delete(page.objects.map((o) => o.key));
  }
}
