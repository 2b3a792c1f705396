import { ZodError } from "zod";
import type { RunSummary } from "../model/admin";
import type { FileRecord } from "../model/file-record";
import type { Profile } from "../model/profile";
import { describeIssues } from "../model/zod-issues";
import { type PaymentVars } from "../payments/config";
import { publishOrders } from "../payments/publish-orders";
import { type Bucket, writeId } from "../store/bucket";
import { loadManifest, withCommitRetries } from "../store/manifest";
import { Publication, readDocument } from "../store/publication";
import { type Checkpoint, clearCheckpoint, loadCheckpoint, saveCheckpoint } from "./checkpoint";
import { listInbox, type InboxFile } from "./inbox";
import { type FileOutcome, ingestFile, type StepBudget } from "./ingest-file";
import { acquireLease, releaseLease } from "./lease";
import { recordRun } from "./run-history";
import { configTimes, isPending } from "./pending";
import { loadProfile } from "./profiles";

export interface RunOptions {
  /** The run stops after this many milliseconds: a file in progress is saved and continues next run. */
  budgetMs: number;
  /** Also stop a file after this many events (to bound a step by rows rather than time). */
  maxEventsPerStep?: number | undefined;
  now?: () => number;
  /** The Worker's payment variables: new payment orders are published, and batched, before files are read; absent, payments are left alone. */
  payments?: PaymentVars | undefined;
}

const LEASE_TTL_MS = 15 * 60_000;

/** The ingestion job, run by the cron trigger and by POST /admin/ingest alike. */
export async function runIngestion(bucket: Bucket, options: RunOptions): Promise<RunSummary> {
  const now = options.now ?? Date.now;
  const started = now();
  const summary: RunSummary = { status: "completed", startedAt: new Date(started).toISOString(), durationMs: 0, files: [], remaining: 0 };
  const holder = writeId();
  if (!(await acquireLease(bucket, holder, started, LEASE_TTL_MS))) return { ...summary, status: "busy" };
  try {
    const budget: StepBudget = { now, deadline: started + options.budgetMs, maxEvents: options.maxEventsPerStep };
    // Before the statements, so an order placed before the run can be matched by what they hold.
    await publishOrders(bucket, options.payments, now);
    const { files: pending, checkpoint } = await pendingWork(bucket);
    for (const [i, file] of pending.entries()) {
      if (now() > budget.deadline) {
        summary.status = "partial";
        summary.remaining = pending.length - i;
        break;
      }
      const resume = checkpoint?.file.key === file.key ? checkpoint : undefined;
      const result = await ingestWithRetry(bucket, file, budget, resume);
      if (!result) continue;
      if ("suspended" in result) {
        summary.files.push({ key: file.key, state: "ingesting", progress: result.suspended });
        summary.status = "partial";
        summary.remaining = pending.length - i;
        break;
      }
      const { counts } = result;
      summary.files.push({ key: result.key, state: result.state, published: counts?.published, changed: counts?.changed, error: result.error });
    }
  } finally {
    await releaseLease(bucket, holder);
  }
  summary.durationMs = now() - started;
  console.log(JSON.stringify({ event: "ingestion-run", ...summary }));
  await recordRun(bucket, summary);
  return summary;
}

/**
 * Files to read (see isPending), the one a previous run left in progress first. A checkpoint
 * whose file changed is dropped.
 */
export async function pendingWork(bucket: Bucket): Promise<{ files: InboxFile[]; checkpoint: Checkpoint | undefined }> {
  const [inbox, { manifest }, saved, times] = await Promise.all([
    listInbox(bucket), loadManifest(bucket), loadCheckpoint(bucket), configTimes(bucket),
  ]);
  const files = await readDocument(bucket, manifest, "files");
  const pending = inbox.filter((file) => isPending(files[file.key], file, times));
  const current = saved && pending.find((f) => f.key === saved.file.key && f.etag === saved.file.etag);
  if (!current) {
    // The file in progress was replaced or deleted since: its staged objects are never published.
    if (saved) await clearCheckpoint(bucket);
    return { files: pending, checkpoint: undefined };
  }
  return { files: [current, ...pending.filter((f) => f !== current)], checkpoint: saved };
}

type Result = FileRecord | { suspended: number } | undefined;

function ingestWithRetry(bucket: Bucket, file: InboxFile, budget: StepBudget, resume: Checkpoint | undefined): Promise<Result> {
  // After a conflict, what was staged builds on a stale manifest: the file starts over.
  return withCommitRetries((attempt) => ingestOnce(bucket, file, budget, attempt === 1 ? resume : undefined));
}

async function ingestOnce(bucket: Bucket, file: InboxFile, budget: StepBudget, saved: Checkpoint | undefined): Promise<Result> {
  const profileResult = await loadProfileSafely(bucket, file.source);
  const base = await loadManifest(bucket);
  const resume = saved && saved.baseEtag === base.etag ? saved : undefined;
  let publication = resume ? await Publication.resume(bucket, base, resume.publication) : await Publication.open(bucket, base, writeId());
  const outcome: FileOutcome | undefined =
    "error" in profileResult
      ? { record: failedRecord(file, budget.now(), profileResult.error), publish: false }
      : await ingestFile(bucket, publication, file, profileResult.profile, budget, resume?.reader);
  if (!outcome) return undefined;
  if ("suspended" in outcome) {
    const step = (resume?.step ?? 0) + 1;
    await saveCheckpoint(bucket, { file, baseEtag: base.etag, step, reader: outcome.suspended, publication: await publication.snapshot(step) });
    return { suspended: outcome.suspended.events };
  }
  // A failed or duplicate file publishes nothing but its record: start again from the clean base.
  if (!outcome.publish) publication = await Publication.open(bucket, base, writeId());
  publication.files[file.key] = outcome.record;
  await publication.commit(budget.now());
  if (saved) await clearCheckpoint(bucket);
  return outcome.record;
}

/** A stored profile that no longer validates fails the file with the reason instead of stopping the run. */
async function loadProfileSafely(bucket: Bucket, source: string): Promise<{ profile: Profile | undefined } | { error: string }> {
  try {
    return { profile: await loadProfile(bucket, source) };
  } catch (error) {
    const detail = error instanceof ZodError ? describeIssues(error) : "it is not JSON";
    return { error: `the profile of source "${source}" is not valid (${detail}): replace it with PUT /admin/profiles/${source}` };
  }
}

function failedRecord(file: InboxFile, nowMs: number, reason: string): FileRecord {
  return { ...file, state: "failed", at: new Date(nowMs).toISOString(), error: { reason } };
}
