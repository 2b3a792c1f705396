import type { Env } from "../env";
import { dayStart } from "../model/day";
import { formatMs } from "../model/instant";
import { umn } from "../model/money";
import { accountIn, type AccountRecord } from "../model/account-book";
import { bookingOrderSeqs } from "../store/booking-days";
import { type LogState, pageSeqs, readPage } from "../store/log";
import { loadManifest, type Manifest } from "../store/manifest";
import { readDocument } from "../store/documents";
import { ACCOUNTS_PREFIX, BENEFICIARIES_PREFIX, TX_PREFIX } from "../store/layout";
import { jsonArray, notFound } from "./errors";
import { type ListQuery, parseListQuery, type SortField } from "./list-query";

type Query = Record<string, string | string[] | undefined>;

interface LogResource {
  prefix: string;
  log: (m: Manifest) => LogState;
  /** The field that carries the log's cursor. */
  cursor: SortField;
  fields: { sort: SortField[]; from: SortField[] };
}

const RESOURCES = {
  accounts: { prefix: ACCOUNTS_PREFIX, log: (m) => m.logs.accounts, cursor: "createdAt", fields: { sort: ["createdAt"], from: ["createdAt"] } },
  beneficiaries: { prefix: BENEFICIARIES_PREFIX, log: (m) => m.logs.beneficiaries, cursor: "createdAt", fields: { sort: ["createdAt"], from: ["createdAt"] } },
  transactions: { prefix: TX_PREFIX, log: (m) => m.logs.transactions, cursor: "updatedAt", fields: { sort: ["createdAt", "updatedAt"], from: ["createdAt", "updatedAt"] } },
} satisfies Record<string, LogResource>;

export type ListName = keyof typeof RESOURCES;

/** What a list can be sorted and filtered on, as the route table documents it. */
export const listFields = (name: ListName): LogResource["fields"] => RESOURCES[name].fields;

/**
 * A page of a log, in cursor order (or its reverse). One manifest read plus the segments
 * the page falls in: the cost follows the page, not the size of the store.
 */
export async function listPage(env: Env, name: ListName, query: Query): Promise<Response> {
  const resource: LogResource = RESOURCES[name];
  const q: ListQuery = parseListQuery(query, resource.fields);
  const { manifest } = await loadManifest(env.STATEMENTS);
  const log = resource.log(manifest);
  const seqs =
    q.sort.field === resource.cursor
      ? pageSeqs(log, { page: q.page, pageSize: q.pageSize, descending: q.sort.descending, fromMs: q.fromMs })
      : await bookingOrder(env, manifest, q);
  return jsonArray(await readPage(env.STATEMENTS, resource.prefix, log, seqs, resource.cursor));
}

/** Transactions by booking date: the days table, the days the page falls in, then their segments. */
async function bookingOrder(env: Env, manifest: Manifest, q: ListQuery): Promise<number[]> {
  const table = await readDocument(env.STATEMENTS, manifest, "days");
  const from = q.fromMs === undefined ? undefined : formatMs(q.fromMs);
  return bookingOrderSeqs(env.STATEMENTS, table, { page: q.page, pageSize: q.pageSize, descending: q.sort.descending, from });
}

export async function accountBalances(env: Env, rawAccountId: string): Promise<Response> {
  return Response.json(balancesOf(await findAccount(env, rawAccountId)));
}

/** The account a path names, or 404. */
export async function findAccount(env: Env, rawAccountId: string): Promise<AccountRecord> {
  const accountId = decodePathSegment(rawAccountId);
  const { manifest } = await loadManifest(env.STATEMENTS);
  const book = await readDocument(env.STATEMENTS, manifest, "accounts");
  const account = accountIn(book, accountId);
  if (!account) throw notFound(`No account "${accountId}" is served here.`);
  return account;
}

function balancesOf(account: AccountRecord) {
  const balances = Object.entries(account.balances).sort(([a], [b]) => a.localeCompare(b));
  const at = balances.map(([, b]) => b.at).sort().at(-1) ?? lastBookedAt(account);
  return {
    id: account.id,
    accountID: account.id,
    at,
    balances: balances.map(([currency, b]) => ({ amount: b.minor, currency: umn({ currency, exponent: b.exponent }) })),
  };
}

/**
 * For an account without a balance: the start of its last booking day, so the answer stays the
 * same between polls while nothing changes (the time of the request when it has no entries yet).
 */
function lastBookedAt(account: AccountRecord): string {
  const last = Object.values(account.booked ?? {}).flatMap((days) => Object.keys(days)).sort().at(-1);
  return last ? dayStart(last) : formatMs(Date.now());
}

function decodePathSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw notFound(`No account "${raw}" is served here.`);
  }
}
