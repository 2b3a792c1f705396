import { z } from "zod";
import { TransactionSchema } from "./contract";
import { FileRecordSchema } from "./file-record";
import { PaymentStatusSchema, PaymentTypeSchema } from "./payment";

// Shapes the admin API serves, defined once: the handlers build them, /openapi.json describes them.

export const RunSummarySchema = z.object({
  /**
   * "failed": the run stopped as a whole (the store could not be read or written, or another
   * writer kept committing first); the files it had not finished keep their state.
   */
  status: z.enum(["completed", "busy", "partial", "failed"]),
  /** Why a failed run stopped. */
  reason: z.string().optional(),
  startedAt: z.string(),
  durationMs: z.number(),
  files: z.array(
    z.object({
      key: z.string(),
      state: FileRecordSchema.shape.state,
      published: z.number().optional(),
      changed: z.number().optional(),
      error: FileRecordSchema.shape.error,
      progress: z.number().optional(),
    }),
  ),
  /** Files left for a later run (budget spent), the one in progress included. */
  remaining: z.number(),
});

export const ContinuityBreakSchema = z.object({
  accountId: z.string(),
  currency: z.string(),
  kind: z.enum(["statement-does-not-add-up", "opening-differs-from-previous-closing"]),
  file: z.string(),
  statement: z.string().optional(),
  date: z.string().optional(),
  detail: z.string(),
});

export const AdminAccountSchema = z.object({
  id: z.string(),
  name: z.string(),
  source: z.string(),
  bank: z.string().optional(),
  balances: z.array(
    z.object({
      currency: z.string(),
      /** Minor units, as an integer string. */
      amount: z.string(),
      decimal: z.string(),
      date: z.string(),
      origin: z.enum(["stated", "computed"]),
      file: z.string(),
    }),
  ),
  lastStatement: z.string().optional(),
  breaks: z.array(ContinuityBreakSchema),
});

export const AdminFileSchema = FileRecordSchema.extend({
  inInbox: z.boolean(),
  /** Accounts the file's statements belong to. */
  accounts: z.array(z.string()).optional(),
  continuityBreaks: z.array(ContinuityBreakSchema).optional(),
});

/** PUT /admin/files/<source>/<name>: where the file was stored, pending its ingestion. */
export const UploadedFileSchema = z.object({
  key: z.string(),
  source: z.string(),
  name: z.string(),
  size: z.number().optional(),
  etag: z.string().optional(),
  state: z.literal("pending"),
});

/** POST /admin/retry/<source>/<name>: the failed file, pending again, with the error it last failed with. */
export const RetriedFileSchema = z.object({ key: z.string(), state: z.literal("pending"), error: FileRecordSchema.shape.error });

/** An initiated payout or transfer, with its state and the file it was sent in. */
export const AdminPaymentSchema = z.object({
  id: z.string(),
  type: PaymentTypeSchema,
  status: PaymentStatusSchema,
  idempotencyKey: z.string(),
  endToEndId: z.string(),
  /** Minor units, as an integer string. */
  amount: z.string(),
  decimal: z.string(),
  /** UMN, e.g. EUR/2. */
  currency: z.string(),
  sourceAccountId: z.string(),
  /** The beneficiary (payout) or own account (transfer) paid. */
  destinationId: z.string(),
  description: z.string(),
  createdAt: z.string(),
  /** Outbox key of the payment file; null while the payment waits for a batch. */
  file: z.string().nullable(),
  /** The statement entry that executed it. */
  transactionId: z.string().optional(),
  failureReason: z.string().optional(),
});

/** Stated balances of one account over time, per currency, from its statements' opening and closing balances. */
export const AccountHistorySchema = z.object({
  accountId: z.string(),
  currencies: z.array(
    z.object({
      currency: z.string(),
      exponent: z.number(),
      points: z.array(
        z.object({
          date: z.string(),
          /** Minor units, as an integer string. */
          amount: z.string(),
          decimal: z.string(),
          kind: z.enum(["opening", "closing"]),
          file: z.string(),
        }),
      ),
    }),
  ),
});

/** A bounded search: what matched, and how much of the store was looked at to find it. */
export const TransactionSearchSchema = z.object({
  items: z.array(TransactionSchema),
  /** "latest": the newest `searched` transactions published; "day": the transactions booked on `date`. */
  scope: z.enum(["latest", "day"]),
  searched: z.number(),
  /** Every transaction in scope was looked at (false: the scan cap or the result limit stopped it). */
  complete: z.boolean(),
  total: z.number(),
});

export type RunSummary = z.infer<typeof RunSummarySchema>;
export type ContinuityBreak = z.infer<typeof ContinuityBreakSchema>;
export type AdminAccount = z.infer<typeof AdminAccountSchema>;
export type AdminFile = z.infer<typeof AdminFileSchema>;
export type UploadedFile = z.infer<typeof UploadedFileSchema>;
export type RetriedFile = z.infer<typeof RetriedFileSchema>;
export type AdminPayment = z.infer<typeof AdminPaymentSchema>;
export type AccountHistory = z.infer<typeof AccountHistorySchema>;
export type TransactionSearch = z.infer<typeof TransactionSearchSchema>;
