import { z } from "zod";
import { TransactionSchema } from "./contract";
import { FileRecordSchema } from "./file-record";
import { PaymentStatusSchema, PaymentTypeSchema } from "./payment";
import { ProfileSchema, SOURCE_MODES } from "./profile";

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
  /** R2 calls its invocation had made when the run ended (each a subrequest; see MAX_R2_CALLS_PER_RUN). */
  r2Calls: z.number().optional(),
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
      /** What the balance is computed from: a statement's closing or opening balance (file, line) or the profile's openingBalance. */
      anchor: z
        .object({
          kind: z.enum(["closing", "opening", "profile"]),
          date: z.string(),
          decimal: z.string(),
          file: z.string().optional(),
          line: z.number().optional(),
        })
        .optional(),
    }),
  ),
  /** Currencies with entries but no balance served ("balances": []), with why and how to fix it. */
  withoutBalance: z.array(z.object({ currency: z.string(), reason: z.string() })).optional(),
  lastStatement: z.string().optional(),
  breaks: z.array(ContinuityBreakSchema),
});

export const AdminFileSchema = FileRecordSchema.extend({
  inInbox: z.boolean(),
  /** Of a file being ingested over several runs: the bytes read so far, of its `size`. */
  bytesRead: z.number().optional(),
  /** Accounts the file's statements belong to. */
  accounts: z.array(z.string()).optional(),
  continuityBreaks: z.array(ContinuityBreakSchema).optional(),
});

/** GET /admin/files with cursor or pageSize: a page of the files, and what the filters can be set to. */
export const AdminFilePageSchema = z.object({
  items: z.array(AdminFileSchema),
  /** The cursor of the next page; null on the last. */
  next: z.string().nullable(),
  /** Files matching the filters. */
  total: z.number(),
  /** Every source with a file or a profile, and every format read, whatever the filters. */
  sources: z.array(z.string()),
  formats: z.array(z.string()),
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

/** POST /admin/files/<source>/<name>/reject: why the file is refused. */
export const RejectRequestSchema = z.strictObject({ reason: z.string().trim().min(1).max(1000) });

/**
 * POST /admin/files/<source>/<name>/approve: the file's record now, and whether what it
 * published differs from what it would have when it was held (the store moved on meanwhile:
 * another file published the same entries first, its profile changed...).
 */
export const ApprovedFileSchema = z.object({
  file: AdminFileSchema,
  /** Absent while the file is not read to its end yet (state "ingesting", or "pending" when the run had no time left for it): the next runs finish it. */
  changedSinceReview: z.boolean().optional(),
  /** What it held (counts) when it was held, at `at`. */
  held: z.object({ at: z.string().optional(), counts: FileRecordSchema.shape.counts }),
  /** The counts that differ, held and published; a state other than ingested is a change of its own. */
  changes: z.array(z.object({ count: z.string(), held: z.number(), published: z.number() })),
});

/** A list cut to its first items, with how many there are. */
const sample = <T extends z.ZodType>(item: T) => z.object({ count: z.number(), items: z.array(item) });

/** A balance in a preview: minor units and decimal, on its date, stated by a file or computed from entries. */
const PreviewBalanceSchema = z.object({ amount: z.string(), decimal: z.string(), date: z.string(), origin: z.enum(["stated", "computed"]) });

/** Fields a CSV column can hold (a profile's `columns`), as a column map: 0-based column numbers. */
const column = z.number().optional();
const ColumnRolesSchema = z.object({
  bookingDate: column, valueDate: column, amount: column, debit: column, credit: column, direction: column, currency: column,
  counterpartyName: column, counterpartyAccount: column, reference: column, balance: column, status: column, accountId: column,
  /** Every column joined into the description. */
  description: z.array(z.number()),
});

/**
 * How a CSV file is written, as its first lines tell: what mapping a new layout starts from.
 * Detected without the candidate's columns, so `columns` is the automatic mapping (absent when
 * the synonym table finds no header naming a booking date and an amount).
 */
export const CsvLayoutSchema = z.object({
  encoding: z.string(),
  delimiter: z.string(),
  /** 1-based line of the header row; absent for a file read without header. */
  headerLine: z.number().optional(),
  /** The header's cells (empty without header). */
  names: z.array(z.string()),
  /** The first records after the header, as cells, with the line each starts on. */
  rows: z.array(z.object({ line: z.number(), cells: z.array(z.string()) })),
  columns: ColumnRolesSchema.optional(),
  /** Told from the first rows (or the profile's), when they tell. */
  dateFormat: z.string().optional(),
  decimalSeparator: z.string().optional(),
  thousandsSeparator: z.string().optional(),
  /** Why no header was found, or the styles could not be told. */
  problem: z.string().optional(),
});

/**
 * A dry run of a file (GET /admin/files/<source>/<name>/preview) or of bytes not uploaded
 * (POST /admin/preview/<source>): what ingesting it now would do, mapped as ingestion maps it,
 * with nothing written. Lists keep their first items and say how many there are.
 */
export const FilePreviewSchema = z.object({
  key: z.string(),
  source: z.string(),
  /** How the job takes the file: review holds it for approval. */
  mode: z.enum(SOURCE_MODES),
  /** The source has no profile and nothing published: its mode is NEW_SOURCES. */
  newSource: z.boolean(),
  format: z.string().optional(),
  /** The source's profile, or the candidate profile previewed; null: none, the file says what it is. */
  profile: ProfileSchema.nullable(),
  /** The profile previewed is a candidate sent with the request, not the stored one. */
  candidateProfile: z.boolean().optional(),
  /** Of a CSV file: how its first lines are written, and the automatic mapping of its columns. */
  layout: CsvLayoutSchema.optional(),
  /** How much was read: a file with more events than `limit` is previewed from its first ones. */
  read: z.object({ complete: z.boolean(), events: z.number(), bytes: z.number(), size: z.number().optional(), limit: z.number() }),
  /** Of a file read whole. */
  sha256: z.string().optional(),
  /** The same bytes as this file of the source, already ingested: ingesting it would publish nothing. */
  duplicateOf: z.string().optional(),
  /** Why ingesting it would fail (as its record would say); the rest is what was mapped up to there. */
  failure: FileRecordSchema.shape.error,
  /** What its record would count. */
  counts: FileRecordSchema.shape.counts.unwrap(),
  accounts: sample(z.object({ id: z.string(), name: z.string(), currency: z.string().optional(), bank: z.string().optional() })),
  entries: z.object({
    new: z.number(),
    /** Published ids it would give a new version: what changed, as far as the index of published ids knows. */
    changed: sample(
      z.object({
        id: z.string(),
        status: z.object({ from: z.string(), to: z.string() }).optional(),
        /** Signed minor units it counts for in its account's booked balance (0 while pending). */
        booked: z.object({ from: z.string(), to: z.string() }).optional(),
        type: z.object({ from: z.string(), to: z.string() }).optional(),
        /** Something else changed: a value date, a reference, a description... */
        otherDetails: z.boolean(),
      }),
    ),
    alreadyKnown: z.number(),
    informational: z.number(),
    /** Identical entries of the file after the first, numbered `:2`, `:3`... */
    duplicatesInFile: sample(z.string()),
    /** Of a file read whole, published under the same name before: ids that version held and this one does not. */
    disappeared: FileRecordSchema.shape.disappeared,
  }),
  /** Per account and currency the file moves: the balance served now and after ingesting it. */
  balances: sample(z.object({ accountId: z.string(), currency: z.string(), before: PreviewBalanceSchema.optional(), after: PreviewBalanceSchema.optional() })),
  /** Statements that do not add up, and breaks with the statements before and after them. */
  continuity: z.object({ mismatches: z.array(z.string()), breaks: z.array(ContinuityBreakSchema) }),
  beneficiaries: sample(z.object({ id: z.string(), ownerName: z.string() })),
  /** Payments initiated here that its entries or status reports would settle (or fail), by the entry that does. */
  payments: sample(z.object({ paymentId: z.string(), status: z.string(), entryId: z.string().optional() })),
  /** Its first transaction versions as /transactions would serve them; updatedAt is the preview's time. */
  transactions: z.array(TransactionSchema),
});

/** GET /admin/accounts/<id>/transactions: an account's transactions (latest version each), newest booking first. */
export const AccountTransactionsSchema = z.object({
  accountId: z.string(),
  items: z.array(TransactionSchema),
  /** The cursor of the next page; null when every booking day was read. */
  next: z.string().nullable(),
  /** Transaction versions read to make the page: the cost of the request. */
  scanned: z.number(),
});

/** GET /admin/transactions/<id>: every version of a transaction served, oldest first, each with its file and line in its metadata. */
export const TransactionVersionsSchema = z.object({
  id: z.string(),
  /** The booking day, which every version of an id shares. */
  day: z.string(),
  versions: z.array(TransactionSchema),
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
export type ApprovedFile = z.infer<typeof ApprovedFileSchema>;
export type FilePreview = z.infer<typeof FilePreviewSchema>;
export type AdminFilePage = z.infer<typeof AdminFilePageSchema>;
export type CsvLayout = z.infer<typeof CsvLayoutSchema>;
export type AccountTransactions = z.infer<typeof AccountTransactionsSchema>;
export type TransactionVersions = z.infer<typeof TransactionVersionsSchema>;
