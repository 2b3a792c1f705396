// Runs bench/worker.ts in workerd. The worker is bundled once, up front, by wrangler itself
// (`wrangler deploy --dry-run`: the bundle a deploy would ship, nodejs_compat included), then
// served by Miniflare without any file watcher: `wrangler dev` and unstable_startWorker rebuild
// and reload on every change under src/, which would restart the runtime mid-measurement when
// someone edits the code. One local R2 bucket per bench store, persisted under bench-data/.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { unstable_readConfig } from "wrangler";

export const ROOT = new URL("..", import.meta.url).pathname;
export const KEYS = { connector: "bench-connector-key", admin: "bench-admin-key" };
const BUILD = join(ROOT, "bench-data/build");
const PERSIST = join(ROOT, "bench-data/state");

export class Server {
  url = "";
  pid = 0;
  #mf;

  constructor(script, options) {
    this.script = script;
    this.options = options;
  }

  /** Bundles the worker and starts it on empty stores (the names become R2 bindings). */
  static async start(stores) {
    rmSync(PERSIST, { recursive: true, force: true });
    const config = unstable_readConfig({ config: join(ROOT, "wrangler.toml") }, { hideWarnings: true });
    const server = new Server(bundle(), {
      compatibilityDate: config.compatibility_date,
      compatibilityFlags: config.compatibility_flags,
      // wrangler.toml's vars and the keys; no rate limiter binding: the bench measures the store,
      // and a full sync would otherwise spend its time in 429s (src/ treats the limiter as optional).
      bindings: { ...config.vars, API_KEYS: KEYS.connector, ADMIN_API_KEY: KEYS.admin },
      // The status page's files are text modules beside the bundle: wrangler.toml's Text rule, plus wrangler's default for HTML.
      modulesRules: [{ type: "Text", include: [...config.rules.filter((r) => r.type === "Text").flatMap((r) => r.globs), "**/*.html"] }],
      r2Buckets: stores,
      r2Persist: PERSIST,
    });
    await server.#launch();
    return server;
  }

  /**
   * A new workerd process on the same stores: memory figures are read from a process that did
   * nothing else (its peak RSS, VmHWM, then belongs to the measured work alone).
   */
  async restart() {
    await this.#mf.dispose();
    await this.#launch();
  }

  dispose() {
    return this.#mf.dispose();
  }

  /** Resident and peak resident memory of the workerd process, in MB. */
  memory() {
    const status = readFileSync(`/proc/${this.pid}/status`, "utf8");
    const kb = (name) => Number(new RegExp(`${name}:\\s*(\\d+)`).exec(status)[1]);
    return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
  }

  async #launch() {
    this.#mf = new Miniflare({
      modules: true,
      scriptPath: this.script,
      ...this.options,
      host: "127.0.0.1",
      port: 0,
      // The worker's own logs go to stderr with the progress, keeping stdout for the table.
      handleRuntimeStdio: (stdout, stderr) => {
        for (const stream of [stdout, stderr]) stream.on("data", (chunk) => process.stderr.write(chunk));
      },
    });
    this.url = (await this.#mf.ready).origin;
    this.pid = workerdPid();
  }
}

function bundle() {
  rmSync(BUILD, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [join(ROOT, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", BUILD, join(ROOT, "bench/worker.ts")],
    // No network here: wrangler must not ask Cloudflare for anything.
    { cwd: ROOT, stdio: "pipe", env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" } },
  );
  return join(BUILD, "worker.js");
}

/** The one workerd process this Node process runs. */
function workerdPid() {
  const children = readdirSync("/proc").filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      return ppid === process.pid && stat.includes("(workerd)");
    } catch {
      return false;
    }
  });
  if (children.length !== 1) throw new Error(`expected one workerd child process, found ${children.length}`);
  return Number(children[0]);
}

export function workerdVersion() {
  return JSON.parse(readFileSync(join(ROOT, "node_modules/workerd/package.json"), "utf8")).version;
}
