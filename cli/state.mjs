// @ts-check
// What sftp-sync has sent: a small JSON file, so a rerun (next cron tick, a retry) sends nothing twice.
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * @typedef {{ version: 1, sent: Record<string, { key: string, at: string }> }} SyncState
 * `sent` maps a remote file version (path, size, mtime: see versionKey) to the inbox key it went to.
 */

/**
 * A remote file as of one listing. A file the bank rewrites (new size or mtime) is a new version
 * and is sent again: the service reads a file replaced under the same name again.
 * @param {string} remotePath
 * @param {number} size
 * @param {number} mtimeMs
 */
export function versionKey(remotePath, size, mtimeMs) {
  return `${remotePath}|${size}|${mtimeMs}`;
}

/**
 * @param {string} path
 * @returns {Promise<SyncState>}
 */
export async function loadState(path) {
  let text;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === "ENOENT") return { version: 1, sent: {} };
    throw new Error(`cannot read the state file: ${/** @type {Error} */ (error).message}`);
  }
  // A damaged state must stop the run: taking it as empty would send every file again.
  let state;
  try {
    state = JSON.parse(text);
  } catch {
    state = undefined;
  }
  if (state?.version !== 1 || typeof state.sent !== "object" || state.sent === null) {
    throw new Error(`the state file ${path} is not an sftp-sync state ({"version": 1, "sent": {...}}): repair or remove it (removing it sends every remote file again)`);
  }
  return state;
}

/**
 * Written to a temporary file and renamed over the old one, so a crash mid-write never leaves
 * half a state file.
 * @param {string} path
 * @param {SyncState} state
 */
export async function saveState(path, state) {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`);
  await rename(temporary, path);
}
