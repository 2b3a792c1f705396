import { parseTagged, stringifyTagged } from "../model/tagged-json";
import type { Bucket } from "../store/bucket";
import type { PublicationState } from "../store/publication";
import type { InboxFile } from "./inbox";
import type { ReaderState } from "./ingest-file";

/**
 * A large file's ingestion between two runs: which file (and which version of it), on which
 * manifest it will be published, and the state of its reading and of its publication.
 */
export interface Checkpoint {
  file: InboxFile;
  /** Etag of the manifest the publication builds on: if it moved, the work starts again. */
  baseEtag: string | undefined;
  step: number;
  reader: ReaderState;
  publication: PublicationState;
}

const CHECKPOINT_KEY = "state/checkpoint.json";

export async function loadCheckpoint(bucket: Bucket): Promise<Checkpoint | undefined> {
  const object = await bucket.get(CHECKPOINT_KEY);
  return object ? parseTagged<Checkpoint>(await object.text()) : undefined;
}

export async function saveCheckpoint(bucket: Bucket, checkpoint: Checkpoint): Promise<void> {
  await bucket.put(CHECKPOINT_KEY, stringifyTagged(checkpoint));
}

export async function clearCheckpoint(bucket: Bucket): Promise<void> {
  await bucket.delete(CHECKPOINT_KEY);
}
