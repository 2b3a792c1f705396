import { unstable_startWorker } from "wrangler";

export const ADMIN_KEY = "browser-admin-key";
export const CONNECTOR_KEY = "browser-connector-key";

/**
 * The real Worker, bundled by wrangler as `wrangler deploy` would, served over HTTP on
 * loopback with in-memory local R2: what a browser talks to in production, minus Cloudflare.
 * `vars` adds variables (or replaces those set here), e.g. `{ SANDBOX: "on" }`.
 */
export async function startDevWorker(vars: Record<string, string> = {}) {
  // No network here: no request for Cloudflare's `cf` object, no metrics.
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
  process.env.WRANGLER_SEND_METRICS = "false";
  const worker = await unstable_startWorker({
    config: "wrangler.toml",
    // startWorker does not derive the mode from wrangler.toml's nodejs_compat flag as `wrangler dev` does.
    build: { nodejsCompatMode: "v2" },
    envFiles: [],
    // Explicit, since a developer's .dev.vars is still read; payment initiation on, for the payments panel.
    bindings: {
      ADMIN_API_KEY: { type: "plain_text", value: ADMIN_KEY },
      API_KEYS: { type: "plain_text", value: CONNECTOR_KEY },
      PAYMENT_FILES: { type: "plain_text", value: "pain.001.001.09" },
      // The page's files go to sources of their own, published as they come.
      NEW_SOURCES: { type: "plain_text", value: "auto" },
      ...Object.fromEntries(Object.entries(vars).map(([name, value]) => [name, { type: "plain_text" as const, value }])),
    },
    dev: { server: { hostname: "127.0.0.1", port: 0 }, inspector: false, persist: false, watch: false, logLevel: "warn" },
  });
  await worker.ready;
  const base = (await worker.url).origin;
  const admin = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN_KEY}`, ...init.headers } });
    if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${await response.text()}`);
    return response;
  };
  return { base, admin, dispose: () => worker.dispose() };
}
