// @ts-check
// An SFTP session with the bank, only once the server proved it holds the pinned host key.
// @ts-expect-error ssh2-sftp-client ships no types: SftpSession below says what we use of it
import SftpClient from "ssh2-sftp-client";

/** How long to wait for the SSH handshake and login. */
const READY_TIMEOUT_MS = 30_000;

/**
 * What sync uses of ssh2-sftp-client (which ships no types).
 * @typedef {{ type: string, name: string, size: number, modifyTime: number }} RemoteEntry  type "-" is a regular file; modifyTime in ms
 * @typedef {object} SftpSession
 * @property {(dir: string) => Promise<RemoteEntry[]>} list
 * @property {(remote: string) => import("node:stream").Readable} createReadStream
 * @property {() => Promise<unknown>} end
 */

/**
 * @param {import("./sftp-config.mjs").SftpConfig} config
 * @returns {Promise<SftpSession>}
 */
export async function connectSftp(config) {
  const sftp = new SftpClient("statement-connector");
  const where = `${config.host}:${config.port}`;
  /** @type {string | undefined} the fingerprint the server showed, as ssh-keygen -l writes it */
  let presented;
  try {
    await sftp.connect({
      host: config.host,
      port: config.port,
      username: config.username,
      ...Object.fromEntries(Object.entries(config.auth).filter(([, v]) => v !== undefined)),
      readyTimeout: READY_TIMEOUT_MS,
      // ssh2 hashes the server's public key blob (hex SHA-256), the value OpenSSH shows in base64.
      hostHash: "sha256",
      hostVerifier: (/** @type {string} */ hex) => {
        presented = Buffer.from(hex, "hex").toString("base64").replace(/=+$/, "");
        return config.hostKeys.includes(presented);
      },
    });
  } catch (error) {
    await sftp.end().catch(() => undefined);
    if (presented !== undefined && !config.hostKeys.includes(presented)) {
      throw new Error(
        `host key mismatch: ${where} presented SHA256:${presented}, the config pins ${config.hostKeys.map((k) => `SHA256:${k}`).join(" or ")}. ` +
          "Nothing was downloaded. If the bank changed its key, confirm the new fingerprint with the bank and update hostKeySha256.",
      );
    }
    throw new Error(`cannot connect to ${where} as ${config.username}: ${/** @type {Error} */ (error).message}`);
  }
  return sftp;
}
