import type { FileRecord } from "../model/file-record";
import { type Bucket, writeId } from "../store/bucket";
import { readDocument } from "../store/documents";
import { acquireLease, releaseLease } from "../store/lease";
import { loadManifest } from "../store/manifest";
import { inboxFile } from "./inbox";
import { recordFailure } from "./job";
import { configTimes, isPending } from "./pending";

/** Long enough to record one file, short enough that one stopped midway holds ingestion off only briefly. */
const LEASE_MS = 60_000;

export type GiveUp = { outcome: "failed"; record: FileRecord } | { outcome: "busy" } | { outcome: "not-pending" } | { outcome: "missing" };

/**
 * Fails a file that runs keep failing on, with the reason, so that it is no longer tried unseen:
 * GET /admin/files shows it failed, and POST /admin/retry has it read again once the cause is
 * fixed. It holds the ingestion lease, so that no run publishes the file meanwhile, and fails the
 * file only while it is pending: a file some run has read since keeps what that run made of it.
 */
export async function giveUp(bucket: Bucket, key: string, reason: string, now: () => number = Date.now): Promise<GiveUp> {
  const holder = writeId();
  if (!(await acquireLease(bucket, holder, now(), LEASE_MS))) return { outcome: "busy" };
  try {
    const [file, { manifest }, times] = await Promise.all([inboxFile(bucket, key), loadManifest(bucket), configTimes(bucket)]);
    if (!file) return { outcome: "missing" };
    if (!isPending((await readDocument(bucket, manifest, "files"))[key], file, times)) return { outcome: "not-pending" };
    return { outcome: "failed", record: await recordFailure(bucket, file, reason, now) };
  } finally {
    await releaseLease(bucket, holder);
  }
}
