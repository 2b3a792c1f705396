import type { AccountRecord, Anchor, BalanceRecord, StatementRecord } from "../model/account-book";
import type { StatementCheck } from "../model/continuity";
import { currencyExponent } from "../model/currencies";
import type { Effect } from "../model/effect";
import { type Day, dayBefore, dayStart } from "../model/day";
import { parseMinor } from "../model/money";

/** A balance the source's profile gives for its accounts: the balance at the end of `date`. */
export interface ConfiguredBalance {
  amount: string;
  date: Day;
  source: string;
}

/** An anchor, with the last day whose entries it already holds. */
interface Placed {
  anchor: Anchor;
  through: Day;
  /** Between anchors through the same day: a final closing balance, then an interim one, then the profile's, then an opening one. */
  rank: number;
  at?: string | undefined;
}

/**
 * The balance of an account in a currency, as Formance may rely on it: the latest anchor (a
 * balance the bank stated, or the profile's `openingBalance`) plus the entries booked after its
 * day; undefined when there is no anchor: a balance summed from zero is a number nobody stated.
 * Throws AmountError when the profile's amount does not fit the currency.
 */
export function anchoredBalance(
  account: AccountRecord,
  currency: string,
  exponent: number,
  configured: ConfiguredBalance | undefined,
): BalanceRecord | undefined {
  const latest = latestAnchor(account, currency, exponent, configured);
  if (!latest) return undefined;
  const { anchor, through } = latest;
  let minor = BigInt(anchor.amount);
  let last = through;
  for (const [day, sum] of Object.entries(account.booked?.[currency] ?? {})) {
    if (day <= through) continue;
    minor += BigInt(sum);
    if (day > last) last = day;
  }
  const stated = last === through && anchor.kind !== "profile";
  const date = stated ? anchor.date : last;
  return {
    minor: minor.toString(),
    exponent,
    date,
    at: (stated && latest.at) || dayStart(date),
    origin: stated ? "stated" : "computed",
    file: anchor.file ?? "",
    anchor,
  };
}

function latestAnchor(account: AccountRecord, currency: string, exponent: number, configured: ConfiguredBalance | undefined): Placed | undefined {
  const placed: Placed[] = [];
  for (const s of account.statements[currency] ?? []) {
    // A statement's balances take in every entry it lists, even one booked after its closing day
    // (an MT940 :61: booked on the 1st in the statement closing on the 29th).
    if (s.closing !== undefined && s.closingDate) {
      const anchor: Anchor = { kind: "closing", date: s.closingDate, amount: s.closing, file: s.file, line: s.line };
      const through = s.lastDay && s.lastDay > s.closingDate ? s.lastDay : s.closingDate;
      placed.push({ anchor, through, rank: s.interim ? 2 : 3, at: s.closingAt });
    }
    if (s.opening !== undefined && s.openingDate) {
      const anchor: Anchor = { kind: "opening", date: s.openingDate, amount: s.opening, file: s.file, line: s.line };
      const first = s.firstDay && s.firstDay < s.openingDate ? s.firstDay : s.openingDate;
      placed.push({ anchor, through: dayBefore(first), rank: 0 });
    }
  }
  if (configured && configured.source === account.source) {
    const amount = parseMinor(configured.amount, exponent, undefined, currency).toString();
    placed.push({ anchor: { kind: "profile", date: configured.date, amount }, through: configured.date, rank: 1 });
  }
  let best: Placed | undefined;
  for (const p of placed) if (!best || later(p, best)) best = p;
  return best;
}

/**
 * Whether an anchor is later than another: through a later day, else of a higher rank, else, for
 * two statements closing the same day (a bank's second statement of a day), the one closing at a
 * later time where both say when, else the one published later (statements are kept in that order).
 */
function later(p: Placed, best: Placed): boolean {
  if (p.through !== best.through) return p.through > best.through;
  if (p.rank !== best.rank) return p.rank > best.rank;
  if (p.at && best.at && p.at !== best.at) return Date.parse(p.at) > Date.parse(best.at);
  return true;
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
    interim: s.closing?.kind === "interimClosing" ? true : undefined,
    closingAt: s.closing?.time,
    booked: s.booked.minor.toString(),
    entries: s.entries,
    firstDay: s.firstDay,
    lastDay: s.lastDay,
    mismatch: check.mismatch,
  };
}

/**
 * The balance effects that bring every currency of an account to what its anchors give now (after
 * its source's profile changed, say); none for a currency whose balance stays as it is.
 */
export function rebalancedEffects(account: AccountRecord, configured: ConfiguredBalance | undefined): Effect[] {
  const currencies = new Set([
    ...Object.keys(account.balances), ...Object.keys(account.booked ?? {}), ...Object.keys(account.statements), ...(account.unanchored ?? []),
  ]);
  const effects: Effect[] = [];
  for (const currency of [...currencies].sort()) {
    const exponent = account.balances[currency]?.exponent ?? currencyExponent(currency) ?? 2;
    const balance = anchoredBalance(account, currency, exponent, configured);
    const unchanged = balance ? JSON.stringify(balance) === JSON.stringify(account.balances[currency]) : account.unanchored?.includes(currency);
    if (!unchanged) effects.push({ type: "balance", accountId: account.id, currency, balance });
  }
  return effects;
}
