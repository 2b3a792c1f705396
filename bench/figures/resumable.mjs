// Target 4: a file too large for one run, ingested through repeated runs of the job, each
// bounded, must publish exactly what one run publishes. The file of the largest store is
// ingested again, in steps, into a store of its own; then both stores are read back through
// the contract and compared (transactions without their publication time, and balances).
import { call, callJson } from "../http.mjs";
import { measuredIngestion, SOURCE, upload } from "../stores.mjs";
import { count, mb, seconds, size } from "../stats.mjs";

export const STEPPED = "STEPPED";
const MAX_RUNS = 100;

/** Runs the job until the file is published; each run in a fresh process, bounded by `maxEvents`. */
async function steppedIngestion(server, maxEvents) {
  const steps = [];
  for (let run = 1; run <= MAX_RUNS; run++) {
    const { summary, r2, memory } = await measuredIngestion(server, STEPPED, `?maxEvents=${maxEvents}`);
    steps.push({ ms: summary.durationMs, puts: r2.put, putBytes: r2.putBytes, growth: memory.peak - memory.before });
    if (summary.status === "completed") return steps;
  }
  throw new Error(`the file was not published after ${MAX_RUNS} runs`);
}

/** Every transaction page of a store, without updatedAt (the only field two stores may differ in). */
async function* servedPages(server, store) {
  for (let page = 1; ; page++) {
    const { body, json } = await callJson(server.url, `/transactions?page=${page}&pageSize=1000`, { store });
    if (json.length === 0) return;
    // The cursor is the first field of every served item (src/store/log.ts readPage).
    yield { items: json.length, text: body.replace(/\{"updatedAt":"[^"]*",/g, "{") };
  }
}

/** Compares the two stores page by page without holding either; resolves with the count compared. */
async function sameTransactions(server, a, b) {
  const left = servedPages(server, a);
  const right = servedPages(server, b);
  let compared = 0;
  for (;;) {
    const [x, y] = await Promise.all([left.next(), right.next()]);
    if (x.done || y.done) return x.done && y.done ? { same: true, compared } : { same: false, compared };
    if (x.value.text !== y.value.text) return { same: false, compared };
    compared += x.value.items;
  }
}

export async function resumable({ server, stores, plan }) {
  const single = await stores.csv(plan.steppedRows);
  await upload(server, STEPPED, single.file);
  const steps = await steppedIngestion(server, plan.stepEvents);
  const { same, compared } = await sameTransactions(server, single.store, STEPPED);
  const balances = async (store) => (await call(server.url, `/accounts/${SOURCE}/balances`, { store })).body;
  const sameBalances = (await balances(single.store)) === (await balances(STEPPED));
  const total = steps.reduce((sum, s) => sum + s.ms, 0);
  // Each run takes the file up at the byte offset the previous one saved: a run's time per
  // event should not grow with how far earlier runs got (the last run also commits: left out).
  const full = steps.slice(0, -1);
  const perEvent = full.map((s) => (s.ms * 1000) / plan.stepEvents);
  return [
    {
      figure: `${size(plan.steppedRows)}-row file in ${steps.length} runs of ≤ ${size(plan.stepEvents)} events, vs one run: served transactions (minus updatedAt) and balances`,
      value: `${same ? "identical" : "DIFFERENT"} (${count(compared)} transactions), balances ${sameBalances ? "identical" : "DIFFERENT"}`,
      target: "identical",
      pass: same && sameBalances && compared === plan.steppedRows,
    },
    {
      figure: "stepped runs: duration of each run (one run of the whole file)",
      value: `${steps.map((s) => seconds(s.ms)).join(" · ")} = ${seconds(total)} (${seconds(single.ingestion.summary.durationMs)})`,
      target: "—",
    },
    {
      figure: "stepped runs: characters written (segments, index, checkpoint) and peak RSS growth per run",
      value: `${steps.map((s) => mb(s.putBytes / 1e6)).join(" · ")}; ${steps.map((s) => `+${mb(s.growth)}`).join(" · ")}`,
      target: "—",
    },
    full.length > 1 && {
      figure: "stepped runs: µs per event applied, first run and last full run (flat: no run re-reads what earlier runs applied)",
      value: `${perEvent[0].toFixed(1)} · ${perEvent.at(-1).toFixed(1)} (×${(perEvent.at(-1) / perEvent[0]).toFixed(2)})`,
      target: "≤ 1.5× the first",
      pass: perEvent.at(-1) <= 1.5 * perEvent[0],
    },
  ].filter(Boolean);
}
