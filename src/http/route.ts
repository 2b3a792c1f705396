import type { IRequest } from "itty-router";
import type { z } from "zod";
import type { Env } from "../env";
import type { AuditAction } from "../model/audit";
import type { Settings } from "../settings";
import type { Scope } from "./auth";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./list-query";
import { type ListName, listFields } from "./resources";

/**
 * One row of the route table (ROUTES in router.ts): how a request is matched, who may make it,
 * what handles it, and what OpenAPI says of it.
 */
export interface Route {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** As OpenAPI writes it; each `{name}` is one path segment unless `pattern` says otherwise. */
  path: string;
  /** A match of its own, with a named group for each `{name}` of `path` (a parameter that may hold "/"). */
  pattern?: RegExp;
  /** Whose key the route takes; "public" ones need none. */
  access: Scope | "public";
  summary: string;
  /** Descriptions of path parameters that need one. */
  params?: Record<string, string>;
  query?: QueryParameter[];
  /** A JSON body (always required), or another kind of body. */
  request?: Content;
  responses: Record<number, { description: string; content?: Content }>;
  /**
   * The action the audit log records for every request the handler serves, ok or failed (see
   * audit.ts): set on every route that changes something, never on a read. The target is the
   * path's parameters (`<source>/<name>`), or else the `id` of the answer.
   */
  audit?: AuditAction;
  /** Path parameters are in `request.params` as they arrived (percent-encoded): each handler decodes its own. */
  handle: (request: IRequest, env: Env, settings: Settings) => Response | Promise<Response>;
}

/** A JSON body by its zod schema, or a body of another media type by its JSON Schema. */
export type Content = z.ZodType | { mediaType: string; schema: Record<string, unknown> };

export interface QueryParameter {
  name: string;
  description: string;
  schema: Record<string, unknown>;
}

export const query = (name: string, description: string, schema: Record<string, unknown>): QueryParameter => ({ name, description, schema });

/** The query parameters of a list, from the fields the list can be sorted and filtered on. */
export function listQuery(name: ListName): QueryParameter[] {
  const { sort, from } = listFields(name);
  return [
    query("page", "page number, from 1", { type: "integer", minimum: 1, default: 1 }),
    query("pageSize", "items per page", { type: "integer", minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE }),
    query("sort", "order", { type: "string", enum: sort.flatMap((f) => [`${f}:asc`, `${f}:desc`]) }),
    ...from.map((f) => query(`${f}From`, `only items with ${f} at or after this instant (inclusive)`, { type: "string", format: "date-time" })),
  ];
}

/** The route's match: its own pattern, or its path with each `{name}` as one segment. */
export function routePattern(route: Route): RegExp {
  if (route.pattern) return route.pattern;
  const escaped = route.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, "(?<$1>[^/]+)");
  return new RegExp(`^${escaped}$`);
}
