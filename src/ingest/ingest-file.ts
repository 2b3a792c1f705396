import type { EntryObserver } from "../map/facts";
import { FileMapper, type MappingState } from "../map/file-mapper";
import type { FileRecord } from "../model/file-record";
import type { Profile } from "../model/profile";
import { FileError } from "../model/statement";
import type { Bucket } from "../store/bucket";
import type { Publication } from "../store/publication";
import type { InboxFile } from "./inbox";
import { FileReading, type ReadingState } from "./read-file";

export type FileOutcome =
  | {
      record: FileRecord;
      /** False when nothing of the file may be published: it failed, or its bytes were already ingested. */
      publish: boolean;
    }
  | { suspended: FileProgress };

/** How much one ingestion step may do before it saves its state for the next run. */
export interface StepBudget {
  now: () => number;
  deadline: number;
  /** Stop after this many events (rows, entries, balances) even with time left. */
  maxEvents?: number | undefined;
}

/** A file's ingestion saved between steps: where its reading stands, and what its mapping gathered. */
export interface FileProgress {
  reading: ReadingState;
  mapping: MappingState;
}

/**
 * One step of a file's ingestion: reads its records (read-file.ts), maps their events to effects
 * (map/) that the publication applies, and says what became of the file. A file that does not fit
 * the step's budget is suspended at a record boundary: the caller saves the returned progress and a
 * later step goes on from there. Undefined: the file is gone (or was replaced) since it was listed.
 */
export async function ingestFile(
  bucket: Bucket,
  publication: Publication,
  file: InboxFile,
  profile: Profile | undefined,
  budget: StepBudget,
  observer: EntryObserver | undefined,
  resume?: FileProgress,
): Promise<FileOutcome | undefined> {
  const base: FileRecord = { ...file, state: "failed", at: new Date(budget.now()).toISOString() };
  let reading: FileReading | undefined;
  const mapper = new FileMapper({ key: file.key, source: file.source, profile }, publication, publication, observer, resume?.mapping);
  try {
    reading = await FileReading.open(bucket, file, profile, resume?.reading);
    if (!reading) return undefined;
    let events = 0;
    for await (const record of reading.records()) {
      for (const event of record) await mapper.map(event);
      events += record.length;
      if (!spent(budget, events)) continue;
      const state = reading.state();
      if (state) return { suspended: { reading: state, mapping: mapper.snapshot() } };
    }
    const sha256 = await reading.sha256();
    if (sha256 === undefined) return undefined;
    // Same bytes, same source: the same statement again. In another source the same bytes can
    // mean another account (a CSV's account is its folder, a profile may name it), so they count.
    const twin = Object.values(publication.files).find(
      (f) => f.sha256 === sha256 && f.source === file.source && f.key !== file.key && f.state === "ingested",
    );
    if (twin) return { record: { ...base, state: "duplicate", sha256, format: reading.format, duplicateOf: twin.key }, publish: false };
    await mapper.finish();
    const previous = publication.files[file.key];
    const disappeared = previous?.idsKey ? await publication.disappearedIds(previous.idsKey) : undefined;
    const idsKey = await publication.closeFileIds(previous?.idsKey);
    const { counts, mismatches } = mapper;
    return { record: { ...base, state: "ingested", sha256, format: reading.format, counts, mismatches, idsKey, disappeared }, publish: true };
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    return { record: { ...base, format: reading?.format ?? resume?.reading.format, error: { line: error.line, reason: error.reason } }, publish: false };
  }
}

/** Whether a step has used its time or its number of events. */
function spent(budget: StepBudget, stepEvents: number): boolean {
  return budget.now() > budget.deadline || (budget.maxEvents !== undefined && stepEvents >= budget.maxEvents);
}
