import type { FileRecord } from "../model/file-record";
import { z } from "zod";
import { type Bucket, listAll, parseDocument } from "../store/bucket";
import { approvalKey, CONFIG_PREFIX, profileKey, retractionKey, retryKey } from "../store/layout";
import type { InboxFile } from "./inbox";

/** When each profile, each retry request and each approval was last written, by key. */
export async function configTimes(bucket: Bucket): Promise<Map<string, string>> {
  const times = new Map<string, string>();
  for await (const object of listAll(bucket, CONFIG_PREFIX)) times.set(object.key, object.uploaded.toISOString());
  return times;
}

/**
 * A file is read (again) when it is new, was replaced (another etag), failed and has been
 * given a reason to succeed since (its source's profile was changed, or a retry was asked for),
 * was held for review and has been approved since, is published and has been asked to be taken
 * back since, or was taken back and the same bytes have been uploaded again since.
 */
export function isPending(record: FileRecord | undefined, file: InboxFile, times: Map<string, string>): boolean {
  if (!record || record.etag !== file.etag) return true;
  const since = (key: string) => (times.get(key) ?? "") > (record.at ?? "");
  if (record.state === "held") return since(approvalKey(file.key));
  if (record.state === "ingested") return since(retractionKey(file.key));
  if (record.state === "retracted") return file.uploaded > (record.at ?? "");
  if (record.state !== "failed") return false;
  return since(profileKey(file.source)) || since(retryKey(file.key));
}

/** A request to take a published file back, stored until the run that does it. */
const RetractionSchema = z.object({ reason: z.string(), etag: z.string() });
export type Retraction = z.infer<typeof RetractionSchema>;

/**
 * The retraction asked for a published file, if one is asked for its bytes and not done yet: the
 * file is taken back by reading it again (its entries give the ids it stated), so the bytes in the
 * inbox must be the ones that were published.
 */
export async function pendingRetraction(bucket: Bucket, file: InboxFile, record: FileRecord | undefined): Promise<Retraction | undefined> {
  if (record?.state !== "ingested" || record.etag !== file.etag) return undefined;
  const key = retractionKey(file.key);
  const object = await bucket.get(key);
  if (!object || object.uploaded.toISOString() <= (record.at ?? "")) return undefined;
  const retraction = parseDocument(key, await object.text(), RetractionSchema);
  return retraction.etag === file.etag ? retraction : undefined;
}
