import { z } from "zod";
import type { AccountHistory, ContinuityBreak } from "./admin";
import type { Day } from "./day";
import { formatDecimal } from "./money";

/**
 * What a balance is computed from: a statement's closing balance (a running-balance column's
 * last value included), a statement's opening balance, or the `openingBalance` of the source's
 * profile. The balance is the anchor's amount plus the entries booked after its day.
 */
const AnchorSchema = z.object({
  kind: z.enum(["closing", "opening", "profile"]),
  date: z.string(),
  amount: z.string(),
  file: z.string().optional(),
  line: z.number().optional(),
});
export type Anchor = z.infer<typeof AnchorSchema>;

const BalanceRecordSchema = z.object({
  minor: z.string(),
  exponent: z.number(),
  date: z.string(),
  /** RFC 3339 as-of time: the statement's time, or UTC midnight of its date. */
  at: z.string(),
  /** stated: the bank's own figure; computed: a stated (or configured) anchor plus the entries booked after it. */
  origin: z.enum(["stated", "computed"]),
  /** The file of the anchor. */
  file: z.string(),
  anchor: AnchorSchema.optional(),
});
export type BalanceRecord = z.infer<typeof BalanceRecordSchema>;

const StatementRecordSchema = z.object({
  file: z.string(),
  id: z.string().optional(),
  line: z.number(),
  openingDate: z.string().optional(),
  opening: z.string().optional(),
  closingDate: z.string().optional(),
  closing: z.string().optional(),
  /** The closing balance is an interim one (MT942 62M, CAMT ITBD, an intraday BAI2 report). */
  interim: z.boolean().optional(),
  /** The closing balance's time, when the file gives one. */
  closingAt: z.string().optional(),
  booked: z.string(),
  entries: z.number(),
  firstDay: z.string().optional(),
  lastDay: z.string().optional(),
  mismatch: z.string().optional(),
});
export type StatementRecord = z.infer<typeof StatementRecordSchema>;

/**
 * Everything known per account that is not a log item: balances per currency and the chain
 * of statements used to check continuity. One small document, rewritten per publication.
 */
const AccountRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  currency: z.string().optional(),
  bank: z.string().optional(),
  source: z.string(),
  /** Per currency, served as the account's balances; a currency without an anchor has none. */
  balances: z.record(z.string(), BalanceRecordSchema),
  statements: z.record(z.string(), z.array(StatementRecordSchema)),
  /** Per currency and booking day, the sum of the booked amounts of the transactions served. */
  booked: z.record(z.string(), z.record(z.string(), z.string())).optional(),
  /** Currencies with booked entries but no anchor to compute a balance from. */
  unanchored: z.array(z.string()).optional(),
  /** The published files that state something of the account. */
  files: z.array(z.string()).optional(),
  /** Why the account was taken back: every file that stated it was retracted. */
  retracted: z.string().optional(),
});
export type AccountRecord = z.infer<typeof AccountRecordSchema>;

/** A beneficiary (the counterparty of a payout), the published files that name it, and why it was taken back if it was. */
export const BeneficiaryRecordSchema = z.object({
  ownerName: z.string(),
  files: z.array(z.string()).optional(),
  retracted: z.string().optional(),
});
export type BeneficiaryRecord = z.infer<typeof BeneficiaryRecordSchema>;

export const AccountBookSchema = z.record(z.string(), AccountRecordSchema);
export type AccountBook = z.infer<typeof AccountBookSchema>;

/**
 * The account a book holds under `id`, never a property every object has: account ids come
 * from files, and `toString` or `__proto__` is no account of ours.
 */
export function accountIn(book: AccountBook, id: string): AccountRecord | undefined {
  return Object.hasOwn(book, id) ? book[id] : undefined;
}

/** Adds an account as the book's own entry: assigning `book["__proto__"]` would replace the book's prototype. */
export function addAccount(book: AccountBook, record: AccountRecord): void {
  Object.defineProperty(book, record.id, { value: record, enumerable: true, writable: true, configurable: true });
}

/** Continuity breaks of one account, in date order: statements that do not add up, and gaps between statements. */
export function continuityBreaks(account: AccountRecord): ContinuityBreak[] {
  const breaks: ContinuityBreak[] = [];
  for (const [currency, statements] of Object.entries(account.statements)) {
    const fmt = decimalIn(account, currency);
    const dated = statements
      .filter((s) => s.opening !== undefined || s.closing !== undefined)
      .sort((a, b) => dateOf(a).localeCompare(dateOf(b)));
    let previous: StatementRecord | undefined;
    for (const s of dated) {
      const base = { accountId: account.id, currency, file: s.file, statement: s.id };
      if (s.mismatch) breaks.push({ ...base, kind: "statement-does-not-add-up", date: s.closingDate, detail: s.mismatch });
      if (previous?.closing !== undefined && s.opening !== undefined && previous.closing !== s.opening) {
        breaks.push({
          ...base,
          kind: "opening-differs-from-previous-closing",
          date: s.openingDate,
          detail:
            `opening balance ${fmt(s.opening)} on ${s.openingDate} differs from the previous closing balance ` +
            `${fmt(previous.closing)} on ${previous.closingDate} (${previous.file}): ` +
            `${fmt((BigInt(s.opening) - BigInt(previous.closing)).toString())} unaccounted for`,
        });
      }
      if (s.closing !== undefined) previous = s;
    }
  }
  return breaks;
}

function dateOf(s: StatementRecord): string {
  return (s.openingDate ?? s.firstDay ?? s.closingDate ?? "") + "|" + (s.closingDate ?? s.lastDay ?? "");
}

/**
 * The balances the bank stated, per currency and day: statements' opening and closing
 * balances. A closing balance wins over an opening balance of the same day (they differ only
 * at a continuity break, listed apart), and a later statement over an earlier one.
 */
export function balanceHistory(account: AccountRecord): AccountHistory {
  const currencies = Object.entries(account.statements).map(([currency, statements]) => {
    const fmt = decimalIn(account, currency);
    type Point = AccountHistory["currencies"][number]["points"][number];
    const byDay = new Map<string, Point>();
    const add = (date: Day | undefined, amount: string | undefined, kind: Point["kind"], file: string) => {
      if (date === undefined || amount === undefined) return;
      if (kind === "opening" && byDay.get(date)?.kind === "closing") return;
      byDay.set(date, { date, amount, decimal: fmt(amount), kind, file });
    };
    for (const s of statements) add(s.openingDate, s.opening, "opening", s.file);
    for (const s of statements) add(s.closingDate, s.closing, "closing", s.file);
    const points = [...byDay.values()].sort((a, b) => a.date.localeCompare(b.date));
    return { currency, exponent: exponentIn(account, currency), points };
  });
  return { accountId: account.id, currencies: currencies.filter((c) => c.points.length > 0) };
}

function exponentIn(account: AccountRecord, currency: string): number {
  return account.balances[currency]?.exponent ?? 2;
}

function decimalIn(account: AccountRecord, currency: string): (minor: string) => string {
  const exponent = exponentIn(account, currency);
  return (minor) => formatDecimal({ minor: BigInt(minor), currency, exponent });
}

/** The accounts each file's statements or balances belong to. */
export function accountsByFile(book: AccountBook): Map<string, string[]> {
  const byFile = new Map<string, Set<string>>();
  for (const account of Object.values(book)) {
    const files = [...Object.values(account.statements).flat(), ...Object.values(account.balances)].map((r) => r.file);
    for (const file of files) {
      if (!byFile.has(file)) byFile.set(file, new Set());
      byFile.get(file)!.add(account.id);
    }
  }
  return new Map([...byFile].map(([file, ids]) => [file, [...ids].sort()]));
}
