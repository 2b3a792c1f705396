// @ts-check
// `sftp-sync`: fetch the bank's new files over SFTP and upload each to its source.
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { pipeline } from "node:stream/promises";
import { adminApi } from "./admin-api.mjs";
import { ADMIN_FLAGS, adminTarget, parseFlags, secondsFlag, UsageError } from "./args.mjs";
import { loadSftpConfig, SFTP_FLAGS } from "./sftp-config.mjs";
import { connectSftp } from "./sftp-connect.mjs";
import { loadState, saveState, versionKey } from "./state.mjs";
import { uploadFile } from "./upload.mjs";
import { visibleText } from "./visible-text.mjs";
import { awaitIngestion, DEFAULT_WAIT_SECONDS, WAIT_FLAGS } from "./wait.mjs";

export const SFTP_SYNC_USAGE = `Usage: statement-connector sftp-sync --config bank.json [options]

Connects to the bank's SFTP server (its host key pinned), lists each configured folder, and
uploads every file not sent before to the folder's source through the admin API. A state file
remembers each file sent (remote path, size and mtime), recorded only once its upload
succeeded, so a rerun sends nothing twice and retries what failed. Meant for cron or a CI
schedule.

  -c, --config FILE          settings (below); relative paths in it are from its folder
      --host HOST            --port PORT          --username NAME
      --host-key SHA256:...  (repeatable)         --state FILE        --min-age SECONDS
      --password-env VAR     --private-key FILE   --private-key-env VAR   --passphrase-env VAR
      --folder REMOTE=SOURCE (repeatable)         each overrides the config's field
      --wait                 then run ingestion and print what became of each file
      --timeout SECONDS      how long --wait waits (default ${DEFAULT_WAIT_SECONDS})
      --endpoint URL         (default: $STATEMENT_CONNECTOR_URL, then the config's "endpoint")
      --admin-key KEY        (default: $STATEMENT_CONNECTOR_ADMIN_KEY)
  -h, --help                 this help

Config (JSON):
  {
    "host": "sftp.bank.example",
    "port": 22,
    "username": "acme-h2h",
    "hostKeySha256": "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU",
    "privateKeyPath": "keys/bank_ed25519",
    "passphraseEnv": "BANK_SFTP_PASSPHRASE",
    "folders": [
      { "remote": "/outgoing/camt053", "source": "main-account", "match": "\\\\.xml$" },
      { "remote": "/outgoing/mt940", "source": "usd-account" }
    ],
    "statePath": "sftp-state.json",
    "minAgeSeconds": 60,
    "endpoint": "https://statement-connector.example.workers.dev"
  }

  hostKeySha256   required: the server's key fingerprint, or a list of them; get it from the
                  bank, or check what  ssh-keyscan -t ed25519 HOST | ssh-keygen -lf -  shows
                  against what the bank says. A mismatch aborts before anything is read.
  login           passwordEnv (the name of a variable holding the password), privateKeyPath,
                  or privateKeyEnv (a variable holding the key); passphraseEnv for an
                  encrypted key. Secrets are never written in the config.
  folders         remote folder -> source; "match" (a regular expression on the file name)
                  keeps only matching files. Dot-files and folders are skipped.
  minAgeSeconds   files modified more recently are left for the next run (default 60), so
                  a file the bank is still writing is not sent half-written.

Examples:
  STATEMENT_CONNECTOR_ADMIN_KEY=... statement-connector sftp-sync --config /etc/statement-connector/bank.json
  statement-connector sftp-sync --host sftp.bank.example --username acme-h2h \\
    --host-key SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU --private-key keys/bank_ed25519 \\
    --folder /outgoing/camt053=main-account --state sftp-state.json --wait

Exit code 0 when every new file was uploaded (and, with --wait, ingested or a duplicate), 1
when any failed (they are tried again next run), 2 for a usage or config error.`;

/** @param {string[]} args */
export async function sftpSyncCommand(args) {
  const { values, positionals } = parseFlags(args, { ...SFTP_FLAGS, ...ADMIN_FLAGS, ...WAIT_FLAGS });
  if (values.help) {
    console.log(SFTP_SYNC_USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`sftp-sync takes no file arguments (got ${positionals.join(" ")})`);
  const config = await loadSftpConfig(values, process.env);
  const api = adminApi(adminTarget(values, process.env, config.endpoint));
  const timeoutMs = secondsFlag(values.timeout, "--timeout", DEFAULT_WAIT_SECONDS);
  const { sent, failures } = await sync(config, api);
  console.log(`sftp-sync: ${sent.length} file${sent.length === 1 ? "" : "s"} uploaded, ${failures} failed`);
  const settled = values.wait && sent.length > 0 ? await awaitIngestion(api, sent, timeoutMs) : true;
  return failures === 0 && settled ? 0 : 1;
}

/**
 * @param {import("./sftp-config.mjs").SftpConfig} config
 * @param {import("./admin-api.mjs").AdminApi} api
 * @returns {Promise<{ sent: string[], failures: number }>} the inbox keys uploaded, and how many files or folders failed
 */
async function sync(config, api) {
  const state = await loadState(config.statePath);
  const workdir = await mkdtemp(join(tmpdir(), "statement-connector-sftp-"));
  const result = { sent: /** @type {string[]} */ ([]), failures: 0 };
  /** @type {import("./sftp-connect.mjs").SftpSession | undefined} */
  let sftp;
  try {
    sftp = await connectSftp(config);
    for (const folder of config.folders) {
      let files;
      try {
        files = await newFiles(sftp, folder, state, config.minAgeMs);
      } catch (error) {
        console.log(`${folder.remote}: cannot list: ${/** @type {Error} */ (error).message}`);
        result.failures++;
        continue;
      }
      for (const file of files) {
        const remote = posix.join(folder.remote, file.name);
        const uploaded = await transfer(sftp, api, { ...file, remote, source: folder.source }, join(workdir, "download"));
        if (!uploaded) {
          result.failures++;
          continue;
        }
        // Recorded (and saved) only now that the service has the file, one file at a time, so
        // a run that dies half-way sends again only what it had not sent.
        state.sent[versionKey(remote, file.size, file.modifyTime)] = { key: uploaded.key, at: new Date().toISOString() };
        await saveState(config.statePath, state);
        result.sent.push(uploaded.key);
      }
    }
  } finally {
    await sftp?.end();
    await rm(workdir, { recursive: true, force: true });
  }
  return result;
}

/**
 * Downloads one remote file and uploads it to its source; prints what went wrong, if anything.
 * @param {import("./sftp-connect.mjs").SftpSession} sftp
 * @param {import("./admin-api.mjs").AdminApi} api
 * @param {{ remote: string, name: string, size: number, source: string }} file
 * @param {string} local where to put the download
 */
async function transfer(sftp, api, file, local) {
  try {
    // Not sftp.get(): it resolves when the remote read ends, before the local file is written.
    await pipeline(sftp.createReadStream(file.remote), createWriteStream(local));
    // The listing's size and mtime name this version in the state: the bytes must be that version.
    if ((await stat(local)).size !== file.size) throw new Error("it changed while being downloaded; it is fetched again next run");
  } catch (error) {
    console.log(`${visibleText(file.remote)}: not downloaded: ${visibleText(/** @type {Error} */ (error).message)}`);
    return undefined;
  }
  return uploadFile(api, { path: local, source: file.source, name: file.name, label: file.remote });
}

/**
 * The folder's files not sent yet, oldest first: the service ingests files in upload order,
 * and a statement's opening balance follows the previous statement's closing one.
 * @param {import("./sftp-connect.mjs").SftpSession} sftp
 * @param {import("./sftp-config.mjs").SftpConfig["folders"][number]} folder
 * @param {import("./state.mjs").SyncState} state
 * @param {number} minAgeMs
 */
async function newFiles(sftp, folder, state, minAgeMs) {
  const now = Date.now();
  const listing = await sftp.list(folder.remote);
  return listing
    .filter((f) => f.type === "-" && !f.name.startsWith(".") && (folder.match?.test(f.name) ?? true))
    .filter((f) => now - f.modifyTime >= minAgeMs)
    .filter((f) => !(versionKey(posix.join(folder.remote, f.name), f.size, f.modifyTime) in state.sent))
    .sort((a, b) => a.modifyTime - b.modifyTime || a.name.localeCompare(b.name));
}
