import type { Day } from "./day";
import type { Money } from "./money";
import type { PaymentStatusReport } from "./payment";

/**
 * What every file format yields, in file order. A format knows nothing of ids, cursors
 * or storage: it reports what the bank stated, exactly, and the ingestion maps it.
 */
export type StatementEvent =
  | { type: "statement"; statement: StatementStart }
  | { type: "balance"; balance: StatedBalance }
  | { type: "entry"; entry: BankEntry }
  /** From a payment status report (pain.002), not a statement: the bank's answer to payment files. */
  | { type: "paymentStatus"; report: PaymentStatusReport };

/** The account a statement, balance or entry belongs to, as the file names it. */
export interface AccountRef {
  /** IBAN or account number, upper-case without spaces where it is an IBAN. */
  id: string;
  name?: string | undefined;
  /** ISO 4217 code of the account, when the file states it. */
  currency?: string | undefined;
  /** The servicing bank (BIC, bank code or name), when the file states it. */
  bank?: string | undefined;
}

/** A new statement begins: balances and entries up to the next one belong to it. */
export interface StatementStart {
  line: number;
  account: AccountRef;
  /** The bank's statement number or id (MT940 :28C:, CAMT Stmt/Id, BAI2 group). */
  id?: string | undefined;
}

export type BalanceKind =
  | "opening"
  | "closing"
  | "interimOpening"
  | "interimClosing"
  | "available"
  | "forwardAvailable"
  | "other";

export interface StatedBalance {
  line: number;
  account: AccountRef;
  kind: BalanceKind;
  /** The file's own code for it: CLBD, 62F, 015, ... */
  code: string;
  /** Signed: negative when the bank says the account is in debit. */
  amount: Money;
  date: Day;
  /** RFC 3339 instant when the file gives a time. */
  time?: string | undefined;
}

/**
 * How an entry undoes an earlier one: a return (the other side's bank sends the payment back,
 * usually with a reason) or a reversal (the account's bank takes its own booking back).
 */
export type Undoing = "return" | "reversal";

export type EntryStatus = "booked" | "pending" | "info";

export interface Counterparty {
  name?: string | undefined;
  /** IBAN or account number, as written. */
  account?: string | undefined;
  bic?: string | undefined;
}

export interface BankEntry {
  /** 1-based line of the file where the entry starts. */
  line: number;
  account: AccountRef;
  bookingDate: Day;
  /** RFC 3339 instant when the file gives a booking time. */
  bookingTime?: string | undefined;
  valueDate?: Day | undefined;
  /** Signed from the account's view: positive is money in (credit), negative money out (debit). */
  amount: Money;
  status: EntryStatus;
  /** The entry reverses an earlier one (MT940 RC/RD, CAMT RvslInd). The sign already says which way money moved. */
  reversal?: boolean | undefined;
  /**
   * The entry sends an earlier payment back (see Undoing), as the format tells: a CAMT RtrInf or
   * RvslInd, an MT940 RC/RD mark, /RTRN/ reason or RTI type, a BAI2 return or reversal type code.
   */
  undoes?: Undoing | undefined;
  /**
   * The entry deletes the earlier one it names (OFX CORRECTACTION DELETE, whose CORRECTFITID is
   * then its uniqueReference): that id is served again as CANCELLED, moving no balance.
   */
  deletes?: boolean | undefined;
  /** The bank's own reference for this entry as the file states it (CAMT AcctSvcrRef, MT940 //, BAI2 bank reference); not always unique. */
  bankReference?: string | undefined;
  /**
   * The bank's reference where the format's standard makes it unique for the account (CAMT
   * Ntry/AcctSvcrRef), so that it can name the entry: the entry's id is made of it. Left out where
   * the standard promises no uniqueness (MT940 :61: references, BAI2 16 references, CSV columns).
   */
  uniqueReference?: string | undefined;
  endToEndId?: string | undefined;
  customerReference?: string | undefined;
  description?: string | undefined;
  counterparty?: Counterparty | undefined;
  /** Bank transaction code (CAMT BkTxCd, MT940 type, BAI2 type code). */
  transactionCode?: string | undefined;
  /** Further facts a reconciler may want, kept as metadata (strings only). */
  details?: Record<string, string> | undefined;
}

/** A file that cannot be ingested: says where and why, in words a person can act on. */
export class FileError extends Error {
  override name = "FileError";
  constructor(
    /** What was wrong, without the line (kept apart in `line`). */
    readonly reason: string,
    readonly line?: number,
  ) {
    super(line === undefined ? reason : `line ${line}: ${reason}`);
  }
}
