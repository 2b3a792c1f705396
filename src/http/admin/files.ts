import type { Env } from "../../env";
import { badRequest, HttpError } from "../errors";
import { integerParam, type Query, single } from "../list-query";
import { settingFor } from "../misconfigured";
import { loadCheckpoint } from "../../store/checkpoint";
import { listInbox } from "../../ingest/inbox";
import type { FileProgress } from "../../ingest/ingest-file";
import { configTimes, isPending } from "../../ingest/pending";
import { INBOX_PREFIX, retryKey } from "../../store/layout";
import type { AdminFile, AdminFilePage, RetriedFile, UploadedFile } from "../../model/admin";
import { type FileRecord, FileRecordSchema } from "../../model/file-record";
import type { Settings } from "../../settings";
import { accountsByFile, continuityBreaks } from "../../model/account-book";
import { loadManifest } from "../../store/manifest";
import { readDocument } from "../../store/documents";
import { fileName, inboxKey, sourceName } from "./names";

/** PUT /admin/files/<source>/<name>: streams the body into the inbox; the next run ingests it. */
export async function uploadFile(request: Request, env: Env, settings: Settings, rawSource: string, rawName: string): Promise<Response> {
  const source = sourceName(rawSource);
  const name = fileName(rawName);
  const { body } = fileBody(request, settings, "Uploading", `Upload larger files to R2 directly under inbox/${source}/.`);
  const key = `${INBOX_PREFIX}${source}/${name}`;
  const object = await env.STATEMENTS.put(key, body);
  const uploaded: UploadedFile = { key, source, name, size: object?.size, etag: object?.etag, state: "pending" };
  return Response.json(uploaded, { status: 201 });
}

/**
 * A request's file: its stated length, within MAX_UPLOAD_BYTES (`beyond` says what to do with a
 * larger one), and its body. Without a limit it can trust, a route refuses rather than accept a
 * body of any size.
 */
export function fileBody(request: Request, settings: Settings, service: string, beyond: string): { length: number; body: ReadableStream<Uint8Array> } {
  const limit = settingFor(settings, "MAX_UPLOAD_BYTES", service);
  const length = request.headers.get("content-length");
  if (length === null || !/^\d+$/.test(length)) {
    throw new HttpError(411, "Length Required", "Send the file with a Content-Length header.");
  }
  if (Number(length) > limit) {
    throw new HttpError(413, "Payload Too Large", `The file is ${length} bytes; the limit is ${limit} (MAX_UPLOAD_BYTES). ${beyond}`);
  }
  if (Number(length) === 0 || !request.body) throw new HttpError(400, "Bad Request", "The file is empty.");
  return { length: Number(length), body: request.body };
}

/** GET /admin/files: every file in the inbox or on record, with its state; filtered and a page at a time when asked. */
export async function listFiles(env: Env, query: Query): Promise<Response> {
  const view = parseFileQuery(query);
  const { files, profiles } = await allFiles(env);
  const matching = files.filter((f) => matches(f, view));
  // Without a page asked for, the bare array existing clients read.
  if (!view.page) return Response.json(matching);
  const sorted = matching.sort(FILE_ORDERS[view.sort]);
  const end = view.page.offset + view.page.size;
  const page: AdminFilePage = {
    items: sorted.slice(view.page.offset, end),
    next: end < sorted.length ? String(end) : null,
    total: sorted.length,
    sources: [...new Set([...files.map((f) => f.source), ...profiles])].sort(),
    formats: [...new Set(files.flatMap((f) => (f.format ? [f.format] : [])))].sort(),
  };
  return Response.json(page);
}

/** Every file in the inbox or on record, with its state, and the sources that have a profile. */
async function allFiles(env: Env): Promise<{ files: AdminFile[]; profiles: string[] }> {
  const [inbox, { manifest }, checkpoint, times] = await Promise.all([
    listInbox(env.STATEMENTS), loadManifest(env.STATEMENTS), loadCheckpoint<FileProgress>(env.STATEMENTS), configTimes(env.STATEMENTS),
  ]);
  const [files, book] = await Promise.all([
    readDocument(env.STATEMENTS, manifest, "files"),
    readDocument(env.STATEMENTS, manifest, "accounts"),
  ]);
  const breaks = Object.values(book).flatMap(continuityBreaks);
  const accounts = accountsByFile(book);
  const withBreaks = (record: FileRecord) => {
    const own = breaks.filter((b) => b.file === record.key);
    const withAccounts = { ...record, accounts: accounts.get(record.key) };
    return own.length ? { ...withAccounts, continuityBreaks: own } : withAccounts;
  };
  const listed = new Set<string>();
  const result: AdminFile[] = inbox.map((file): AdminFile => {
    listed.add(file.key);
    const record = files[file.key];
    if (record && !isPending(record, file, times)) return { ...withBreaks(record), inInbox: true };
    if (checkpoint?.file.key === file.key && checkpoint.file.etag === file.etag) {
      const { reading } = checkpoint.reader;
      return { ...file, state: "ingesting" as const, format: reading.format, progress: reading.events, bytesRead: reading.at?.offset, inInbox: true };
    }
    // A failed file about to be retried keeps its last error in view.
    return { ...file, state: "pending" as const, error: record?.error, inInbox: true };
  });
  for (const record of Object.values(files)) if (!listed.has(record.key)) result.push({ ...withBreaks(record), inInbox: false });
  const profiles = [...times.keys()].flatMap((key) => PROFILE_KEY.exec(key)?.slice(1, 2) ?? []);
  return { files: result, profiles };
}

const PROFILE_KEY = /^config\/profiles\/(.+)\.json$/;

export const DEFAULT_FILE_PAGE = 50;
export const MAX_FILE_PAGE = 500;
const STATES: readonly string[] = FileRecordSchema.shape.state.options;

/** The orders a page of files can be sorted in: by the time of its state (or upload), or by name. */
export const FILE_ORDERS = {
  "time:desc": (a: AdminFile, b: AdminFile) => compare(timeOf(b), timeOf(a)) || compare(a.key, b.key),
  "time:asc": (a: AdminFile, b: AdminFile) => compare(timeOf(a), timeOf(b)) || compare(a.key, b.key),
  "name:asc": (a: AdminFile, b: AdminFile) => compare(a.key, b.key),
  "name:desc": (a: AdminFile, b: AdminFile) => compare(b.key, a.key),
} as const;
type FileOrder = keyof typeof FILE_ORDERS;

const timeOf = (file: AdminFile) => file.at ?? file.uploaded;
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface FileQuery {
  states?: string[] | undefined;
  source?: string | undefined;
  format?: string | undefined;
  sort: FileOrder;
  /** Present when a page was asked for (cursor or pageSize). */
  page?: { offset: number; size: number } | undefined;
}

function parseFileQuery(query: Query): FileQuery {
  const states = single(query, "state")?.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = states?.find((s) => !STATES.includes(s));
  if (unknown !== undefined) throw badRequest(`state must be one or more of ${STATES.join(", ")} (comma-separated); got "${unknown.slice(0, 40)}"`);
  const sort = single(query, "sort") ?? "time:desc";
  if (!(sort in FILE_ORDERS)) throw badRequest(`sort must be one of ${Object.keys(FILE_ORDERS).join(", ")}; got "${sort.slice(0, 40)}"`);
  const cursor = single(query, "cursor");
  if (cursor !== undefined && cursor !== "" && !/^\d{1,9}$/.test(cursor)) throw badRequest(`cursor must be the "next" of a previous page; got "${cursor.slice(0, 40)}"`);
  const size = integerParam(query, "pageSize", 1, MAX_FILE_PAGE);
  const paged = cursor !== undefined || size !== undefined;
  return {
    states: states?.length ? states : undefined,
    source: single(query, "source") || undefined,
    format: single(query, "format") || undefined,
    sort: sort as FileOrder,
    page: paged ? { offset: Number(cursor || 0), size: size ?? DEFAULT_FILE_PAGE } : undefined,
  };
}

function matches(file: AdminFile, q: FileQuery): boolean {
  return (!q.states || q.states.includes(file.state)) && (!q.source || file.source === q.source) && (!q.format || file.format === q.format);
}

/** POST /admin/retry/<source>/<name>: reads a failed file again on the next run (after a profile fix, say). */
export async function retryFile(env: Env, rawSource: string, rawName: string): Promise<Response> {
  const key = inboxKey(rawSource, rawName);
  const { manifest } = await loadManifest(env.STATEMENTS);
  const record = (await readDocument(env.STATEMENTS, manifest, "files"))[key];
  if (!(await env.STATEMENTS.head(key))) throw new HttpError(404, "Not Found", `No file ${key} is in the inbox.`);
  if (record?.state !== "failed") {
    throw new HttpError(409, "Conflict", `${key} has not failed (${record?.state ?? "pending"}); to replace an ingested file, upload a corrected version under the same name.`);
  }
  await env.STATEMENTS.put(retryKey(key), new Date().toISOString());
  const retried: RetriedFile = { key, state: "pending", error: record.error };
  return Response.json(retried, { status: 202 });
}
