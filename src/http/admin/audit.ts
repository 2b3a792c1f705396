import type { Env } from "../../env";
import type { AuditPage } from "../../model/audit";
import { readAuditPage } from "../../store/audit-log";
import { badRequest } from "../errors";
import { integerParam, type Query, single } from "../list-query";

export const DEFAULT_AUDIT_PAGE = 50;
export const MAX_AUDIT_PAGE = 200;

/** An entry's id, as `next` gives it: 15 digits of inverted time, a dash and 12 hex digits. */
const CURSOR = /^\d{15}-[0-9a-f]{12}$/;

/** GET /admin/audit?cursor=&pageSize=: recorded actions, newest first, a page at a time. */
export async function auditPage(env: Env, query: Query): Promise<Response> {
  const pageSize = integerParam(query, "pageSize", 1, MAX_AUDIT_PAGE) ?? DEFAULT_AUDIT_PAGE;
  const cursor = single(query, "cursor");
  if (cursor && !CURSOR.test(cursor)) throw badRequest(`cursor must be the "next" of a previous page; got "${cursor.slice(0, 40)}"`);
  const { entries, next } = await readAuditPage(env.STATEMENTS, pageSize, cursor || undefined);
  const page: AuditPage = { items: entries, next: next ?? null };
  return Response.json(page);
}
