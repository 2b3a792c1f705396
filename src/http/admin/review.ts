import type { Env } from "../../env";
import { approveFile, jobOptions } from "../../ingestion";
import type { FileRefusal } from "../../ingest/file-action";
import { rejectHeld } from "../../ingest/review";
import { type AdminFile, type ApprovedFile, RejectRequestSchema } from "../../model/admin";
import type { FileCounts } from "../../model/file-record";
import { describeIssues } from "../../model/zod-issues";
import type { Settings } from "../../settings";
import { badRequest, HttpError, notFound, runInProgress } from "../errors";
import { readJsonBody } from "../json-body";
import { inboxKey } from "./names";

/** A reason is a sentence or a paragraph; the body holding it, a little more. */
const MAX_REJECT_BYTES = 8 * 1024;

/**
 * POST /admin/files/<source>/<name>/approve: publishes a held file now, in an ingestion run for
 * it alone, and says whether what it published differs from what it held when it was read (the
 * store moved on since: another file published some of its entries first, its profile changed).
 */
export async function approve(env: Env, settings: Settings, rawSource: string, rawName: string): Promise<Response> {
  const key = inboxKey(rawSource, rawName);
  const approval = await approveFile(env.STATEMENTS, key, jobOptions(settings, env));
  if (approval.outcome === "busy") throw runInProgress(key, "approved");
  if (approval.outcome === "refused") throw notReviewable(key, approval.why, "approved");
  if (approval.outcome === "stopped") {
    const outcome = approval.approved ? `${key} is approved, but the ingestion run stopped` : `${key} could not be approved: the ingestion run stopped`;
    const next = approval.approved ? "The next run publishes it" : "Nothing was approved; try again later";
    throw new HttpError(503, "Service Unavailable", `${outcome}: ${approval.reason}. ${next} (GET /admin/runs lists the run).`);
  }
  const { held, record, unfinished } = approval;
  const heldCounts = { at: held.at, counts: held.counts };
  if (unfinished) {
    // A large file goes on in the runs that follow (or, the run out of time, the next run reads it): its outcome is not known yet.
    const { source, name, size, etag, uploaded } = held;
    const { progress } = unfinished;
    const file: AdminFile = { key, source, name, size, etag, uploaded, state: progress === undefined ? "pending" : "ingesting", progress, inInbox: true };
    return Response.json({ file, held: heldCounts, changes: [] } satisfies ApprovedFile);
  }
  const changes = record.counts && held.counts ? countChanges(held.counts, record.counts) : [];
  const answer: ApprovedFile = {
    file: { ...record, inInbox: true },
    changedSinceReview: record.state !== "ingested" || changes.length > 0,
    held: heldCounts,
    changes,
  };
  return Response.json(answer);
}

/** POST /admin/files/<source>/<name>/reject with {"reason": "..."}: refuses a held file; nothing of it is published. */
export async function reject(request: Request, env: Env, rawSource: string, rawName: string): Promise<Response> {
  const key = inboxKey(rawSource, rawName);
  const body = await readJsonBody(request, MAX_REJECT_BYTES, 'a JSON object {"reason": "..."}');
  const parsed = RejectRequestSchema.safeParse(body);
  if (!parsed.success) throw badRequest(`Say why the file is rejected, as {"reason": "..."}: ${describeIssues(parsed.error)}`);
  const rejection = await rejectHeld(env.STATEMENTS, key, parsed.data.reason);
  if (rejection.outcome === "busy") throw runInProgress(key, "rejected");
  if (rejection.outcome === "refused") throw notReviewable(key, rejection.why, "rejected");
  const file: AdminFile = { ...rejection.record, inInbox: true };
  return Response.json(file);
}

function notReviewable(key: string, why: FileRefusal, done: string): HttpError {
  if ("missing" in why) return notFound(`No file ${key} is in the inbox.`);
  const state = why.detail ? `${why.state}: ${why.detail}` : why.state;
  return new HttpError(409, "Conflict", `${key} is not held for review (it is ${state}): only a held file can be ${done}.`);
}

/** The counts that differ between what a file held and what it published. */
function countChanges(held: FileCounts, published: FileCounts): ApprovedFile["changes"] {
  const names = Object.keys(held) as (keyof FileCounts)[];
  return names.filter((name) => held[name] !== published[name]).map((name) => ({ count: name, held: held[name], published: published[name] }));
}
