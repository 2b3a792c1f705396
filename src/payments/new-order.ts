import { MAX_AMOUNT_DIGITS, NOT_XML_CHARACTER } from "../formats/pain001";
import type { PaymentRequest } from "../model/contract";
import { currencyExponent } from "../model/currencies";
import { hash64, randomHex } from "../model/hash";
import { isValidIban } from "../model/iban";
import type { PaymentFile, PaymentOrder, PaymentType } from "../model/payment";
import { type AccountBook, accountIn } from "../model/account-book";
import { collapseWhitespace } from "../model/whitespace";
import type { Beneficiaries } from "../store/documents";
import type { PaymentConfig } from "./config";
import { endToEndIdFor } from "./end-to-end";
import { newMessageId } from "./outbox";
import { PaymentRequestError } from "./request-error";

/** RmtInf/Ustrd and every Nm are Max140Text: at most 140 characters. */
const MAX_TEXT = 140;

/** What the service serves, that a request is checked against. */
export interface PaymentContext {
  book: AccountBook;
  beneficiaries: Beneficiaries;
  config: PaymentConfig;
  nowMs: number;
}

/** Identifies the request's content: the same idempotency key with another body is a conflict. */
export function requestHash(type: PaymentType, body: PaymentRequest): string {
  const metadata = Object.entries(body.metadata ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const { idempotencyKey, amount, currency, sourceAccountId, destinationAccountId, description } = body;
  return hash64(JSON.stringify([type, idempotencyKey, amount, currency, sourceAccountId, destinationAccountId, description ?? null, metadata]));
}

/** Checks a request against the accounts and beneficiaries served, and builds its order; a 400 names the field at fault. */
export async function newOrder(type: PaymentType, body: PaymentRequest, ctx: PaymentContext): Promise<PaymentOrder> {
  const { config, nowMs } = ctx;
  if (body.amount.length > MAX_AMOUNT_DIGITS) {
    throw new PaymentRequestError(`amount: ${body.amount} has more than the ${MAX_AMOUNT_DIGITS} digits a pain.001 amount holds`);
  }
  const { currency, exponent } = parseCurrency(body.currency);
  const source = ownAccount(ctx.book, body.sourceAccountId, "sourceAccountId", currency);
  const creditor = type === "PAYOUT" ? beneficiary(ctx, body.destinationAccountId) : transferDestination(ctx, body, currency);
  const description = checkedDescription(body.description);
  const createdAt = new Date(nowMs).toISOString();
  const messageId = newMessageId(nowMs);
  const file: PaymentFile | undefined =
    config.batching === "request" ? { key: `${config.outboxPrefix}${messageId}.xml`, messageId, createdAt, version: config.version } : undefined;
  return {
    id: `${type === "PAYOUT" ? "payout" : "transfer"}_${randomHex(8)}`,
    type,
    idempotencyKey: body.idempotencyKey,
    requestHash: requestHash(type, body),
    endToEndId: await endToEndIdFor(body.idempotencyKey),
    amount: BigInt(body.amount).toString(),
    currency,
    exponent,
    sourceAccountId: source.iban,
    destinationId: body.destinationAccountId,
    debtor: { name: partyName(config.debtorName || source.name, source.iban), iban: source.iban, bic: config.debtorBic },
    creditor,
    description,
    metadata: body.metadata,
    createdAt,
    file,
  };
}

/**
 * UMN `EUR/2`. To Formance a code without `/precision` has precision 0 (CONNECTOR.md: `EUR`
 * with amount 700 is 700 euros), so a bare code is taken only where that is the currency's
 * ISO 4217 precision (`JPY`); any other precision is refused rather than read with a factor of
 * ten to some power the sender did not mean.
 */
function parseCurrency(text: string): { currency: string; exponent: number } {
  const [currency = "", written] = text.split("/");
  const exponent = currencyExponent(currency);
  if (exponent === undefined) throw new PaymentRequestError(`currency: "${text}" is not an ISO 4217 currency`);
  const precision = written === undefined ? 0 : Number(written);
  if (precision !== exponent) {
    const stated = written === undefined ? `"${currency}" without a precision means ${currency}/0 (whole units)` : `not ${written}`;
    throw new PaymentRequestError(`currency: ${currency} has precision ${exponent}: send "${currency}/${exponent}" (${stated})`);
  }
  return { currency, exponent };
}

function ownAccount(book: AccountBook, id: string, field: string, currency: string): { iban: string; name: string } {
  const account = accountIn(book, id);
  if (!account) throw new PaymentRequestError(`${field}: no account "${id}" is served here`);
  if (!isValidIban(account.id)) throw new PaymentRequestError(`${field}: account "${id}" has no valid IBAN, so no payment file can name it`);
  if (account.currency && account.currency !== currency) {
    throw new PaymentRequestError(`currency: ${currency} is not the currency of account "${id}" (${account.currency})`);
  }
  return { iban: account.id, name: account.name };
}

function beneficiary(ctx: PaymentContext, id: string): { name: string; iban: string } {
  const name = Object.hasOwn(ctx.beneficiaries, id) && !ctx.beneficiaries[id]!.retracted ? ctx.beneficiaries[id]!.ownerName : undefined;
  if (name === undefined) throw new PaymentRequestError(`destinationAccountId: no beneficiary "${id}" is served here`);
  if (!isValidIban(id)) throw new PaymentRequestError(`destinationAccountId: beneficiary "${id}" is not a valid IBAN, so no payment file can name it`);
  return { name: partyName(name, id), iban: id };
}

function transferDestination(ctx: PaymentContext, body: PaymentRequest, currency: string): { name: string; iban: string } {
  if (body.destinationAccountId === body.sourceAccountId) {
    throw new PaymentRequestError("destinationAccountId: a transfer goes to another account than its source");
  }
  const { iban, name } = ownAccount(ctx.book, body.destinationAccountId, "destinationAccountId", currency);
  return { name: partyName(name, iban), iban };
}

function checkedDescription(description: string | undefined): string | undefined {
  if (description === undefined || description.trim() === "") return undefined;
  const length = [...description].length;
  if (length > MAX_TEXT) {
    throw new PaymentRequestError(`description: ${length} characters, but a payment file's remittance line (RmtInf/Ustrd) holds ${MAX_TEXT}`);
  }
  if (NOT_XML_CHARACTER.test(description)) throw new PaymentRequestError("description: holds a control character that XML cannot carry");
  return description;
}

/** A name from a statement, fit for a pain.001 Nm: what XML cannot carry becomes a blank, cut to 140 characters. */
function partyName(name: string, fallback: string): string {
  const clean = collapseWhitespace(name.replace(new RegExp(NOT_XML_CHARACTER.source, "gu"), " "));
  return [...(clean || fallback)].slice(0, MAX_TEXT).join("");
}
