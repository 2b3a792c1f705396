import { z } from "zod";
import { isCurrency } from "./currencies";
import { isDay } from "./day";

const currencyCode = z
  .string()
  .refine(isCurrency, { message: "must be an ISO 4217 currency code such as EUR" });

export const ENCODINGS = ["utf-8", "utf-16le", "utf-16be", "windows-1252", "iso-8859-1", "iso-8859-2", "windows-1250", "windows-1257"] as const;
export const FORMATS = ["csv", "camt053", "mt940", "bai2", "ofx"] as const;
/** auto: a source's files are published as they are read; review: they are held until an admin approves each. */
export const SOURCE_MODES = ["auto", "review"] as const;
export type SourceMode = (typeof SOURCE_MODES)[number];

/** Column names in the file's header (or 0-based column numbers for files without a header). */
const column = z.union([z.string().min(1), z.number().int().nonnegative()]);

/**
 * How to read the files of one source (folder under inbox/). Every field is optional:
 * what is missing is detected from the file.
 */
export const ProfileSchema = z
  .object({
    /** Whether the source's files are published as they come (auto, the default) or held for review. */
    mode: z.enum(SOURCE_MODES).optional(),
    format: z.enum(FORMATS).optional(),
    encoding: z.enum(ENCODINGS).optional(),
    delimiter: z.enum([",", ";", "\t", "|"]).optional(),
    /** Lines before the header (a bank's preamble). */
    skipLines: z.number().int().min(0).max(1000).optional(),
    /** The file has no header row: columns are given by number. */
    noHeader: z.boolean().optional(),
    decimalSeparator: z.enum([".", ","]).optional(),
    thousandsSeparator: z.enum([".", ",", " ", "'", ""]).optional(),
    /** Tokens: YYYY, YY, MM, M, DD, D, MMM (Jan..Dec); any other character is literal. */
    dateFormat: z.string().min(4).max(40).optional(),
    account: z
      .object({
        id: z.string().min(1).max(64).optional(),
        name: z.string().min(1).max(200).optional(),
        currency: currencyCode.optional(),
        bank: z.string().min(1).max(200).optional(),
      })
      .strict()
      .optional(),
    /**
     * The balance of the source's accounts at the end of `date`, for files that state none (a
     * CSV without a balance column): their balance is this plus the entries booked after it.
     * A balance a file states later and on a later day takes over.
     */
    openingBalance: z
      .object({
        amount: z.string().regex(/^-?\d{1,18}(\.\d{1,6})?$/, { message: 'must be a decimal amount with "." such as "1234.56" or "-20.00"' }),
        date: z.string().refine(isDay, { message: "must be a day as YYYY-MM-DD" }),
      })
      .strict()
      .optional(),
    columns: z
      .object({
        bookingDate: column,
        valueDate: column.optional(),
        description: z.union([column, z.array(column).min(1)]).optional(),
        counterpartyName: column.optional(),
        counterpartyAccount: column.optional(),
        amount: column.optional(),
        debit: column.optional(),
        credit: column.optional(),
        /** A column saying which way the amount goes (D/C, Af/Bij, Debit/Credit...). */
        direction: column.optional(),
        currency: column.optional(),
        balance: column.optional(),
        reference: column.optional(),
        status: column.optional(),
        accountId: column.optional(),
      })
      .strict()
      .refine((c) => c.amount !== undefined || c.debit !== undefined || c.credit !== undefined, {
        message: "needs an amount column, or debit and/or credit columns",
      })
      .optional(),
  })
  .strict();

export type Profile = z.infer<typeof ProfileSchema>;
export type ProfileColumns = NonNullable<Profile["columns"]>;
