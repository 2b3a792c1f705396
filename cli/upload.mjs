// @ts-check
// `upload`: local files to the admin API, one by one, streamed from disk.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { adminApi } from "./admin-api.mjs";
import { ADMIN_FLAGS, adminTarget, parseFlags, secondsFlag, UsageError } from "./args.mjs";
import { progress } from "./progress.mjs";
import { visibleText } from "./visible-text.mjs";
import { awaitIngestion, DEFAULT_WAIT_SECONDS, WAIT_FLAGS } from "./wait.mjs";

export const UPLOAD_USAGE = `Usage: statement-connector upload <files...> --source <name> [options]

Uploads each file to the inbox of <source> (PUT /admin/files/<source>/<file name>) and prints
its key and state. Transient failures (network, 429, 5xx) are retried with backoff.

  -s, --source NAME     the source (inbox folder) the files belong to
      --wait            then run ingestion and print what became of each file
      --timeout SECONDS how long --wait waits (default ${DEFAULT_WAIT_SECONDS})
      --endpoint URL    the Worker's URL       (default: $STATEMENT_CONNECTOR_URL)
      --admin-key KEY   the admin API key      (default: $STATEMENT_CONNECTOR_ADMIN_KEY;
                        prefer the variable: a flag shows in the process list)
  -h, --help            this help

Examples:
  export STATEMENT_CONNECTOR_URL=https://statement-connector.example.workers.dev
  export STATEMENT_CONNECTOR_ADMIN_KEY=...
  statement-connector upload 2026-10.csv 2026-11.csv --source main-account
  statement-connector upload statements/*.sta -s usd-account --wait --timeout 300

Exit code 0 when every file was uploaded (and, with --wait, ingested or found a duplicate),
1 when any file failed, 2 for a usage error.`;

/** @typedef {{ path: string, source: string, name: string, label: string }} LocalFile  label: how output names it */

/** @param {string[]} args */
export async function uploadCommand(args) {
  const { values, positionals } = parseFlags(args, { ...ADMIN_FLAGS, ...WAIT_FLAGS, source: { type: "string", short: "s" } });
  if (values.help) {
    console.log(UPLOAD_USAGE);
    return 0;
  }
  if (!values.source) throw new UsageError("--source is required: the inbox folder the files go to");
  if (positionals.length === 0) throw new UsageError("no files to upload");
  const timeoutMs = secondsFlag(values.timeout, "--timeout", DEFAULT_WAIT_SECONDS);
  const api = adminApi(adminTarget(values, process.env));
  const source = values.source;
  // One by one, in the order given: the service ingests files in upload order, which matters for balances.
  const keys = [];
  for (const path of positionals) {
    const uploaded = await uploadFile(api, { path, source, name: basename(path), label: path });
    if (uploaded) keys.push(uploaded.key);
  }
  const settled = values.wait && keys.length > 0 ? await awaitIngestion(api, keys, timeoutMs) : true;
  return settled && keys.length === positionals.length ? 0 : 1;
}

/**
 * Uploads one file and prints its outcome. A failure is printed, not thrown, so the caller
 * goes on with the next file.
 * @param {import("./admin-api.mjs").AdminApi} api
 * @param {LocalFile} file
 * @returns {Promise<import("./admin-api.mjs").Uploaded | undefined>} undefined when the file was not uploaded
 */
export async function uploadFile(api, file) {
  const label = visibleText(file.label);
  try {
    const { size, isFile } = await stat(file.path).then((s) => ({ size: s.size, isFile: s.isFile() }));
    if (!isFile) throw new Error("not a regular file");
    const open = () => {
      const bar = progress(label, size, process.stderr);
      let sent = 0;
      // Exactly the bytes the Content-Length announced, even if the file grows meanwhile.
      const stream = createReadStream(file.path, size > 0 ? { end: size - 1 } : {});
      return stream.on("data", (chunk) => bar.update((sent += chunk.length))).on("close", bar.done);
    };
    const uploaded = await api.putFile(file.source, file.name, { open, size });
    console.log(`${label}: uploaded as ${visibleText(uploaded.key)} (${uploaded.state})`);
    return uploaded;
  } catch (error) {
    console.log(`${label}: not uploaded: ${visibleText(error instanceof Error ? error.message : String(error))}`);
    return undefined;
  }
}
