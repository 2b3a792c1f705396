import type { Env } from "../../env";
import type { InboxFile } from "../../ingest/inbox";
import { configTimes, isPending } from "../../ingest/pending";
import { DEFAULT_PREVIEW_TRANSACTIONS, MAX_PREVIEW_TRANSACTIONS } from "../../ingest/preview";
import { preview } from "../../ingestion";
import { readDocument } from "../../store/documents";
import { INBOX_PREFIX } from "../../store/layout";
import { loadManifest } from "../../store/manifest";
import { type Settings, settingOrDefault } from "../../settings";
import { badRequest, HttpError, notFound } from "../errors";
import { ProfileSchema, type Profile } from "../../model/profile";
import { describeIssues } from "../../model/zod-issues";
import { DuplicateKeyError, JsonSyntaxError, parseStrictJson } from "../strict-json";
import { integerParam, type Query, single } from "../list-query";
import { fileBody } from "./files";
import { fileName, sourceName } from "./names";

/** The states a file can be previewed in: nothing of it published yet. */
const PREVIEWABLE = new Set(["pending", "held", "failed"]);

/**
 * GET /admin/files/<source>/<name>/preview: what ingesting a stored file now would do (a
 * pending, held or failed file, or with a candidate profile an ingested one), with nothing written.
 */
export async function previewStored(request: Request, env: Env, settings: Settings, query: Query, rawSource: string, rawName: string): Promise<Response> {
  const source = sourceName(rawSource);
  const name = fileName(rawName);
  const key = `${INBOX_PREFIX}${source}/${name}`;
  const bucket = env.STATEMENTS;
  const [object, { manifest }, times] = await Promise.all([bucket.head(key), loadManifest(bucket), configTimes(bucket)]);
  if (!object) throw notFound(`No file ${key} is in the inbox.`);
  const file: InboxFile = { key, source, name, size: object.size, etag: object.etag, uploaded: object.uploaded.toISOString() };
  const record = (await readDocument(bucket, manifest, "files"))[key];
  const state = record && !isPending(record, file, times) ? record.state : "pending";
  const chosen = options(request, settings, query);
  // A profile's change is tried on a file already published too: what reading it again would change.
  const tried = chosen.profile !== undefined && state === "ingested";
  if (!PREVIEWABLE.has(state) && !tried) {
    throw new HttpError(409, "Conflict", `${key} is ${state}: a preview is of a file not published yet (pending, held or failed), or of an ingested one with a candidate profile.`);
  }
  const previewed = await preview(bucket, { file, open: () => bucket.get(key) }, chosen);
  if (!previewed) throw notFound(`${key} left the inbox while it was being read.`);
  return Response.json(previewed);
}

/**
 * POST /admin/preview/<source>?name=: what ingesting the body as a file of the source would do,
 * without storing it: the body is read as it streams in, up to the preview's limit.
 */
export async function previewPosted(request: Request, env: Env, settings: Settings, query: Query, rawSource: string): Promise<Response> {
  const source = sourceName(rawSource);
  const name = fileName(single(query, "name") ?? "preview");
  const key = `${INBOX_PREFIX}${source}/${name}`;
  const { length, body } = fileBody(request, settings, "Previewing", "Upload the file (to R2 directly if need be), then preview it with GET /admin/files/<source>/<name>/preview.");
  // Never the etag of stored bytes: no approval names it.
  const file: InboxFile = { key, source, name, size: length, etag: "", uploaded: new Date().toISOString() };
  const previewed = await preview(env.STATEMENTS, { file, open: async () => ({ body, etag: "" }) }, options(request, settings, query));
  return Response.json(previewed);
}

function options(request: Request, settings: Settings, query: Query) {
  return {
    newSources: settingOrDefault(settings, "NEW_SOURCES"),
    transactions: integerParam(query, "transactions", 0, MAX_PREVIEW_TRANSACTIONS) ?? DEFAULT_PREVIEW_TRANSACTIONS,
    profile: candidateProfile(request, query),
  };
}

/** The longest candidate profile taken: a stored profile's limit, as it would be sent to PUT /admin/profiles. */
const MAX_CANDIDATE_CHARS = 64 * 1024;

/**
 * A profile to preview with instead of the stored one, not saved: the `profile` query parameter
 * or the X-Profile header, holding the JSON PUT /admin/profiles/<source> would take (the header
 * percent-encoded when it holds more than ASCII). A bad one is a 400 listing every bad field.
 */
export function candidateProfile(request: Request, query: Query): Profile | undefined {
  const header = request.headers.get("x-profile");
  const text = single(query, "profile") ?? (header === null ? undefined : decodeHeader(header));
  if (text === undefined || text.trim() === "") return undefined;
  if (text.length > MAX_CANDIDATE_CHARS) throw badRequest(`The candidate profile is longer than ${MAX_CANDIDATE_CHARS} characters.`);
  let json: unknown;
  try {
    json = parseStrictJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError || error instanceof DuplicateKeyError)) throw error;
    throw badRequest(`The candidate profile is not JSON: ${error.message}`);
  }
  const parsed = ProfileSchema.safeParse(json);
  if (!parsed.success) throw badRequest(`The candidate profile is not valid: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

function decodeHeader(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw badRequest("The X-Profile header must be the profile's JSON, percent-encoded where it holds more than ASCII.");
  }
}
