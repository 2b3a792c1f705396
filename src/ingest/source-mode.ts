import type { Profile, SourceMode } from "../model/profile";
import type { Bucket } from "../store/bucket";
import type { FileRegistry } from "../store/documents";
import { approvalKey } from "../store/layout";
import type { InboxFile } from "./inbox";

/**
 * How a source's files are taken. A profile says (auto unless it says review). A source without
 * one that has never had a file published is new, and takes `newSources` (NEW_SOURCES): a file
 * dropped under a mistyped source is held for a person to look at, not published to Formance
 * under an account nobody meant. A file approved at review is published whatever the mode.
 */
export async function sourceMode(bucket: Bucket, file: InboxFile, profile: Profile | undefined, files: FileRegistry, newSources: SourceMode): Promise<SourceMode> {
  const mode = profile ? (profile.mode ?? "auto") : newSources === "auto" || hasPublished(files, file.source) ? "auto" : "review";
  if (mode === "auto") return mode;
  return (await isApproved(bucket, file)) ? "auto" : "review";
}

/** Whether some file of the source was published: ingested (a version of it, at least), or retracted since. */
export function hasPublished(files: FileRegistry, source: string): boolean {
  return Object.values(files).some((f) => f.source === source && (f.state === "ingested" || f.state === "retracted" || f.idsKey !== undefined));
}

/** An approval names the bytes approved (their etag): a version uploaded after it is reviewed afresh. */
async function isApproved(bucket: Bucket, file: InboxFile): Promise<boolean> {
  const approval = await bucket.get(approvalKey(file.key));
  return approval !== null && (await approval.text()) === file.etag;
}
