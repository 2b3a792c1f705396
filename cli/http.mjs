// @ts-check
// One HTTP exchange. node:http rather than fetch: fetch sends a stream body chunked, while the
// admin API requires a Content-Length (411 without one), and we must not read a file into
// memory to get one.
import http from "node:http";
import https from "node:https";

/** No answer, or the connection broke: the request may be tried again. */
export class NetworkError extends Error {}

/**
 * @typedef {{ status: number, headers: import("node:http").IncomingHttpHeaders, text: string }} HttpResponse
 * @typedef {object} HttpRequest
 * @property {string} method
 * @property {URL} url
 * @property {Record<string, string>} headers
 * @property {import("node:stream").Readable} [body] sent as is: the caller sets its Content-Length
 * @property {number} [idleMs] give up when the connection is silent this long
 */

/**
 * @param {HttpRequest} request
 * @returns {Promise<HttpResponse>}
 */
export function exchange({ method, url, headers, body, idleMs = 60_000 }) {
  return new Promise((resolve, reject) => {
    /** @type {Error | undefined} a failure reading the body is ours, not the network's: not retried */
    let localError;
    const transport = url.protocol === "https:" ? https : http;
    const req = transport.request(url, { method, headers }, (res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("error", (error) => reject(new NetworkError(`${url.host}: the answer broke off (${error.message})`)));
      res.on("end", () => {
        // The server may answer (413, 400) before the whole body was sent: stop sending.
        body?.destroy();
        req.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") });
      });
    });
    req.setTimeout(idleMs, () => req.destroy(new NetworkError(`${url.host}: no answer for ${idleMs / 1000} s`)));
    req.on("error", (error) => {
      body?.destroy();
      if (localError) reject(localError);
      else reject(error instanceof NetworkError ? error : new NetworkError(`${url.host}: ${error.message}`));
    });
    if (!body) return void req.end();
    body.on("error", (error) => {
      localError = error;
      req.destroy(error);
    });
    body.pipe(req);
  });
}
