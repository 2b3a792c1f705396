// Target 1: a page costs the same whatever the store holds. Times GET /transactions pages
// (without and with updatedAtFrom, near the start and near the end of the log) in stores of
// each size, counts the R2 reads each one made, and sets them against a baseline handler that
// returns one pre-built 100-item page from R2 with a single read.
import { truncateToSeconds } from "../connector.mjs";
import { call, callJson } from "../http.mjs";
import { median, ms, quantile, ratio, size } from "../stats.mjs";
import { random } from "../gen/ledger.mjs";

const PAGE = 100;
/** Pages near either end that the samples are drawn from (with updatedAtFrom: positions in the log). */
const WINDOW = 50;
const BASELINE_KEY = "bench/baseline-page.json";

/** The request paths of one case: `samples` of them, drawn with a fixed seed. */
async function paths(server, store, rows, { filtered, deep }, samples) {
  const pages = rows / PAGE;
  const next = random(deep ? 2 : 1);
  const pick = () => (deep ? pages - WINDOW : 0) + 1 + Math.floor(next() * Math.min(WINDOW, pages));
  if (!filtered) return Array.from({ length: samples }, () => `/transactions?page=${pick()}&pageSize=${PAGE}`);
  // As the connector asks: page 1 from a cursor cut to whole seconds. The cursors are read first, untimed.
  const froms = [];
  for (let i = 0; i < 20; i++) {
    const { json } = await callJson(server.url, `/transactions?page=${pick()}&pageSize=${PAGE}`, { store });
    froms.push(truncateToSeconds(json[Math.floor(next() * json.length)].updatedAt));
  }
  return Array.from({ length: samples }, (_, i) => `/transactions?page=1&pageSize=${PAGE}&updatedAtFrom=${encodeURIComponent(froms[i % froms.length])}`);
}

/** Times each path once, in order; resolves with latencies and R2 reads (get, head, list) per request. */
async function timed(server, store, list) {
  const latencies = [];
  const reads = [];
  for (const path of list) {
    const result = await call(server.url, path, { store });
    if (result.status !== 200) throw new Error(`${path}: ${result.status} ${result.body.slice(0, 300)}`);
    latencies.push(result.ms);
    reads.push(result.r2.get + result.r2.head + result.r2.list);
  }
  return { median: median(latencies), p99: quantile(latencies, 0.99), reads: Math.max(...reads) };
}

const CASES = [
  { filtered: false, deep: false, label: "page P, shallow" },
  { filtered: false, deep: true, label: "page P, deep" },
  { filtered: true, deep: false, label: "updatedAtFrom, shallow" },
  { filtered: true, deep: true, label: "updatedAtFrom, deep" },
];

export async function pages({ server, stores, plan }) {
  const filled = [];
  for (const rows of plan.stores) filled.push({ rows, ...(await stores.csv(rows)) });
  // Page timings from a process that did nothing before them (the fills leave a large heap).
  await server.restart();
  const smallest = filled[0];
  const largest = filled.at(-1);
  const { body } = await callJson(server.url, `/transactions?page=1&pageSize=${PAGE}`, { store: largest.store });
  await call(server.url, `/__bench/put?key=${BASELINE_KEY}`, { method: "PUT", store: largest.store, body });
  // Warm-up, untimed: the first requests of a process compile the code.
  for (let i = 0; i < 30; i++) await call(server.url, `/transactions?page=${i + 1}`, { store: smallest.store });
  const baseline = await timed(server, largest.store, Array(plan.samples).fill(`/__bench/baseline?key=${BASELINE_KEY}`));

  const figures = [];
  let maxReads = 0;
  let worstBaseline = 0;
  for (const c of CASES) {
    const results = [];
    for (const { store, rows } of filled) {
      results.push({ rows, ...(await timed(server, store, await paths(server, store, rows, c, plan.samples))) });
    }
    maxReads = Math.max(maxReads, ...results.map((r) => r.reads));
    const growth = results.at(-1).median / results[0].median;
    worstBaseline = Math.max(worstBaseline, results.at(-1).median / baseline.median);
    figures.push({
      figure: `GET /transactions ${c.label}: median / p99 ms at ${results.map((r) => size(r.rows)).join(" · ")}`,
      value: `${results.map((r) => `${ms(r.median)} / ${ms(r.p99)}`).join(" · ")} (${size(largest.rows)} = ${ratio(growth)} ${size(smallest.rows)}; R2 reads ${[...new Set(results.map((r) => r.reads))].join("/")})`,
      target: `${size(largest.rows)} median ≤ 1.5× ${size(smallest.rows)}`,
      pass: growth <= 1.5,
    });
  }
  figures.push(
    { figure: "R2 reads per page request (most seen, any case, any size)", value: String(maxReads), target: "≤ 3", pass: maxReads <= 3 },
    {
      figure: `page median / baseline median at ${size(largest.rows)}, worst case (baseline: 1 R2 read of a pre-built page, median ${ms(baseline.median)} ms)`,
      value: ratio(worstBaseline),
      target: "≤ 2×",
      pass: worstBaseline <= 2,
    },
  );
  return figures;
}
