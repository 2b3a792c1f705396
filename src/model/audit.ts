import { z } from "zod";

/**
 * The actions the audit log records: every request that changes something, by the route that
 * serves it (a route row's `audit`). A stored entry's action is read as any such word, so that
 * entries of a later release (more actions) still read.
 */
export const AUDIT_ACTIONS = ["upload", "file-delete", "retry", "profile-put", "profile-delete", "ingest", "payout", "transfer", "approve", "reject", "retract", "preview",
  "tenant-create", "tenant-suspend", "tenant-resume", "tenant-delete", "key-issue", "key-revoke",
  "sandbox-account", "sandbox-beneficiary", "sandbox-generate", "sandbox-action"] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One recorded action: who, when, what, and how it ended. */
export const AuditEntrySchema = z.object({
  /** The entry's key under audit/, newest first in key order; the cursor of GET /admin/audit. */
  id: z.string(),
  /** When the action ended and was recorded. */
  at: z.string(),
  /** The key that asked for it: its scope and the name it goes by (README, "Named keys"). */
  actor: z.object({ scope: z.enum(["admin", "connector", "platform"]), key: z.string() }),
  action: z.string().regex(/^[a-z][a-z0-9-]*$/),
  /** What it was done to: `<source>/<name>` of a file, a source of a profile, the id of a payment. */
  target: z.string().optional(),
  result: z.object({
    outcome: z.enum(["ok", "failed"]),
    /** The HTTP status answered. */
    status: z.number().int(),
    /** A failure's Title and Detail, as answered (the detail bounded). */
    title: z.string().optional(),
    detail: z.string().optional(),
  }),
  /** Facts of the answer worth keeping: an upload's etag and size, a run's or a payment's status. */
  answer: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

/** A page of GET /admin/audit, newest first; `next` is the cursor of the next page, null after the last. */
export const AuditPageSchema = z.object({
  items: z.array(AuditEntrySchema),
  next: z.string().nullable(),
});

export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type AuditPage = z.infer<typeof AuditPageSchema>;
