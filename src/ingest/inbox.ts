import { type Bucket, listAll } from "../store/bucket";
import { INBOX_PREFIX } from "../store/layout";

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
  const rest = object.key.slice(INBOX_PREFIX.length);
  const slash = rest.indexOf("/");
  // Files directly under inbox/ belong to no source; folders ending in "/" are placeholders.
  if (slash <= 0 || slash === rest.length - 1) return undefined;
  return {
    key: object.key,
    source: rest.slice(0, slash),
    name: rest.slice(slash + 1),
    size: object.size,
    etag: object.etag,
    uploaded: object.uploaded.toISOString(),
  };
}
