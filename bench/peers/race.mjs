// One format's parsers timed in a process of their own (`node bench/peers/race.mjs <format> <file>
// <rounds> [layer]`): formats read one after another in one process share code (the line splitter,
// the record reducer), and the JIT's view of it, shaped by the formats before, slows the
// next one. Prints the results as JSON: per parser, its fastest round and what it read.
import { readFileSync } from "node:fs";
import { PEERS } from "./peers.mjs";
import { firstLayer, projectParse } from "./project.mjs";

/** Times each parser of a text `rounds` times, in turn; the fastest run of each, and its result or error. */
async function race(parsers, text, rounds) {
  const results = parsers.map(() => ({ ms: Infinity }));
  for (let round = 0; round < rounds; round++) {
    for (const [i, parser] of parsers.entries()) {
      if (results[i].error) continue;
      const started = performance.now();
      try {
        const result = await parser.parse(text);
        results[i] = { ms: Math.min(results[i].ms, performance.now() - started), result };
      } catch (error) {
        results[i] = { ms: NaN, error: String(error?.message ?? error).slice(0, 120) };
      }
    }
  }
  return results.map((r, i) => ({ name: parsers[i].name, ...r }));
}

const [format, path, rounds, layer] = process.argv.slice(2);
const text = readFileSync(path, "utf8");
const parsers = layer
  ? [{ name: "layer", parse: async (t) => ({ entries: await firstLayer(format, t), closings: [] }) }]
  : [{ name: "project", parse: (t) => projectParse(format, t) }, ...PEERS[format]];
const results = await race(parsers, text, Number(rounds));
process.stdout.write(JSON.stringify(results, (_, value) => (typeof value === "bigint" ? `${value}n` : value)));
