import type { Env } from "../../env";
import { badRequest } from "../errors";
import { integerParam, type Query, single } from "../list-query";
import type { TransactionSearch } from "../../model/admin";
import type { Transaction } from "../../model/contract";
import { isDay } from "../../model/day";
import { AmountError, parseMinor } from "../../model/money";
import { daySeqsNewestFirst } from "../../store/booking-days";
import { readPage, SEGMENT_SIZE } from "../../store/log";
import { loadManifest, type Manifest } from "../../store/manifest";
import { readDocument } from "../../store/documents";
import { TX_PREFIX } from "../../store/layout";

/**
 * A search reads at most this many transactions, newest first: the log holds no index by
 * amount or text, and a store may hold millions. With `date`, the booking-day index narrows
 * the scan to that day's transactions, under the same cap.
 */
export const SEARCH_SCAN_LIMIT = 5000;
/**
 * And at most this many log segments (R2 reads), which the latest SEARCH_SCAN_LIMIT items
 * always fit in: a day's items can be spread over the whole log (a file not sorted by date).
 */
const MAX_SEGMENTS = SEARCH_SCAN_LIMIT / SEGMENT_SIZE + 1;
export const DEFAULT_RESULTS = 50;
export const MAX_RESULTS = 200;
/** Seqs read per round: ten segments fetched at once. */
const CHUNK = 10 * SEGMENT_SIZE;

interface Criteria {
  text?: string | undefined;
  amount?: string | undefined;
  date?: string | undefined;
  limit: number;
}

/**
 * GET /admin/transactions?q=&amount=&date=&limit=: published transactions matching every
 * criterion given, newest first. A transaction published in several versions (pending, then
 * booked) is judged and shown by its latest one only.
 */
export async function searchTransactions(env: Env, query: Query): Promise<Response> {
  const criteria = parseCriteria(query);
  const { manifest } = await loadManifest(env.STATEMENTS);
  const log = manifest.logs.transactions;
  const { scope, total, seqs } = await scopeOf(env, manifest, criteria.date);
  const matches = matcher(criteria);
  const items: Transaction[] = [];
  const seen = new Set<string>();
  let searched = 0;
  while (searched < seqs.length && items.length < criteria.limit) {
    const lines = await readPage(env.STATEMENTS, TX_PREFIX, log, seqs.slice(searched, searched + CHUNK), "updatedAt");
    for (const line of lines) {
      searched++;
      const tx = JSON.parse(line) as Transaction;
      if (seen.has(tx.id)) continue;
      seen.add(tx.id);
      if (matches(tx) && items.push(tx) === criteria.limit) break;
    }
  }
  const result: TransactionSearch = { items, scope, searched, total, complete: searched === total };
  return Response.json(result);
}

/** The log seqs a search may read, newest first, within SEARCH_SCAN_LIMIT items and MAX_SEGMENTS segments. */
async function scopeOf(env: Env, manifest: Manifest, date: string | undefined) {
  if (date) {
    const day = await daySeqsNewestFirst(env.STATEMENTS, await readDocument(env.STATEMENTS, manifest, "days"), date);
    return { scope: "day" as const, total: day.length, seqs: withinBudget(day) };
  }
  const total = manifest.logs.transactions.count;
  const seqs = Array.from({ length: Math.min(total, SEARCH_SCAN_LIMIT) }, (_, i) => total - 1 - i);
  return { scope: "latest" as const, total, seqs: withinBudget(seqs) };
}

function withinBudget(seqs: number[]): number[] {
  const segments = new Set<number>();
  let taken = 0;
  for (const seq of seqs.slice(0, SEARCH_SCAN_LIMIT)) {
    const segment = Math.floor(seq / SEGMENT_SIZE);
    if (!segments.has(segment) && segments.size === MAX_SEGMENTS) break;
    segments.add(segment);
    taken++;
  }
  return seqs.slice(0, taken);
}

function parseCriteria(query: Query): Criteria {
  const text = single(query, "q")?.trim().toLowerCase() || undefined;
  const amount = single(query, "amount")?.trim() || undefined;
  const date = single(query, "date")?.trim() || undefined;
  if (amount !== undefined && !/^[+-]?\d{1,30}(\.\d{1,30})?$/.test(amount)) {
    throw badRequest(`amount must be a decimal number with "." as separator, such as 12.34 or -12.34; got "${amount}"`);
  }
  if (date !== undefined && !isDay(date)) throw badRequest(`date must be a day as YYYY-MM-DD; got "${date}"`);
  const limit = integerParam(query, "limit", 1, MAX_RESULTS) ?? DEFAULT_RESULTS;
  return { text, amount, date, limit };
}

/**
 * Amounts compare in minor units of each transaction's own currency: "12.3" finds 1230 EUR
 * cents and 12 300 of a 3-decimal currency, never a rounded neighbour. A signed amount also
 * matches the direction (the bank's signed amount); an unsigned one matches either way.
 */
function matcher(c: Criteria): (tx: Transaction) => boolean {
  const wanted = new Map<number, bigint | undefined>();
  const minorAt = (exponent: number) => {
    if (!wanted.has(exponent)) wanted.set(exponent, toMinor(c.amount!, exponent));
    return wanted.get(exponent);
  };
  const signed = c.amount !== undefined && /^[+-]/.test(c.amount);
  return (tx) => {
    if (c.text && !searchableText(tx).includes(c.text)) return false;
    if (c.amount === undefined) return true;
    const target = minorAt(Number(tx.currency.split("/")[1] ?? 0));
    if (target === undefined) return false;
    const negative = tx.metadata?.signedAmount?.startsWith("-") ?? false;
    const amount = BigInt(tx.amount);
    return target === (signed && negative ? -amount : amount);
  };
}

function toMinor(decimal: string, exponent: number): bigint | undefined {
  try {
    return parseMinor(decimal, exponent);
  } catch (error) {
    if (error instanceof AmountError) return undefined;
    throw error;
  }
}

function searchableText(tx: Transaction): string {
  return [tx.id, tx.sourceAccountID, tx.destinationAccountID, ...Object.values(tx.metadata ?? {})].join("\n").toLowerCase();
}
