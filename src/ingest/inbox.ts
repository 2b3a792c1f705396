import { type Bucket, listAll } from "../store/bucket";
import { INBOX_PREFIX, inboxPath } from "../store/layout";

/** A statement file waiting in (or ingested from) the inbox: `inbox/<source>/<name>`. */
export interface InboxFile {
  key: string;
  source: string;
  name: string;
  size: number;
  etag: string;
  uploaded: string;
}

/** Every file under inbox/, oldest upload first (the order a bank delivered them in). */
export async function listInbox(bucket: Bucket): Promise<InboxFile[]> {
  const files: InboxFile[] = [];
  for await (const object of listAll(bucket, INBOX_PREFIX)) {
    const file = toInboxFile(object);
    if (file) files.push(file);
  }
  return files.sort((a, b) => a.uploaded.localeCompare(b.uploaded) || a.key.localeCompare(b.key));
}

function toInboxFile(object: R2Object): InboxFile | undefined {
  const path = inboxPath(object.key);
  if (!path) return undefined;
  return { key: object.key, ...path, size: object.size, etag: object.etag, uploaded: object.uploaded.toISOString() };
}

/** The inbox file of `key` as it is now; undefined when there is none (deleted, or a key outside the inbox). */
export async function inboxFile(bucket: Bucket, key: string): Promise<InboxFile | undefined> {
  const object = inboxPath(key) && (await bucket.head(key));
  return object ? toInboxFile(object) : undefined;
}
