import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli";

const dir = mkdtempSync(join(tmpdir(), "cli-sftp-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FINGERPRINT = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU";
const VALID = {
  host: "sftp.bank.example",
  username: "acme-h2h",
  hostKeySha256: FINGERPRINT,
  privateKeyPath: "keys/bank_ed25519",
  folders: [{ remote: "/outgoing/camt053", source: "main-account" }],
  statePath: "sftp-state.json",
};

/** Runs sftp-sync on a config file holding `config`: a settings error stops it before any connection. */
async function syncWith(name: string, config: unknown, ...flags: string[]) {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, typeof config === "string" ? config : JSON.stringify(config, null, 2));
  const run = await runCli(["sftp-sync", "--config", path, ...flags], { STATEMENT_CONNECTOR_URL: "https://example.invalid", STATEMENT_CONNECTOR_ADMIN_KEY: "k" });
  return { ...run, path, problems: run.stderr.split("\n").slice(1).filter(Boolean).map((line) => line.trim()) };
}

describe("statement-connector sftp-sync settings errors", { timeout: 20_000 }, () => {
  it("names each field by its path in the config file, what is wrong, and what to put there", async () => {
    const { host: _host, ...noHost } = VALID;
    const run = await syncWith("several", {
      ...noHost,
      hots: "sftp.bank.example",
      port: "22",
      hostKeySha256: [FINGERPRINT, "ab:cd"],
      folders: [{ remote: "/outgoing/camt053", sourc: "main-account", match: "(" }],
      minAgeSeconds: -5,
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n")[0]).toBe(`statement-connector: the sftp-sync settings in ${run.path} are not valid:`);
    expect(run.problems).toEqual([
      'host: required — the SFTP server\'s host name, e.g. "sftp.bank.example"',
      'port: must be a whole number from 1 to 65535, not "22" — the SFTP server\'s port, e.g. 22 (the default)',
      'hostKeySha256[1]: must be a SHA-256 host key fingerprint as ssh-keygen -l prints it ("SHA256:" and 43 base64 characters), not "ab:cd"' +
        ` — the server's host key fingerprint, e.g. "${FINGERPRINT}", or a list of them; get it from the bank`,
      'folders[0].source: required — the source (inbox folder) its files go to, e.g. "main-account"',
      'folders[0].match: must be a valid regular expression (Invalid regular expression: /(/: Unterminated group), not "("' +
        ' — a regular expression the file names must match, e.g. "\\\\.xml$" (JSON doubles a backslash)',
      'folders[0].sourc: unknown field — did you mean "source"?',
      "minAgeSeconds: must be a number of seconds, 0 or more, not -5 — how long a file must be left unmodified before it is sent, e.g. 60 (the default)",
      'hots: unknown field — did you mean "host"?',
    ]);
  });

  it("asks for a way to log in, and for lists that are lists and not empty", async () => {
    const { privateKeyPath: _key, ...noLogin } = VALID;
    const run = await syncWith("lists", { ...noLogin, hostKeySha256: [], folders: { remote: "/outgoing" } });
    expect(run.code).toBe(2);
    expect(run.problems).toEqual([
      `hostKeySha256: must not be empty — the server's host key fingerprint, e.g. "${FINGERPRINT}", or a list of them; get it from the bank`,
      'folders: must be a list of folders, not an object — the remote folders, each with the source its files go to, e.g. [{ "remote": "/outgoing/camt053", "source": "main-account" }]',
      "passwordEnv, privateKeyPath or privateKeyEnv: one is required — how to log in: " +
        'the name of an environment variable holding the password, e.g. "BANK_SFTP_PASSWORD"; ' +
        'or a private key file (OpenSSH or PEM), relative to the config\'s folder, e.g. "keys/bank_ed25519"; ' +
        'or the name of an environment variable holding the private key, e.g. "BANK_SFTP_KEY"',
    ]);
  });

  it("never echoes a secret written where the name of its variable belongs", async () => {
    const run = await syncWith("secret", { ...VALID, passphraseEnv: "correct horse battery staple" });
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain("horse");
    expect(run.problems).toEqual([
      "passphraseEnv: must be the name of an environment variable (letters, digits and _), not the secret itself" +
        ' — the name of an environment variable holding the key\'s passphrase, e.g. "BANK_SFTP_PASSPHRASE"',
    ]);
  });

  it("names the flag that gave a bad value, and the flag for each missing setting when there is no config file", async () => {
    const flagged = await syncWith("flags", VALID, "--port", "twenty-two", "--folder", "/outgoing/mt940=");
    expect(flagged.code).toBe(2);
    expect(flagged.problems).toEqual([
      'port (--port): must be a whole number from 1 to 65535, not "twenty-two" — the SFTP server\'s port, e.g. 22 (the default)',
      'folders[0].source (--folder): must not be empty — the source (inbox folder) its files go to, e.g. "main-account"',
    ]);

    const bare = await runCli(["sftp-sync", "--host", "sftp.bank.example"]);
    expect(bare.code).toBe(2);
    expect(bare.stderr.split("\n")[0]).toBe("statement-connector: the sftp-sync settings (no --config FILE: each setting from its flag) are not valid:");
    expect(bare.stderr.split("\n").slice(1).filter(Boolean).map((line) => line.trim().split(":")[0])).toEqual([
      "username (--username)",
      "hostKeySha256 (--host-key)",
      "folders (--folder)",
      "statePath (--state)",
      "passwordEnv (--password-env), privateKeyPath (--private-key) or privateKeyEnv (--private-key-env)",
    ]);
  });

  it("tells where a config file is not valid JSON, as one line", async () => {
    const run = await syncWith("broken", '{\n  "host": "sftp.bank.example",\n  "port": 22\n  "username": "acme-h2h"\n}\n');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `statement-connector: the config ${run.path} is not valid JSON at line 4, column 3: Expected ',' or '}' after property value` +
        ' (see "statement-connector sftp-sync --help")\n',
    );
  });
});
