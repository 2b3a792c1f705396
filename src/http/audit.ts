import type { IRequest } from "itty-router";
import type { AuditAction } from "../model/audit";
import { type ActionRecord, recordAction } from "../store/audit-log";
import { visible } from "./admin/names";
import { type Caller, callerOf } from "./auth";
import { errorResponse, toErrorResponse } from "./errors";
import type { Route } from "./route";

/**
 * Records what a route did in the audit log: a route row with `audit` has its handler wrapped
 * here (router.ts), so every action it serves is recorded, whatever its outcome, by one call to
 * recordAction. The entry is written before the answer goes out: an action that succeeded but
 * could not be recorded is answered with a 500 that says so, never reported done unrecorded.
 */
export function audited(action: AuditAction, handle: Route["handle"]): Route["handle"] {
  return async (request, env, settings) => {
    let response: Response;
    try {
      response = await handle(request, env, settings);
    } catch (error) {
      response = toErrorResponse(error);
    }
    const caller = callerOf(request);
    if (!caller) throw new Error(`the audited route ${request.method} ${request.url} ran without a caller`);
    const record = await describeAction(action, caller, request, response);
    try {
      const entry = await recordAction(env.STATEMENTS, record);
      // A second copy, outside the bucket: the Worker's log (Workers Logs, Logpush) keeps it too.
      console.log(JSON.stringify({ event: "admin-action", ...entry }));
    } catch (error) {
      console.error(JSON.stringify({ event: "admin-action-not-recorded", ...record, error: error instanceof Error ? error.message : String(error) }));
      if (record.result.outcome === "ok") {
        return errorResponse(
          500,
          "Internal Server Error",
          `The ${action} was carried out but could not be recorded in the audit log (the Worker's log has it as admin-action-not-recorded). Check its effect before repeating it.`,
        );
      }
    }
    return response;
  };
}

/** Longest target and detail kept in an entry: an entry must fit R2's custom metadata (see audit-log.ts). */
const MAX_TARGET = 330;
const MAX_DETAIL = 300;
/** Fields of an answer kept in the entry: an upload's etag and size, a run's or a payment's status, a run's files (counted). */
const ANSWER_FIELDS = ["status", "etag", "size", "idempotencyKey", "files"];

async function describeAction(action: AuditAction, caller: Caller, request: IRequest, response: Response): Promise<ActionRecord> {
  const body = await jsonBody(response);
  const ok = response.status < 400;
  const target = pathTarget(request) ?? (ok && typeof body.id === "string" ? body.id : undefined);
  const answer = ok ? answerFacts(body) : undefined;
  return {
    actor: { scope: caller.scope, key: caller.key },
    action,
    ...(target === undefined ? {} : { target: clip(target, MAX_TARGET) }),
    result: {
      outcome: ok ? "ok" : "failed",
      status: response.status,
      ...(typeof body.Title === "string" ? { title: clip(body.Title, MAX_DETAIL) } : {}),
      ...(typeof body.Detail === "string" ? { detail: clip(body.Detail, MAX_DETAIL) } : {}),
    },
    ...(answer ? { answer } : {}),
  };
}

/**
 * The path's parameters, percent-decoded where they can be, joined as `<source>/<name>`; a
 * control or invisible character, which a refused name may hold, written as its code point.
 */
function pathTarget(request: IRequest): string | undefined {
  const values = Object.values(request.params ?? {});
  if (values.length === 0) return undefined;
  const decoded = values.map((value) => {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  });
  return visible(decoded.join("/"));
}

async function jsonBody(response: Response): Promise<Record<string, unknown>> {
  if (!/^application\/json\b/.test(response.headers.get("content-type") ?? "")) return {};
  try {
    const value: unknown = await response.clone().json();
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function answerFacts(body: Record<string, unknown>): Record<string, string | number> | undefined {
  const facts: Record<string, string | number> = {};
  for (const field of ANSWER_FIELDS) {
    const value = body[field];
    if (typeof value === "string") facts[field] = clip(value, MAX_DETAIL);
    else if (typeof value === "number") facts[field] = value;
    else if (Array.isArray(value)) facts[field] = value.length;
  }
  return Object.keys(facts).length > 0 ? facts : undefined;
}

function clip(text: string, max: number): string {
  // Never half a surrogate pair: the entry is stored and served as JSON.
  return text.length <= max ? text : `${text.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, "")}…`;
}
