import { PaymentRequestError } from "../payments/request-error";

/** An error meant for the caller: status, a short title and a detail that says what to change. */
export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${title}: ${detail}`);
  }
}

export const badRequest = (detail: string) => new HttpError(400, "Bad Request", detail);
export const notFound = (detail: string) => new HttpError(404, "Not Found", detail);

/** A file action that waits for no ingestion run to hold the lease: `done` says what it does, as "approved". */
export const runInProgress = (key: string, done: string) =>
  new HttpError(
    503,
    "Service Unavailable",
    `An ingestion run is in progress: ${key} is ${done} when no run is reading files. Try again when it has ended (GET /admin/runs lists it).`,
    { "retry-after": "30" },
  );

/** The contract's error body, `{"Title","Detail"}`. */
export function errorResponse(status: number, title: string, detail: string, headers: Record<string, string> = {}): Response {
  return Response.json({ Title: title, Detail: detail }, { status, headers });
}

/** Maps anything thrown while handling a request to a response; internals stay in the log. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof HttpError) return errorResponse(error.status, error.title, error.detail, error.headers);
  if (error instanceof PaymentRequestError) return errorResponse(400, "Bad Request", error.message);
  console.error(JSON.stringify({ event: "request-failed", error: error instanceof Error ? error.stack ?? error.message : String(error) }));
  return errorResponse(500, "Internal Server Error", "The request could not be completed. The error has been logged; try again later.");
}

/** A JSON body already serialised item by item (a page of log items). */
export function jsonArray(items: string[]): Response {
  return new Response(`[${items.join(",")}]`, { headers: { "content-type": "application/json; charset=utf-8" } });
}
