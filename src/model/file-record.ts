import { z } from "zod";

/** What the service knows of one uploaded file; served by GET /admin/files. */
export const FileRecordSchema = z.object({
  key: z.string(),
  source: z.string(),
  name: z.string(),
  size: z.number(),
  etag: z.string(),
  uploaded: z.string(),
  state: z.enum(["pending", "ingesting", "ingested", "failed", "duplicate"]),
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
  /** Statements in this file whose opening balance plus entries does not give the closing balance. */
  mismatches: z.array(z.string()).optional(),
  /** Rows read so far by a file ingested over several runs. */
  progress: z.number().optional(),
});

export type FileRecord = z.infer<typeof FileRecordSchema>;
export type FileCounts = NonNullable<FileRecord["counts"]>;
