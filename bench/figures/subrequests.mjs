// The subrequest bound: every R2 call is a subrequest, and the platform allows 1,000 an invocation
// (Standard plan). The largest files of the run are ingested again, each into a store of its own,
// by the Worker's scheduled handler as the cron trigger calls it (wrangler.toml's settings: a step
// of INGEST_STEP_MS, at most MAX_R2_CALLS_PER_RUN calls), invocation after invocation until the
// file is published. The bench worker's bucket counts every call an invocation made; the run's
// own count (`r2Calls` in /admin/runs) is given beside it.
import { callJson } from "../http.mjs";
import { progress } from "../report.mjs";
import { KEYS } from "../server.mjs";
import { count, size } from "../stats.mjs";
import { statementFile, upload } from "../stores.mjs";

export const CRON_STORES = { csv: "CRONCSV", camt053: "CRONCAMT" };
const MAX_INVOCATIONS = 400;
const calls = (r2) => r2.get + r2.head + r2.list + r2.put + r2.delete;

/** Cron invocations until the file is published: the R2 calls each made, as counted and as the run reported them. */
async function cronIngestion(server, format, rows) {
  const store = CRON_STORES[format];
  const file = await statementFile(format, rows);
  await upload(server, store, file);
  const invocations = [];
  while (invocations.length < MAX_INVOCATIONS) {
    const { r2 } = await callJson(server.url, "/__bench/cron", { method: "POST", store });
    const { json: runs } = await callJson(server.url, "/admin/runs", { store, key: KEYS.admin });
    invocations.push({ counted: calls(r2), reported: runs[0]?.r2Calls ?? 0 });
    if (runs[0]?.files.some((f) => f.key === file.key && f.state === "ingested")) {
      progress(`${store}: ${format} ${size(rows)} published over ${invocations.length} cron invocations`);
      return { format, file, invocations };
    }
    if (runs[0]?.files.some((f) => f.key === file.key && f.state !== "ingesting")) throw new Error(`${file.key}: ${JSON.stringify(runs[0])}`);
  }
  throw new Error(`${file.key} was not published after ${MAX_INVOCATIONS} cron invocations`);
}

export async function subrequests({ server, plan }) {
  const bound = Number(server.options.bindings.MAX_R2_CALLS_PER_RUN);
  const runs = [];
  for (const [format, rows] of Object.entries(plan.cronRows)) runs.push(await cronIngestion(server, format, rows));
  const most = Math.max(...runs.flatMap((r) => r.invocations.map((i) => i.counted)));
  const describe = (r) =>
    `${r.format} ${(r.file.bytes / 1e6).toFixed(0)} MB (${size(r.file.rows)}): ${r.invocations.length} invocations, ` +
    `most ${count(Math.max(...r.invocations.map((i) => i.counted)))} (run's own count ${count(Math.max(...r.invocations.map((i) => i.reported)))})`;
  return [
    {
      figure: `R2 calls (subrequests) per cron invocation, the largest files ingested by the scheduled handler until published`,
      value: `${runs.map(describe).join(" · ")}; most of any: ${count(most)}`,
      target: `≤ MAX_R2_CALLS_PER_RUN (${bound}; the platform allows 1,000)`,
      pass: most <= bound,
    },
  ];
}
