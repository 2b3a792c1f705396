import { z } from "zod";
import { FileRecordSchema } from "../model/file-record";
import { stringifyTagged } from "../model/tagged-json";
import { type Bucket, readJson } from "./bucket";
import { CHECKPOINT_KEY } from "./layout";
import { PublicationStateSchema } from "./publication";

/**
 * A large file's ingestion between two runs: which file (and which version of it), on which
 * manifest it will be published, and the state of its reading and of its publication. The
 * reader's state is ingestion's own (formats, trackers, decoder): the store checks the rest
 * and keeps it as it was saved.
 */
const CheckpointSchema = z.object({
  file: FileRecordSchema.pick({ key: true, source: true, name: true, size: true, etag: true, uploaded: true }),
  /** Etag of the manifest the publication builds on: if it moved, the work starts again. */
  baseEtag: z.string().optional(),
  step: z.number(),
  reader: z.looseObject({}),
  publication: PublicationStateSchema,
});
export type Checkpoint<Reader> = Omit<z.infer<typeof CheckpointSchema>, "reader"> & { reader: Reader };

/** Bigints (money in the reader's state) are written as tagged JSON. */
export async function loadCheckpoint<Reader>(bucket: Bucket): Promise<Checkpoint<Reader> | undefined> {
  return (await readJson(bucket, CHECKPOINT_KEY, CheckpointSchema, true)) as Checkpoint<Reader> | undefined;
}

export async function saveCheckpoint<Reader>(bucket: Bucket, checkpoint: Checkpoint<Reader>): Promise<void> {
  await bucket.put(CHECKPOINT_KEY, stringifyTagged(checkpoint));
}

export async function clearCheckpoint(bucket: Bucket): Promise<void> {
  await bucket.delete(CHECKPOINT_KEY);
}
