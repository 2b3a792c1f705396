/** The R2 operations the store needs, narrowed so tests and the job see one small surface. */
export type Bucket = R2Bucket;

export class StoreError extends Error {
  override name = "StoreError";
}

/** Reads a JSON object, or undefined when it does not exist. */
export async function readJson<T>(bucket: Bucket, key: string): Promise<T | undefined> {
  const object = await bucket.get(key);
  if (!object) return undefined;
  return (await object.json()) as T;
}

/** Reads a JSON object that a committed manifest points at: its absence is corruption, not "empty". */
export async function readRequiredJson<T>(bucket: Bucket, key: string): Promise<T> {
  const value = await readJson<T>(bucket, key);
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
