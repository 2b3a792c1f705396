import type { FileRecord } from "../model/file-record";
import type { Bucket } from "../store/bucket";
import { readDocument } from "../store/documents";
import { holdingLease } from "../store/lease";
import { loadManifest } from "../store/manifest";
import { inboxFile } from "./inbox";
import { recordFailure } from "./job";
import { configTimes, isPending } from "./pending";

export type GiveUp = { outcome: "failed"; record: FileRecord } | { outcome: "busy" } | { outcome: "not-pending" } | { outcome: "missing" };

/**
 * Fails a file that runs keep failing on, with the reason, so that it is no longer tried unseen:
 * GET /admin/files shows it failed, and POST /admin/retry has it read again once the cause is
 * fixed. It holds the ingestion lease, so that no run publishes the file meanwhile, and fails the
 * file only while it is pending: a file some run has read since keeps what that run made of it.
 */
export async function giveUp(bucket: Bucket, key: string, reason: string, now: () => number = Date.now): Promise<GiveUp> {
  return holdingLease(bucket, now(), async (): Promise<GiveUp> => {
    const [file, { manifest }, times] = await Promise.all([inboxFile(bucket, key), loadManifest(bucket), configTimes(bucket)]);
    if (!file) return { outcome: "missing" };
    if (!isPending((await readDocument(bucket, manifest, "files"))[key], file, times)) return { outcome: "not-pending" };
    return { outcome: "failed", record: await recordFailure(bucket, file, reason, now) };
  }, () => ({ outcome: "busy" }));
}
