import type { Bucket } from "../store/bucket";

const LEASE_KEY = "state/lease.json";

/**
 * One ingestion run at a time (cron ticks and manual runs overlap). The lease only saves
 * wasted work: correctness comes from the manifest's compare-and-swap, which fences out a
 * run whose lease expired while it was still working.
 */
export async function acquireLease(bucket: Bucket, holder: string, nowMs: number, ttlMs: number): Promise<boolean> {
  const current = await bucket.get(LEASE_KEY);
  if (current) {
    const lease = (await current.json()) as { holder: string; until: number };
    if (lease.until > nowMs) return false;
  }
  const onlyIf: R2Conditional = current ? { etagMatches: current.etag } : { etagDoesNotMatch: "*" };
  const written = await bucket.put(LEASE_KEY, JSON.stringify({ holder, until: nowMs + ttlMs }), { onlyIf });
  return written !== null;
}

export async function releaseLease(bucket: Bucket, holder: string): Promise<void> {
  const current = await bucket.get(LEASE_KEY);
  if (!current) return;
  const lease = (await current.json()) as { holder: string };
  if (lease.holder !== holder) return;
  await bucket.put(LEASE_KEY, JSON.stringify({ holder, until: 0 }), { onlyIf: { etagMatches: current.etag } });
}
