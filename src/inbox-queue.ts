import type { Env } from "./env";
import { giveUp } from "./ingest/give-up";
import { type Arrival, arrivalOf } from "./ingest/inbox-event";
import { describeError } from "./ingest/job";
import type { IngestionOptions } from "./ingestion";
import type { RunSummary } from "./model/admin";
import type { Tenant } from "./model/tenant";
import { runTurns, servedTenant, startInvocation, tenantEnv, type Turn } from "./tenancy";

/**
 * wrangler.toml's `max_retries` for the inbox queue (a test holds the two equal): a message is
 * delivered once and retried up to this many times, then goes to the dead-letter queue.
 */
export const MAX_RETRIES = 5;

/** The longest delay Queues takes for a retry (12 hours). */
const MAX_DELAY_SECONDS = 43_200;

/**
 * Seconds before a message is delivered again, doubling from 30: a run holding the lease is done
 * within INGEST_STEP_MS (20 s by default), and the five retries (30 + 60 + 120 + 240 + 480 s)
 * outlast the 15 minutes a stopped run's lease holds ingestion off.
 */
export const retryDelay = (attempts: number): number => Math.min(30 * 2 ** (attempts - 1), MAX_DELAY_SECONDS);

type Delivery = { message: Message; arrival: Arrival };

/**
 * The inbox queue's consumer: R2 event notifications of files arriving in an inbox, read at once
 * instead of at the next cron run. One run per tenant and source of the batch (runTurns shares the
 * invocation's time and R2 calls among them), however many of its files the batch names.
 *
 * - A run that ends (completed or partial) acks its messages, whatever became of each file: a bad
 *   file is failed by the run itself, with its reason, and a file it had no time for is read by
 *   the next runs, as a large file read in steps is.
 * - A run that could not start (busy: another run holds the lease; or no time left in the
 *   invocation) or that the store stopped (failed) retries its messages with a growing delay.
 *   At the last delivery of a failed run's message, its file is failed with the run's reason
 *   (giveUp) before the message goes to the dead-letter queue; a busy run never fails a file:
 *   the run that holds the lease, or the cron, reads it.
 * - A message that names nothing to ingest (not an R2 event notification, a deletion, a key in no
 *   inbox, a tenant that does not exist or is suspended or being deleted) is acked with the reason
 *   logged: delivering it again would say the same. A suspended tenant's files are read by the
 *   cron once it is resumed.
 */
export async function consumeInboxEvents(batch: MessageBatch, env: Env, job: IngestionOptions): Promise<void> {
  const invocation = startInvocation(env, job);
  const waiting = new Map<string, Delivery[]>();
  for (const message of batch.messages) {
    const arrival = arrivalOf(message.body);
    if ("ignored" in arrival) {
      ack(message, arrival.ignored);
      continue;
    }
    const turn = `${arrival.tenant}/${arrival.source}`;
    waiting.set(turn, [...(waiting.get(turn) ?? []), { message, arrival }]);
  }
  const turns: { turn: Turn; deliveries: Delivery[] }[] = [];
  const tenants = new Map<string, Promise<Tenant | { notServed: string } | { unread: unknown }>>();
  for (const deliveries of waiting.values()) {
    const { tenant: id, source } = deliveries[0]!.arrival;
    if (!tenants.has(id)) tenants.set(id, servedTenant(invocation.env, id).catch((error: unknown) => ({ unread: error })));
    const tenant = await tenants.get(id)!;
    if ("unread" in tenant) retry(deliveries, `the tenant could not be read (${describeError(tenant.unread)})`);
    else if ("notServed" in tenant) for (const { message } of deliveries) ack(message, tenant.notServed);
    else turns.push({ turn: { tenant, source }, deliveries });
  }
  const runs = await runTurns(invocation, turns.map(({ turn }) => turn), job);
  for (const { turn, deliveries } of turns) {
    await settle(invocation.env, turn, deliveries, runs.find((run) => run.turn === turn)?.run, job.now);
  }
}

async function settle(env: Env, turn: Turn, deliveries: Delivery[], run: RunSummary | undefined, now?: () => number): Promise<void> {
  if (run?.status === "completed" || run?.status === "partial") {
    for (const { message } of deliveries) message.ack();
    return;
  }
  if (run?.status !== "failed") {
    retry(deliveries, run ? "another run holds the ingestion lease" : "the invocation had no time left for the run");
    return;
  }
  const last = deliveries.filter(({ message }) => message.attempts > MAX_RETRIES);
  const bucket = tenantEnv(env, turn.tenant).STATEMENTS;
  for (const key of new Set(last.map(({ arrival }) => arrival.key))) {
    const attempts = Math.max(...last.filter(({ arrival }) => arrival.key === key).map(({ message }) => message.attempts));
    const reason = `the file could not be ingested: each run its arrival started failed (${attempts} attempts), the last with "${run.reason}"; nothing of it was published`;
    const outcome = await giveUp(bucket, key, reason, now).catch((error: unknown) => ({ outcome: `not recorded (${describeError(error)})` }));
    log("inbox-file-given-up", { tenant: turn.tenant.id, key, outcome: outcome.outcome });
  }
  retry(deliveries, `the run failed: ${run.reason}`);
}

function retry(deliveries: Delivery[], why: string): void {
  for (const { message, arrival } of deliveries) {
    const delaySeconds = retryDelay(message.attempts);
    message.retry({ delaySeconds });
    log("inbox-event-retried", { id: message.id, tenant: arrival.tenant, key: arrival.key, attempts: message.attempts, delaySeconds, why });
  }
}

function ack(message: Message, why: string): void {
  message.ack();
  log("inbox-event-ignored", { id: message.id, why });
}

function log(event: string, fields: Record<string, unknown>): void {
  console.warn(JSON.stringify({ event, ...fields }));
}
