import { retractPublished, type RetractionOutcome } from "./ingest/retract";
import { type OneFile, runJob, type RunOptions } from "./ingest/job";
import { type PreviewOptions, previewFile, type PreviewTarget } from "./ingest/preview";
import { type Approval, approveHeld } from "./ingest/review";
import { PaymentBook } from "./payments/ledger";
import { publishOrders } from "./payments/publish-orders";
import { answerPayouts, sandboxOn } from "./sandbox-bank";
import { type Settings, settingOrDefault } from "./settings";
import type { FilePreview, RunSummary } from "./model/admin";
import type { PaymentLedger } from "./model/payment";
import type { Bucket } from "./store/bucket";
import type { Env } from "./env";

export type IngestionOptions = RunOptions & {
  payments?: Settings | undefined;
  /** The store is a sandbox tenant's: the sandbox bank answers its payouts whatever SANDBOX says. */
  sandbox?: boolean | undefined;
};

/**
 * The ingestion run's options from the Worker's settings, for the cron trigger and POST /admin/ingest
 * alike. A bad INGEST_STEP_MS gives way to the default: ingestion must not stop for it; a bad
 * NEW_SOURCES to its default, review, so that a typo never lets a new source through unreviewed.
 */
export function jobOptions(settings: Settings, env?: Env): IngestionOptions {
  return {
    budgetMs: settingOrDefault(settings, "INGEST_STEP_MS"), newSources: settingOrDefault(settings, "NEW_SOURCES"), payments: settings,
    maxR2Calls: settingOrDefault(settings, "MAX_R2_CALLS_PER_RUN"),
    sandbox: sandboxOn(settings, env),
  };
}

/** How the payments initiated here see statement entries and status reports. */
const paymentObserver = (ledger: PaymentLedger) => new PaymentBook(ledger);

/**
 * The ingestion run, with the payments initiated through this service taking part: statement
 * entries and status reports settle them whatever the settings, and with the Worker's settings
 * new orders are published (and batched) before the files are read.
 */
export function runIngestion(bucket: Bucket, options: IngestionOptions): Promise<RunSummary> {
  const { payments: settings, sandbox, ...job } = options;
  return runJob(bucket, job, {
    beforeFiles: async (store, now) => {
      await publishOrders(store, settings, now);
      // The sandbox bank answers the payment files of its test accounts before the inbox is read.
      if (settings && (sandbox || sandboxOn(settings))) await answerPayouts(store, settings, now);
    },
    observer: paymentObserver,
  });
}

/** Approves a held file and ingests it now, in a run for it alone (see approveHeld). */
export function approveFile(bucket: Bucket, key: string, options: IngestionOptions): Promise<Approval> {
  return approveHeld(bucket, key, (only: OneFile) => runIngestion(bucket, { ...options, only }));
}

/** Takes a published file back now, in a run for it alone (see retractPublished). */
export function retractFile(bucket: Bucket, key: string, reason: string, options: IngestionOptions): Promise<RetractionOutcome> {
  return retractPublished(bucket, key, reason, (only: OneFile) => runIngestion(bucket, { ...options, only }));
}

/** What ingesting a file would do, payments included, with nothing written (see previewFile). */
export function preview(bucket: Bucket, target: PreviewTarget, options: Omit<PreviewOptions, "observer">): Promise<FilePreview | undefined> {
  return previewFile(bucket, target, { ...options, observer: paymentObserver });
}
