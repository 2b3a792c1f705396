import { runJob, type RunOptions } from "./ingest/job";
import { PaymentBook } from "./payments/ledger";
import { publishOrders } from "./payments/publish-orders";
import { type Settings, settingOrDefault } from "./settings";
import type { RunSummary } from "./model/admin";
import type { Bucket } from "./store/bucket";

export type IngestionOptions = RunOptions & { payments?: Settings | undefined };

/**
 * The ingestion run's options from the Worker's settings, for the cron trigger and POST /admin/ingest
 * alike. A bad INGEST_STEP_MS gives way to the default: ingestion must not stop for it.
 */
export function jobOptions(settings: Settings): IngestionOptions {
  return { budgetMs: settingOrDefault(settings, "INGEST_STEP_MS"), payments: settings };
}

/**
 * The ingestion run, with the payments initiated through this service taking part: statement
 * entries and status reports settle them whatever the settings, and with the Worker's settings
 * new orders are published (and batched) before the files are read.
 */
export function runIngestion(bucket: Bucket, options: IngestionOptions): Promise<RunSummary> {
  const { payments: settings, ...job } = options;
  return runJob(bucket, job, {
    beforeFiles: (store, now) => publishOrders(store, settings, now),
    observer: (ledger) => new PaymentBook(ledger),
  });
}
