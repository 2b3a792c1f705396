import { makeDay, type Day } from "../model/day";
import { RECENT_ENTRIES, type SandboxAccount, type SandboxBeneficiary, type SandboxEntry, type SandboxStatement } from "./bank";
import { type Activity, dayActivity } from "./activity";
import { Random } from "./random";

/**
 * An account's statement chain: each statement opens with the previous one's closing balance,
 * adds its booked entries, and closes; its number is the previous one's plus one. Pending entries
 * are listed in the statement of the day they are reported, counted in none, and booked by the
 * statement of their booking day.
 */

export function dayAfter(day: Day): Day {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const next = new Date(Date.UTC(year, month - 1, date + 1));
  return makeDay(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate())!;
}

/**
 * Gives activity the bank's references: unique for the account, and told apart between accounts
 * by the IBAN's last four characters, 15 characters in all (MT940's bank reference holds 16).
 */
export function withReferences(account: SandboxAccount, activity: Activity[]): { account: SandboxAccount; entries: SandboxEntry[] } {
  let count = account.entryCount;
  const entries = activity.map((a): SandboxEntry => ({ id: `S${account.iban.slice(-4)}${String(++count).padStart(10, "0")}`, ...a }));
  return { account: { ...account, entryCount: count }, entries };
}

/** The next statement of the account, on `day` (never before its last one), with these entries; and the account after it. */
export function closeStatement(account: SandboxAccount, day: Day, entries: SandboxEntry[]): { account: SandboxAccount; statement: SandboxStatement } {
  const on = day < account.lastDay ? account.lastDay : day;
  const booked = entries.filter((e) => e.status === "booked");
  const opening = BigInt(account.balance);
  const closing = booked.reduce((sum, e) => sum + BigInt(e.amount), opening);
  const number = account.statementNumber + 1;
  const statement: SandboxStatement = { account, number, day: on, opening, closing, entries };
  const recent = [...account.recent, ...booked].slice(-RECENT_ENTRIES);
  return { account: { ...account, balance: closing.toString(), lastDay: on, statementNumber: number, recent }, statement };
}

export interface Generated {
  account: SandboxAccount;
  statements: SandboxStatement[];
  /** Entries reported pending on the last day, booked on the next (an interim report for MT940 accounts). */
  pending: SandboxEntry[];
}

/**
 * `days` more days of the account, one statement each, from the day after its last statement.
 * Entries pending from before are booked on their day; every beneficiary the account has not paid
 * yet is paid on the first day (so Formance serves it as a beneficiary); with `pendingAtEnd`, the
 * last day reports a card payment pending, to be booked the next day.
 */
export function generateDays(start: SandboxAccount, days: number, beneficiaries: readonly SandboxBeneficiary[], pendingAtEnd: boolean): Generated {
  let account = start;
  const statements: SandboxStatement[] = [];
  const paid = new Set(start.recent.map((e) => e.counterparty?.iban));
  let pending: SandboxEntry[] = [];
  for (let i = 1; i <= days; i++) {
    const day = dayAfter(account.lastDay);
    const due = account.pending.filter((e) => e.day <= day).map((e): SandboxEntry => ({ ...e, day, status: "booked" }));
    const mustPay = i === 1 ? beneficiaries.filter((b) => !paid.has(b.iban)) : [];
    const made = withReferences({ ...account, pending: account.pending.filter((e) => e.day > day) }, dayActivity(account, day, beneficiaries, mustPay));
    account = made.account;
    pending = [];
    if (i === days && pendingAtEnd) {
      const reported = withReferences(account, pendingCard(account, day));
      account = { ...reported.account, pending: [...account.pending, ...reported.entries] };
      pending = reported.entries;
    }
    const closed = closeStatement(account, day, [...due, ...made.entries, ...pending]);
    account = closed.account;
    statements.push(closed.statement);
  }
  return { account, statements, pending };
}

/** A card payment of the evening of `day`, to be booked the next day. */
function pendingCard(account: SandboxAccount, day: Day): Activity[] {
  const random = new Random(`${account.seed}:${day}:pending`);
  const booking = dayAfter(day);
  const amount = -BigInt(random.int(500, 9_000));
  return [{ kind: "card", day: booking, valueDate: booking, amount: amount.toString(), status: "pending", description: `CARD ${random.chars(4)} HOTEL CENTRAL`, counterparty: { name: "HOTEL CENTRAL" } }];
}
