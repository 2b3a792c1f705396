import type { StoredTransaction, TransactionStatus, TransactionType } from "../model/contract";
import type { Day } from "../model/day";
import { Hash64 } from "../model/hash";
import type { IndexedVersion } from "../model/indexed-version";
import { compactIdentifier } from "../model/iban";
import { formatDecimal } from "../model/money";
import type { BankEntry, Undoing } from "../model/statement";

/**
 * Returns and reversals, linked to the entry they undo. Formance reads a transaction with a
 * `relatedTransactionID` as an adjustment of the payment with that reference and the same type
 * (CONNECTOR.md), so a linked return is served as the next state of the payment it sends back,
 * not as a payment of its own.
 *
 * An entry is found by its link tag: the account, what names the payment (its end-to-end id or
 * customer reference, else its counterparty's account), its amount, currency and
 * direction. A return or reversal carries the same names and amount, the other way: it looks for
 * the tag the entry it undoes would have had, among the entries booked in its month and the
 * LINK_MONTHS before. Exactly one must match; none or several leave it a transaction of its own,
 * saying why in its metadata.
 */

/** Months before a return's own that the entry it undoes is looked for in: SEPA refunds come up to 8 weeks later. */
export const LINK_MONTHS = 2;

/**
 * How an entry names its payment for linking, strongest first: its end-to-end id, else its
 * customer reference (where BAI2 and MT940 put the originator's reference: one name, so that a
 * return in another format finds it); its counterparty's account.
 */
function linkNames(entry: BankEntry): { kind: string; value: string }[] {
  const names: { kind: string; value: string }[] = [];
  const reference = referenceName(entry);
  if (reference) names.push({ kind: REFERENCE, value: reference });
  const counterparty = counterpartyName(entry);
  if (counterparty) names.push({ kind: COUNTERPARTY_ACCOUNT, value: counterparty });
  return names;
}

const REFERENCE = "reference";
const COUNTERPARTY_ACCOUNT = "counterparty account";

function referenceName(entry: BankEntry): string | undefined {
  return entry.endToEndId?.trim() || entry.customerReference?.trim() || undefined;
}

function counterpartyName(entry: BankEntry): string | undefined {
  const counterparty = entry.counterparty?.account?.trim();
  return counterparty ? compactIdentifier(counterparty) : undefined;
}

/** The hash of `account NUL kind NUL name NUL size NUL currency NUL in|out`, fed in its pieces. */
function tag(accountId: string, entry: BankEntry, kind: string, name: string, incoming: boolean): string {
  const { minor, currency } = entry.amount;
  const size = minor < 0n ? -minor : minor;
  return new Hash64().addJoined([accountId, kind, name, size.toString(), currency, incoming ? "in" : "out"], "\u0000").hex();
}

/**
 * The tag an ordinary entry is found by: of its strongest name; undefined when it names nothing
 * a return could carry, or is deleted (no payment a return could send back).
 */
export function ownLinkTag(accountId: string, entry: BankEntry): string | undefined {
  if (entry.deletes) return undefined;
  // The strongest name alone, without listing the others (see linkNames).
  const incoming = entry.amount.minor >= 0n;
  const reference = referenceName(entry);
  if (reference) return tag(accountId, entry, REFERENCE, reference, incoming);
  const counterparty = counterpartyName(entry);
  return counterparty && tag(accountId, entry, COUNTERPARTY_ACCOUNT, counterparty, incoming);
}

/**
 * The tags the entry a return or reversal undoes may have, strongest first: of each of its names,
 * with the same amount, the other way (an entry from a CSV export, say, has only a counterparty's
 * account, which its return in a CAMT.053 names beside its end-to-end id).
 */
export function undoneLinkTags(accountId: string, entry: BankEntry): string[] {
  return linkNames(entry).map((name) => tag(accountId, entry, name.kind, name.value, entry.amount.minor < 0n));
}

/** The first day of each month the entry a return of `day` undoes is looked for in, the return's own first. */
export function linkMonths(day: Day): Day[] {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7)) - 1;
  return Array.from({ length: LINK_MONTHS + 1 }, (_, i) => {
    const m = (((month - i) % 12) + 12) % 12;
    const y = year + Math.floor((month - i) / 12);
    return `${String(y).padStart(4, "0")}-${String(m + 1).padStart(2, "0")}-01`;
  });
}

/**
 * The status a return or reversal gives the payment it undoes, once booked: a return means the
 * payment did not reach its payee (FAILED); a reversal gives a payin's money back (REFUNDED) and
 * undoes a payout or transfer the bank had booked (FAILED).
 */
export function undoneStatus(undoing: Undoing, original: TransactionType): TransactionStatus {
  return undoing === "reversal" && original === "PAYIN" ? "REFUNDED" : "FAILED";
}

/** The status of an undone entry's payment as its own entry states it: before a return is booked, or after it is taken back. */
export function statusBefore(undone: IndexedVersion): TransactionStatus {
  return undone.rank === 0 ? "PENDING" : "SUCCEEDED";
}

/**
 * A return or reversal served as an adjustment of the transaction it undoes. While the bank has
 * not booked it, the payment keeps its status (an adjustment to PENDING would move it back) and
 * the metadata says a return is pending.
 */
export function linkedVersion(mapped: StoredTransaction, undoing: Undoing, original: { id: string; version: IndexedVersion; type: TransactionType }, entry: BankEntry): StoredTransaction {
  const pending = entry.status === "pending";
  return {
    ...mapped,
    type: original.type,
    status: pending ? statusBefore(original.version) : undoneStatus(undoing, original.type),
    relatedTransactionID: original.id,
    metadata: { ...mapped.metadata, undoes: undoing, ...(pending && { undoPending: "true" }), undoneTransactionId: original.id },
  };
}

/**
 * A return or reversal served as a transaction of its own, saying why: the entry it undoes was not
 * found, several were, or it was served on its own before that entry was published.
 */
export function unlinkedVersion(mapped: StoredTransaction, undoing: Undoing, entry: BankEntry, found: string[], servedAlone: boolean): StoredTransaction {
  const names = linkNames(entry);
  const size = entry.amount.minor < 0n ? -entry.amount.minor : entry.amount.minor;
  const what = names.length > 0 && `${names.map((n) => `${n.kind} ${n.value}`).join(" or ")} and amount ${formatDecimal({ ...entry.amount, minor: size })} ${entry.amount.currency}`;
  let reason: string;
  if (!what) reason = `the ${undoing} names no end-to-end id, reference or counterparty account to find the entry it undoes by`;
  else if (found.length === 0) reason = `no entry of the account with ${what} the other way, booked from ${linkMonths(entry.bookingDate).at(-1)} on, is published`;
  else if (found.length > 1) reason = `${found.length} entries of the account match ${what}: which one it undoes cannot be told`;
  else reason = `it was served as a payment of its own before the entry it undoes (${found[0]}) was published`;
  return { ...mapped, metadata: { ...mapped.metadata, undoes: undoing, unlinkedReason: reason } };
}
