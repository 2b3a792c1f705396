import type { Bucket } from "./bucket";

/**
 * The bucket as one tenant sees it: every key it is given is read and written under `prefix`,
 * and every key it answers (a listing's objects and folders, a read object's key) has the prefix
 * taken off, so the store, the job and every handler work unchanged inside a tenant's folder.
 * Nothing outside the prefix can be named through it: a key is only ever appended to the prefix
 * (R2 keys are plain strings, `..` is no path step), and a listing's prefix and startAfter are
 * the prefix's too. The operations are those the service uses (head, get, put, delete, list); the
 * others (multipart uploads) are absent, and fail if called.
 */
export function prefixedBucket(real: Bucket, prefix: string): Bucket {
  if (!prefix.endsWith("/")) throw new Error(`a tenant's prefix ends with "/": ${prefix}`);
  const inside = (key: string) => `${prefix}${key}`;
  const outside = <T extends R2Object | null>(object: T): T => (object ? relative(object, prefix) : object);
  const bucket = {
    head: async (key: string) => outside(await real.head(inside(key))),
    get: async (key: string, options?: R2GetOptions) => outside(await real.get(inside(key), options)),
    put: async (key: string, value: Parameters<Bucket["put"]>[1], options?: R2PutOptions) => outside(await real.put(inside(key), value, options)),
    delete: (keys: string | string[]) => real.delete(typeof keys === "string" ? inside(keys) : keys.map(inside)),
    list: async (options: R2ListOptions = {}): Promise<R2Objects> => {
      const page = await real.list({
        ...options,
        prefix: inside(options.prefix ?? ""),
        ...(options.startAfter === undefined ? {} : { startAfter: inside(options.startAfter) }),
      });
      return {
        ...page,
        objects: page.objects.map((object) => relative(object, prefix)),
        delimitedPrefixes: page.delimitedPrefixes.map((folder) => folder.slice(prefix.length)),
      };
    },
  };
  return bucket as unknown as Bucket;
}

/** The object as R2 describes it, with its key relative to the prefix; its methods still work on the real object. */
function relative<T extends R2Object>(object: T, prefix: string): T {
  const key = object.key.slice(prefix.length);
  return new Proxy(object, {
    get: (target, property) => {
      if (property === "key") return key;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
