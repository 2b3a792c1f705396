import type { StoredTransaction, TransactionType } from "../model/contract";
import { dayStart } from "../model/day";
import { formatMs, parseInstant } from "../model/instant";
import { formatDecimal, umn } from "../model/money";
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

/** Maps one booked or pending bank entry to the contract's transaction (without its cursor). */
export function mapEntry(entry: BankEntry, id: string, ctx: MapContext): MappedEntry {
  const incoming = entry.amount.minor >= 0n;
  const counterpartyAccount = entry.counterparty?.account?.trim();
  const ownId = counterpartyAccount ? accountIdOf(counterpartyAccount) : undefined;
  const own = ownId !== undefined && ownId !== ctx.accountId && ctx.isOwnAccount(ownId);
  const counterpartyId = own ? ownId : counterpartyAccount ? compactIdentifier(counterpartyAccount) : undefined;
  const type: TransactionType = own ? "TRANSFER" : incoming ? "PAYIN" : "PAYOUT";
  const transaction: StoredTransaction = {
    id,
    createdAt: createdAtOf(entry),
    currency: umn(entry.amount),
    type,
    status: entry.deletes ? "CANCELLED" : entry.status === "pending" ? "PENDING" : "SUCCEEDED",
    amount: (incoming ? entry.amount.minor : -entry.amount.minor).toString(),
    ...accounts(type, incoming, ctx.accountId, counterpartyId),
    metadata: metadataOf(entry, ctx.fileKey),
  };
  const beneficiary =
    type === "PAYOUT" && counterpartyId
      ? { id: counterpartyId, ownerName: entry.counterparty?.name?.trim() || counterpartyId }
      : undefined;
  return { transaction, beneficiary };
}

/** The booking time in UTC when the file gives one, else UTC midnight of the booking day. */
function createdAtOf(entry: BankEntry): string {
  const instant = entry.bookingTime ? parseInstant(entry.bookingTime) : undefined;
  return instant ? formatMs(instant.ms) : dayStart(entry.bookingDate);
}

function accounts(type: TransactionType, incoming: boolean, account: string, counterparty: string | undefined) {
  if (type === "TRANSFER") {
    return incoming
      ? { sourceAccountID: counterparty, destinationAccountID: account }
      : { sourceAccountID: account, destinationAccountID: counterparty };
  }
  if (type === "PAYIN") return { destinationAccountID: account };
  return counterparty ? { sourceAccountID: account, destinationAccountID: counterparty } : { sourceAccountID: account };
}

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
  // The format's details first, a field of the entry taking the place of a detail of its name, then
  // the other fields: the order of spreading the details into the fields, without building that
  // object, which V8 makes slow to read (a tenth of a CSV row's whole ingestion).
  const metadata: Record<string, string> = {};
  const details = entry.details ?? {};
  for (const key of Object.keys(details)) keep(metadata, key, Object.hasOwn(fields, key) ? fields[key] : details[key]);
  for (const key in fields) if (!Object.hasOwn(details, key)) keep(metadata, key, fields[key]);
  metadata[SOURCE_FILE] = fileKey;
  metadata[SOURCE_LINE] = String(entry.line);
  return metadata;
}

function keep(metadata: Record<string, string>, key: string, value: string | undefined): void {
  if (value && key !== SOURCE_FILE && key !== SOURCE_LINE) metadata[key] = value;
}
