import { Hash64 } from "../model/hash";
import { collapseWhitespace } from "../model/whitespace";
import type { BankEntry } from "../model/statement";

/**
 * Transaction ids that name one bank entry forever, across re-ingestion and overlapping exports.
 *
 * A reference is the id only where the format's standard makes it unique for the account
 * (`uniqueReference`: CAMT Ntry/AcctSvcrRef). Every other entry is named by a fingerprint of what
 * the bank says about it (account, booking date, signed amount, currency, normalised text): MT940,
 * BAI2 and CSV references are free text that banks reuse (Danske Bank writes "Test" on a debit in
 * September and on a credit in October), and an id that named both would turn one payment into
 * another. Identical entries in one file (two equal card payments on one day) are told apart by
 * their occurrence number: `claimed` says which ids the same file has already given, so a file
 * keeps as many copies of a fingerprint as it holds, and a later export of the same day adds
 * none: across files, the number of copies kept is the largest number seen in any one file.
 */
export function entryId(entry: BankEntry, accountId: string, claimed: (id: string) => boolean): string {
  const base = entry.uniqueReference
    ? `${accountId}:ref:${entry.uniqueReference}`
    : `${accountId}:${entry.bookingDate}:${fingerprint(entry, accountId)}`;
  let id = base;
  for (let n = 2; claimed(id); n++) id = `${base}:${n}`;
  return id;
}

/**
 * The hash of `account NUL day NUL minor NUL currency NUL description|name|account`, the texts
 * normalised, fed in its pieces: the same hash as of the joined text, without writing it.
 */
function fingerprint(entry: BankEntry, accountId: string): string {
  const { amount, counterparty } = entry;
  return new Hash64()
    .addJoined([accountId, entry.bookingDate, String(amount.minor), amount.currency, ""], "\u0000")
    .addJoined([normaliseText(entry.description), normaliseText(counterparty?.name), normaliseText(counterparty?.account)], "|")
    .hex();
}

export function normaliseText(text: string | undefined): string {
  if (!text) return "";
  // ASCII is its own NFKC form, and most bank text is ASCII: the normalisation is skipped for it.
  const composed = NON_ASCII.test(text) ? text.normalize("NFKC") : text;
  return collapseWhitespace(composed.toLowerCase());
}

const NON_ASCII = /[^\x00-\x7f]/;
