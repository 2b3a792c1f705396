import type { Env } from "../../env";
import { HttpError } from "../errors";
import { settingFor } from "../misconfigured";
import { loadCheckpoint } from "../../store/checkpoint";
import { listInbox } from "../../ingest/inbox";
import type { FileProgress } from "../../ingest/ingest-file";
import { configTimes, isPending } from "../../ingest/pending";
import { INBOX_PREFIX, retryKey } from "../../store/layout";
import type { AdminFile, RetriedFile, UploadedFile } from "../../model/admin";
import type { FileRecord } from "../../model/file-record";
import type { Settings } from "../../settings";
import { accountsByFile, continuityBreaks } from "../../model/account-book";
import { loadManifest } from "../../store/manifest";
import { readDocument } from "../../store/documents";
import { fileName, sourceName } from "./names";

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

/** GET /admin/files: every file in the inbox or on record, with its state. */
export async function listFiles(env: Env): Promise<Response> {
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
      return { ...file, state: "ingesting" as const, progress: checkpoint.reader.reading.events, inInbox: true };
    }
    // A failed file about to be retried keeps its last error in view.
    return { ...file, state: "pending" as const, error: record?.error, inInbox: true };
  });
  for (const record of Object.values(files)) if (!listed.has(record.key)) result.push({ ...withBreaks(record), inInbox: false });
  return Response.json(result);
}

/** POST /admin/retry/<source>/<name>: reads a failed file again on the next run (after a profile fix, say). */
export async function retryFile(env: Env, rawSource: string, rawName: string): Promise<Response> {
  const key = `${INBOX_PREFIX}${sourceName(rawSource)}/${fileName(rawName)}`;
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
