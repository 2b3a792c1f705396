import type { StoredTransaction, TransactionType } from "../model/contract";
import { dayStart } from "../model/day";
import { formatMs, parseInstant } from "../model/instant";
import { formatDecimal, type Money, umn } from "../model/money";
import { rememberLast } from "../model/remember-last";
import type { BankEntry } from "../model/statement";
import { accountIdOf } from "../model/account-id";
import { compactIdentifier } from "../model/iban";
import { SOURCE_FILE, SOURCE_LINE } from "../model/stored-transaction";

export interface MapContext {
  accountId: string;
  /** Accounts this service serves: a payment to one of them is a TRANSFER. */
  isOwnAccount: (id: string) => boolean;
  fileKey: string;
}

export interface MappedEntry {
  transaction: StoredTransaction;
  /** The counterparty as a beneficiary, for outgoing payments to an identified account. */
  beneficiary?: { id: string; ownerName: string } | undefined;
}

/**
 * Maps one booked or pending bank entry to the contract's transaction (without its cursor). Its
 * fields and metadata are set in the order its change hash is taken in, so its stored line is
 * its JSON as it is (see serialise).
 */
export function mapEntry(entry: BankEntry, id: string, ctx: MapContext): MappedEntry {
  const incoming = entry.amount.minor >= 0n;
  const counterpartyAccount = entry.counterparty?.account?.trim();
  const ownId = counterpartyAccount ? accountIdOf(counterpartyAccount) : undefined;
  const own = ownId !== undefined && ownId !== ctx.accountId && ctx.isOwnAccount(ownId);
  const counterpartyId = own ? ownId : counterpartyAccount ? compactIdentifier(counterpartyAccount) : undefined;
  const type: TransactionType = own ? "TRANSFER" : incoming ? "PAYIN" : "PAYOUT";
  const amount = (incoming ? entry.amount.minor : -entry.amount.minor).toString();
  const createdAt = createdAtOf(entry);
  const currency = currencyOf(entry.amount);
  const metadata = metadataOf(entry, ctx.fileKey);
  const status = entry.deletes ? "CANCELLED" : entry.status === "pending" ? "PENDING" : "SUCCEEDED";
  // A payin comes from no account of the service's; a payout goes to its counterparty's, if named.
  const from = type === "PAYIN" ? undefined : type === "PAYOUT" || !incoming ? ctx.accountId : counterpartyId;
  const to = type === "PAYIN" ? ctx.accountId : type === "PAYOUT" || !incoming ? counterpartyId : ctx.accountId;
  const transaction: StoredTransaction =
    from === undefined
      ? { amount, createdAt, currency, destinationAccountID: to, id, metadata, status, type }
      : to === undefined
        ? { amount, createdAt, currency, id, metadata, sourceAccountID: from, status, type }
        : { amount, createdAt, currency, destinationAccountID: to, id, metadata, sourceAccountID: from, status, type };
  const beneficiary =
    type === "PAYOUT" && counterpartyId
      ? { id: counterpartyId, ownerName: entry.counterparty?.name?.trim() || counterpartyId }
      : undefined;
  return { transaction, beneficiary };
}

/** The booking time in UTC when the file gives one, else UTC midnight of the booking day. */
function createdAtOf(entry: BankEntry): string {
  const instant = entry.bookingTime ? parseInstant(entry.bookingTime) : undefined;
  return instant ? formatMs(instant.ms) : midnightOf(entry.bookingDate);
}

/** A file's entries come a day at a time. */
const midnightOf = rememberLast(dayStart);

/** The UMN of the last amount mapped, given again for the next of the same currency and exponent: most of a file's amounts share one. */
let lastCurrency = { currency: "", exponent: -1, umn: "" };

function currencyOf(amount: Money): string {
  if (amount.currency !== lastCurrency.currency || amount.exponent !== lastCurrency.exponent) {
    lastCurrency = { currency: amount.currency, exponent: amount.exponent, umn: umn(amount) };
  }
  return lastCurrency.umn;
}

/** The entry's own fields in metadata, by key: a detail of the same name gives way to them. */
const FIELD_KEYS = [
  "bookingDate", "valueDate", "signedAmount", "bankReference", "endToEndId", "customerReference", "description",
  "counterpartyName", "counterpartyAccount", "counterpartyBic", "transactionCode", "reversal",
] as const;
const FIELDS: ReadonlySet<string> = new Set(FIELD_KEYS);

function metadataOf(entry: BankEntry, fileKey: string): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    bookingDate: entry.bookingDate,
    valueDate: entry.valueDate,
    signedAmount: formatDecimal(entry.amount),
    bankReference: entry.bankReference,
    endToEndId: entry.endToEndId,
    customerReference: entry.customerReference,
    description: entry.description,
    counterpartyName: entry.counterparty?.name,
    counterpartyAccount: entry.counterparty?.account,
    counterpartyBic: entry.counterparty?.bic,
    transactionCode: entry.transactionCode,
    reversal: entry.reversal ? "true" : undefined,
  };
  const metadata: Record<string, string> = {};
  const details = entry.details;
  for (const key of metadataKeys(details)) keep(metadata, key, FIELDS.has(key) ? fields[key] : details![key]);
  metadata[SOURCE_FILE] = fileKey;
  metadata[SOURCE_LINE] = String(entry.line);
  return metadata;
}

function keep(metadata: Record<string, string>, key: string, value: string | undefined): void {
  if (value && key !== SOURCE_FILE && key !== SOURCE_LINE) metadata[key] = value;
}

/**
 * The keys of the entry's fields and of its details, sorted. A file's entries repeat a few sets
 * of details (a CSV's columns, a format's optional parts), so each set is sorted once.
 */
function metadataKeys(details: Readonly<Record<string, string>> | undefined): readonly string[] {
  if (!details) return SORTED_FIELD_KEYS;
  for (const recent of recentDetails) if (sameKeys(details, recent.keys)) return recent.sorted;
  const keys = Object.keys(details);
  const sorted = [...new Set([...keys, ...FIELD_KEYS])].sort();
  if (recentDetails.unshift({ keys, sorted }) > RECENT_DETAILS) recentDetails.pop();
  return sorted;
}

const SORTED_FIELD_KEYS: readonly string[] = [...FIELD_KEYS].sort();
const recentDetails: { keys: readonly string[]; sorted: readonly string[] }[] = [];
const RECENT_DETAILS = 8;

function sameKeys(details: Readonly<Record<string, string>>, keys: readonly string[]): boolean {
  let i = 0;
  for (const key in details) if (keys[i++] !== key) return false;
  return i === keys.length;
}
