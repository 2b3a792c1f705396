// The project's parsers in Node: bench/parsers.ts bundled by esbuild (a dependency of wrangler),
// read as the ingestion job reads a file: a batch of records at a time, each its events.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

// Not server.mjs's ROOT: a race process (bench/peers/race.mjs) would load Miniflare and wrangler with it.
const ROOT = new URL("../..", import.meta.url).pathname;
const OUT = join(ROOT, "bench-data/build/parsers.mjs");

/** Bundles bench/parsers.ts (once per bench run: each race process then imports the bundle). */
export async function buildParsers() {
  await build({ entryPoints: [join(ROOT, "bench/parsers.ts")], bundle: true, platform: "node", format: "esm", outfile: OUT, logLevel: "error" });
}

let loaded;
function parsers() {
  loaded ??= import(pathToFileURL(OUT).href);
  return loaded;
}

/** The first layer of a reading alone (camtXmlLayer, csvScanner in bench/parsers.ts): what it made. */
export async function firstLayer(format, text) {
  const { camtXmlLayer, csvScanner } = await parsers();
  return format === "csv" ? csvScanner(text) : camtXmlLayer(text);
}

/** Entries and closing balances (minor units, in order) of `text` as the format's reading gives them. */
export async function projectParse(format, text) {
  const { FORMATS, textChunks } = await parsers();
  const reading = FORMATS[format].read(textChunks(text), { fileName: "bench", source: "bench" });
  let entries = 0;
  const closings = [];
  for await (const batch of reading.batches) {
    for (const events of batch) {
      for (const event of events) {
        if (event.type === "entry") entries++;
        else if (event.type === "balance" && event.balance.kind === "closing") closings.push(event.balance.amount.minor);
      }
    }
  }
  return { entries, closings };
}
