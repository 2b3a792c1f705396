import { z } from "zod";
import { type Bucket, parseDocument, swapObject } from "./bucket";
import { LEASE_KEY } from "./layout";

const LeaseSchema = z.object({ holder: z.string(), until: z.number() });
type Lease = z.infer<typeof LeaseSchema>;

/** The lease as stored, with the etag to swap it on; undefined when there is none. */
async function currentLease(bucket: Bucket): Promise<{ lease: Lease; etag: string } | undefined> {
  const object = await bucket.get(LEASE_KEY);
  return object ? { lease: parseDocument(LEASE_KEY, await object.text(), LeaseSchema), etag: object.etag } : undefined;
}

/**
 * One ingestion run at a time (cron ticks and manual runs overlap). The lease only saves
 * wasted work: correctness comes from the manifest's compare-and-swap, which fences out a
 * run whose lease expired while it was still working.
 */
export async function acquireLease(bucket: Bucket, holder: string, nowMs: number, ttlMs: number): Promise<boolean> {
  const current = await currentLease(bucket);
  if (current && current.lease.until > nowMs) return false;
  const written = await swapObject(bucket, LEASE_KEY, current?.etag, JSON.stringify({ holder, until: nowMs + ttlMs }));
  return written !== null;
}

export async function releaseLease(bucket: Bucket, holder: string): Promise<void> {
  const current = await currentLease(bucket);
  if (!current || current.lease.holder !== holder) return;
  await swapObject(bucket, LEASE_KEY, current.etag, JSON.stringify({ holder, until: 0 }));
}
