import { z } from "zod";
import { DEFAULT_TENANT_ID, TenantIdSchema } from "../model/tenant";
import { inboxPath, keyOfTenant } from "../store/layout";

/**
 * The body of an R2 event notification, as Cloudflare documents it
 * (https://developers.cloudflare.com/r2/buckets/event-notifications/#message-format): `size` and
 * `eTag` are absent from deletions, `copySource` present for a copy only. Fields added later are
 * let through.
 */
export const R2EventSchema = z.object({
  account: z.string(),
  bucket: z.string(),
  action: z.string(),
  object: z.object({ key: z.string(), size: z.number().optional(), eTag: z.string().optional() }),
  eventTime: z.string(),
  copySource: z.object({ bucket: z.string(), object: z.string() }).optional(),
});

/** The actions of the `object-create` event type: each leaves a whole object under its key. */
const UPLOADS = new Set(["PutObject", "CopyObject", "CompleteMultipartUpload"]);

/** A file that arrived in an inbox: its tenant's id, its source, and its key as that tenant sees it (`inbox/<source>/<name>`). */
export interface Arrival {
  tenant: string;
  source: string;
  key: string;
}

/**
 * What a queue message says arrived, or why it says nothing to ingest: it is not an R2 event
 * notification, reports no upload (a deletion), or names a key in no inbox (the bucket's own
 * state, a tenant's, a key right under `inbox/`). The bucket it names is not checked: a Worker's
 * R2 binding does not know its bucket's name, and a key of another bucket can only make a run find
 * nothing new.
 */
export function arrivalOf(body: unknown): Arrival | { ignored: string } {
  const event = R2EventSchema.safeParse(body);
  if (!event.success) return { ignored: `not an R2 event notification (${z.prettifyError(event.error).replaceAll("\n", " ")})` };
  const { action, object } = event.data;
  if (!UPLOADS.has(action)) return { ignored: `${action} of ${object.key} is not an upload` };
  const located = keyOfTenant(object.key);
  const path = located && inboxPath(located.key);
  const tenant = located?.tenant ?? DEFAULT_TENANT_ID;
  if (!path || (located.tenant !== undefined && !TenantIdSchema.safeParse(tenant).success)) {
    return { ignored: `${object.key} is no file of an inbox (inbox/<source>/<name>, or tenants/<id>/inbox/<source>/<name>)` };
  }
  return { tenant, source: path.source, key: located.key };
}
