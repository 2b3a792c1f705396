import { ceilMs, parseInstant } from "../model/instant";
import { badRequest } from "./errors";

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export type SortField = "createdAt" | "updatedAt";

export interface ListQuery {
  page: number;
  pageSize: number;
  sort: { field: SortField; descending: boolean };
  /** The `<field>From` filter as whole ms (the least ms at or after the given instant). */
  fromMs?: number | undefined;
  /** Which field `fromMs` filters on. */
  fromField?: SortField | undefined;
}

export type Query = Record<string, string | string[] | undefined>;

/**
 * Reads page, pageSize, sort and the `From` filters, refusing anything malformed with the
 * parameter's name and the reason: a wrong page silently "fixed" would skip or repeat data.
 */
export function parseListQuery(query: Query, fields: { sort: SortField[]; from: SortField[] }): ListQuery {
  const page = integerParam(query, "page", 1, Number.MAX_SAFE_INTEGER) ?? 1;
  const pageSize = integerParam(query, "pageSize", 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE;
  const from = fromParam(query, fields.from);
  const sort = sortParam(query, fields.sort, from?.field);
  // A filter is served by the index of its own field: filtering on one and sorting on the
  // other would need a scan of the whole store.
  if (from && from.field !== sort.field) {
    throw badRequest(`${from.field}From goes with sort=${from.field}:asc or ${from.field}:desc`);
  }
  return { page, pageSize, sort, fromMs: from?.ms, fromField: from?.field };
}

function fromParam(query: Query, allowed: SortField[]): { field: SortField; ms: number } | undefined {
  const given = (["createdAt", "updatedAt"] as const).filter((field) => single(query, `${field}From`) !== undefined);
  if (given.length > 1) throw badRequest("give createdAtFrom or updatedAtFrom, not both");
  const field = given[0];
  if (!field) return undefined;
  const name = `${field}From`;
  if (!allowed.includes(field)) {
    throw badRequest(`${name} is not supported here; use ${allowed.map((f) => `${f}From`).join(" or ")}`);
  }
  const text = single(query, name)!;
  const instant = parseInstant(text);
  if (!instant) throw badRequest(`${name} must be an RFC 3339 date-time with a zone, such as 2024-01-31T10:15:42Z; got "${text}"`);
  return { field, ms: ceilMs(instant) };
}

export function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw badRequest(`${name} is given more than once`);
  return value;
}

export function integerParam(query: Query, name: string, min: number, max: number): number | undefined {
  const text = single(query, name);
  if (text === undefined) return undefined;
  if (!/^\d{1,16}$/.test(text)) throw badRequest(`${name} must be a whole number from ${min} to ${max}; got "${text}"`);
  const value = Number(text);
  if (value < min || value > max) throw badRequest(`${name} must be from ${min} to ${max}; got ${text}`);
  return value;
}

/** Without a sort, the order of the filtered field, else the cursor order (the last allowed field). */
function sortParam(query: Query, allowed: SortField[], filtered: SortField | undefined): ListQuery["sort"] {
  const text = single(query, "sort");
  if (text === undefined) return { field: filtered ?? allowed[allowed.length - 1]!, descending: false };
  const match = /^(\w+)(?::(asc|desc))?$/i.exec(text);
  const field = allowed.find((f) => f === match?.[1]);
  if (!match || !field) {
    const options = allowed.flatMap((f) => [`${f}:asc`, `${f}:desc`]).join(", ");
    throw badRequest(`sort must be one of ${options}; got "${text}"`);
  }
  return { field, descending: match[2]?.toLowerCase() === "desc" };
}
