import type { LedgerPayment, PaymentFile, PaymentLedger } from "../model/payment";
import { stateVersion } from "../map/transaction-version";
import { type Bucket, writeId } from "../store/bucket";
import { loadManifest, withCommitRetries } from "../store/manifest";
import { readDocument } from "../store/documents";
import { Publication } from "../store/publication";
import { SettingError, type Settings } from "../settings";
import { type PaymentConfig, paymentConfig } from "./config";
import { PaymentBook } from "./ledger";
import { listOrderKeys, readOrder } from "./orders";
import { ensureBatchFile, ensurePaymentFile, instructionIds, newMessageId, readFiled } from "./outbox";

/**
 * The ingestion run's payment step, under its lease: new orders get their PENDING version in
 * the transactions log, and (PAYMENT_BATCHING=run) the payments waiting for a file get one,
 * all in one manifest commit. A file is written after the commit that assigns it, from
 * stored data only, and again by the next run if this one stopped in between; it is never
 * overwritten, so no payment is ever sent in two files.
 */
export async function publishOrders(bucket: Bucket, settings: Settings | undefined, now: () => number): Promise<void> {
  if (!settings) return;
  const batching = batchingConfig(settings);
  return withCommitRetries(() => publishOnce(bucket, batching, now));
}

/** The settings when payments wait for a run's file; a configuration error is logged and batching waits for a fix. */
function batchingConfig(settings: Settings): PaymentConfig | undefined {
  try {
    const config = paymentConfig(settings);
    return config?.batching === "run" ? config : undefined;
  } catch (error) {
    if (!(error instanceof SettingError)) throw error;
    console.error(JSON.stringify({ event: "payment-config-invalid", error: error.message }));
    return undefined;
  }
}

async function publishOnce(bucket: Bucket, batching: PaymentConfig | undefined, now: () => number): Promise<void> {
  const base = await loadManifest(bucket);
  const stored = await readDocument(bucket, base.manifest, "payments");
  const fresh = (await listOrderKeys(bucket)).filter((key) => !(key in stored.orders));
  const waiting = batching !== undefined && Object.values(stored.payments).some(awaitsFile);
  if (fresh.length === 0 && stored.unwritten.length === 0 && !waiting) return;

  const publication = await Publication.open(bucket, base, writeId());
  const ledger = publication.payments;
  const book = new PaymentBook(ledger);
  const owed = ledger.unwritten.splice(0);
  await Promise.all(owed.map((file) => ensureBatchFile(bucket, file, ordersIn(ledger, file))));

  const adopted: LedgerPayment[] = [];
  for (let i = 0; i < fresh.length; i += READ_CONCURRENCY) {
    const found = await Promise.all(fresh.slice(i, i + READ_CONCURRENCY).map((key) => newPayment(bucket, key)));
    for (const payment of found) if (payment) adopted.push(book.adopt(payment.key, payment.order, payment.file));
  }
  const batch = batching && batchWaiting(ledger, batching, now());
  if (batch) ledger.unwritten.push(batch);
  for (const payment of adopted) {
    const { transaction, slot, booked } = book.pendingVersion(payment);
    const { effect } = await stateVersion(publication, transaction, slot, booked);
    await publication.apply(effect);
  }
  await publication.commit(now());
  if (batch) await ensureBatchFile(bucket, batch, ordersIn(ledger, batch));
}

/** Orders read (and their files made sure of) this many at a time. */
const READ_CONCURRENCY = 32;

/**
 * An order to adopt, with its file: its own (one file per request), written now if the
 * request stopped before writing it, or the batch file it went out in before state/ was rebuilt.
 */
async function newPayment(bucket: Bucket, key: string) {
  const order = await readOrder(bucket, key);
  if (!order) return undefined;
  if (order.file) await ensurePaymentFile(bucket, order.file, [order]);
  return { key, order, file: order.file ?? (await readFiled(bucket, order.id)) };
}

const awaitsFile = (payment: LedgerPayment) => payment.status === "PENDING" && !payment.file;

/** One file for every payment waiting for one (PAYMENT_BATCHING=run). */
function batchWaiting(ledger: PaymentLedger, config: PaymentConfig, nowMs: number): PaymentFile | undefined {
  const waiting = Object.values(ledger.payments).filter(awaitsFile);
  if (waiting.length === 0) return undefined;
  const messageId = newMessageId(nowMs);
  const file: PaymentFile = { key: `${config.outboxPrefix}${messageId}.xml`, messageId, createdAt: new Date(nowMs).toISOString(), version: config.version };
  const instructions = instructionIds(file, waiting.map((p) => p.order));
  for (const payment of waiting) {
    payment.file = file;
    payment.instructionId = instructions.get(payment.order.id);
  }
  return file;
}

function ordersIn(ledger: PaymentLedger, file: PaymentFile) {
  return Object.values(ledger.payments).filter((p) => p.file?.key === file.key).map((p) => p.order);
}
