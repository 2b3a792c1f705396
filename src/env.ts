import type { SettingVars } from "./settings";
import type { Tenant } from "./model/tenant";

/** Where the Worker puts the tenant it serves on the Env it hands on: a symbol, so no variable or binding can set it. */
export const TENANT: unique symbol = Symbol("tenant");

/** The Worker's bindings, and its variables and secrets as the platform hands them over (read by readSettings). */
export type Env = SettingVars & {
  STATEMENTS: R2Bucket;
  /** Workers Rate Limiting binding; absent means no limiting. */
  RATE_LIMITER?: RateLimit;
  /**
   * The tenant a request or a run serves, set by the Worker (tenancy.ts, tenantEnv) together with
   * STATEMENTS, then the bucket under that tenant's folder; absent for the default tenant.
   */
  [TENANT]?: Tenant;
};
