#!/usr/bin/env node
// @ts-check
// The statement-connector command: one subcommand per job, errors as one line, exit codes
// 0 (all done), 1 (something failed), 2 (the tool was called wrong).
import { readFileSync } from "node:fs";
import { UsageError } from "./args.mjs";
import { closest } from "./suggest.mjs";

/**
 * @typedef {object} Command
 * @property {string} summary
 * @property {() => Promise<{ usage: string, run: (args: string[]) => Promise<number> }>} load
 *   loaded only when called, so that `upload` does not load the SFTP library
 */

/** @type {Record<string, Command>} */
const COMMANDS = {
  upload: {
    summary: "upload statement files to a source through the admin API",
    load: async () => {
      const { UPLOAD_USAGE, uploadCommand } = await import("./upload.mjs");
      return { usage: UPLOAD_USAGE, run: uploadCommand };
    },
  },
  "sftp-sync": {
    summary: "fetch new files from a bank's SFTP server and upload them",
    load: async () => {
      const { SFTP_SYNC_USAGE, sftpSyncCommand } = await import("./sftp-sync.mjs");
      return { usage: SFTP_SYNC_USAGE, run: sftpSyncCommand };
    },
  },
};

const USAGE = `Usage: statement-connector <command> [options]

Commands:
${Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(11)} ${summary}`).join("\n")}
  help        a command's options and examples: statement-connector help <command>

The admin API is found through STATEMENT_CONNECTOR_URL and STATEMENT_CONNECTOR_ADMIN_KEY
(or --endpoint and --admin-key).

Examples:
  statement-connector upload 2026-10.csv 2026-11.csv --source main-account --wait
  statement-connector sftp-sync --config /etc/statement-connector/bank.json
  statement-connector upload --help

  -h, --help      this help
      --version   the tool's version`;

/** The command the process was called for, once known: usage errors point to its help. */
let called = "";

/** @param {string[]} argv */
async function main([command, ...args]) {
  if (command === undefined) {
    console.error(USAGE);
    return 2;
  }
  if (command === "--help" || command === "-h") {
    console.log(USAGE);
    return 0;
  }
  if (command === "--version") {
    console.log(JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")).version);
    return 0;
  }
  if (command === "help") {
    if (args[0] === undefined || args[0] === "--help" || args[0] === "-h") {
      console.log(USAGE);
      return 0;
    }
    console.log((await commandNamed(args[0]).load()).usage);
    return 0;
  }
  const { usage, run } = await commandNamed(command).load();
  called = command;
  // --help anywhere before "--" wins over the rest, even over mistakes in it.
  const flags = args.includes("--") ? args.slice(0, args.indexOf("--")) : args;
  if (flags.includes("--help") || flags.includes("-h")) {
    console.log(usage);
    return 0;
  }
  return run(args);
}

/** @param {string} name */
function commandNamed(name) {
  if (Object.hasOwn(COMMANDS, name)) return /** @type {Command} */ (COMMANDS[name]);
  if (name.startsWith("-")) {
    const guess = closest(name.replace(/^--?/, "").split("=")[0] ?? "", ["help", "version"]);
    const typed = name.split("=")[0];
    if (guess) throw new UsageError(`unknown option ${typed}: did you mean --${guess}?`);
    throw new UsageError(`${typed} before a command: the command comes first, as in "statement-connector upload ${typed} ..."`);
  }
  const guess = closest(name, Object.keys(COMMANDS));
  throw new UsageError(`unknown command "${name}"${guess ? `: did you mean "${guess}"?` : `; the commands are ${Object.keys(COMMANDS).join(", ")}`}`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    const usage = error instanceof UsageError;
    // One line, even when a library's message has several (a JSON parse error quotes the text).
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, " ").trim();
    if (usage && error.problems.length > 0) {
      // A list of problems (a config's), each naming what it is about and what to put there.
      console.error(`statement-connector: ${message}`);
      for (const problem of error.problems) console.error(`  ${problem.replace(/\s*\n\s*/g, " ")}`);
    } else {
      console.error(`statement-connector: ${message}${usage ? ` (see "statement-connector ${called ? `${called} ` : ""}--help")` : ""}`);
    }
    process.exitCode = usage ? 2 : 1;
  },
);
