// @ts-check
// The admin API calls the tool makes, each retried on transient failures (see retry.mjs).
import { setTimeout as sleep } from "node:timers/promises";
import { exchange } from "./http.mjs";
import { RETRY_POLICY, withRetry } from "./retry.mjs";

/** The admin API refused a request, or answered something we cannot read. */
export class ApiError extends Error {}

/**
 * @typedef {{ open: () => import("node:stream").Readable, size: number }} UploadBody
 * @typedef {{ key: string, state: string, size?: number, etag?: string }} Uploaded
 * @typedef {{ status: "completed" | "busy" | "partial", files: { key: string, state: string }[] }} IngestRun
 * @typedef {{ key: string, state: string, duplicateOf?: string, error?: { line?: number, reason: string },
 *   counts?: { entries: number, published: number, changed: number, alreadyKnown: number }, rejection?: { reason: string } }} FileRecord
 */

/**
 * @param {{ endpoint: URL, adminKey: string }} target
 */
export function adminApi({ endpoint, adminKey }) {
  /**
   * @param {string} method
   * @param {string} path
   * @param {UploadBody} [body] a factory, so every try reads the file afresh
   */
  async function call(method, path, body) {
    const url = new URL(endpoint.pathname.replace(/\/+$/, "") + path, endpoint);
    const headers = { authorization: `Bearer ${adminKey}`, accept: "application/json" };
    if (method !== "GET") Object.assign(headers, { "content-length": String(body?.size ?? 0) });
    const response = await withRetry(() => exchange({ method, url, headers, body: body?.open() }), {
      sleep,
      onRetry: (reason, delayMs, next) =>
        console.error(`${method} ${path}: ${reason}; retrying in ${(delayMs / 1000).toFixed(1)} s (try ${next} of ${RETRY_POLICY.attempts})`),
    });
    if (response.status < 200 || response.status > 299) throw new ApiError(describeRefusal(response));
    try {
      return JSON.parse(response.text);
    } catch {
      throw new ApiError(`${method} ${url.href} answered ${response.status} with something that is not JSON: is the endpoint the statement-connector Worker?`);
    }
  }

  return {
    /** @type {(source: string, name: string, body: UploadBody) => Promise<Uploaded>} */
    putFile: (source, name, body) => call("PUT", `/admin/files/${encodeURIComponent(source)}/${encodeURIComponent(name)}`, body),
    /** @type {() => Promise<IngestRun>} */
    ingest: () => call("POST", "/admin/ingest"),
    /** @type {() => Promise<FileRecord[]>} */
    listFiles: () => call("GET", "/admin/files"),
  };
}

/** @typedef {ReturnType<typeof adminApi>} AdminApi */

/**
 * The service's errors are {"Title","Detail"}; a proxy in front of it may send anything.
 * @param {import("./http.mjs").HttpResponse} response
 */
function describeRefusal({ status, text }) {
  try {
    const { Title, Detail } = JSON.parse(text);
    if (Title || Detail) return `${status} ${Title ?? ""}: ${Detail ?? ""}`.trim();
  } catch {
    // not the service's JSON: fall through to the raw text
  }
  const snippet = text.replace(/\s+/g, " ").trim().slice(0, 200);
  return snippet ? `${status}: ${snippet}` : `answered ${status}`;
}
