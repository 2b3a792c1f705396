import type { z } from "zod";
import { parseTagged } from "../model/tagged-json";
import { describeIssues } from "../model/zod-issues";

/** The R2 operations the store needs, narrowed so tests and the job see one small surface. */
export type Bucket = R2Bucket;

export class StoreError extends Error {
  override name = "StoreError";
}

/** A stored object that is not the document its key should hold: not JSON, or not of its schema. */
export class StoredDocumentError extends StoreError {
  override name = "StoredDocumentError";
  constructor(
    readonly key: string,
    /** What is wrong with it, for a person: "it is not JSON", or zod's issues. */
    readonly problem: string,
  ) {
    super(`stored object ${key} is not what it should be: ${problem}`);
  }
}

/** Reads a JSON document, or undefined when it does not exist (see parseDocument). */
export async function readJson<S extends z.ZodType>(bucket: Bucket, key: string, schema: S, tagged = false): Promise<z.infer<S> | undefined> {
  const object = await bucket.get(key);
  return object ? parseDocument(key, await object.text(), schema, tagged) : undefined;
}

/**
 * The document stored under `key`, checked against its schema, not rebuilt from it: a valid
 * one is returned as stored, so a field this release does not know survives a rewrite.
 * `tagged` reads bigints written by stringifyTagged.
 */
export function parseDocument<S extends z.ZodType>(key: string, text: string, schema: S, tagged = false): z.infer<S> {
  let value: unknown;
  try {
    value = tagged ? parseTagged(text) : JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new StoredDocumentError(key, "it is not JSON");
  }
  const checked = schema.safeParse(value);
  if (!checked.success) throw new StoredDocumentError(key, describeIssues(checked.error));
  return value as z.infer<S>;
}

/** Reads a JSON document that a committed manifest points at: its absence is corruption, not "empty". */
export async function readRequiredJson<S extends z.ZodType>(bucket: Bucket, key: string, schema: S): Promise<z.infer<S>> {
  const value = await readJson(bucket, key, schema);
  if (value === undefined) throw new StoreError(`stored object ${key} is missing`);
  return value;
}

export async function readText(bucket: Bucket, key: string): Promise<string> {
  const object = await bucket.get(key);
  if (!object) throw new StoreError(`stored object ${key} is missing`);
  return object.text();
}

export async function writeJson(bucket: Bucket, key: string, value: unknown): Promise<void> {
  await bucket.put(key, JSON.stringify(value), { httpMetadata: { contentType: "application/json" } });
}

/**
 * Writes `body` only if the object is still the version read (`etag`), or still absent when
 * `etag` is undefined: R2's conditional put, the compare-and-swap behind the manifest, the
 * lease and the run history. Null when another writer changed it first.
 */
export function swapObject(bucket: Bucket, key: string, etag: string | undefined, body: string, options: R2PutOptions = {}): Promise<R2Object | null> {
  const onlyIf: R2Conditional = etag === undefined ? { etagDoesNotMatch: "*" } : { etagMatches: etag };
  return bucket.put(key, body, { ...options, onlyIf });
}

/** A short random id that makes every object a writer creates unique to that writer. */
export function writeId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Every object under a prefix, across the listing's pages. */
export async function* listAll(bucket: Bucket, prefix: string): AsyncGenerator<R2Object> {
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor, limit: 1000 });
    yield* page.objects;
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
}
