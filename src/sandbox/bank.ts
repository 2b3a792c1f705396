import { z } from "zod";
import { isDay } from "../model/day";
import { isValidIban } from "../model/iban";
import { SANDBOX_COUNTRIES } from "./iban";

/** The files a sandbox account's bank sends its statements in. */
export const SANDBOX_FORMATS = ["camt053.001.02", "camt053.001.08", "mt940", "bai2", "csv"] as const;
export type SandboxFormat = (typeof SANDBOX_FORMATS)[number];

const day = z.string().refine(isDay, "a day YYYY-MM-DD");
const iban = z.string().refine(isValidIban, "an IBAN with valid check digits");
/** Minor units, signed, as text: a bigint in JSON. */
const minor = z.string().regex(/^-?\d+$/);

export const SandboxPartySchema = z.object({ name: z.string(), iban: iban.optional(), bic: z.string().optional() });
export type SandboxParty = z.infer<typeof SandboxPartySchema>;

/** What kind of activity an entry is: it decides its bank transaction codes and its words. */
export const ENTRY_KINDS = [
  "salary", "customer-payment", "supplier", "rent", "card", "fee",
  "return", "reversal", "payout", "payout-return", "transfer-in",
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** One entry the sandbox bank books (or holds pending) on an account. */
export const SandboxEntrySchema = z.object({
  /** The bank's reference for the entry, unique for the account: CAMT AcctSvcrRef, MT940 and BAI2 bank reference. */
  id: z.string(),
  kind: z.enum(ENTRY_KINDS),
  /** The booking day (for a pending entry, the day it will be booked). */
  day,
  valueDate: day,
  /** Signed from the account's view: positive is money in. */
  amount: minor,
  status: z.enum(["booked", "pending"]),
  counterparty: SandboxPartySchema.optional(),
  endToEndId: z.string().optional(),
  /** The remittance text. */
  description: z.string(),
  reversal: z.boolean().optional(),
  /** ISO 20022 return reason (ExternalReturnReason1Code) of a returned payment. */
  returnReason: z.string().optional(),
  /** The entry this one returns or reverses. */
  original: z.string().optional(),
});
export type SandboxEntry = z.infer<typeof SandboxEntrySchema>;

/** A test account at the sandbox bank, and where its statement chain stands. */
export const SandboxAccountSchema = z.object({
  iban,
  name: z.string().min(1).max(70),
  currency: z.string().regex(/^[A-Z]{3}$/),
  country: z.enum(SANDBOX_COUNTRIES),
  bic: z.string(),
  format: z.enum(SANDBOX_FORMATS),
  /** The inbox folder its files go to. */
  source: z.string(),
  /** Whether the bank answers this account's payment files by itself (see answerPayment). */
  answerPayouts: z.boolean(),
  seed: z.string(),
  /** The balance at the end of `lastDay`. */
  balance: minor,
  /** The last day a statement covers. */
  lastDay: day,
  /** The last statement's number (MT940 :28C:, CAMT ElctrncSeqNb). */
  statementNumber: z.number().int().nonnegative(),
  /** How many entries the bank has made, for their references. */
  entryCount: z.number().int().nonnegative(),
  /** Files written, for their names. */
  fileCount: z.number().int().nonnegative(),
  /** Entries reported pending and not booked yet. */
  pending: z.array(SandboxEntrySchema),
  /** The latest booked entries (up to RECENT_ENTRIES), the targets of returns and reversals. */
  recent: z.array(SandboxEntrySchema),
  /** Payments initiated here that the bank has answered: payment id to what it did. */
  answered: z.record(z.string(), z.enum(["executed", "rejected", "returned"])),
});
export type SandboxAccount = z.infer<typeof SandboxAccountSchema>;

export const SandboxBeneficiarySchema = z.object({ iban, name: z.string().min(1).max(70), bic: z.string().optional() });
export type SandboxBeneficiary = z.infer<typeof SandboxBeneficiarySchema>;

/** How many booked entries an account keeps for lifecycle actions. */
export const RECENT_ENTRIES = 500;

/** One statement: a day of an account, its balances and entries (pending ones listed, not counted). */
export interface SandboxStatement {
  account: SandboxAccount;
  number: number;
  day: string;
  opening: bigint;
  closing: bigint;
  entries: SandboxEntry[];
}

/** A file the sandbox bank sends: its name in the account's inbox folder, and its text. */
export interface SandboxFile {
  name: string;
  text: string;
}
