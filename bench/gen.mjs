// npm run gen -- <csv|camt053|mt940|bai2> --rows N [--seed S] [--per-day N] [--start YYYY-MM-DD] --out PATH
// Writes a statement file of N entries, deterministic by seed, streamed to disk a day at a
// time with backpressure: memory stays flat whatever N is.
import { once } from "node:events";
import { createWriteStream, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { bai2 } from "./gen/bai2.mjs";
import { camt053 } from "./gen/camt053.mjs";
import { csv } from "./gen/csv.mjs";
import { ledgerDays } from "./gen/ledger.mjs";
import { mt940 } from "./gen/mt940.mjs";

export const FORMATS = { csv, camt053, mt940, bai2 };

/** Writes the file and resolves with its size in bytes. */
export async function generate(format, { rows, seed = 7, perDay = 1000, start = "2024-01-01", out }) {
  const writer = FORMATS[format];
  if (!writer) throw new Error(`unknown format "${format}": use ${Object.keys(FORMATS).join(", ")}`);
  mkdirSync(dirname(out), { recursive: true });
  const file = createWriteStream(out);
  const write = async (text) => {
    if (!file.write(text)) await once(file, "drain");
  };
  await write(writer.header());
  let index = 0;
  for (const day of ledgerDays({ rows, seed, perDay, start })) await write(writer.day(day, index++));
  await write(writer.footer());
  file.end();
  await once(file, "finish");
  return file.bytesWritten;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { rows: { type: "string" }, seed: { type: "string" }, "per-day": { type: "string" }, start: { type: "string" }, out: { type: "string" } },
  });
  const [format] = positionals;
  if (!format || !values.rows || !values.out) {
    console.error("usage: npm run gen -- <csv|camt053|mt940|bai2> --rows N [--seed S] [--per-day N] [--start YYYY-MM-DD] --out PATH");
    process.exit(2);
  }
  const started = performance.now();
  const bytes = await generate(format, {
    rows: Number(values.rows),
    seed: values.seed === undefined ? undefined : Number(values.seed),
    perDay: values["per-day"] === undefined ? undefined : Number(values["per-day"]),
    start: values.start,
    out: values.out,
  });
  console.log(`${values.out}: ${format}, ${values.rows} entries, ${(bytes / 1e6).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
