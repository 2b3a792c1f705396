import type { RunSummary } from "../model/admin";
import type { FileRecord } from "../model/file-record";
import type { Bucket } from "../store/bucket";
import { readDocument } from "../store/documents";
import { retractionKey } from "../store/layout";
import { loadManifest } from "../store/manifest";
import type { OneFile } from "./job";
import type { Retraction } from "./pending";

/** Why a file cannot be retracted: it is not in the inbox, or not published as it is now. */
export type NotRetractable = { missing: true } | { state: FileRecord["state"]; detail?: string };

export type RetractionOutcome =
  | { outcome: "busy" }
  | { outcome: "refused"; why: NotRetractable }
  | { outcome: "stopped"; reason: string }
  /** `record` is the file's record now; `progress` the events read so far when it continues in later runs. */
  | { outcome: "retracted"; record: FileRecord; progress?: number | undefined };

/**
 * Takes a published file back now, in an ingestion run for it alone (`run`, given the file):
 * under the run's lease, it checks the file is published as its bytes are now and records the
 * request, so that the run, and any later one that finishes a large file, retracts it.
 */
export async function retractPublished(bucket: Bucket, key: string, reason: string, run: (only: OneFile) => Promise<RunSummary>): Promise<RetractionOutcome> {
  let refusal: NotRetractable | undefined;
  let admitted = false;
  const admit = async (store: Bucket) => {
    const [{ manifest }, object] = await Promise.all([loadManifest(store), store.head(key)]);
    const record = (await readDocument(store, manifest, "files"))[key];
    if (!object) refusal = { missing: true };
    else if (record?.state !== "ingested") refusal = { state: record?.state ?? "pending" };
    else if (record.etag !== object.etag) refusal = { state: "pending", detail: "a new version was uploaded since it was published: it is read at the next run" };
    if (refusal) return false;
    await store.put(retractionKey(key), JSON.stringify({ reason, etag: object!.etag } satisfies Retraction));
    admitted = true;
    return true;
  };
  const summary = await run({ key, admit });
  if (summary.status === "busy") return { outcome: "busy" };
  if (refusal) return { outcome: "refused", why: refusal };
  if (summary.status === "failed" || !admitted) return { outcome: "stopped", reason: summary.reason ?? "the run stopped" };
  const progress = summary.files.find((f) => f.key === key && f.state === "ingesting")?.progress;
  const { manifest } = await loadManifest(bucket);
  const record = (await readDocument(bucket, manifest, "files"))[key]!;
  return { outcome: "retracted", record, progress };
}
