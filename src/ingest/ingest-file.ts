import type { EntryObserver } from "../map/facts";
import { FileMapper, type MappingState } from "../map/file-mapper";
import { FileRetraction } from "../map/file-retraction";
import type { FileRecord } from "../model/file-record";
import type { Profile } from "../model/profile";
import { FileError } from "../model/statement";
import type { Bucket } from "../store/bucket";
import type { FileRegistry } from "../store/documents";
import type { Publication } from "../store/publication";
import type { InboxFile } from "./inbox";
import { FileReading, type ReadingState } from "./read-file";

export type FileOutcome =
  | {
      record: FileRecord;
      /** False when nothing of the file may be published: it failed, its bytes were already ingested, or it is held for review. */
      publish: boolean;
    }
  | { suspended: FileProgress };

/** How much one ingestion step may do before it saves its state for the next run. */
export interface StepBudget {
  now: () => number;
  deadline: number;
  /** Stop after this many events (rows, entries, balances) even with time left. */
  maxEvents?: number | undefined;
  /** The R2 calls the invocation made, and the most it may make. */
  r2?: { made(): number; max: number } | undefined;
}

/** R2 calls a run makes once a step has saved or committed its writes: checkpoint, lease, run record. */
const CALLS_AFTER_STEP = 8;

/** A file's ingestion saved between steps: where its reading stands, and what its mapping gathered. */
export interface FileProgress {
  reading: ReadingState;
  mapping: MappingState;
  /** Present when the file is being taken back rather than published. */
  retraction?: { reason: string } | undefined;
}

/**
 * One step of a file's ingestion: reads its records (read-file.ts), maps their events to effects
 * (map/) that the publication applies, and says what became of the file. A file that does not fit
 * the step's budget is suspended at a record boundary: the caller saves the returned progress and a
 * later step goes on from there. Undefined: the file is gone (or was replaced) since it was listed.
 * A file to `hold` (its source is in review mode) is read and mapped all the same, and comes out
 * `held` with what it would publish, for nothing of it to be. A file with a `retraction` (in
 * `resume`, or given) is read to be taken back (see FileRetraction) and comes out `retracted`.
 */
export async function ingestFile(
  bucket: Bucket,
  publication: Publication,
  file: InboxFile,
  profile: Profile | undefined,
  budget: StepBudget,
  observer: EntryObserver | undefined,
  resume?: FileProgress,
  hold = false,
  retracting?: { reason: string },
): Promise<FileOutcome | undefined> {
  const base: FileRecord = { ...file, state: "failed", at: new Date(budget.now()).toISOString() };
  let reading: FileReading | undefined;
  const retraction = resume?.retraction ?? retracting;
  const mapped = { key: file.key, source: file.source, profile };
  const mapper = retraction
    ? new FileRetraction(mapped, publication, publication, observer, retraction.reason, resume?.mapping)
    : new FileMapper(mapped, publication, publication, observer, resume?.mapping);
  try {
    reading = await FileReading.open(bucket, file, profile, resume?.reading);
    if (!reading) return undefined;
    let events = 0;
    for await (const batch of reading.batches()) {
      for (const record of batch) {
        // Most records start no write that must end first (see Writing): awaited, each would still cost a turn.
        const writing = mapper.mapRecord(record);
        if (writing) await writing;
        events += record.length;
        if (!spent(budget, events, publication)) continue;
        const state = reading.state();
        if (state) return { suspended: { reading: state, mapping: mapper.snapshot(), retraction } };
      }
    }
    const sha256 = await reading.sha256();
    if (sha256 === undefined) return undefined;
    if (retraction) return await retracted(publication, file, mapper, budget.now(), retraction.reason);
    const twin = twinOf(publication.files, file, sha256);
    if (twin) return { record: { ...base, state: "duplicate", sha256, format: reading.format, duplicateOf: twin.key }, publish: false };
    await mapper.finish();
    const previous = publication.files[file.key];
    const disappeared = previous?.idsKey ? await publication.disappearedIds(previous.idsKey) : undefined;
    const { counts, mismatches } = mapper;
    const read = { ...base, sha256, format: reading.format, counts, mismatches, disappeared };
    // Held, it publishes nothing: its record keeps the id list of the version still served (see commitRecord in job.ts).
    if (hold) return { record: { ...read, state: "held" }, publish: false };
    const idsKey = await publication.closeFileIds(previous?.idsKey);
    return { record: { ...read, state: "ingested", idsKey }, publish: true };
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    return { record: { ...base, format: reading?.format ?? resume?.reading.format, error: { line: error.line, reason: error.reason } }, publish: false };
  }
}

/** The record of a file taken back: its counts as published, what the retraction did, no id list (it states nothing now). */
async function retracted(publication: Publication, file: InboxFile, mapper: FileMapper, nowMs: number, reason: string): Promise<FileOutcome> {
  await mapper.finish();
  const previous = publication.files[file.key]!;
  await publication.dropFileIds(previous.idsKey);
  const { idsKey: _ids, disappeared: _disappeared, ...kept } = previous;
  const record: FileRecord = { ...kept, state: "retracted", at: new Date(nowMs).toISOString(), retraction: { reason, ...mapper.retracted } };
  return { record, publish: true };
}

/**
 * The file of the same source already ingested with the same bytes: the same statement again. In
 * another source the same bytes can mean another account (a CSV's account is its folder, a profile
 * may name it), so they count.
 */
export function twinOf(files: FileRegistry, file: InboxFile, sha256: string): FileRecord | undefined {
  return Object.values(files).find((f) => f.sha256 === sha256 && f.source === file.source && f.key !== file.key && f.state === "ingested");
}

/** Whether a step has used its time, its number of events, or the R2 calls left once what it holds is written. */
function spent(budget: StepBudget, stepEvents: number, publication: Publication): boolean {
  if (budget.now() > budget.deadline || (budget.maxEvents !== undefined && stepEvents >= budget.maxEvents)) return true;
  return budget.r2 !== undefined && budget.r2.made() + publication.pendingWrites() + CALLS_AFTER_STEP >= budget.r2.max;
}
