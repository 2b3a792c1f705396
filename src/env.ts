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
}
