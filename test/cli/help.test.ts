import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli";

describe("statement-connector help and mistakes in how it is called", { timeout: 20_000 }, () => {
  it("prints each command's help, with its options and an example, for <command> --help and help <command>", async () => {
    for (const [command, option, example] of [
      ["upload", "--source NAME", "statement-connector upload 2026-10.csv 2026-11.csv --source main-account"],
      ["sftp-sync", "--config FILE", "statement-connector sftp-sync --config /etc/statement-connector/bank.json"],
    ] as const) {
      const runs = await Promise.all([runCli([command, "--help"]), runCli([command, "-h"]), runCli(["help", command])]);
      for (const run of runs) {
        expect(run.code).toBe(0);
        expect(run.stderr).toBe("");
        expect(run.stdout).toContain(`Usage: statement-connector ${command} `);
        expect(run.stdout).toContain(option);
        expect(run.stdout).toContain(`Examples:\n`);
        expect(run.stdout).toContain(example);
      }
      expect(runs[1]!.stdout).toBe(runs[0]!.stdout);
      expect(runs[2]!.stdout).toBe(runs[0]!.stdout);
    }
  });

  it("answers --help even among other mistakes, and lists the commands for --help, help, and (exit 2) no command", async () => {
    const amid = await runCli(["upload", "--sorce", "main", "--help"]);
    expect(amid.code).toBe(0);
    expect(amid.stdout).toContain("Usage: statement-connector upload ");

    for (const args of [["--help"], ["help"], []]) {
      const run = await runCli(args);
      expect(run.code).toBe(args.length === 0 ? 2 : 0);
      const out = args.length === 0 ? run.stderr : run.stdout;
      expect(out).toContain("Usage: statement-connector <command> [options]");
      expect(out).toMatch(/^ {2}upload {6}upload statement files/m);
      expect(out).toMatch(/^ {2}sftp-sync {3}fetch new files/m);
    }

    const version = await runCli(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout).toBe(`${JSON.parse(readFileSync(new URL("../../cli/package.json", import.meta.url), "utf8")).version}\n`);
  });

  it("suggests the closest option for an unknown one, exit code 2, before anything is read or sent", async () => {
    const cases: [string[], string][] = [
      [["upload", "a.csv", "--sorce", "main"], 'unknown option --sorce: did you mean --source? (see "statement-connector upload --help")'],
      [["upload", "a.csv", "-s", "main", "--adminkey=k"], 'unknown option --adminkey: did you mean --admin-key? (see "statement-connector upload --help")'],
      [["upload", "a.csv", "-s", "main", "--Wait"], 'unknown option --Wait: did you mean --wait? (see "statement-connector upload --help")'],
      [["sftp-sync", "--config", "bank.json", "--hots", "sftp.bank.example"], 'unknown option --hots: did you mean --host? (see "statement-connector sftp-sync --help")'],
      [["sftp-sync", "--pasword-env", "PW"], 'unknown option --pasword-env: did you mean --password-env? (see "statement-connector sftp-sync --help")'],
      [["upload", "a.csv", "--config", "bank.json"], 'unknown option --config (see "statement-connector upload --help")'],
      [["upload", "a.csv", "-x"], 'unknown option -x (see "statement-connector upload --help")'],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args, { STATEMENT_CONNECTOR_URL: "https://example.invalid", STATEMENT_CONNECTOR_ADMIN_KEY: "k" });
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe(`statement-connector: ${message}\n`);
    }
  });

  it("suggests the closest command for an unknown one, exit code 2", async () => {
    const cases: [string[], string][] = [
      [["uplod", "a.csv"], 'unknown command "uplod": did you mean "upload"?'],
      [["help", "sftp-snyc"], 'unknown command "sftp-snyc": did you mean "sftp-sync"?'],
      [["sync"], 'unknown command "sync": did you mean "sftp-sync"?'],
      [["frobnicate"], 'unknown command "frobnicate"; the commands are upload, sftp-sync'],
      [["--verison"], "unknown option --verison: did you mean --version?"],
      [["--source", "main", "upload"], 'the command comes first, as in "statement-connector upload --source ..."'],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(`statement-connector: `);
      expect(run.stderr).toContain(`${message} (see "statement-connector --help")\n`);
    }
  });
});
