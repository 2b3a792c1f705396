import type { Bucket } from "../store/bucket";
import type { RunSummary } from "../model/admin";

const RUNS_KEY = "state/runs.json";
/** Enough to see the last day of 5-minute runs that did something. */
const KEPT = 300;

/**
 * Keeps the latest ingestion runs, newest first, for GET /admin/runs. Runs that found nothing
 * to do are not kept: every five minutes they would push the informative ones out.
 */
export async function recordRun(bucket: Bucket, run: RunSummary): Promise<void> {
  if (run.files.length === 0 && run.status === "completed") return;
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await bucket.get(RUNS_KEY);
    const runs = current ? ((await current.json()) as RunSummary[]) : [];
    const onlyIf: R2Conditional = current ? { etagMatches: current.etag } : { etagDoesNotMatch: "*" };
    const written = await bucket.put(RUNS_KEY, JSON.stringify([run, ...runs].slice(0, KEPT)), { onlyIf });
    if (written) return;
  }
}

export async function recentRuns(bucket: Bucket): Promise<RunSummary[]> {
  const object = await bucket.get(RUNS_KEY);
  return object ? ((await object.json()) as RunSummary[]) : [];
}
