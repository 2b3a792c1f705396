// HTTP to the bench worker, timed on the client. node:http rather than fetch: an ingestion
// request may run for many minutes, past fetch's header timeout. A new connection per request:
// workerd resets kept-alive ones now and then, and on loopback a connect costs ~0.1 ms.
import { createReadStream, statSync } from "node:fs";
import { Agent, request as send } from "node:http";
import { KEYS } from "./server.mjs";

const agent = new Agent({ keepAlive: false });

/**
 * Calls the worker; resolves with { status, body (text), r2 (the store calls it made), ms }.
 * `store` picks the R2 bucket; `file` streams a file as the body, or `body` is sent as it is.
 */
export function call(base, path, { method = "GET", store, key = KEYS.connector, file, body } = {}) {
  const headers = { authorization: `Bearer ${key}` };
  if (store) headers["x-bench-store"] = store;
  if (file) headers["content-length"] = String(statSync(file).size);
  if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = send(`${base}${path}`, { method, headers, agent, timeout: 0 }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const ms = performance.now() - started;
        const r2 = res.headers["x-bench-r2"];
        resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8"), r2: r2 && JSON.parse(r2), ms });
      });
    });
    req.on("error", reject);
    if (file) createReadStream(file).pipe(req);
    else req.end(body);
  });
}

/** A call that must succeed; resolves with its parsed JSON body and the rest of the result. */
export async function callJson(base, path, options) {
  const result = await call(base, path, options);
  if (result.status !== 200) throw new Error(`${options?.method ?? "GET"} ${path}: ${result.status} ${result.body.slice(0, 500)}`);
  return { ...result, json: JSON.parse(result.body) };
}
