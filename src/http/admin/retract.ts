import type { Env } from "../../env";
import { jobOptions, retractFile } from "../../ingestion";
import type { FileRefusal } from "../../ingest/file-action";
import { type AdminFile, RejectRequestSchema } from "../../model/admin";
import { describeIssues } from "../../model/zod-issues";
import type { Settings } from "../../settings";
import { badRequest, HttpError, notFound, runInProgress } from "../errors";
import { readJsonBody } from "../json-body";
import { inboxKey } from "./names";

/** A reason is a sentence or a paragraph; the body holding it, a little more. */
const MAX_RETRACT_BYTES = 8 * 1024;

/**
 * POST /admin/files/<source>/<name>/retract with {"reason": "..."}: takes a published file back
 * now, in an ingestion run for it alone. Its transactions that no other published file states are
 * served again as CANCELLED, its balances as if it had never come; 202 while a large file goes on
 * in the runs that follow.
 */
export async function retract(request: Request, env: Env, settings: Settings, rawSource: string, rawName: string): Promise<Response> {
  const key = inboxKey(rawSource, rawName);
  const body = await readJsonBody(request, MAX_RETRACT_BYTES, 'a JSON object {"reason": "..."}');
  const parsed = RejectRequestSchema.safeParse(body);
  if (!parsed.success) throw badRequest(`Say why the file is retracted, as {"reason": "..."}: ${describeIssues(parsed.error)}`);
  const retraction = await retractFile(env.STATEMENTS, key, parsed.data.reason, jobOptions(settings, env));
  if (retraction.outcome === "busy") throw runInProgress(key, "retracted");
  if (retraction.outcome === "refused") throw notRetractable(key, retraction.why);
  if (retraction.outcome === "stopped") {
    throw new HttpError(503, "Service Unavailable", `${key} is to be retracted, but the ingestion run stopped: ${retraction.reason}. The next run takes it back (GET /admin/runs lists this one).`);
  }
  const { record, progress } = retraction;
  if (progress !== undefined) {
    const file: AdminFile = { ...record, state: "ingesting", progress, inInbox: true };
    return Response.json(file, { status: 202 });
  }
  const file: AdminFile = { ...record, inInbox: true };
  return Response.json(file);
}

function notRetractable(key: string, why: FileRefusal): HttpError {
  if ("missing" in why) return notFound(`No file ${key} is in the inbox: a file is retracted by reading it again, so upload the same bytes first.`);
  const state = why.detail ? `${why.state}: ${why.detail}` : why.state;
  const instead = why.state === "held" ? " Reject it instead." : why.state === "retracted" ? "" : " Delete it instead (DELETE /admin/files/...): nothing of it is served.";
  return new HttpError(409, "Conflict", `${key} is not published (it is ${state}): only a published file can be retracted.${instead}`);
}
