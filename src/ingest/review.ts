import type { RunSummary } from "../model/admin";
import type { FileRecord } from "../model/file-record";
import { type Bucket, writeId } from "../store/bucket";
import { readDocument } from "../store/documents";
import { approvalKey } from "../store/layout";
import { holdingLease } from "../store/lease";
import { loadManifest, withCommitRetries } from "../store/manifest";
import { Publication } from "../store/publication";
import { type FileRefusal, runFileAction } from "./file-action";
import type { OneFile } from "./job";
import { configTimes, isPending } from "./pending";

/** The held file of `key`, with the etag of its bytes, if that is what it is now. */
async function heldFile(bucket: Bucket, key: string): Promise<{ record: FileRecord; etag: string; approved: boolean } | FileRefusal> {
  const [{ manifest }, object, times] = await Promise.all([loadManifest(bucket), bucket.head(key), configTimes(bucket)]);
  if (!object) return { missing: true };
  const record = (await readDocument(bucket, manifest, "files"))[key];
  if (!record || record.etag !== object.etag) return { state: "pending", detail: record ? "a new version was uploaded since it was read" : "it has not been read yet" };
  if (record.state !== "held") return { state: record.state };
  return { record, etag: object.etag, approved: isPending(record, { ...record, etag: object.etag }, times) };
}

export type Approval =
  | { outcome: "busy" }
  | { outcome: "refused"; why: FileRefusal }
  /** The run stopped (the store): if the approval was recorded, it stands, and the next run reads the file. */
  | { outcome: "stopped"; approved: boolean; reason: string }
  /**
   * `record` is the file's record now: what the run made of it; or, when the run did not finish
   * it, `unfinished`: the events read so far (it goes on in the next runs), or none (the run had
   * no time left for it: the next run reads it).
   */
  | { outcome: "approved"; held: FileRecord; record: FileRecord; unfinished?: { progress?: number | undefined } | undefined };

/**
 * Approves a held file and ingests it now, in a run for it alone (see runFileAction): the
 * approval, recorded under the run's lease once the file is found still held, names the bytes,
 * so that the run, and any later one that finishes a large file, publishes them.
 */
export async function approveHeld(bucket: Bucket, key: string, run: (only: OneFile) => Promise<RunSummary>): Promise<Approval> {
  const result = await runFileAction<FileRecord>(bucket, key, run, async (store) => {
    const found = await heldFile(store, key);
    if (!("record" in found)) return { refused: found };
    await store.put(approvalKey(key), found.etag);
    return { admitted: found.record };
  });
  if (result.outcome === "stopped") return { outcome: "stopped", approved: result.admitted !== undefined, reason: result.reason };
  if (result.outcome !== "done") return result;
  const { admitted: held, record, read } = result;
  const unfinished = !read || read.state === "ingesting" ? { progress: read?.progress } : undefined;
  return { outcome: "approved", held, record: record ?? held, unfinished };
}

export type Rejection = { outcome: "busy" } | { outcome: "refused"; why: FileRefusal } | { outcome: "rejected"; record: FileRecord };

/**
 * Marks a held file rejected, with the reason: nothing of it is published, its record stays (so
 * it is listed) until the file is deleted or replaced by a new upload, which is read afresh. It
 * holds the ingestion lease, like a delete, so that no run approving the file publishes it
 * meanwhile; an approved file waiting for its run is no longer held.
 */
export async function rejectHeld(bucket: Bucket, key: string, reason: string, now: () => number = Date.now): Promise<Rejection> {
  return holdingLease(bucket, now(), async (): Promise<Rejection> => {
    const found = await heldFile(bucket, key);
    if (!("record" in found)) return { outcome: "refused", why: found };
    if (found.approved) return { outcome: "refused", why: { state: "pending", detail: "it was approved and waits for an ingestion run" } };
    const record: FileRecord = { ...found.record, state: "rejected", at: new Date(now()).toISOString(), rejection: { reason } };
    const committed = await withCommitRetries(async () => {
      const publication = await Publication.open(bucket, await loadManifest(bucket), writeId());
      // Only a run past its lease could have changed it since.
      const current = publication.files[key];
      if (current?.state !== "held" || current.etag !== found.etag) return false;
      publication.files[key] = record;
      await publication.commit(now());
      return true;
    });
    if (!committed) return { outcome: "refused", why: { state: "pending", detail: "it was read again while it was being rejected" } };
    return { outcome: "rejected", record };
  }, () => ({ outcome: "busy" }));
}
