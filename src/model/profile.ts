import { z } from "zod";
import { isCurrency } from "./currencies";

const currencyCode = z
  .string()
  .refine(isCurrency, { message: "must be an ISO 4217 currency code such as EUR" });

export const ENCODINGS = ["utf-8", "utf-16le", "utf-16be", "windows-1252", "iso-8859-1", "iso-8859-2", "windows-1250", "windows-1257"] as const;
export const FORMATS = ["csv", "camt053", "mt940", "bai2"] as const;

/** Column names in the file's header (or 0-based column numbers for files without a header). */
const column = z.union([z.string().min(1), z.number().int().nonnegative()]);

/**
 * How to read the files of one source (folder under inbox/). Every field is optional:
 * what is missing is detected from the file.
 */
export const ProfileSchema = z
  .object({
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
