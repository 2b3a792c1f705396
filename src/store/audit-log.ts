import { type AuditEntry, AuditEntrySchema } from "../model/audit";
import { type Bucket, parseDocument, readJson, StoreError, swapObject, writeId } from "./bucket";
import { AUDIT_PREFIX, auditId, auditIdOf, auditKey } from "./layout";

/**
 * The audit log: one small object per recorded action under audit/, written once and never
 * rewritten (an R2 put-if-absent), so concurrent requests each add their own entry and none
 * reads, changes or can lose another's. Keys sort newest first (see auditId in layout.ts): a
 * page is one R2 listing, which also carries each entry in the object's custom metadata.
 */

/** What a caller records; the log adds the id and the time. */
export type ActionRecord = Omit<AuditEntry, "id" | "at">;

/** R2 keeps at most 2,048 bytes of custom metadata per object; an entry over this is read from its body. */
const METADATA_BYTES = 1_800;
const ATTEMPTS = 3;

/** Appends one entry and returns it; throws when the store refuses it. */
export async function recordAction(bucket: Bucket, record: ActionRecord, nowMs: number = Date.now()): Promise<AuditEntry> {
  for (let attempt = 1; ; attempt++) {
    const id = auditId(nowMs, writeId());
    const entry: AuditEntry = { id, at: new Date(nowMs).toISOString(), ...record };
    const text = JSON.stringify(entry);
    const customMetadata = new TextEncoder().encode(text).length <= METADATA_BYTES ? { entry: text } : undefined;
    const written = await swapObject(bucket, auditKey(id), undefined, text, { httpMetadata: { contentType: "application/json" }, customMetadata });
    if (written) return entry;
    // Another entry took the key (the same millisecond and 48 random bits): take another.
    if (attempt === ATTEMPTS) throw new StoreError(`the audit entry ${id} could not be written: its key was taken ${ATTEMPTS} times`);
  }
}

/**
 * Up to `limit` entries, newest first, after the entry `after` (the `next` of the previous
 * page), and the id to continue after, or undefined when none are left.
 */
export async function readAuditPage(bucket: Bucket, limit: number, after?: string): Promise<{ entries: AuditEntry[]; next: string | undefined }> {
  const listed: R2Object[] = [];
  let cursor: string | undefined;
  do {
    // One more than asked for: whether it exists says whether there is a next page.
    const want = Math.min(1_000, limit + 1 - listed.length);
    const position = cursor ? { cursor } : after ? { startAfter: auditKey(after) } : {};
    // `include` is honoured from compatibility date 2022-08-04 on; the oldest type definitions this project builds with lack it.
    const options: R2ListOptions & { include: "customMetadata"[] } = { prefix: AUDIT_PREFIX, limit: want, include: ["customMetadata"], ...position };
    const page = await bucket.list(options);
    listed.push(...page.objects.filter((object) => auditIdOf(object.key) !== undefined));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor && listed.length <= limit);
  const read = await Promise.all(listed.slice(0, limit + 1).map((object) => readEntry(bucket, object)));
  const entries = read.filter((entry): entry is AuditEntry => entry !== undefined);
  return entries.length > limit ? { entries: entries.slice(0, limit), next: entries[limit - 1]!.id } : { entries, next: undefined };
}

/** An entry from its listing, or from its body when its metadata could not hold it; undefined if it was pruned meanwhile. */
async function readEntry(bucket: Bucket, object: R2Object): Promise<AuditEntry | undefined> {
  const text = object.customMetadata?.entry;
  if (text !== undefined) return parseDocument(object.key, text, AuditEntrySchema);
  return readJson(bucket, object.key, AuditEntrySchema);
}
