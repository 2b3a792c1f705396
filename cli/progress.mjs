// @ts-check
// Upload progress for large files on stderr: a live counter on a terminal, a few plain lines in
// a log (cron, CI), where a carriage-return counter would be one unreadable line.

/** Smaller files go up in a moment: no progress for them. */
export const LARGE_FILE_BYTES = 1024 * 1024;
const TTY_REFRESH_MS = 200;
const PLAIN_STEP_PERCENT = 25;

/**
 * @param {string} label
 * @param {number} total bytes
 * @param {NodeJS.WritableStream & { isTTY?: boolean }} stream
 * @returns {{ update: (sent: number) => void, done: () => void }}
 */
export function progress(label, total, stream) {
  if (total < LARGE_FILE_BYTES) return { update() {}, done() {} };
  return stream.isTTY ? liveCounter(label, total, stream) : plainLines(label, total, stream);
}

/** @type {typeof progress} */
function liveCounter(label, total, stream) {
  let shown = 0;
  const draw = (/** @type {number} */ sent) =>
    stream.write(`\r\x1b[K${label}: ${mib(sent)} / ${mib(total)} MiB (${percent(sent, total)}%)`);
  return {
    update(sent) {
      if (Date.now() - shown < TTY_REFRESH_MS && sent < total) return;
      shown = Date.now();
      draw(sent);
    },
    // Clear the counter: the outcome line printed next takes its place.
    done: () => void stream.write("\r\x1b[K"),
  };
}

/** @type {typeof progress} */
function plainLines(label, total, stream) {
  let next = PLAIN_STEP_PERCENT;
  return {
    update(sent) {
      const done = percent(sent, total);
      if (done < next) return;
      stream.write(`${label}: ${sent} / ${total} bytes sent (${done}%)\n`);
      next = (Math.floor(done / PLAIN_STEP_PERCENT) + 1) * PLAIN_STEP_PERCENT;
    },
    done() {},
  };
}

const mib = (/** @type {number} */ bytes) => (bytes / 1024 / 1024).toFixed(1);
const percent = (/** @type {number} */ sent, /** @type {number} */ total) => Math.floor((sent / total) * 100);
