import type { RunSummary } from "../model/admin";
import type { FileRecord } from "../model/file-record";
import type { Profile, SourceMode } from "../model/profile";
import type { EntryObserver } from "../map/facts";
import type { PaymentLedger } from "../model/payment";
import { type Bucket, StoredDocumentError, writeId } from "../store/bucket";
import { CommitConflict, type LoadedManifest, loadManifest, withCommitRetries } from "../store/manifest";
import { readDocument } from "../store/documents";
import { Publication } from "../store/publication";
import { type Checkpoint as StoredCheckpoint, clearCheckpoint, loadCheckpoint, saveCheckpoint } from "../store/checkpoint";
import { listInbox, type InboxFile } from "./inbox";
import { type FileOutcome, type FileProgress, ingestFile, type StepBudget } from "./ingest-file";
import { countCalls, type R2Calls } from "../store/counted-bucket";
import { acquireLease, releaseLease } from "../store/lease";
import { recordRun } from "../store/run-history";
import { configTimes, isPending, pendingRetraction } from "./pending";
import { loadProfile } from "../store/profiles";
import { sourceMode } from "./source-mode";

export interface RunOptions {
  /** The run stops after this many milliseconds: a file in progress is saved and continues next run. */
  budgetMs: number;
  /** Also stop a file after this many events (to bound a step by rows rather than time). */
  maxEventsPerStep?: number | undefined;
  /** The run makes at most this many R2 calls (MAX_R2_CALLS_PER_RUN), counted through `r2Calls` when the invocation shares one count among runs. */
  maxR2Calls?: number | undefined;
  r2Calls?: R2Calls | undefined;
  now?: () => number;
  /** How files of a new source (no profile, nothing published) are taken: NEW_SOURCES. Unset: auto, as before review existed. */
  newSources?: SourceMode | undefined;
  /** A run for this file alone (an approval), the others left to the next run. */
  only?: OneFile | undefined;
  /**
   * A run for this source's files (one of them just arrived), the others left to the next run; a
   * file another run left half read is still read first, so that arrivals elsewhere never starve it.
   */
  source?: string | undefined;
}

/** The one file a run is for. */
export interface OneFile {
  key: string;
  /** Runs under the run's lease before anything is read: whether the run goes on (the file may no longer be what was asked for). */
  admit(bucket: Bucket): Promise<boolean>;
}

/** How payments initiated through this service take part in a run (see ingestion.ts). */
export interface PaymentHooks {
  /** Before the files are read, so an order placed before the run can be matched by what they hold. */
  beforeFiles(bucket: Bucket, now: () => number): Promise<void>;
  /** The observer of a publication's entries and reports, over the ledger it holds. */
  observer(ledger: PaymentLedger): EntryObserver;
}

/** A large file's ingestion saved between runs, with its progress. */
export type Checkpoint = StoredCheckpoint<FileProgress>;

const LEASE_TTL_MS = 15 * 60_000;

/** R2 calls a file takes before its first record: profile, manifest, state documents, the file, a shard or two. */
const CALLS_TO_START_FILE = 24;

/**
 * The ingestion job, run by the cron trigger and by POST /admin/ingest alike. It never throws:
 * a file's own trouble fails that file alone (see ingestOrFail), and a run the store stops
 * (a manifest it cannot read, a record it cannot write) is returned, logged and recorded, as
 * best it can be, as "failed" with its reason, every file it had not finished left as it was.
 */
export async function runJob(store: Bucket, options: RunOptions, payments?: PaymentHooks): Promise<RunSummary> {
  const calls = options.r2Calls ?? countCalls(store);
  // A count shared by the invocation's runs counts below the bucket a run is given (a tenant's folder).
  const bucket = options.r2Calls ? store : calls.bucket;
  const now = options.now ?? Date.now;
  const started = now();
  const summary: RunSummary = { status: "completed", startedAt: new Date(started).toISOString(), durationMs: 0, files: [], remaining: 0 };
  const holder = writeId();
  const failures: unknown[] = [];
  try {
    if (!(await acquireLease(bucket, holder, started, LEASE_TTL_MS))) return { ...summary, status: "busy" };
    await ingestPending(bucket, options, payments, now, started, summary, calls).catch((error: unknown) => failures.push(error));
    // Whatever the run met: a failed run must not hold off the next one for the lease's 15 minutes.
    await releaseLease(bucket, holder);
  } catch (error) {
    failures.push(error);
  }
  if (failures.length > 0) {
    logError("ingestion-run-failed", failures[0]);
    summary.status = "failed";
    summary.reason = `${describeError(failures[0])}; the files it had not finished keep their state for the next run`;
  }
  summary.durationMs = now() - started;
  summary.r2Calls = calls.made();
  console.log(JSON.stringify({ event: "ingestion-run", ...summary }));
  // Best effort: the store that stopped the run may refuse this write too; the line above has the run.
  await recordRun(bucket, summary).catch((error: unknown) => logError("ingestion-run-not-recorded", error));
  return summary;
}

async function ingestPending(
  bucket: Bucket,
  options: RunOptions,
  payments: PaymentHooks | undefined,
  now: () => number,
  started: number,
  summary: RunSummary,
  calls: R2Calls,
): Promise<void> {
  const r2 = options.maxR2Calls === undefined ? undefined : { made: calls.made, max: options.maxR2Calls };
  const budget: StepBudget = { now, deadline: started + options.budgetMs, maxEvents: options.maxEventsPerStep, r2 };
  const { only, newSources = "auto" } = options;
  if (only && !(await only.admit(bucket))) return;
  await payments?.beforeFiles(bucket, now);
  const { files: pending, checkpoint } = await pendingWork(bucket, only?.key, options.source);
  for (const [i, file] of pending.entries()) {
    if (now() > budget.deadline || (r2 && r2.made() + CALLS_TO_START_FILE >= r2.max)) {
      summary.status = "partial";
      summary.remaining = pending.length - i;
      return;
    }
    const resume = checkpoint?.file.key === file.key ? checkpoint : undefined;
    const result = await ingestOrFail(bucket, file, budget, payments, resume, newSources);
    if (!result) continue;
    if ("suspended" in result) {
      summary.files.push({ key: file.key, state: "ingesting", progress: result.suspended });
      summary.status = "partial";
      summary.remaining = pending.length - i;
      return;
    }
    const { counts } = result;
    summary.files.push({ key: result.key, state: result.state, published: counts?.published, changed: counts?.changed, error: result.error });
  }
}

/**
 * Files to read (see isPending), those of `source` alone when given, and first the one a previous
 * run left in progress, whatever its source; or the one file `only` names, whatever its state. A
 * checkpoint whose file changed is dropped.
 */
export async function pendingWork(bucket: Bucket, only?: string, source?: string): Promise<{ files: InboxFile[]; checkpoint: Checkpoint | undefined }> {
  const [inbox, { manifest }, saved, times] = await Promise.all([
    listInbox(bucket), loadManifest(bucket), loadCheckpoint<FileProgress>(bucket), configTimes(bucket),
  ]);
  const files = await readDocument(bucket, manifest, "files");
  const wanted = (file: InboxFile) => source === undefined || file.source === source || file.key === saved?.file.key;
  const pending = inbox.filter((file) => (only === undefined ? wanted(file) && isPending(files[file.key], file, times) : file.key === only));
  const current = saved && pending.find((f) => f.key === saved.file.key && f.etag === saved.file.etag);
  if (!current) {
    // The file in progress was replaced or deleted since: its staged objects are never published.
    // A run for one file leaves another's progress to the runs that read it.
    if (saved && (only === undefined || saved.file.key === only)) await clearCheckpoint(bucket);
    return { files: pending, checkpoint: undefined };
  }
  return { files: [current, ...pending.filter((f) => f !== current)], checkpoint: saved };
}

type Result = FileRecord | { suspended: number } | undefined;

/**
 * Attempts at a file whose reading ends in an error other than its FileError (a bug its content
 * reaches, a write the store refuses). The second tells the two apart: after a passing store
 * fault it ingests the file as if nothing happened; trouble of the file's own comes back.
 */
const FILE_ATTEMPTS = 2;

/**
 * Ingests one file; if every attempt fails, records it as failed with the reason and goes on.
 * Recording that is the store's last chance: if the commit fails too, the store is what fails,
 * and the run stops (the error propagates) with the file's state as it was. A commit conflict
 * is never the file's fault: it stops the run as well.
 */
async function ingestOrFail(
  bucket: Bucket, file: InboxFile, budget: StepBudget, payments: PaymentHooks | undefined, resume: Checkpoint | undefined, newSources: SourceMode,
): Promise<Result> {
  let failure: unknown;
  for (let attempt = 1; attempt <= FILE_ATTEMPTS; attempt++) {
    try {
      // From the same checkpoint each time (starting over would meet the same trouble a step later,
      // every run), and from a copy of it: a reading changes the state it resumes from.
      return await ingestWithRetry(bucket, file, budget, payments, resume && structuredClone(resume), newSources);
    } catch (error) {
      if (error instanceof CommitConflict) throw error;
      logError("ingestion-file-error", error, { key: file.key, attempt });
      failure = error;
    }
  }
  const record = await recordFailure(bucket, file, `the file could not be ingested (${describeError(failure)}); nothing of it was published`, budget.now);
  // Work saved for a file that failed is dropped: a retry of the file starts it afresh.
  if (resume) await clearCheckpoint(bucket);
  return record;
}

function ingestWithRetry(
  bucket: Bucket, file: InboxFile, budget: StepBudget, payments: PaymentHooks | undefined, resume: Checkpoint | undefined, newSources: SourceMode,
): Promise<Result> {
  // After a conflict, what was staged builds on a stale manifest: the file starts over.
  return withCommitRetries((attempt) => ingestOnce(bucket, file, budget, payments, attempt === 1 ? resume : undefined, newSources));
}

async function ingestOnce(
  bucket: Bucket, file: InboxFile, budget: StepBudget, payments: PaymentHooks | undefined, saved: Checkpoint | undefined, newSources: SourceMode,
): Promise<Result> {
  const profileResult = await loadProfileSafely(bucket, file.source);
  const base = await loadManifest(bucket);
  const resume = saved && saved.baseEtag === base.etag ? saved : undefined;
  const publication = resume ? await Publication.resume(bucket, base, resume.publication) : await Publication.open(bucket, base, writeId());
  let outcome: FileOutcome | undefined;
  if ("error" in profileResult) {
    outcome = { record: failedRecord(file, budget.now(), profileResult.error), publish: false };
  } else {
    const { profile } = profileResult;
    // A retraction goes on in the steps that follow (its progress says so); one asked for starts now.
    const retraction = resume ? undefined : await pendingRetraction(bucket, file, publication.files[file.key]);
    const hold = !retraction && !resume?.reader.retraction && (await sourceMode(bucket, file, profile, publication.files, newSources)) === "review";
    outcome = await ingestFile(bucket, publication, file, profile, budget, payments?.observer(publication.payments), resume?.reader, hold, retraction);
  }
  if (!outcome) return undefined;
  if ("suspended" in outcome) {
    const step = (resume?.step ?? 0) + 1;
    await saveCheckpoint(bucket, { file, baseEtag: base.etag, step, reader: outcome.suspended, publication: await publication.snapshot(step) });
    return { suspended: outcome.suspended.reading.events };
  }
  const record = withBoundedReason(outcome.record);
  if (outcome.publish) {
    publication.files[file.key] = record;
    await publication.commit(budget.now());
  } else {
    // A failed, duplicate or held file publishes nothing but its record: from the clean base, with
    // what its mapping staged as garbage.
    await commitRecord(bucket, base, record, budget.now(), await publication.staged());
  }
  if (saved) await clearCheckpoint(bucket);
  return record;
}

/**
 * Records a file as failed with the reason, on the latest manifest: the one way a file is failed
 * for trouble that is not a FileError of its content (see ingestOrFail, and the inbox queue's giveUp).
 */
export async function recordFailure(bucket: Bucket, file: InboxFile, reason: string, now: () => number): Promise<FileRecord> {
  const record = withBoundedReason(failedRecord(file, now(), reason));
  await withCommitRetries(async () => commitRecord(bucket, await loadManifest(bucket), record, now()));
  return record;
}

async function commitRecord(bucket: Bucket, base: LoadedManifest, record: FileRecord, nowMs: number, staged: string[] = []): Promise<void> {
  const publication = await Publication.open(bucket, base, writeId());
  publication.collect(staged);
  // A version that publishes nothing (failed, a duplicate, held) leaves the last published one's
  // ids served: its record keeps their list, which the next version's `disappeared` is told from.
  const served = publication.files[record.key]?.idsKey;
  publication.files[record.key] = served && !record.idsKey ? { ...record, idsKey: served } : record;
  await publication.commit(nowMs);
}

/** A stored profile that no longer validates fails the file with the reason instead of stopping the run. */
export async function loadProfileSafely(bucket: Bucket, source: string): Promise<{ profile: Profile | undefined } | { error: string }> {
  try {
    return { profile: await loadProfile(bucket, source) };
  } catch (error) {
    if (!(error instanceof StoredDocumentError)) throw error;
    return { error: `the profile of source "${source}" is not valid (${error.problem}): replace it with PUT /admin/profiles/${source}` };
  }
}

function failedRecord(file: InboxFile, nowMs: number, reason: string): FileRecord {
  return { ...file, state: "failed", at: new Date(nowMs).toISOString(), error: { reason } };
}

/**
 * Longest reason kept in a file record. A reason may quote what the file holds, and the
 * records of every file are read by each run and each GET /admin/files: a file's text must not
 * grow them without bound.
 */
const MAX_REASON_LENGTH = 1_000;

function withBoundedReason(record: FileRecord): FileRecord {
  if (!record.error || record.error.reason.length <= MAX_REASON_LENGTH) return record;
  return { ...record, error: { ...record.error, reason: clip(record.error.reason, MAX_REASON_LENGTH) } };
}

/** An error's first line, bounded, for a person to read in a record or a run; the stack goes to the log. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split("\n", 1)[0]!.trim();
  return clip(line || (error instanceof Error ? error.name : "an unknown error"), 200);
}

function clip(text: string, max: number): string {
  // Never half a surrogate pair: the text is served as JSON. The ellipsis counts toward max.
  return text.length <= max ? text : `${text.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, "")}…`;
}

function logError(event: string, error: unknown, context: Record<string, unknown> = {}): void {
  console.error(JSON.stringify({ event, ...context, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
}
