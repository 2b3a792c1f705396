import type { AccountRecord, BalanceRecord, StatementRecord } from "../model/account-book";
import type { StatementCheck } from "../model/continuity";
import type { Day } from "../model/day";
import type { StatedBalance } from "../model/statement";

/** A stated closing balance, unless the account already has one of a later day. */
export function statedBalance(account: AccountRecord, balance: StatedBalance, file: string): BalanceRecord | undefined {
  const current = account.balances[balance.amount.currency];
  if (current && current.date > balance.date) return undefined;
  return {
    minor: balance.amount.minor.toString(),
    exponent: balance.amount.exponent,
    date: balance.date,
    at: balance.time ?? `${balance.date}T00:00:00.000Z`,
    origin: "stated",
    file,
  };
}

/** For a file that states no balance: the previous known balance plus the entries it newly published. */
export function computedBalance(
  account: AccountRecord,
  currency: string,
  exponent: number,
  delta: bigint,
  lastDay: Day,
  file: string,
): BalanceRecord {
  const current = account.balances[currency];
  const date = current && current.date > lastDay ? current.date : lastDay;
  return {
    minor: (BigInt(current?.minor ?? "0") + delta).toString(),
    exponent,
    date,
    at: `${date}T00:00:00.000Z`,
    origin: "computed",
    file,
  };
}

export function statementRecord(check: StatementCheck, file: string): StatementRecord {
  const s = check.summary;
  return {
    file,
    id: s.statementId,
    line: s.line,
    openingDate: s.opening?.date,
    opening: s.opening?.amount.minor.toString(),
    closingDate: s.closing?.date,
    closing: s.closing?.amount.minor.toString(),
    booked: s.booked.minor.toString(),
    entries: s.entries,
    firstDay: s.firstDay,
    lastDay: s.lastDay,
    mismatch: check.mismatch,
  };
}
