import type { Env } from "../../env";
import type { FileRecord } from "../../model/file-record";
import { writeId } from "../../store/bucket";
import { clearCheckpoint, loadCheckpoint } from "../../store/checkpoint";
import { type Documents, readDocument } from "../../store/documents";
import { INBOX_PREFIX, retryKey } from "../../store/layout";
import { holdingLease } from "../../store/lease";
import { loadManifest, withCommitRetries } from "../../store/manifest";
import { Publication } from "../../store/publication";
import { HttpError, notFound } from "../errors";
import { fileName, sourceName } from "./names";

/**
 * DELETE /admin/files/<source>/<name>: a file that was never published (pending, failed or a
 * duplicate) leaves the inbox and the record of files, so GET /admin/files no longer lists it.
 * A file whose entries were published answers 409: they are served to Formance, and only a
 * retraction can withdraw them.
 *
 * It holds the ingestion lease throughout (a run in progress makes it a 503 to retry), so no
 * run reads the file while it goes; and it removes the record by a manifest commit, made even
 * for a file with no record yet, so a run that outlived its lease and still read the file loses
 * its compare-and-swap, and on its retry finds the file gone and records nothing. The inbox
 * object goes before the record: a delete stopped between the two leaves a record of a file no
 * longer in the inbox, which a second DELETE removes, never a file without a record, which the
 * next run would read again.
 */
export async function deleteFile(env: Env, rawSource: string, rawName: string): Promise<Response> {
  const source = sourceName(rawSource);
  const name = fileName(rawName);
  const key = `${INBOX_PREFIX}${source}/${name}`;
  const bucket = env.STATEMENTS;
  await holdingLease(bucket, Date.now(), async () => {
    const [{ manifest }, object] = await Promise.all([loadManifest(bucket), bucket.head(key)]);
    const [files, book] = await Promise.all([readDocument(bucket, manifest, "files"), readDocument(bucket, manifest, "accounts")]);
    refusePublished(key, source, name, files[key], book);
    if (!files[key] && !object) throw notFound(`No file ${key} is in the inbox or on record.`);
    await bucket.delete([key, retryKey(key)]);
    // Work saved for the file by a run that read it in steps is never published.
    if ((await loadCheckpoint(bucket))?.file.key === key) await clearCheckpoint(bucket);
    await withCommitRetries(async () => {
      const base = await loadManifest(bucket);
      const publication = await Publication.open(bucket, base, writeId());
      // Only a run past its lease could have published it since: its entries stay, and so does its record.
      refusePublished(key, source, name, publication.files[key], publication.book, true);
      delete publication.files[key];
      await publication.commit(Date.now());
    });
  }, () => {
    throw new HttpError(
      503,
      "Service Unavailable",
      `An ingestion run is in progress: ${key} is deleted when no run can read it. Try again when the run has ended (GET /admin/runs lists it).`,
      { "retry-after": "30" },
    );
  });
  return new Response(null, { status: 204 });
}

/**
 * A 409 for a file that is not the service's to forget: one some version of which was published
 * (ingested, or failed after an ingested version), one published and retracted (its record is
 * the trace of both), one held for review (the review decides).
 */
function refusePublished(key: string, source: string, name: string, record: FileRecord | undefined, book: Documents["accounts"], meanwhile = false): void {
  const retract = `To withdraw them, retract it: POST /admin/files/${encodeURIComponent(source)}/${encodeURIComponent(name)}/retract.`;
  const published = (how: string) => `${key} ${how}: its entries are published to Formance, and deleting the file would not withdraw them. ${retract}`;
  let detail: string | undefined;
  if (record?.state === "held") detail = `${key} is held for review: reject it at review rather than delete it.`;
  else if (record?.state === "retracted") detail = `${key} was published and then retracted: its record is the trace of both, and stays.`;
  else if (meanwhile && record?.state === "ingested") detail = published("was ingested while it was being deleted (its bytes have left the inbox; its record stays)");
  else if (record?.state === "ingested") detail = published("was ingested");
  else if (record?.idsKey !== undefined || namedInBook(book, key)) detail = published("had a version ingested before");
  if (detail) throw new HttpError(409, "Conflict", detail);
}

/** Whether an account's statements or balances came from the file: the record of a version that failed before such records kept the id list says nothing of it. */
function namedInBook(book: Documents["accounts"], key: string): boolean {
  return Object.values(book).some((account) =>
    [...Object.values(account.statements).flat(), ...Object.values(account.balances)].some((stated) => stated.file === key),
  );
}
