import { hash64 } from "../model/hash";
import type { BankEntry } from "../model/statement";

/**
 * Transaction ids that survive re-ingestion and overlapping exports.
 *
 * The bank's own reference is the id when the file has one. Otherwise the id is a
 * fingerprint of what the bank says about the entry (account, booking date, signed amount,
 * currency, normalised text). Identical entries on one day in one file (two equal card
 * payments) are told apart by their occurrence number, so a file keeps as many copies of a
 * fingerprint as it holds, and a later export of the same day adds none: across files, the
 * number of copies kept is the largest number seen in any one file.
 */
export class EntryIds {
  constructor(private readonly occurrences = new Map<string, number>()) {}

  snapshot(): [string, number][] {
    return [...this.occurrences];
  }

  /** Every id handed out, in the order first seen. */
  *all(): Generator<string> {
    for (const [base, n] of this.occurrences) {
      yield base;
      for (let i = 2; i <= n; i++) yield `${base}:${i}`;
    }
  }

  idFor(entry: BankEntry, accountId: string): string {
    const base = entry.bankReference
      ? `${accountId}:ref:${entry.bankReference}`
      : `${accountId}:${entry.bookingDate}:${fingerprint(entry, accountId)}`;
    const n = (this.occurrences.get(base) ?? 0) + 1;
    this.occurrences.set(base, n);
    return n === 1 ? base : `${base}:${n}`;
  }
}

export function fingerprint(entry: BankEntry, accountId: string): string {
  const text = [entry.description, entry.counterparty?.name, entry.counterparty?.account]
    .map(normaliseText)
    .join("|");
  return hash64([accountId, entry.bookingDate, entry.amount.minor.toString(), entry.amount.currency, text].join("\u0000"));
}

export function normaliseText(text: string | undefined): string {
  return (text ?? "").normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}
