import { z } from "zod";
import { type Bucket, parseDocument, swapObject } from "./bucket";
import { DOCUMENT_NAMES, type DocumentName } from "./documents";
import { MANIFEST_KEY } from "./layout";
import { emptyLog, LogStateSchema } from "./log";

/**
 * The root of all published state, and the only mutable object: every other object is
 * written once under a unique key and referenced from here. Publishing is one conditional
 * write of this object (compare-and-swap on its etag), so a file's effects appear whole or
 * not at all, and two writers can never both commit on the same base.
 */
/** Object keys of the current versions of the small state documents (see documents.ts). */
const documentKeys = Object.fromEntries(DOCUMENT_NAMES.map((name) => [name, z.string().optional()])) as {
  [K in DocumentName]: z.ZodOptional<z.ZodString>;
};

const ManifestSchema = z.object({
  format: z.literal(1),
  generation: z.number(),
  logs: z.object({ transactions: LogStateSchema, accounts: LogStateSchema, beneficiaries: LogStateSchema }),
  ...documentKeys,
  /** Superseded objects, deleted once no reader can still hold a manifest that names them. */
  garbage: z.array(z.tuple([z.string(), z.number()])),
});
export type Manifest = z.infer<typeof ManifestSchema>;

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
  return { manifest: parseDocument(MANIFEST_KEY, await object.text(), ManifestSchema), etag: object.etag };
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
  const written = await swapObject(bucket, MANIFEST_KEY, base.etag, JSON.stringify(next), { httpMetadata: { contentType: "application/json" } });
  if (!written) throw new CommitConflict();
  return { manifest: next, etag: written.etag };
}
