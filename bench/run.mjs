// npm run bench [-- --quick] [-- <suite> ...]: starts the bench worker in workerd, fills the
// stores the chosen suites need with the real ingestion job, and prints the table of figures.
// Suites: pages, sync, resume, incremental, ingest, subrequests, peers (all by default, in that
// order: resume reads the largest store before incremental adds a day to it, and ingest measures
// its largest file only if it fits what is left of the 15 minutes a full run may take; peers runs
// in Node, without workerd).
import { availableParallelism, loadavg } from "node:os";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { incremental } from "./figures/incremental.mjs";
import { ingestion } from "./figures/ingestion.mjs";
import { pages } from "./figures/pages.mjs";
import { peers } from "./figures/peers.mjs";
import { resumable, STEPPED } from "./figures/resumable.mjs";
import { CRON_STORES, subrequests } from "./figures/subrequests.mjs";
import { sync } from "./figures/sync.mjs";
import { holdBenchLock } from "./lock.mjs";
import { progress, table } from "./report.mjs";
import { ROOT, Server, workerdVersion } from "./server.mjs";
import { Stores, storeName } from "./stores.mjs";

/** Sizes per mode: full is what the targets name; quick keeps every code path at a tenth or less. */
const PLANS = {
  full: {
    stores: [10_000, 100_000, 1_000_000],
    syncRows: 1_000_000,
    csvRows: [10_000, 100_000, 1_000_000, 3_000_000],
    // The third CAMT.053 size shows whether the heap stays where the 220k file's fills the job's bounds.
    camtRows: [22_000, 220_000, 660_000],
    breakdownRows: { csv: 100_000, camt053: 220_000 },
    steppedRows: 3_000_000,
    stepEvents: 750_000,
    samples: 300,
    peerRows: 100_000,
    peerRounds: 3,
    cronRows: { csv: 1_000_000, camt053: 220_000 },
  },
  quick: {
    stores: [10_000, 100_000],
    // To keep near a minute: the sync and the stepped runs on the small store, no parse-only and
    // floor rows (the peers suite times parsing). Peers on 10k entries take five rounds: a
    // reading of 25 ms is still being compiled in its first rounds, csv-parse's simpler loop less so.
    syncRows: 10_000,
    csvRows: [10_000, 100_000],
    camtRows: [22_000],
    breakdownRows: undefined,
    steppedRows: 10_000,
    stepEvents: 2_500,
    samples: 60,
    peerRows: 10_000,
    peerRounds: 5,
    // The CSV is read over two invocations; the 10 MB CAMT.053 fits one, which the full run measures.
    cronRows: { csv: 100_000 },
  },
};

const SUITES = { pages, sync, resume: resumable, incremental, ingest: ingestion, subrequests, peers };
const BUDGET_MS = 15 * 60_000;

const { values, positionals } = parseArgs({ allowPositionals: true, options: { quick: { type: "boolean", default: false } } });
const unknown = positionals.filter((name) => !(name in SUITES));
if (unknown.length > 0) {
  console.error(`unknown suite ${unknown.join(", ")}: choose from ${Object.keys(SUITES).join(", ")}`);
  process.exit(2);
}
const mode = values.quick ? "quick" : "full";
const plan = PLANS[mode];
const chosen = Object.keys(SUITES).filter((name) => positionals.length === 0 || positionals.includes(name));

await holdBenchLock(ROOT);
const started = Date.now();
const buckets = [...new Set([...plan.csvRows.map((r) => storeName("csv", r)), ...plan.camtRows.map((r) => storeName("camt053", r)), STEPPED, ...Object.values(CRON_STORES)])];
progress(`bundling the bench worker and starting workerd (${mode} run: ${chosen.join(", ")})`);
const server = await Server.start(buckets);
// A minute of margin for what follows the last file: the parse breakdowns and the table.
const context = { server, stores: new Stores(server), plan, deadline: started + BUDGET_MS - 60_000 };
const load = loadavg()[0].toFixed(2);
const figures = [];
let failed = false;
try {
  for (const name of chosen) {
    progress(`${name}…`);
    try {
      figures.push(...(await SUITES[name](context)));
    } catch (error) {
      failed = true;
      figures.push({ figure: `${name}: the suite did not finish`, value: String(error?.message ?? error).slice(0, 300), target: "—", pass: false });
      progress(`${name} failed: ${error?.stack ?? error}`);
    }
  }
} finally {
  await server.dispose();
}
const header =
  `${availableParallelism()} cores · Node ${process.version} · workerd ${workerdVersion()} · ${mode} run, ` +
  `${new Date().toISOString().slice(0, 16)}Z, load average ${load} at start, ${loadavg()[0].toFixed(2)} at end`;
const output = table(header, figures);
console.log(output);
writeFileSync(join(ROOT, "bench-data", `results-${mode}.md`), `${output}\n`);
progress(`done; the table is also in bench-data/results-${mode}.md`);
process.exit(failed ? 1 : 0);
