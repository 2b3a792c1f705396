/** The Worker's bindings and variables (wrangler.toml), and its secrets. */
export interface Env {
  STATEMENTS: R2Bucket;
  /** Comma-separated Bearer keys for the connector endpoints (secret). */
  API_KEYS?: string;
  /** Bearer key for /admin (secret). */
  ADMIN_API_KEY?: string;
  /** Workers Rate Limiting binding; absent means no limiting. */
  RATE_LIMITER?: RateLimit;
  RATE_LIMIT_PERIOD?: string;
  CORS_ORIGINS?: string;
  MAX_UPLOAD_BYTES?: string;
  INGEST_STEP_MS?: string;
  /** off (default), pain.001.001.03 or pain.001.001.09: the payment files POST /payouts and /transfers write. */
  PAYMENT_FILES?: string;
  /** Debtor name in payment files; empty: the source account's name. */
  DEBTOR_NAME?: string;
  /** BIC of the debtor's bank; empty: the IBAN-only form. */
  DEBTOR_BIC?: string;
  /** request (one file per payment, default) or run (one file per ingestion run). */
  PAYMENT_BATCHING?: string;
  /** Where payment files are written in the bucket (default outbox/). */
  OUTBOX_PREFIX?: string;
}
