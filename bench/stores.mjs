// The stores the figures read: each one filled by the real ingestion job from one generated
// file, measured while it runs (the ingestion figures reuse these measurements), and filled
// once per bench run however many suites need it.
import { join } from "node:path";
import { addDays, dayCount } from "./gen/ledger.mjs";
import { generate } from "./gen.mjs";
import { callJson } from "./http.mjs";
import { progress } from "./report.mjs";
import { ROOT } from "./server.mjs";

const PER_DAY = 1000;
/**
 * Every CSV store ends on this day, so the incremental day (the next one) lands in a month
 * shard of the same size whatever the store's size: only the store's size differs.
 */
export const LAST_DAY = "2026-10-10";
export const SOURCE = "bench";

const PREFIXES = { csv: "CSV", camt053: "CAMT", mt940: "MT", bai2: "BAI" };
/** A store's name (an R2 binding of the bench worker): CSV10K, CAMT220K. */
export const storeName = (format, rows) => `${PREFIXES[format]}${rows >= 1e6 ? `${rows / 1e6}M` : `${rows / 1e3}K`}`;

const EXTENSIONS = { csv: "csv", camt053: "xml", mt940: "sta", bai2: "bai" };

/** Generates a statement file under bench-data/ that ends on `lastDay`; resolves with its path, size and key. */
export async function statementFile(format, rows, { seed = 7, lastDay = LAST_DAY } = {}) {
  const start = addDays(lastDay, 1 - dayCount(rows, PER_DAY));
  const name = `${format}-${rows}-${seed}-${start}.${EXTENSIONS[format]}`;
  const path = join(ROOT, "bench-data", name);
  const bytes = await generate(format, { rows, seed, perDay: PER_DAY, start, out: path });
  return { path, bytes, rows, format, key: `inbox/${SOURCE}/${name}` };
}

export async function upload(server, store, file) {
  await callJson(server.url, `/__bench/put?key=${encodeURIComponent(file.key)}`, { method: "PUT", store, file: file.path });
}

/**
 * Runs the ingestion job once in a fresh workerd process and measures it: the job's own
 * duration, the R2 calls it made, the process's resident memory before and at its peak, and
 * the V8 heap of its largest isolate (peak and live set, from --trace-gc: see GcTrace).
 */
export async function measuredIngestion(server, store, query = "") {
  await server.restart();
  const before = server.memory().rss;
  const { json: summary, r2 } = await callJson(server.url, `/__bench/ingest${query}`, { method: "POST", store });
  return { summary, r2, memory: { before, peak: server.memory().peak, heap: server.gc.largest() } };
}

/** One run of a side endpoint that reads `file` (papaparse, parse; `query` its other parameters), in a fresh workerd process, with its memory as measuredIngestion's. */
export async function measuredRead(server, store, endpoint, file, query = "") {
  await server.restart();
  const before = server.memory().rss;
  const { json } = await callJson(server.url, `/__bench/${endpoint}?key=${encodeURIComponent(file.key)}${query}`, { method: "POST", store });
  return { ...json, memory: { before, peak: server.memory().peak, heap: server.gc.largest() } };
}

/** Fills stores on demand, once each, keeping what was measured while filling them. */
export class Stores {
  #filled = new Map();

  constructor(server) {
    this.server = server;
  }

  /** The store holding one generated file of `rows` entries, filled by one ingestion run. */
  csv(rows) {
    return this.of("csv", rows);
  }

  has(format, rows) {
    return this.#filled.has(storeName(format, rows));
  }

  /** Resolves with { store, file, ingestion, papaparse }. */
  of(format, rows) {
    const store = storeName(format, rows);
    if (!this.#filled.has(store)) this.#filled.set(store, this.#fill(store, () => statementFile(format, rows)));
    return this.#filled.get(store);
  }

  async #fill(store, make) {
    const file = await make();
    progress(`${store}: ${file.key}, ${(file.bytes / 1e6).toFixed(0)} MB; uploading, parsing with papaparse, ingesting`);
    await upload(this.server, store, file);
    const papaparse = await measuredRead(this.server, store, "papaparse", file);
    const ingestion = await measuredIngestion(this.server, store);
    const [result] = ingestion.summary.files;
    if (result?.state !== "ingested") throw new Error(`${file.key} was not ingested: ${JSON.stringify(ingestion.summary)}`);
    progress(`${store}: ingested in ${(ingestion.summary.durationMs / 1000).toFixed(1)} s (papaparse ${(papaparse.ms / 1000).toFixed(1)} s)`);
    return { store, file, ingestion, papaparse };
  }
}
