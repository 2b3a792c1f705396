import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

export const SSHD = "/usr/sbin/sshd";

/** A throwaway OpenSSH SFTP server on loopback, with its own host key and one authorized client key. */
export interface SftpServer {
  port: number;
  username: string;
  /** The host key's fingerprint as ssh-keygen -l prints it ("SHA256:..."). */
  fingerprint: string;
  /** The client's private key file. */
  clientKey: string;
  /** A folder for remote files (sftp paths are this machine's paths: no chroot). */
  remote: string;
  stop: () => Promise<void>;
}

export async function startSftpServer(): Promise<SftpServer> {
  const dir = mkdtempSync(join(tmpdir(), "cli-sshd-"));
  const keygen = (file: string) => execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "cli-test", "-f", join(dir, file)]);
  keygen("host_key");
  keygen("client_key");
  writeFileSync(join(dir, "authorized_keys"), readFileSync(join(dir, "client_key.pub")));
  const fingerprint = execFileSync("ssh-keygen", ["-l", "-E", "sha256", "-f", join(dir, "host_key.pub")], { encoding: "utf8" }).split(" ")[1]!;
  const port = await freePort();
  writeFileSync(
    join(dir, "sshd_config"),
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${join(dir, "host_key")}`,
      `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
      "PermitRootLogin prohibit-password",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "StrictModes no",
      "Subsystem sftp internal-sftp",
      `PidFile ${join(dir, "sshd.pid")}`,
      "",
    ].join("\n"),
  );
  // sshd refuses to start without its privilege separation directory, which only the
  // openssh-server service normally creates.
  if (!existsSync("/run/sshd")) mkdirSync("/run/sshd", { mode: 0o755 });
  const sshd = spawn(SSHD, ["-D", "-e", "-f", join(dir, "sshd_config")], { stdio: ["ignore", "ignore", "pipe"] });
  await listening(sshd, port);
  const remote = join(dir, "remote");
  mkdirSync(remote);
  return {
    port,
    username: userInfo().username,
    fingerprint,
    clientKey: join(dir, "client_key"),
    remote,
    stop: async () => {
      if (sshd.exitCode === null) {
        const exited = new Promise((resolve) => sshd.once("exit", resolve));
        sshd.kill();
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A port the kernel just had free; sshd binds it a moment later. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

/** Resolves when sshd says it listens (-e logs to stderr), rejects with its log if it exits. */
function listening(sshd: ChildProcess, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = "";
    sshd.stderr!.on("data", (chunk) => {
      log += chunk;
      if (log.includes(`Server listening on 127.0.0.1 port ${port}`)) resolve();
    });
    sshd.once("exit", (code) => reject(new Error(`sshd exited with ${code}: ${log}`)));
  });
}
