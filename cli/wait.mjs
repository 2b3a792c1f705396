// @ts-check
// `--wait`: run ingestion until the uploaded files are settled, then say what became of each.
import { setTimeout as sleep } from "node:timers/promises";

export const DEFAULT_WAIT_SECONDS = 600;
export const WAIT_FLAGS = /** @type {const} */ ({ wait: { type: "boolean" }, timeout: { type: "string" } });
/** How long to wait while another run (the cron's) holds the ingestion lease. */
const POLL_MS = 5_000;
const UNSETTLED = new Set(["pending", "ingesting"]);

/**
 * Calls POST /admin/ingest and reads GET /admin/files until none of `keys` is pending or being
 * ingested. The file list, not the run's summary, is the judge: the cron may have ingested a
 * file before our run, and only the list tells duplicates and counts.
 * @param {import("./admin-api.mjs").AdminApi} api
 * @param {string[]} uploadedKeys
 * @param {number} timeoutMs
 * @returns {Promise<boolean>} whether every file was ingested or is a duplicate
 */
export async function awaitIngestion(api, uploadedKeys, timeoutMs) {
  // Two local files of the same name went to the same key: report it once.
  const keys = [...new Set(uploadedKeys)];
  const deadline = Date.now() + timeoutMs;
  console.error(`waiting for ingestion of ${keys.length} file${keys.length === 1 ? "" : "s"}...`);
  for (;;) {
    const run = await api.ingest();
    const records = new Map((await api.listFiles()).map((record) => [record.key, record]));
    const open = keys.some((key) => UNSETTLED.has(records.get(key)?.state ?? ""));
    if (!open || Date.now() >= deadline) {
      const lines = keys.map((key) => describe(key, records.get(key), timeoutMs));
      for (const { line } of lines) console.log(line);
      return lines.every(({ ok }) => ok);
    }
    // "partial": the run spent its time budget with work left, so go on at once; "busy":
    // another run holds the lease, and "completed" before our file: give it a moment.
    if (run.status !== "partial") await sleep(POLL_MS);
  }
}

/**
 * @param {string} key
 * @param {import("./admin-api.mjs").FileRecord | undefined} record
 * @param {number} timeoutMs
 * @returns {{ line: string, ok: boolean }}
 */
function describe(key, record, timeoutMs) {
  if (!record) return { line: `${key}: no longer listed by GET /admin/files (deleted meanwhile?)`, ok: false };
  switch (record.state) {
    case "ingested": {
      const c = record.counts;
      const counts = c ? `: ${c.entries} entries, ${c.published} new, ${c.changed} changed, ${c.alreadyKnown} already known` : "";
      return { line: `${key}: ingested${counts}`, ok: true };
    }
    case "duplicate":
      return { line: `${key}: duplicate of ${record.duplicateOf ?? "another file"}`, ok: true };
    case "held": {
      // A new source (a mistyped --source, say) or one whose profile asks for review: nothing of it is published.
      const path = `/admin/files/${key.slice("inbox/".length).split("/").map(encodeURIComponent).join("/")}`;
      return { line: `${key}: held for review, nothing published: see what it would do with GET ${path}/preview, then POST ${path}/approve or ${path}/reject`, ok: false };
    }
    case "rejected":
      return { line: `${key}: rejected at review: ${record.rejection?.reason ?? "no reason given"}`, ok: false };
    case "failed": {
      const where = record.error?.line === undefined ? "" : ` at line ${record.error.line}`;
      return { line: `${key}: failed${where}: ${record.error?.reason ?? "no reason given"}`, ok: false };
    }
    default:
      return { line: `${key}: still ${record.state} after ${timeoutMs / 1000} s; see GET /admin/files later`, ok: false };
  }
}
