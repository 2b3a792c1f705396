import type { Bucket } from "./bucket";

/** The R2 operations a Worker's binding offers: each one is a call the platform counts. */
const OPERATIONS = new Set(["get", "head", "put", "delete", "list", "createMultipartUpload", "resumeMultipartUpload"]);

/** Counts the R2 calls made through a bucket. */
export interface R2Calls {
  bucket: Bucket;
  made(): number;
}

/**
 * The bucket with a count of the calls made through it. A Worker invocation may make a bounded
 * number of subrequests (1,000 on the Standard plan), and every R2 operation is one: the job
 * counts its own to stop before the platform stops it.
 */
export function countCalls(bucket: Bucket): R2Calls {
  let made = 0;
  const counted = new Proxy(bucket, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || !OPERATIONS.has(String(property))) return value;
      return (...args: unknown[]) => {
        made++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { bucket: counted, made: () => made };
}
