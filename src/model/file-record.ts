import { z } from "zod";

/** What the service knows of one uploaded file; served by GET /admin/files. */
export const FileRecordSchema = z.object({
  key: z.string(),
  source: z.string(),
  name: z.string(),
  size: z.number(),
  etag: z.string(),
  uploaded: z.string(),
  /**
   * pending: not read yet; ingesting: read over several runs; ingested: published; failed: not
   * read, with the reason; duplicate: the same bytes as a file already ingested; held: read and
   * mapped, awaiting an admin's review (its source is in review mode); rejected: refused at
   * review, with the reason; retracted: taken back after it was published.
   */
  state: z.enum(["pending", "ingesting", "ingested", "failed", "duplicate", "held", "rejected", "retracted"]),
  format: z.string().optional(),
  /** When the state was reached. */
  at: z.string().optional(),
  sha256: z.string().optional(),
  duplicateOf: z.string().optional(),
  counts: z
    .object({
      entries: z.number(),
      published: z.number(),
      changed: z.number(),
      alreadyKnown: z.number(),
      informational: z.number(),
      balances: z.number(),
      statements: z.number(),
      newAccounts: z.number(),
      newBeneficiaries: z.number(),
    })
    .optional(),
  error: z.object({ line: z.number().optional(), reason: z.string() }).optional(),
  /** Why the file was taken back, and what that did to the transactions it stated (retracted). */
  retraction: z.object({ reason: z.string(), cancelled: z.number(), kept: z.number() }).optional(),
  /** Why an admin rejected the file at review (rejected). */
  rejection: z.object({ reason: z.string() }).optional(),
  /** Statements in this file whose opening balance plus entries does not give the closing balance. */
  mismatches: z.array(z.string()).optional(),
  /** Events read so far by a file ingested over several runs. */
  progress: z.number().optional(),
  /** Stored list of the transaction ids this file holds, to compare with a corrected version. */
  idsKey: z.string().optional(),
  /**
   * Entries an earlier version of this file (same name) held and this version does not. They
   * stay published (a bank statement is never silently unsaid); this is what to look into.
   */
  disappeared: z.object({ count: z.number(), ids: z.array(z.string()) }).optional(),
});

export type FileRecord = z.infer<typeof FileRecordSchema>;
export type FileCounts = NonNullable<FileRecord["counts"]>;
