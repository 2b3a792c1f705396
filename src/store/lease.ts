import { z } from "zod";
import { type Bucket, parseDocument, swapObject, writeId } from "./bucket";
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

/** Long enough for one action on a file (a delete, a rejection, a failure recorded), short enough that one stopped midway holds ingestion off only briefly. */
const ACTION_LEASE_MS = 60_000;

/**
 * Runs an action on a file while holding the ingestion lease, so that no run reads the file
 * meanwhile; `busy` answers instead when a run holds it.
 */
export async function holdingLease<T>(bucket: Bucket, nowMs: number, action: () => Promise<T>, busy: () => T): Promise<T> {
  const holder = writeId();
  if (!(await acquireLease(bucket, holder, nowMs, ACTION_LEASE_MS))) return busy();
  try {
    return await action();
  } finally {
    await releaseLease(bucket, holder);
  }
}
