/** The Worker's bindings and variables (wrangler.toml), and its secrets. */
export interface Env {
  STATEMENTS: R2Bucket;
  /** Comma-separated Bearer keys for the connector endpoints (secret). */
  API_KEYS?: string;
  /** Bearer key for /admin (secret). */
  ADMIN_API_KEY?: string;
  MAX_UPLOAD_BYTES?: string;
  INGEST_STEP_MS?: string;
}
