#!/usr/bin/env node
// @ts-check
// The statement-connector command: one subcommand per job, errors as one line, exit codes
// 0 (all done), 1 (something failed), 2 (the tool was called wrong).
import { UsageError } from "./args.mjs";
import { SFTP_SYNC_USAGE, sftpSyncCommand } from "./sftp-sync.mjs";
import { UPLOAD_USAGE, uploadCommand } from "./upload.mjs";

const COMMANDS = { upload: uploadCommand, "sftp-sync": sftpSyncCommand };

const USAGE = `Usage: statement-connector <command> [options]

Commands:
  upload      upload statement files to a source through the admin API
  sftp-sync   fetch new files from a bank's SFTP server and upload them

The admin API is found through STATEMENT_CONNECTOR_URL and STATEMENT_CONNECTOR_ADMIN_KEY
(or --endpoint and --admin-key). "statement-connector <command> --help" for details.

${UPLOAD_USAGE}

${SFTP_SYNC_USAGE}`;

/** @param {string[]} argv */
async function main([command, ...args]) {
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (!Object.hasOwn(COMMANDS, command)) throw new UsageError(`unknown command "${command}"`);
  return COMMANDS[/** @type {keyof typeof COMMANDS} */ (command)](args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    const usage = error instanceof UsageError;
    // One line, even when a library's message has several (a JSON parse error quotes the text).
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, " ").trim();
    console.error(`statement-connector: ${message}${usage ? ' (see "statement-connector --help")' : ""}`);
    process.exitCode = usage ? 2 : 1;
  },
);
