// Parse-only against other parsers: the same generated files (CSV, CAMT.053, MT940, BAI2 of the
// same entries) read by the project's parser and by npm peers in one Node process, each round in
// turn, the fastest of the rounds kept. Every parser's entries and closing balances are checked:
// the project's against the generator's ledger, the peers' against the project's.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { buildParsers } from "../peers/project.mjs";
import { progress } from "../report.mjs";
import { count, size } from "../stats.mjs";
import { ROOT } from "../server.mjs";
import { LAST_DAY, statementFile } from "../stores.mjs";
import { addDays, dayCount, ledgerDays } from "../gen/ledger.mjs";

/**
 * The MT940 reading before its line reader was rewritten (at commit e6ff0dd), as a multiple of
 * mt940js's time on the same file in the same run, per file size (smaller files run colder):
 * the yardstick keeps the "2× faster than before" target honest on a loaded machine, where
 * absolute times drift. Measured at load 3 to 4: 5.0 to 5.4 µs an entry at 100k (0.45 to
 * 0.59 of mt940js's time), 12 to 20 µs at 10k (0.80 to 1.10).
 */
const MT940_BEFORE_PER_MT940JS = { 10_000: 0.9, 100_000: 0.5 };

const FORMATS = ["csv", "camt053", "mt940", "bai2"];

/** What the generator wrote: every entry, and each statement's closing balance (a CSV states the last one). */
function ledgerTruth(format, rows) {
  const start = addDays(LAST_DAY, 1 - dayCount(rows, 1000));
  const closings = [...ledgerDays({ rows, seed: 7, perDay: 1000, start })].map((d) => BigInt(d.closing));
  return { entries: rows, closings: format === "csv" ? closings.slice(-1) : closings };
}

const same = (a, b) => a.entries === b.entries && a.closings.join() === b.closings.join();
const describe = (r) => `${count(r.entries)} entries, ${r.closings.length} closing balances, last ${r.closings.at(-1)}`;

const RACE = join(ROOT, "bench/peers/race.mjs");

/** One format's parsers (or, with `layer`, its reading's first layer) timed in a fresh Node process: see bench/peers/race.mjs. */
function race(format, path, rounds, layer = false) {
  const out = execFileSync(process.execPath, [RACE, format, path, String(rounds), ...(layer ? ["layer"] : [])], { encoding: "utf8", maxBuffer: 1 << 26 });
  return JSON.parse(out, (_, value) => (typeof value === "string" && /^-?\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value));
}

async function measure(format, rows, rounds) {
  const file = await statementFile(format, rows);
  const [own, ...peers] = race(format, file.path, rounds);
  progress(`peers: ${format} ${size(rows)} read by ${peers.length + 1} parsers`);
  return { format, rows, bytes: file.bytes, path: file.path, own, peers, truth: ledgerTruth(format, rows) };
}

const us = (run, ms) => ((ms * 1000) / run.rows).toFixed(2);

function speedFigure(run) {
  const others = run.peers.map((p) => (p.error ? `${p.name} failed` : `${p.name} ${us(run, p.ms)} (${(p.ms / run.own.ms).toFixed(2)}×)`));
  return {
    figure: `${run.format} parse-only, ${size(run.rows)} entries (${(run.bytes / 1e6).toFixed(1)} MB), Node: µs per entry, project · peers (peer time / project time)`,
    value: [`project ${us(run, run.own.ms)}`, ...others].join(" · ") || "—",
    target: "—",
  };
}

function correctness(runs) {
  const project = runs.filter((r) => !r.own.result || !same(r.own.result, r.truth));
  const wrong = runs.flatMap((r) =>
    r.peers.filter((p) => p.error || !same(p.result, r.own.result)).map((p) => `${p.name} (${r.format}): ${p.error ?? describe(p.result)}`),
  );
  return [
    {
      figure: "project's parsers on the generated files: entries and closing balances as the generator wrote them",
      value: project.length === 0 ? "exact for every format" : project.map((r) => `${r.format}: ${r.own.error ?? describe(r.own.result)}`).join("; "),
      target: "exact",
      pass: project.length === 0,
    },
    { figure: "peers that disagree with the project's entries or closing balances, or fail", value: wrong.join("; ") || "none", target: "—" },
  ];
}

/** The first layer of the CSV and CAMT.053 readings, against a peer that does about as much. */
const LAYERS = {
  csv: { layer: "row scanner (records, cells, quotes checked)", peer: "csv-parse", rest: "rows mapped to entries" },
  camt053: { layer: "XML layer (its scanner and a subtree per account, balance, entry)", peer: "saxes walk (xmlns)", rest: "entries mapped" },
};

/** Where a reading's time goes: its first layer alone, against the peer that does about as much, and the whole reading. */
async function layers(run, rounds) {
  const { layer, peer, rest } = LAYERS[run.format];
  const [alone] = race(run.format, run.path, rounds, true);
  const reference = run.peers.find((p) => p.name === peer);
  return {
    figure: `${run.format} parse-only, ${size(run.rows)} entries: µs per entry of ${peer} · the project's ${layer} · its whole reading (${rest})`,
    value: `${us(run, reference.ms)} · ${us(run, alone.ms)} · ${us(run, run.own.ms)}: the first layer is ${((100 * alone.ms) / run.own.ms).toFixed(0)}% of the reading`,
    target: "—",
  };
}

/** A target of the form "the project's time ≤ factor × the reference's". */
function against(run, reference, factor, figure, target) {
  const ratio = reference.ms / run.own.ms;
  return { figure, value: `${us(run, run.own.ms)} / ${us(run, reference.ms)} µs per entry: ${ratio.toFixed(2)}× ${reference.name}'s speed`, target, pass: run.own.ms * factor <= reference.ms };
}

export async function peers({ plan }) {
  await buildParsers();
  const runs = [];
  for (const format of FORMATS) runs.push(await measure(format, plan.peerRows, plan.peerRounds));
  const [csv, camt, mt940, bai2] = runs;
  const peer = (run, name) => run.peers.find((p) => p.name === name);
  const mt940js = peer(mt940, "mt940js");
  const yardstick = MT940_BEFORE_PER_MT940JS[mt940.rows];
  const before = { name: "the MT940 reading before", ms: mt940js.ms * yardstick };
  const ahead = mt940.peers.filter((p) => !(mt940.own.ms < p.ms));
  return [
    ...runs.map(speedFigure),
    await layers(csv, plan.peerRounds),
    await layers(camt, plan.peerRounds),
    ...correctness(runs),
    against(csv, peer(csv, "csv-parse"), 1, "CSV parse-only vs csv-parse (same text, Node)", "≥ 1× csv-parse's speed"),
    against(camt, peer(camt, "saxes walk (xmlns)"), 0.5, "CAMT.053 parse-only vs a saxes walk with namespaces on", "≥ 0.5× the walk's speed (within 2×)"),
    against(mt940, before, 2, `MT940 parse-only vs the MT940 reading before (${yardstick}× mt940js's time in this run)`, "≥ 2×"),
    against(bai2, { ...before, ms: before.ms * (bai2.rows / mt940.rows) }, 2, "BAI2 parse-only vs the MT940 reading before, per entry", "≥ 2×"),
    {
      figure: "MT940 parse-only ahead of every npm peer (mt940js, mt940-js); BAI2: no BAI2 parser among the peers",
      value: mt940.peers.map((p) => `${p.name} ${(p.ms / mt940.own.ms).toFixed(2)}×`).join(" · "),
      target: "every peer slower",
      pass: ahead.length === 0,
    },
  ];
}
