import { type Env, TENANT } from "./env";
import { type IngestionOptions, runIngestion } from "./ingestion";
import { DEFAULT_TENANT, type Tenant, type TenantRecord } from "./model/tenant";
import type { RunSummary } from "./model/admin";
import { countCalls, type R2Calls } from "./store/counted-bucket";
import { lastFirst, listTenants, platformBucket, purgeStep, readTenant, saveFirst, tenantBucket } from "./store/tenant-registry";

/**
 * The Env a tenant's requests and runs are served with: the bucket as that tenant sees it (its
 * own folder, see prefixedBucket) and the tenant itself, so every handler, the job and the store
 * work unchanged for it. The default tenant's Env is the Worker's own.
 */
export function tenantEnv(env: Env, tenant: Tenant): Env {
  if (tenant.id === DEFAULT_TENANT.id) return env;
  const { id, name, sandbox } = tenant;
  return { ...env, STATEMENTS: tenantBucket(env.STATEMENTS, id), [TENANT]: { id, name, sandbox } };
}

/** The tenant an Env serves: the one tenantEnv put on it, or the default tenant. */
export function currentTenant(env: Env): Tenant {
  return env[TENANT] ?? DEFAULT_TENANT;
}

/** Whether the tenant an Env serves is a sandbox (created with `"sandbox": true`): never the default tenant. */
export function isSandbox(env: Env): boolean {
  return currentTenant(env).sandbox;
}

/** R2 calls a tenant's run takes before it reads a file: lease, orders, inbox, manifest, checkpoint, run record. */
const CALLS_TO_START_RUN = 40;

/** Objects of a deleted tenant removed per cron run: one R2 listing and one delete call (R2 deletes up to 1000 keys at once). */
export const PURGE_STEP = 1000;

export interface ScheduledOptions extends IngestionOptions {
  /** Objects removed per deleted tenant and run (PURGE_STEP). */
  purgeLimit?: number;
}

/**
 * The cron's run over every tenant. A deleted tenant loses at most `purgeLimit` objects, and is
 * gone once it has none left. The others are ingested in turn (runTurns), the default tenant among
 * them. The turn starts after the tenant served first last time, so no tenant is always last.
 * Suspended tenants are left as they are. What each tenant's run did, in the order served.
 */
export async function runScheduled(env: Env, options: ScheduledOptions): Promise<{ tenant: string; run: RunSummary }[]> {
  const { purgeLimit = PURGE_STEP, ...job } = options;
  const invocation = startInvocation(env, job);
  env = invocation.env;
  const platform = platformBucket(env.STATEMENTS);
  const records = await listTenants(platform);
  for (const record of records.filter((r) => r.status === "deleting")) await purgeStep(env.STATEMENTS, platform, record, purgeLimit);
  const order = inTurn([DEFAULT_TENANT, ...records.filter((r) => r.status === "active").map(asTenant)], await lastFirstIf(platform, records));
  // With no tenant created, the platform's folder is never written: a deployment of one is as it was.
  if (records.length > 0) await saveFirst(platform, order[0]!.id);
  const runs = await runTurns(invocation, order.map((tenant) => ({ tenant })), job);
  return runs.map(({ turn, run }) => ({ tenant: turn.tenant.id, run }));
}

/** One ingestion run of an invocation: a tenant's, or of one source of it. */
export interface Turn {
  tenant: Tenant;
  source?: string | undefined;
}

/** What an invocation (a cron tick, a batch of the inbox queue) has for its runs: its R2 calls, counted, and its deadline. */
export interface Invocation {
  /** The Worker's Env, its bucket counting the calls made through it. */
  env: Env;
  r2Calls: R2Calls;
  deadline: number;
}

/** An invocation's count starts before its first call: the platform's subrequest limit is per invocation. */
export function startInvocation(env: Env, job: IngestionOptions): Invocation {
  const r2Calls = countCalls(env.STATEMENTS);
  return { env: { ...env, STATEMENTS: r2Calls.bucket }, r2Calls, deadline: (job.now ?? Date.now)() + job.budgetMs };
}

/**
 * Runs ingestion for each turn in order, each within a share of what the invocation has left of
 * its time: what is left divided by the turns still to run, so one tenant's large file is
 * suspended at its share (and goes on next run) while another's daily file is read, and a turn
 * with nothing to do leaves its share to the next; the R2 calls the invocation may make
 * (MAX_R2_CALLS_PER_RUN) are shared the same way. The turns run, with what each run did: those
 * left when the time or the calls ran out are not.
 */
export async function runTurns(invocation: Invocation, turns: Turn[], job: IngestionOptions): Promise<{ turn: Turn; run: RunSummary }[]> {
  const { env, r2Calls, deadline } = invocation;
  const now = job.now ?? Date.now;
  const runs: { turn: Turn; run: RunSummary }[] = [];
  for (const [i, turn] of turns.entries()) {
    const left = deadline - now();
    if (left <= 0 || (job.maxR2Calls !== undefined && r2Calls.made() + CALLS_TO_START_RUN >= job.maxR2Calls)) break;
    const budgetMs = Math.floor(left / (turns.length - i));
    const maxR2Calls = job.maxR2Calls === undefined ? undefined : r2Calls.made() + share(job.maxR2Calls - r2Calls.made(), turns.length - i);
    const { tenant, source } = turn;
    const run = await runIngestion(tenantEnv(env, tenant).STATEMENTS, { ...job, budgetMs, sandbox: tenant.sandbox, r2Calls, maxR2Calls, source });
    runs.push({ turn, run });
  }
  return runs;
}

/**
 * The tenant of an id as the cron serves it: the default tenant, or a tenant created through the
 * platform API and active; why not, for an id of no tenant or of one suspended or being deleted.
 */
export async function servedTenant(env: Env, id: string): Promise<Tenant | { notServed: string }> {
  if (id === DEFAULT_TENANT.id) return DEFAULT_TENANT;
  const record = (await readTenant(platformBucket(env.STATEMENTS), id))?.record;
  if (!record) return { notServed: `there is no tenant "${id}"` };
  return record.status === "active" ? asTenant(record) : { notServed: `tenant "${id}" is ${record.status}` };
}

/**
 * A tenant's share of the R2 calls the invocation has left, like its share of the time: one
 * tenant's large file cannot use up the calls the others' daily files need. Never less than a
 * run needs to read a file; the tenants still to serve then wait for the next run.
 */
function share(left: number, tenants: number): number {
  return Math.min(left, Math.max(Math.floor(left / tenants), 3 * CALLS_TO_START_RUN));
}

const asTenant = ({ id, name, sandbox }: TenantRecord): Tenant => ({ id, name, sandbox });

const lastFirstIf = (platform: Env["STATEMENTS"], records: TenantRecord[]) => (records.length > 0 ? lastFirst(platform) : Promise.resolve(undefined));

/** The tenants starting after the one served first last time (from the start when it is gone). */
function inTurn(tenants: Tenant[], last: string | undefined): Tenant[] {
  const start = (tenants.findIndex((t) => t.id === last) + 1) % tenants.length;
  return [...tenants.slice(start), ...tenants.slice(0, start)];
}
