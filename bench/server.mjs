// Runs bench/worker.ts in workerd. The worker is bundled once, up front, by wrangler itself
// (`wrangler deploy --dry-run`: the bundle a deploy would ship, nodejs_compat included), then
// served by Miniflare without any file watcher: `wrangler dev` and unstable_startWorker rebuild
// and reload on every change under src/, which would restart the runtime mid-measurement when
// someone edits the code. One local R2 bucket per bench store, persisted under bench-data/.
// workerd is started through bench/workerd-v8.sh, which gives its V8 a heap cap and --trace-gc.
import { execFileSync } from "node:child_process";
import { createWriteStream, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Miniflare } from "miniflare";
import { unstable_readConfig } from "wrangler";

export const ROOT = new URL("..", import.meta.url).pathname;
export const KEYS = { connector: "bench-connector-key", admin: "bench-admin-key" };
/**
 * Every workerd the bench starts runs with V8's heap capped at 64 MB (half the platform's 128 MB
 * per isolate: the job must leave room for what Workers itself holds) and every collection traced.
 */
export const HEAP_CAP_MB = 64;
const HEAP_FLAGS = [`--max-heap-size=${HEAP_CAP_MB}`, "--trace-gc"];
const BUILD = join(ROOT, "bench-data/build");
const PERSIST = join(ROOT, "bench-data/state");

export class Server {
  url = "";
  pid = 0;
  #mf;

  constructor(script, options) {
    this.script = script;
    this.options = options;
    this.gc = new GcTrace();
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
      // New sources published at once: the cron figure reads a new source's file as the bench's own runs do.
      bindings: { ...config.vars, API_KEYS: KEYS.connector, ADMIN_API_KEY: KEYS.admin, NEW_SOURCES: "auto" },
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
    this.gc.clear();
    // Miniflare has no option for workerd's v8Flags: its runtime is the wrapper that adds them.
    const runtime = { MINIFLARE_WORKERD_PATH: join(ROOT, "bench/workerd-v8.sh"), BENCH_V8_FLAGS: HEAP_FLAGS.join(" ") };
    Object.assign(process.env, runtime);
    this.#mf = new Miniflare({
      modules: true,
      scriptPath: this.script,
      ...this.options,
      host: "127.0.0.1",
      port: 0,
      // The worker's own logs go to stderr with the progress, keeping stdout for the table.
      handleRuntimeStdio: (stdout, stderr) => {
        createInterface(stdout).on("line", (line) => this.gc.read(line) || process.stderr.write(`${line}\n`));
        stderr.on("data", (chunk) => process.stderr.write(chunk));
      },
    });
    try {
      this.url = (await this.#mf.ready).origin;
    } finally {
      for (const name of Object.keys(runtime)) delete process.env[name];
    }
    this.pid = workerdPid();
  }
}

/**
 * V8's `--trace-gc` lines from workerd's stdout: each collection's heap before and after, in MB,
 * per isolate. The peak is the most any isolate held when a collection started (the heap is never
 * fuller than just before one); the live set the most left after a full (mark-compact) collection.
 */
class GcTrace {
  #isolates = new Map();
  /** Every line, for a look at what a run's collections did: bench-data/gc-trace.log. */
  #log = createWriteStream(join(ROOT, "bench-data/gc-trace.log"));

  clear() {
    this.#isolates.clear();
  }

  /** Takes a line if it is a GC trace; true when it was. */
  read(line) {
    const gc = /^\[\d+:(0x[0-9a-f]+)\]\s+[\d.]+ ms: (.+?) ([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB/.exec(line);
    if (!gc) return false;
    this.#log.write(`${line}\n`);
    const [, isolate, kind, before, , after] = gc;
    const seen = this.#isolates.get(isolate) ?? { peak: 0, live: 0, collections: 0 };
    seen.peak = Math.max(seen.peak, Number(before));
    if (kind.startsWith("Mark-Compact")) seen.live = Math.max(seen.live, Number(after));
    seen.collections++;
    this.#isolates.set(isolate, seen);
    return true;
  }

  /** The isolate that held the most: the worker's (Miniflare's own services hold little). */
  largest() {
    return [...this.#isolates.values()].reduce((a, b) => (b.peak > a.peak ? b : a), { peak: 0, live: 0, collections: 0 });
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
