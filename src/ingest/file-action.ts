import type { RunSummary } from "../model/admin";
import type { FileRecord } from "../model/file-record";
import type { Bucket } from "../store/bucket";
import { readDocument } from "../store/documents";
import { loadManifest } from "../store/manifest";
import type { OneFile } from "./job";

/** Why an action on a file is refused: it is not in the inbox, or not in the state the action needs (as GET /admin/files shows it). */
export type FileRefusal = { missing: true } | { state: FileRecord["state"]; detail?: string };

/** What `admit` decided: the request it recorded, or why there is none. */
export type Admission<T> = { admitted: T } | { refused: FileRefusal };

export type FileActionOutcome<T> =
  | { outcome: "busy" }
  | { outcome: "refused"; why: FileRefusal }
  /** The run stopped (the store): a request admitted and recorded stands, and the next run carries it out. */
  | { outcome: "stopped"; admitted: T | undefined; reason: string }
  /** `record` is the file's record now; `read`, what the run did with the file (none: it had no time left for it). */
  | { outcome: "done"; admitted: T; record: FileRecord | undefined; read: RunSummary["files"][number] | undefined };

/**
 * An action on one file (an approval, a retraction) carried out now, in an ingestion run for the
 * file alone (`run`, given the file): under the run's lease, `admit` checks the file is as the
 * action needs and records the request, so that this run, and any later one that finishes a
 * large file, carries it out. A run in progress makes it busy, with nothing recorded.
 */
export async function runFileAction<T>(
  bucket: Bucket,
  key: string,
  run: (only: OneFile) => Promise<RunSummary>,
  admit: (store: Bucket) => Promise<Admission<T>>,
): Promise<FileActionOutcome<T>> {
  let admission: Admission<T> | undefined;
  const summary = await run({
    key,
    admit: async (store) => {
      admission = await admit(store);
      return "admitted" in admission;
    },
  });
  if (summary.status === "busy") return { outcome: "busy" };
  if (admission && "refused" in admission) return { outcome: "refused", why: admission.refused };
  if (summary.status === "failed" || !admission) return { outcome: "stopped", admitted: admission?.admitted, reason: summary.reason ?? "the run stopped" };
  const { manifest } = await loadManifest(bucket);
  const record = (await readDocument(bucket, manifest, "files"))[key];
  return { outcome: "done", admitted: admission.admitted, record, read: summary.files.find((f) => f.key === key) };
}
