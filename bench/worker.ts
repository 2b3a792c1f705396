// The bench's entry worker (never deployed): the real Worker from src/, with its R2 binding
// swapped per request for one of the bench's stores wrapped in a counter, plus side endpoints
// under /__bench/ that only the bench can reach (ingest, upload, baselines, parse alone).
import { pipeline, Readable } from "node:stream";
// The full build: the browser build has no stream mode.
import Papa from "papaparse/papaparse.js";
import { decodeText, streamBytes } from "../src/formats/decode";
import worker from "../src/index";
import type { Env } from "../src/env";
import { detectFormat, PARSERS } from "../src/ingest/detect";
import { runIngestion } from "../src/ingestion";
import { hash64 } from "../src/model/hash";
import { MemoryBucket } from "./memory-bucket";

/** The bench's stores, one R2 bucket each (bench/server.mjs binds them), picked by `x-bench-store`. */
type BenchEnv = Env & Record<string, R2Bucket | string | undefined>;

const COUNTED = ["get", "head", "list", "put", "delete"] as const;
type Counts = Record<(typeof COUNTED)[number] | "putBytes", number>;

/**
 * Size of a put's value when known up front; streams count 0. A string counts its length, not
 * its UTF-8 bytes: the stored JSON is nearly all ASCII, and encoding it again would slow the run.
 */
function sizeOf(value: unknown): number {
  if (typeof value === "string") return value.length;
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return value.byteLength;
  return 0;
}

/** The bucket with every call to the operations R2 bills counted (the page figures' "R2 reads"). */
function counting(bucket: R2Bucket): { bucket: R2Bucket; counts: Counts } {
  const counts = Object.fromEntries([...COUNTED, "putBytes"].map((op) => [op, 0])) as Counts;
  const wrapped = new Proxy(bucket, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if ((COUNTED as readonly PropertyKey[]).includes(prop)) counts[prop as keyof Counts]++;
        if (prop === "put") counts.putBytes += sizeOf(args[1]);
        return value.apply(target, args);
      };
    },
  });
  return { bucket: wrapped, counts };
}

function storeOf(request: Request, env: BenchEnv): R2Bucket {
  const name = request.headers.get("x-bench-store") ?? "STATEMENTS";
  const bucket = env[name];
  if (!bucket || typeof bucket === "string") throw new Error(`no store ${name}`);
  return bucket;
}

function withCounts(response: Response, counts: Counts): Response {
  const out = new Response(response.body, response);
  out.headers.set("x-bench-r2", JSON.stringify(counts));
  return out;
}

const number = (url: URL, name: string) => (url.searchParams.has(name) ? Number(url.searchParams.get(name)) : undefined);

/** The decoded text of the object named by `?key=`, as the ingestion job decodes it. */
async function textOf(bucket: R2Bucket, url: URL): Promise<AsyncGenerator<string>> {
  const object = await bucket.get(url.searchParams.get("key")!);
  if (!object) throw new Error(`no object ${url.searchParams.get("key")}`);
  return decodeText(streamBytes(object.body));
}

/**
 * A bucket in the isolate's memory holding a copy of the object named by `?key=` (see
 * MemoryBucket), made before any clock starts: what reads it costs no local R2 simulator.
 */
async function inMemory(bucket: R2Bucket, url: URL): Promise<R2Bucket> {
  const key = url.searchParams.get("key")!;
  const object = await bucket.get(key);
  if (!object) throw new Error(`no object ${key}`);
  const memory = MemoryBucket.create();
  await memory.put(key, await object.arrayBuffer());
  return memory;
}

/** papaparse's rows of the object named by `?key=` in `bucket`, counted, and the time they took. */
async function papaparseRun(bucket: R2Bucket, url: URL): Promise<{ rows: number; ms: number }> {
  const started = Date.now();
  let rows = 0;
  for await (const _ of papaparseRecords(await textOf(bucket, url))) rows++;
  return { rows, ms: Date.now() - started };
}

/** papaparse's stream mode over decoded text, as the bench's baseline has always read CSV. */
function papaparseRecords(text: AsyncIterable<string>): AsyncIterable<string[]> {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { delimiter: ",", newline: "\n", header: false });
  return pipeline(Readable.from(text), parser, () => {});
}

/** Side endpoints: each answers JSON, with the R2 calls it made. */
const BENCH: Record<string, (request: Request, bucket: R2Bucket, url: URL, env: BenchEnv, ctx: ExecutionContext) => Promise<unknown>> = {
  /** The real ingestion job, as the cron trigger runs it, with the bench's bounds. */
  async ingest(_request, bucket, url) {
    return runIngestion(bucket, { budgetMs: number(url, "budgetMs") ?? 3_600_000, maxEventsPerStep: number(url, "maxEvents") });
  },

  /**
   * One invocation of the Worker's scheduled handler, as the cron trigger makes it, with the
   * settings of wrangler.toml (INGEST_STEP_MS, MAX_R2_CALLS_PER_RUN): its R2 calls are the
   * invocation's subrequests to R2.
   */
  async cron(_request, bucket, _url, env, ctx) {
    const controller: ScheduledController = { scheduledTime: Date.now(), cron: "*/5 * * * *", noRetry() {} };
    await worker.scheduled!(controller, { ...env, STATEMENTS: bucket }, ctx);
    return {};
  },

  /** Stores the request body under `key` (files for the inbox, the baseline page). */
  async put(request, bucket, url) {
    const object = await bucket.put(url.searchParams.get("key")!, request.body);
    return { size: object?.size };
  },

  /**
   * The floor for ingestion: the same bytes from R2, decoded and split into records by
   * papaparse's stream mode (a widely used CSV parser), and nothing else.
   */
  async papaparse(_request, bucket, url) {
    return papaparseRun(bucket, url);
  },

  /**
   * The least any pipeline that keeps this service's promises must do per file and row, with
   * no mapping, no dedupe index and no balances: the file's SHA-256 (duplicate uploads), the
   * decode, papaparse, one JSON line and its 64-bit hash per row (change detection), and the
   * lines written to R2 in 100-row segments, 16 writes in flight, under a prefix nothing reads.
   * With `?entryEnd=` (CAMT.053's `</Ntry>`), only the records holding that text are entries and
   * get a line: the bench's CAMT.053 files write an entry on a line of its own.
   */
  async floor(_request, bucket, url) {
    const started = Date.now();
    const key = url.searchParams.get("key")!;
    const entryEnd = url.searchParams.get("entryEnd");
    const object = await bucket.get(key);
    if (!object) throw new Error(`no object ${key}`);
    const digest = new crypto.DigestStream("SHA-256");
    const [forHash, forText] = object.body.tee();
    const hashed = forHash.pipeTo(digest);
    const writes = new Set<Promise<unknown>>();
    let rows = 0;
    let segment: string[] = [];
    const flush = async () => {
      const write: Promise<unknown> = bucket.put(`floor/${key}/${rows}`, segment.join("\n")).then(() => writes.delete(write));
      writes.add(write);
      segment = [];
      if (writes.size >= 16) await Promise.race(writes);
    };
    for await (const record of papaparseRecords(decodeText(streamBytes(forText)))) {
      if (entryEnd !== null && !record.some((cell) => cell.includes(entryEnd))) continue;
      const line = JSON.stringify(record);
      segment.push(`${hash64(line)}|${line}`);
      if (++rows % 100 === 0) await flush();
    }
    if (segment.length > 0) await flush();
    await Promise.all([...writes, hashed]);
    await digest.digest;
    return { rows, ms: Date.now() - started };
  },

  /**
   * The same ingestion job over a copy of the file in the isolate's memory: its own cost, with no
   * local R2 simulator answering its calls.
   */
  async memory(_request, bucket, url) {
    const key = url.searchParams.get("key")!;
    const memory = await inMemory(bucket, url);
    const started = Date.now();
    const summary = await runIngestion(memory, { budgetMs: 3_600_000 });
    const file = summary.files.find((f) => f.key === key);
    if (file?.state !== "ingested") throw new Error(`the in-memory run did not publish ${key}: ${JSON.stringify(file)}`);
    return { rows: file.published, ms: Date.now() - started };
  },

  /** papaparse over a copy of the file in the isolate's memory: the job's in-memory run's baseline. */
  async memoryPapaparse(_request, bucket, url) {
    return papaparseRun(await inMemory(bucket, url), url);
  },

  /**
   * The pipeline's first two stages alone (decode, then the format's parser to statement
   * events), so the ingestion figures can say how much of their time map, dedupe and publish take.
   */
  async parse(_request, bucket, url) {
    const started = Date.now();
    const iterator = await textOf(bucket, url);
    const first = await iterator.next();
    const head = first.done ? "" : first.value;
    async function* all() {
      yield head;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    }
    let events = 0;
    for await (const _ of PARSERS[detectFormat(head.slice(0, 4096))](all(), { fileName: "bench", source: "bench" })) events++;
    return { events, ms: Date.now() - started };
  },
};

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const { bucket, counts } = counting(storeOf(request, env));
    const side = url.pathname.startsWith("/__bench/") ? BENCH[url.pathname.slice("/__bench/".length)] : undefined;
    // The page baseline: one R2 read of a pre-built page, returned as it is stored.
    if (url.pathname === "/__bench/baseline") {
      const object = await bucket.get(url.searchParams.get("key")!);
      return withCounts(new Response(object!.body, { headers: { "content-type": "application/json; charset=utf-8" } }), counts);
    }
    if (side) return withCounts(Response.json(await side(request, bucket, url, env, ctx)), counts);
    return withCounts(await worker.fetch!(request, { ...env, STATEMENTS: bucket }, ctx), counts);
  },
} satisfies ExportedHandler<BenchEnv>;
