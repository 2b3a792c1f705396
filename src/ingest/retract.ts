import type { RunSummary } from "../model/admin";
import type { FileRecord } from "../model/file-record";
import type { Bucket } from "../store/bucket";
import { readDocument } from "../store/documents";
import { retractionKey } from "../store/layout";
import { loadManifest } from "../store/manifest";
import { type FileRefusal, runFileAction } from "./file-action";
import type { OneFile } from "./job";
import type { Retraction } from "./pending";

export type RetractionOutcome =
  | { outcome: "busy" }
  | { outcome: "refused"; why: FileRefusal }
  | { outcome: "stopped"; reason: string }
  /** `record` is the file's record now; `progress` the events read so far when it continues in later runs. */
  | { outcome: "retracted"; record: FileRecord; progress?: number | undefined };

/**
 * Takes a published file back now, in a run for it alone (see runFileAction): the request,
 * recorded under the run's lease once the file is found published as its bytes are now, makes
 * the run, and any later one that finishes a large file, retract it.
 */
export async function retractPublished(bucket: Bucket, key: string, reason: string, run: (only: OneFile) => Promise<RunSummary>): Promise<RetractionOutcome> {
  const result = await runFileAction<FileRecord>(bucket, key, run, async (store) => {
    const [{ manifest }, object] = await Promise.all([loadManifest(store), store.head(key)]);
    const record = (await readDocument(store, manifest, "files"))[key];
    if (!object) return { refused: { missing: true } };
    if (record?.state !== "ingested") return { refused: { state: record?.state ?? "pending" } };
    if (record.etag !== object.etag) return { refused: { state: "pending", detail: "a new version was uploaded since it was published: it is read at the next run" } };
    await store.put(retractionKey(key), JSON.stringify({ reason, etag: object.etag } satisfies Retraction));
    return { admitted: record };
  });
  if (result.outcome === "stopped") return { outcome: "stopped", reason: result.reason };
  if (result.outcome !== "done") return result;
  const progress = result.read?.state === "ingesting" ? result.read.progress : undefined;
  return { outcome: "retracted", record: result.record!, progress };
}
