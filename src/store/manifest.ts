import { type Bucket, StoreError } from "./bucket";
import { emptyLog, type LogState } from "./log";

/**
 * The root of all published state, and the only mutable object: every other object is
 * written once under a unique key and referenced from here. Publishing is one conditional
 * write of this object (compare-and-swap on its etag), so a file's effects appear whole or
 * not at all, and two writers can never both commit on the same base.
 */
export const MANIFEST_KEY = "state/manifest.json";

export interface Manifest {
  format: 1;
  generation: number;
  logs: { transactions: LogState; accounts: LogState; beneficiaries: LogState };
  /** Object keys of the current versions of the small state documents. */
  accounts?: string | undefined;
  files?: string | undefined;
  index?: string | undefined;
  beneficiaries?: string | undefined;
  /** Table of booking days, for transactions in booking order. */
  days?: string | undefined;
  /** The ledger of initiated payments. */
  payments?: string | undefined;
  /** Superseded objects, deleted once no reader can still hold a manifest that names them. */
  garbage: [string, number][];
}

export interface LoadedManifest {
  manifest: Manifest;
  /** Etag of the stored manifest, undefined when none exists yet. */
  etag: string | undefined;
}

export function emptyManifest(): Manifest {
  return {
    format: 1,
    generation: 0,
    logs: { transactions: emptyLog(), accounts: emptyLog(), beneficiaries: emptyLog() },
    garbage: [],
  };
}

export async function loadManifest(bucket: Bucket): Promise<LoadedManifest> {
  const object = await bucket.get(MANIFEST_KEY);
  if (!object) return { manifest: emptyManifest(), etag: undefined };
  const manifest = (await object.json()) as Manifest;
  if (manifest.format !== 1) throw new StoreError(`unknown manifest format ${String(manifest.format)}`);
  return { manifest, etag: object.etag };
}

export class CommitConflict extends Error {
  override name = "CommitConflict";
  constructor() {
    super("another writer committed first");
  }
}

const COMMIT_ATTEMPTS = 5;

/**
 * Runs a publication again, from a fresh manifest, when another writer committed first; a
 * few attempts, since writers are kept apart by the lease and only a stale one conflicts.
 */
export async function withCommitRetries<T>(publish: (attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await publish(attempt);
    } catch (error) {
      if (!(error instanceof CommitConflict) || attempt === COMMIT_ATTEMPTS) throw error;
    }
  }
}

/** Replaces the manifest if it is still the one `base` was loaded from. */
export async function commitManifest(bucket: Bucket, base: LoadedManifest, next: Manifest): Promise<LoadedManifest> {
  const body = JSON.stringify(next);
  const onlyIf: R2Conditional = base.etag === undefined ? { etagDoesNotMatch: "*" } : { etagMatches: base.etag };
  const written = await bucket.put(MANIFEST_KEY, body, { onlyIf, httpMetadata: { contentType: "application/json" } });
  if (!written) throw new CommitConflict();
  return { manifest: next, etag: written.etag };
}
