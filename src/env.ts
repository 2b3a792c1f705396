import type { SettingVars } from "./settings";

/** The Worker's bindings, and its variables and secrets as the platform hands them over (read by readSettings). */
export type Env = SettingVars & {
  STATEMENTS: R2Bucket;
  /** Workers Rate Limiting binding; absent means no limiting. */
  RATE_LIMITER?: RateLimit;
};
