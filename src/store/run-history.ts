import { z } from "zod";
import { type RunSummary, RunSummarySchema } from "../model/admin";
import { type Bucket, parseDocument, readJson, swapObject } from "./bucket";
import { RUNS_KEY } from "./layout";

const RunsSchema = z.array(RunSummarySchema);
/** Enough to see the last day of 5-minute runs that did something. */
const KEPT = 300;
const ATTEMPTS = 5;

/**
 * Keeps the latest ingestion runs, newest first, for GET /admin/runs. Runs that found nothing
 * to do are not kept: every five minutes they would push the informative ones out.
 */
export async function recordRun(bucket: Bucket, run: RunSummary): Promise<void> {
  if (run.files.length === 0 && run.status === "completed") return;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await bucket.get(RUNS_KEY);
    const runs = current ? parseDocument(RUNS_KEY, await current.text(), RunsSchema) : [];
    const written = await swapObject(bucket, RUNS_KEY, current?.etag, JSON.stringify([run, ...runs].slice(0, KEPT)));
    if (written) return;
  }
}

export async function recentRuns(bucket: Bucket): Promise<RunSummary[]> {
  return (await readJson(bucket, RUNS_KEY, RunsSchema)) ?? [];
}
