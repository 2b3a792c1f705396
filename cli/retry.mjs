// @ts-check
// When and how long to wait before trying a request again.
import { NetworkError } from "./http.mjs";

/**
 * Six tries over about 15 s of backoff ride out a deploy or a brief outage; a longer one is
 * for the next cron run. A Retry-After longer than five minutes is reported, not slept through.
 */
export const RETRY_POLICY = { attempts: 6, firstDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 300_000 };

/**
 * 429 (rate limited) and 5xx are the server's passing trouble; any other 4xx says the request
 * itself is wrong, and sending it again would only repeat the answer.
 * @param {number} status
 */
export function isTransient(status) {
  return status === 429 || status >= 500;
}

/**
 * Retry-After as milliseconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 * @param {string | string[] | undefined} header
 * @param {number} now
 * @returns {number | undefined}
 */
export function retryAfterMs(header, now) {
  if (typeof header !== "string") return undefined;
  if (/^\s*\d+\s*$/.test(header)) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Exponential backoff with jitter, so many clients failing together do not retry together.
 * @param {number} failures how many tries failed so far (1 for the first retry)
 */
export function backoffMs(failures, policy = RETRY_POLICY) {
  const ceiling = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (failures - 1));
  return Math.round(ceiling * (0.5 + Math.random() / 2));
}

/**
 * Runs `attempt` until it answers with a status that is not transient, or the tries run out;
 * then returns the last answer (or throws the last network error) for the caller to report.
 * @template {{ status: number, headers: Record<string, string | string[] | undefined> }} R
 * @param {() => Promise<R>} attempt
 * @param {{ sleep: (ms: number) => Promise<unknown>, onRetry: (reason: string, delayMs: number, next: number) => void, policy?: typeof RETRY_POLICY }} options
 * @returns {Promise<R>}
 */
export async function withRetry(attempt, { sleep, onRetry, policy = RETRY_POLICY }) {
  for (let tries = 1; ; tries++) {
    let delay, reason;
    try {
      const response = await attempt();
      if (!isTransient(response.status) || tries >= policy.attempts) return response;
      const asked = retryAfterMs(response.headers["retry-after"], Date.now());
      if (asked !== undefined && asked > policy.maxRetryAfterMs) return response;
      delay = asked ?? backoffMs(tries, policy);
      reason = `answered ${response.status}`;
    } catch (error) {
      if (!(error instanceof NetworkError) || tries >= policy.attempts) throw error;
      delay = backoffMs(tries, policy);
      reason = error.message;
    }
    onRetry(reason, delay, tries + 1);
    await sleep(delay);
  }
}
