import type { FileRecord } from "../model/file-record";
import { type Bucket, listAll } from "../store/bucket";
import { CONFIG_PREFIX, profileKey, retryKey } from "../store/layout";
import type { InboxFile } from "./inbox";

/** When each profile and each retry request was last written, by key. */
export async function configTimes(bucket: Bucket): Promise<Map<string, string>> {
  const times = new Map<string, string>();
  for await (const object of listAll(bucket, CONFIG_PREFIX)) times.set(object.key, object.uploaded.toISOString());
  return times;
}

/**
 * A file is read (again) when it is new, was replaced (another etag), or failed and has been
 * given a reason to succeed since: its source's profile was changed, or a retry was asked for.
 */
export function isPending(record: FileRecord | undefined, file: InboxFile, times: Map<string, string>): boolean {
  if (!record || record.etag !== file.etag) return true;
  if (record.state !== "failed") return false;
  const failedAt = record.at ?? "";
  const since = (key: string) => (times.get(key) ?? "") > failedAt;
  return since(profileKey(file.source)) || since(retryKey(file.key));
}
