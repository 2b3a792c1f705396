import type { Env } from "../../env";
import type { AccountTransactions, TransactionVersions } from "../../model/admin";
import type { Transaction } from "../../model/contract";
import { isDay } from "../../model/day";
import { formatDecimal } from "../../model/money";
import { daySeqsNewestFirst, type DaysTable } from "../../store/booking-days";
import { readDocument } from "../../store/documents";
import { TX_PREFIX } from "../../store/layout";
import { type LogState, readPage, SEGMENT_SIZE } from "../../store/log";
import { loadManifest } from "../../store/manifest";
import { badRequest, notFound } from "../errors";
import { integerParam, type Query, single } from "../list-query";
import { findAccount } from "../resources";

export const DEFAULT_ACCOUNT_PAGE = 50;
export const MAX_ACCOUNT_PAGE = 200;
/**
 * Transaction versions one page reads at most. There is no index by account: the booking-day
 * index gives each day's versions (every account's), so a page reads whole days, newest first,
 * until it is full or this many versions were read; `next` goes on from there.
 */
export const ACCOUNT_SCAN_LIMIT = 5_000;
/** Rows an export holds at most, and versions it reads for them. */
export const EXPORT_LIMIT = 10_000;
const EXPORT_SCAN_LIMIT = 50_000;
/** Versions of one day a detail reads at most (its segments are read whole). */
const DETAIL_SCAN_LIMIT = 20_000;
/** Seqs read per round: ten segments fetched at once. */
const CHUNK = 10 * SEGMENT_SIZE;

const STATUSES = ["PENDING", "SUCCEEDED", "FAILED", "CANCELLED"] as const;

interface Filter {
  from?: string | undefined;
  to?: string | undefined;
  text?: string | undefined;
  status?: string | undefined;
}

/** Where a page starts: a booking day, and how many of its matches earlier pages served. */
interface Position {
  day: string;
  skip: number;
}

/**
 * GET /admin/accounts/<id>/transactions?from=&to=&q=&status=&cursor=&pageSize=: the account's
 * transactions, each by its latest version, newest booking day first.
 */
export async function accountTransactions(env: Env, rawAccountId: string, query: Query): Promise<Response> {
  const account = await findAccount(env, rawAccountId);
  const pageSize = integerParam(query, "pageSize", 1, MAX_ACCOUNT_PAGE) ?? DEFAULT_ACCOUNT_PAGE;
  const page = await collect(env, account.id, parseFilter(query), parseCursor(single(query, "cursor")), pageSize, ACCOUNT_SCAN_LIMIT);
  const answer: AccountTransactions = { accountId: account.id, ...page };
  return Response.json(answer);
}

/**
 * GET /admin/accounts/<id>/transactions.csv: the same list, filtered the same way, as a CSV file
 * for a spreadsheet: at most EXPORT_LIMIT rows (the header X-Export-Complete says whether every
 * match is in it).
 */
export async function exportAccountTransactions(env: Env, rawAccountId: string, query: Query): Promise<Response> {
  const account = await findAccount(env, rawAccountId);
  const { items, next } = await collect(env, account.id, parseFilter(query), undefined, EXPORT_LIMIT, EXPORT_SCAN_LIMIT);
  const name = `${account.id.replace(/[^A-Za-z0-9._-]/g, "_")}-transactions.csv`;
  return new Response(transactionsCsv(items), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "x-export-complete": String(next === null),
    },
  });
}

/** GET /admin/transactions/<id>?day=: every version served of one transaction, oldest first. */
export async function transactionVersions(env: Env, rawId: string, query: Query): Promise<Response> {
  const id = decodeURIComponent(rawId);
  const day = single(query, "day") ?? /:(\d{4}-\d{2}-\d{2}):/.exec(id)?.[1];
  if (day === undefined) throw badRequest(`give the transaction's booking day as day=YYYY-MM-DD: its id does not hold it`);
  if (!isDay(day)) throw badRequest(`day must be a day as YYYY-MM-DD; got "${day.slice(0, 40)}"`);
  const { manifest } = await loadManifest(env.STATEMENTS);
  const table = await readDocument(env.STATEMENTS, manifest, "days");
  const seqs = (await daySeqsNewestFirst(env.STATEMENTS, table, day)).slice(0, DETAIL_SCAN_LIMIT).sort((a, b) => a - b);
  const versions: Transaction[] = [];
  for (let i = 0; i < seqs.length; i += CHUNK) {
    const lines = await readPage(env.STATEMENTS, TX_PREFIX, manifest.logs.transactions, seqs.slice(i, i + CHUNK), "updatedAt");
    for (const line of lines) {
      const tx = JSON.parse(line) as Transaction;
      if (tx.id === id) versions.push(tx);
    }
  }
  if (versions.length === 0) throw notFound(`No transaction "${id}" is booked on ${day}.`);
  const answer: TransactionVersions = { id, day, versions };
  return Response.json(answer);
}

/** Reads booking days newest first from `start`, the account's matches of each day newest first, until `wanted` are found. */
async function collect(env: Env, accountId: string, filter: Filter, start: Position | undefined, wanted: number, scanLimit: number) {
  const { manifest } = await loadManifest(env.STATEMENTS);
  const table: DaysTable = await readDocument(env.STATEMENTS, manifest, "days");
  const days = table
    .filter(([day]) => (!filter.from || day >= filter.from) && (!filter.to || day <= filter.to) && (!start || day <= start.day))
    .reverse();
  const items: Transaction[] = [];
  let scanned = 0;
  for (const [day, count] of days) {
    // A day is read whole (its versions of one id are together); the first is read whatever its size.
    if (scanned > 0 && scanned + count > scanLimit) return { items, next: `${day}:0`, scanned };
    const matches = await dayMatches(env, manifest.logs.transactions, table, day, accountId, filter);
    scanned += count;
    const skip = start?.day === day ? start.skip : 0;
    const taken = matches.slice(skip, skip + wanted - items.length);
    items.push(...taken);
    if (skip + taken.length < matches.length) return { items, next: `${day}:${skip + taken.length}`, scanned };
  }
  return { items, next: null, scanned };
}

/** The account's transactions booked on the day, each by its latest version, latest booking first. */
async function dayMatches(env: Env, log: LogState, table: DaysTable, day: string, accountId: string, filter: Filter): Promise<Transaction[]> {
  const seqs = await daySeqsNewestFirst(env.STATEMENTS, table, day);
  const latest = new Map<string, { seq: number; tx: Transaction }>();
  for (let i = 0; i < seqs.length; i += CHUNK) {
    const chunk = seqs.slice(i, i + CHUNK);
    const lines = await readPage(env.STATEMENTS, TX_PREFIX, log, chunk, "updatedAt");
    lines.forEach((line, j) => {
      const tx = JSON.parse(line) as Transaction;
      const seq = chunk[j]!;
      if (ownAccount(tx) === accountId && (latest.get(tx.id)?.seq ?? -1) < seq) latest.set(tx.id, { seq, tx });
    });
  }
  return [...latest.values()]
    .map(({ tx }) => tx)
    .filter((tx) => (!filter.status || tx.status === filter.status) && (!filter.text || searchable(tx).includes(filter.text)))
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? -1 : 1));
}

/** The account whose statement the entry is on: the payee of money in, the payer of money out. */
function ownAccount(tx: Transaction): string | undefined {
  const incoming = tx.type === "PAYIN" || (tx.type === "TRANSFER" && !signedAmount(tx).startsWith("-"));
  return incoming ? (tx.destinationAccountID ?? undefined) : (tx.sourceAccountID ?? undefined);
}

function searchable(tx: Transaction): string {
  return [tx.id, ...Object.values(tx.metadata ?? {})].join("\n").toLowerCase();
}

function parseFilter(query: Query): Filter {
  const day = (name: string) => {
    const value = single(query, name)?.trim() || undefined;
    if (value !== undefined && !isDay(value)) throw badRequest(`${name} must be a day as YYYY-MM-DD; got "${value.slice(0, 40)}"`);
    return value;
  };
  const status = single(query, "status")?.trim().toUpperCase() || undefined;
  if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) {
    throw badRequest(`status must be one of ${STATUSES.join(", ")}; got "${status.slice(0, 40)}"`);
  }
  return { from: day("from"), to: day("to"), text: single(query, "q")?.trim().toLowerCase() || undefined, status };
}

function parseCursor(cursor: string | undefined): Position | undefined {
  if (cursor === undefined || cursor === "") return undefined;
  const match = /^(\d{4}-\d{2}-\d{2}):(\d{1,9})$/.exec(cursor);
  if (!match || !isDay(match[1]!)) throw badRequest(`cursor must be the "next" of a previous page; got "${cursor.slice(0, 40)}"`);
  return { day: match[1]!, skip: Number(match[2]) };
}

/** The bank's signed amount as a decimal: from the metadata, else the served amount with the direction of its type. */
function signedAmount(tx: Transaction): string {
  if (tx.metadata?.signedAmount) return tx.metadata.signedAmount;
  const [currency = "", exponent = "0"] = tx.currency.split("/");
  const decimal = formatDecimal({ minor: BigInt(tx.amount), currency, exponent: Number(exponent) });
  return tx.type === "PAYOUT" ? `-${decimal}` : decimal;
}

const CSV_COLUMNS: [string, (tx: Transaction) => string | undefined][] = [
  ["Booking date", (tx) => tx.metadata?.bookingDate ?? tx.createdAt.slice(0, 10)],
  ["Value date", (tx) => tx.metadata?.valueDate],
  ["Amount", signedAmount],
  ["Currency", (tx) => tx.currency.split("/")[0]],
  ["Status", (tx) => tx.status],
  ["Type", (tx) => tx.type],
  ["Counterparty", (tx) => tx.metadata?.counterpartyName],
  ["Counterparty account", (tx) => tx.metadata?.counterpartyAccount],
  ["Description", (tx) => tx.metadata?.description],
  ["Bank reference", (tx) => tx.metadata?.bankReference],
  ["End-to-end id", (tx) => tx.metadata?.endToEndId],
  ["Transaction id", (tx) => tx.id],
  ["Published", (tx) => tx.updatedAt],
  ["File", (tx) => tx.metadata?.sourceFile],
  ["Line", (tx) => tx.metadata?.sourceLine],
];

/** RFC 4180 text, CRLF line ends, each row's cells as csvCell writes them. */
export function transactionsCsv(items: readonly Transaction[]): string {
  const rows = [CSV_COLUMNS.map(([name]) => name), ...items.map((tx) => CSV_COLUMNS.map(([, cell]) => cell(tx) ?? ""))];
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/**
 * A cell a spreadsheet reads as text, never as a formula: text starting with = + - @ (or a tab or
 * CR, which some spreadsheets skip before one) gets a leading apostrophe (OWASP's advice for CSV
 * injection); a plain decimal number such as -12.30 is left a number. Then quoted when it holds a
 * comma, a quote, a line end or outer blanks, its quotes doubled.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^[+-]?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
